"""The validate_policy command-line entry point."""

from __future__ import annotations

import io
import json

from policybuilder.core import iam_catalog
from policybuilder.core.validator.cli import main

CLEAN = (
    '{"Version": "2012-10-17", '
    '"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'
)
BROKEN = CLEAN.replace("s3:GetObject", "s3:GetObjekt")


def run(argv, stdin_text=""):
    out = io.StringIO()
    status = main(argv, io.StringIO(stdin_text), out)
    return status, out.getvalue()


def test_clean_file_exits_zero_and_shows_the_catalogue_version(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(CLEAN)
    status, out = run([str(path)])
    assert status == 0
    assert iam_catalog.data_version() in out


def test_error_exits_one():
    status, out = run(["-"], BROKEN)
    assert status == 1
    assert "INVALID_ACTION" in out


def test_json_format_lists_findings_per_file():
    status, out = run(["-", "--format", "json", "--quota", "user"], BROKEN)
    [entry] = json.loads(out)
    assert entry["file"] == "-"
    assert entry["findings"][0]["code"] == "INVALID_ACTION"


def test_missing_file_is_a_clear_error_with_status_two(tmp_path):
    status, out = run([str(tmp_path / "nope.json")])
    assert status == 2
    assert "cannot read" in out and "Traceback" not in out


def test_bad_option_is_status_two():
    status, out = run(["--quota", "huge", "-"])
    assert status == 2


def test_a_file_with_a_byte_order_mark_is_read_without_it(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(b"\xef\xbb\xbf" + CLEAN.encode())
    status, out = run([str(path), "--format", "json"])
    assert (status, json.loads(out)[0]["findings"]) == (0, [])


def test_a_file_that_is_not_utf8_is_still_validated(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(CLEAN.replace("s3:GetObject", "s3:Get\xffObject").encode("latin-1"))
    status, out = run([str(path), "--format", "json"])
    assert status == 1 and json.loads(out)[0]["findings"]
