"""Layer 2: the JSON Schema grammar of identity-based policies."""

from __future__ import annotations

import json

import pytest

from policybuilder.core.validator import validate
from policybuilder.core.validator.grammar import compiled


def policy(**statement) -> str:
    body = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"} | statement
    body = {k: v for k, v in body.items() if v is not None}
    return json.dumps({"Version": "2012-10-17", "Statement": [body]})


def codes(text: str) -> list[str]:
    return [f.code for f in validate(text)]


def test_schema_file_is_valid_draft_2020_12():
    assert compiled().schema["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
            "MISSING_VERSION",
        ),
        ('{"Version": "2024-01-01", "Statement": []}', "INVALID_VERSION"),
        ('{"Version": "2012-10-17"}', "MISSING_STATEMENT"),
        (policy(Effect="allow"), "INVALID_EFFECT"),
        (policy(Effect=None), "MISSING_EFFECT"),
        (policy(Action=None), "MISSING_ACTION"),
        (policy(Resource=None), "MISSING_RESOURCE"),
        (policy(NotAction="s3:PutObject"), "UNSUPPORTED_ELEMENT_COMBINATION"),
        (policy(Sid="my-sid"), "UNSUPPORTED_SID"),
        (policy(Condition={"StringEqual": {"aws:username": "a"}}), "INVALID_CONDITION_OPERATOR"),
        (policy(Principal="*"), "UNSUPPORTED_PRINCIPAL"),
        ('{"Version": "2012-10-17", "Statement": [], "Extra": 1}', "INVALID_POLICY_ELEMENT"),
    ],
)
def test_grammar_errors_map_to_access_analyzer_codes(text, code):
    assert code in codes(text)


def test_clean_statement_passes_the_grammar():
    assert codes(policy()) == []


def test_statement_may_be_a_single_object():
    text = (
        '{"Version": "2012-10-17", '
        '"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}'
    )
    assert codes(text) == []


@pytest.mark.parametrize(
    "operator",
    ["StringEqualsIfExists", "ForAllValues:StringLike", "ForAnyValue:StringEqualsIgnoreCase"],
)
def test_qualified_and_ifexists_operators_are_accepted(operator):
    text = policy(Condition={operator: {"aws:PrincipalTag/team": "a"}})
    assert "INVALID_CONDITION_OPERATOR" not in codes(text)


def test_invalid_effect_fix_corrects_the_capitalisation():
    finding = next(f for f in validate(policy(Effect="allow")) if f.code == "INVALID_EFFECT")
    assert json.loads(finding.fix.document)["Statement"][0]["Effect"] == "Allow"
    assert finding.path == "$.Statement[0].Effect"


def test_principal_fix_removes_it():
    finding = next(f for f in validate(policy(Principal="*")) if f.code == "UNSUPPORTED_PRINCIPAL")
    assert "Principal" not in json.loads(finding.fix.document)["Statement"][0]


def test_operator_with_wrong_case_gets_a_fix():
    text = policy(Condition={"stringequals": {"aws:username": "a"}})
    finding = next(f for f in validate(text) if f.code == "INVALID_CONDITION_OPERATOR")
    assert finding.path == "$.Statement[0].Condition.stringequals"
    assert "StringEquals" in json.loads(finding.fix.document)["Statement"][0]["Condition"]
