"""Layer 1: strict JSON, plain explanations, repairs and positions."""

from __future__ import annotations

import json

import pytest

from policybuilder.core.validator import validate

GOOD = (
    '{"Version": "2012-10-17", '
    '"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'
)


def first(text: str, code: str = "JSON_SYNTAX_ERROR"):
    return next(f for f in validate(text) if f.code == code)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"Version": "2012-10-17", "Statement": [],}', "Trailing comma"),
        ('{"Version": "2012-10-17" "Statement": []}', "Missing comma"),
        ('{Version: "2012-10-17", "Statement": []}', "Unquoted key"),
        ('{\u201cVersion\u201d: "2012-10-17", "Statement": []}', "Typographic quote"),
        ("{'Version': '2012-10-17', 'Statement': []}", "Single quotes"),
        ('{"Version": "2012-10-17", // a comment\n "Statement": []}', "comments"),
        ('{"Version": "2012-10-17", "Statement": [', "missing at the end"),
    ],
)
def test_syntax_errors_get_a_plain_explanation_and_a_repaired_document(text, words):
    finding = first(text)
    assert words in finding.message
    assert json.loads(finding.fix.document)["Version"] == "2012-10-17"


def test_valid_policy_has_no_syntax_finding():
    assert not [f for f in validate(GOOD) if f.code == "JSON_SYNTAX_ERROR"]


def test_syntax_error_position_is_line_and_column_of_the_submitted_text():
    finding = first('{\n  "Version": "2012-10-17",\n  "Statement": [],\n}')
    assert (finding.line, finding.column) == (3, 18)


def test_unrepairable_text_reports_one_error_without_fix():
    [finding] = validate('{"Version": "2012-10-17", "Statement": [}}')
    assert finding.code == "JSON_SYNTAX_ERROR"
    assert finding.fix is None


def test_empty_text_is_explained():
    [finding] = validate("")
    assert "empty" in finding.message


def test_bare_statement_is_wrapped():
    finding = first(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}',
        "PB_MISSING_POLICY_WRAPPER",
    )
    assert json.loads(finding.fix.document)["Statement"][0]["Effect"] == "Allow"


def test_list_of_statements_is_wrapped():
    finding = first(
        '[{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]',
        "PB_MISSING_POLICY_WRAPPER",
    )
    assert "list of statements" in finding.message


def test_findings_after_a_repair_are_marked_and_located_in_the_original_text():
    text = (
        '{"Version": "2012-10-17", '
        '"Statement": [{"Effect": "Allow",\n"Action": ["s3:GetObjekt",], "Resource": "*"}]}'
    )
    invalid = first(text, "INVALID_ACTION")
    assert "found after repairing" in invalid.message
    assert (invalid.line, invalid.column) == (2, 12)


def test_duplicate_keys_are_reported_with_their_path():
    text = (
        '{"Version": "2012-10-17", '
        '"Statement": [{"Effect": "Allow", "Effect": "Deny", '
        '"Action": "s3:GetObject", "Resource": "*"}]}'
    )
    finding = first(text, "PB_DUPLICATE_KEY")
    assert finding.path == "$.Statement[0].Effect"
    assert finding.column == 61


def test_deeply_nested_text_is_reported_not_raised():
    assert validate("[" * 100000)[0].code in ("PB_TOO_DEEPLY_NESTED", "JSON_SYNTAX_ERROR")
