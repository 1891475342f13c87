"""Least-privilege advice: our own SUGGESTIONs, opt-in through validate(..., advice=True)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from policybuilder.core.scenarios import get, render
from policybuilder.core.validator import Severity, apply_fix, validate
from policybuilder.core.validator import advice as advice_module
from policybuilder.core.validator.findings import severity_of

STAR = "PB_STAR_RESOURCE_NARROWABLE"
EXPANSION = "PB_WILDCARD_ACTION_EXPANSION"
WRITE = "PB_UNCONDITIONED_WRITE"


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=4)


def allow(actions: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resource, **extra}


def advice(text: str, code: str) -> list[Any]:
    return [f for f in validate(text, advice=True) if f.code == code]


@pytest.mark.parametrize("code", [STAR, EXPANSION, WRITE])
def test_advice_codes_are_suggestions(code: str) -> None:
    assert severity_of(code) is Severity.SUGGESTION


def test_advice_is_off_unless_asked_for() -> None:
    text = policy(allow(["connect:UpdateUser*"]))
    assert not [f for f in validate(text) if f.code.startswith("PB_")]


# --- PB_STAR_RESOURCE_NARROWABLE --------------------------------------------------------------


def test_star_resource_for_an_action_with_a_resource_type_is_advised() -> None:
    [found] = advice(policy(allow(["connect:DescribeUser"])), STAR)
    assert found.path == "$.Statement[0].Resource"


def test_star_resource_advice_names_the_resource_type_and_its_arn_format() -> None:
    [found] = advice(policy(allow(["connect:DescribeUser"])), STAR)
    assert "user: arn:${Partition}:connect:${Region}:${Account}:instance/${InstanceId}" in (
        found.message
    )


def test_actions_without_a_resource_type_get_no_narrowing_advice() -> None:
    assert advice(policy(allow(["connect:ListInstances", "wisdom:ListAssistants"])), STAR) == []


def test_specific_resources_get_no_narrowing_advice() -> None:
    arn = "arn:aws:connect:us-east-1:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
    assert advice(policy(allow(["connect:ListUsers"], [arn])), STAR) == []


def test_deny_statements_get_no_advice() -> None:
    text = policy({"Effect": "Deny", "Action": "connect:DeleteUser", "Resource": "*"})
    assert [f for f in validate(text, advice=True) if f.code.startswith("PB_")] == []


# --- PB_WILDCARD_ACTION_EXPANSION -------------------------------------------------------------


def test_user_update_wildcard_shows_its_nine_actions() -> None:
    [found] = advice(policy(allow(["connect:UpdateUser*"])), EXPANSION)
    assert "connect:UpdateUser* matches 9 actions today" in found.message
    assert "connect:UpdateUserHierarchyStructure" in found.message


def test_expansion_fix_replaces_the_wildcard_with_the_actions_it_matches() -> None:
    [found] = advice(policy(allow(["connect:DescribeUser", "connect:UpdateUser*"])), EXPANSION)
    actions = json.loads(found.fix.document)["Statement"][0]["Action"]
    assert actions[0] == "connect:DescribeUser"
    assert len(actions) == 10
    assert "connect:UpdateUser*" not in actions


def test_expansion_fix_does_not_repeat_an_action_already_listed() -> None:
    text = policy(allow(["connect:UpdateUserPhoneConfig", "connect:UpdateUser*"]))
    [found] = advice(text, EXPANSION)
    actions = json.loads(found.fix.document)["Statement"][0]["Action"]
    assert actions.count("connect:UpdateUserPhoneConfig") == 1


def test_expansion_fix_can_be_applied_by_index_like_the_other_fixes() -> None:
    text = policy(allow("connect:UpdateUser*", Condition={"Bool": {"aws:SecureTransport": "true"}}))
    index = next(i for i, f in enumerate(validate(text, advice=True)) if f.code == EXPANSION)
    fixed = apply_fix(text, index, advice=True)
    assert len(json.loads(fixed)["Statement"][0]["Action"]) == 9


def test_a_very_wide_wildcard_is_shown_but_not_offered_as_a_fix() -> None:
    [found] = advice(policy(allow(["connect:*"])), EXPANSION)
    assert found.fix is None
    assert "more" in found.message


def test_an_exact_action_gets_no_expansion_advice() -> None:
    assert advice(policy(allow(["connect:DescribeUser"])), EXPANSION) == []


# --- PB_UNCONDITIONED_WRITE -------------------------------------------------------------------


def test_write_action_without_condition_is_advised() -> None:
    [found] = advice(policy(allow(["wisdom:DeleteAssistant", "wisdom:GetAssistant"])), WRITE)
    assert "wisdom:DeleteAssistant" in found.message
    assert "wisdom:GetAssistant" not in found.message


def test_permissions_management_action_without_condition_is_advised() -> None:
    [found] = advice(policy(allow(["iam:PutRolePolicy"])), WRITE)
    assert "iam:PutRolePolicy" in found.message


def test_any_condition_silences_the_unconditioned_write_advice() -> None:
    condition = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    assert advice(policy(allow(["wisdom:DeleteAssistant"], Condition=condition)), WRITE) == []


def test_read_only_actions_without_condition_are_not_advised() -> None:
    assert advice(policy(allow(["wisdom:GetAssistant", "wisdom:ListAssistants"])), WRITE) == []


def test_action_star_without_condition_is_advised() -> None:
    [found] = advice(policy(allow("*")), WRITE)
    assert 'Action "*"' in found.message


# --- As data for the builder ------------------------------------------------------------------


def test_advise_returns_the_statement_and_actions_each_suggestion_concerns() -> None:
    document = json.loads(policy(allow(["connect:ListInstances"]), allow(["iam:PutRolePolicy"])))
    found = advice_module.advise(document)
    assert [(a.code, a.statement, a.actions) for a in found] == [
        (STAR, 1, ("iam:PutRolePolicy",)),
        (WRITE, 1, ("iam:PutRolePolicy",)),
    ]


def test_guardrails_silence_the_advice_they_address() -> None:
    scenario = get("app-integrations-full")
    plain = render(scenario, {}).document
    guarded = render(scenario, {"guard_mfa": True}).document
    assert WRITE in {a.code for a in advice_module.advise(plain)}
    assert WRITE not in {a.code for a in advice_module.advise(guarded)}


def test_advice_never_raises_on_a_broken_document() -> None:
    assert advice_module.advise({"Statement": [{"Effect": "Allow", "Action": 3}, "x"]}) == []
