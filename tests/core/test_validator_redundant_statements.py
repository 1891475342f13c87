"""REDUNDANT_STATEMENT: a statement that another one with the same effect and condition covers."""

from __future__ import annotations

import json

from policybuilder.core.validator import validate

BUCKET = "arn:aws:s3:::examplebucket/*"


def statement(**fields) -> dict:
    return {"Effect": "Allow", "Action": "s3:GetObject", "Resource": BUCKET} | fields


def redundant(*statements: dict) -> list[str]:
    text = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    return [f.path for f in validate(text) if f.code == "REDUNDANT_STATEMENT"]


def test_of_two_identical_statements_the_later_one_is_redundant():
    assert redundant(statement(Sid="A"), statement(Sid="B")) == ["$.Statement[1]"]


def test_a_statement_covered_by_a_wildcard_statement_is_redundant_wherever_it_stands():
    assert redundant(statement(), statement(Action="s3:Get*", Resource="*")) == ["$.Statement[0]"]


def test_a_deny_does_not_make_an_allow_redundant():
    assert redundant(statement(), statement(Effect="Deny", Action="s3:*")) == []


def test_a_statement_with_another_condition_is_not_redundant():
    narrowed = statement(Condition={"Bool": {"aws:SecureTransport": "true"}})
    assert redundant(statement(Action="s3:*"), narrowed) == []


def test_a_statement_with_a_resource_the_other_lacks_is_not_redundant():
    assert (
        redundant(statement(Action="s3:*"), statement(Resource=[BUCKET, "arn:aws:s3:::b/*"])) == []
    )


def test_the_fix_removes_the_redundant_statement():
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement(), statement()]})
    finding = next(f for f in validate(text) if f.code == "REDUNDANT_STATEMENT")
    assert len(json.loads(finding.fix.document)["Statement"]) == 1
