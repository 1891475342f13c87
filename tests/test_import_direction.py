"""Imports run one way: core <- web <- teams <- the apps on top (combine, api, sso, mfa).

Read from the source (an AST walk, every import in a module, in functions too), so a new
import that runs back up the stack fails here the day it is written. ARCHITECTURE.md says why.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "policybuilder"

#: Layer -> what none of its modules may import.
FORBIDDEN = {
    "core": (
        "django",
        "ninja",
        "policybuilder.web",
        "policybuilder.teams",
        "policybuilder.api",
        "policybuilder.combine",
        "policybuilder.sso",
        "policybuilder.mfa",
    ),
    "web": ("policybuilder.teams", "policybuilder.api", "policybuilder.combine"),
    "teams": ("policybuilder.api", "policybuilder.combine"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module the file imports, relative imports resolved."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(layer: str) -> list[str]:
    out = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in sorted(imports_of(path)):
            if any(_is_under(name, banned) for banned in FORBIDDEN[layer]):
                out.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return out


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_module_imports_from_a_layer_above_its_own(layer):
    assert (PACKAGE / layer / "__init__.py").is_file()
    assert violations(layer) == []


def test_the_walk_sees_absolute_imports():
    names = imports_of(PACKAGE / "web" / "views.py")
    assert "django.shortcuts.render" in names and "policybuilder.core.exports" in names


def test_the_walk_resolves_relative_imports():
    names = imports_of(PACKAGE / "core" / "semantics" / "cli.py")
    assert "policybuilder.core.semantics.evaluate.evaluate" in names
