"""``python -m policybuilder.core.validator``: validate_policy without Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policybuilder.core.validator", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_a_clean_policy_exits_0_with_no_findings():
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    done = run("-", "--format", "json", stdin=json.dumps(policy))
    assert (done.returncode, json.loads(done.stdout)[0]["findings"]) == (0, [])


def test_an_error_exits_1():
    done = run("-", stdin='{"Version": "2012-10-17", "Statement": [{"Effect": "Permit"}]}')
    assert done.returncode == 1


def test_the_module_command_does_not_import_django():
    code = (
        "import sys, runpy; sys.argv = ['x', '-']; sys.stdin = __import__('io').StringIO('{}');"
        "\ntry:\n    runpy.run_module('policybuilder.core.validator', run_name='__main__')"
        "\nexcept SystemExit:\n    pass\nprint('django' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "False"
