"""Production installs only what production runs: requirements.txt is the runtime set (and the
same as pyproject's [project] dependencies), requirements-dev.txt adds the tools, all pinned."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The packages that only tests, checks and benchmarks use, and the modules they provide.
DEV_TOOLS = {
    "pytest": "pytest",
    "pytest-django": "pytest_django",
    "pytest-playwright": "pytest_playwright",
    "playwright": "playwright",
    "hypothesis": "hypothesis",
    "ruff": "ruff",
    "schemathesis": "schemathesis",
    "python-hcl2": "hcl2",
}


def requirement_lines(name: str) -> list[str]:
    lines = (ROOT / name).read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def project_name(requirement: str) -> str:
    return re.split(r"[\[=<>!~ ]", requirement, maxsplit=1)[0].lower()


def test_every_runtime_requirement_is_pinned_to_one_version():
    unpinned = [line for line in requirement_lines("requirements.txt") if "==" not in line]
    assert unpinned == []


def test_every_development_requirement_is_pinned_or_includes_the_runtime_file():
    lines = requirement_lines("requirements-dev.txt")
    assert lines[0] == "-r requirements.txt"
    assert [line for line in lines[1:] if "==" not in line] == []


def test_no_test_or_lint_tool_is_a_runtime_requirement():
    runtime = {project_name(line) for line in requirement_lines("requirements.txt")}
    assert runtime & set(DEV_TOOLS) == set()


def test_every_test_and_lint_tool_is_a_development_requirement():
    dev = {project_name(line) for line in requirement_lines("requirements-dev.txt")[1:]}
    assert set(DEV_TOOLS) <= dev


def test_the_policy_solver_is_a_runtime_requirement():
    assert "z3-solver==5.4.1.0" in requirement_lines("requirements.txt")


def test_pyproject_dependencies_are_the_runtime_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["dependencies"] == requirement_lines("requirements.txt")


def test_pyproject_dev_extra_is_the_development_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["optional-dependencies"]["dev"] == requirement_lines("requirements-dev.txt")[1:]


def test_the_application_imports_no_development_tool():
    tool_modules = set(DEV_TOOLS.values())
    offenders = []
    for path in (ROOT / "policybuilder").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [
                f"{path.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in tool_modules
            ]
    assert offenders == []
