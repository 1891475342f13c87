"""``manage.py validate_policy``: the core CLI behind Django's command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "fixtures" / "validator" / "source"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "validate_policy", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_broken_source_example_exits_1_with_its_findings_as_json(tmp_path):
    files = sorted(SOURCE.glob("*"))
    result = run("--format", "json", str(files[0]))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report[0]["file"] == str(files[0])
    assert any(f["severity"] == "ERROR" for f in report[0]["findings"])


def test_a_clean_policy_from_stdin_exits_0():
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "wisdom:ListAssistants", "Resource": "*"}],
    }
    result = run("-", stdin=json.dumps(policy))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_file_exits_2_without_a_traceback(tmp_path):
    result = run(str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout


def test_advice_flag_adds_least_privilege_suggestions():
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "connect:UpdateUser*", "Resource": "*"}],
    }
    plain = json.loads(run("--format", "json", "-", stdin=json.dumps(policy)).stdout)
    advised = json.loads(run("--format", "json", "--advice", "-", stdin=json.dumps(policy)).stdout)
    codes = {f["code"] for f in advised[0]["findings"]}
    assert "PB_WILDCARD_ACTION_EXPANSION" in codes
    assert not any(f["code"].startswith("PB_WILDCARD") for f in plain[0]["findings"])
