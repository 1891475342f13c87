"""Deny statements in the scenario engine, the guardrails and combined policies.

A scenario is data, so these tests build small scenarios of their own: one
Allow statement and one Deny statement on the same action.
"""

from __future__ import annotations

from typing import Any

import pytest

from policybuilder.core import combine, guardrails
from policybuilder.core.document import Statement
from policybuilder.core.scenarios import fields
from policybuilder.core.scenarios.engine import DENY, Cond, Scenario, StatementSpec, render

UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"

ALLOW_AND_DENY = Scenario(
    slug="test-allow-and-deny",
    title="Allow creating users, deny it in one instance",
    area="Tests",
    summary="An Allow and a Deny of the same action.",
    source_section="(test)",
    explanation=("Test only.",),
    corrections=("None.",),
    params=(fields.instance(), fields.partition(), fields.region(), fields.account()),
    statements=(
        StatementSpec(sid="AllowCreateUser", actions=("connect:CreateUser",)),
        StatementSpec(
            sid="DenyCreateUserInInstance",
            actions=("connect:CreateUser",),
            resources=("{instance_arn}/*",),
            effect=DENY,
        ),
        StatementSpec(
            sid="DenyEveryConnectActionByInstanceId",
            actions=("connect:DeleteUser",),
            conditions=(Cond("StringEquals", "connect:InstanceId", "{instance_id}"),),
            effect=DENY,
        ),
    ),
)


def rendered(**overrides: Any) -> dict[str, dict[str, Any]]:
    rendering = render(ALLOW_AND_DENY, ALLOW_AND_DENY.example_values() | overrides)
    assert rendering.ok, rendering.errors
    return {s["Sid"]: s for s in rendering.document["Statement"]}


def test_a_deny_statement_of_a_scenario_renders_with_effect_deny():
    assert rendered()["DenyCreateUserInInstance"]["Effect"] == "Deny"


def test_an_allow_statement_next_to_a_deny_keeps_effect_allow():
    assert rendered()["AllowCreateUser"]["Effect"] == "Allow"


def test_a_statement_spec_refuses_an_effect_other_than_allow_or_deny():
    with pytest.raises(ValueError, match="Allow or Deny"):
        StatementSpec(sid="X", actions=("connect:CreateUser",), effect="Permit")


def test_the_actions_help_warns_that_unchecking_a_denied_action_stops_refusing_it():
    assert "stops refusing it" in ALLOW_AND_DENY.actions_param.help


def test_a_scenario_without_deny_keeps_the_plain_actions_help():
    assert "refusing" not in combine.scenarios.get("view-users").actions_param.help


def test_unchecking_the_denied_action_drops_the_deny_statement():
    sids = rendered(actions=["connect:CreateUser"])
    assert "DenyEveryConnectActionByInstanceId" not in sids


@pytest.mark.parametrize(
    "guard",
    [
        {"guard_mfa": True},
        {"guard_tls": True},
        {"guard_regions": ["us-east-1"]},
        {"guard_instance": True},
    ],
    ids=lambda g: next(iter(g)),
)
def test_no_guardrail_changes_a_deny_statement(guard):
    plain = rendered()
    guarded = rendered(**guard)
    for sid in ("DenyCreateUserInInstance", "DenyEveryConnectActionByInstanceId"):
        assert guarded[sid] == plain[sid]


def test_require_mfa_still_conditions_the_allow_statement_next_to_a_deny():
    allow = rendered(guard_mfa=True)["AllowCreateUser"]
    assert allow["Condition"]["Bool"] == {"aws:MultiFactorAuthPresent": "true"}


def test_a_region_guardrail_still_conditions_the_allow_statement_next_to_a_deny():
    allow = rendered(guard_regions=["eu-west-2"])["AllowCreateUser"]
    assert allow["Condition"]["StringEquals"] == {"aws:RequestedRegion": "eu-west-2"}


def test_the_preview_says_the_guardrails_left_the_deny_statements_alone():
    rendering = render(ALLOW_AND_DENY, ALLOW_AND_DENY.example_values() | {"guard_tls": True})
    note = next(n for n in rendering.notes if "Deny" in n)
    assert "DenyCreateUserInInstance" in note and "DenyEveryConnectActionByInstanceId" in note


def test_with_every_guardrail_off_there_is_no_note_about_deny_statements():
    rendering = render(ALLOW_AND_DENY, ALLOW_AND_DENY.example_values())
    assert rendering.notes == ()


def test_guardrails_apply_leaves_a_deny_with_star_resource_unnarrowed():
    deny = Statement(effect="Deny", actions=("connect:DeleteUser",), sid="NoDelete")
    options = guardrails.Options(instance=True, regions=("us-east-1",), mfa=True)
    arn = f"arn:aws:connect:us-east-1:111122223333:instance/{UUID}"
    guarded = guardrails.apply([deny], options, instance_arn=arn, partition="aws")
    assert guarded.statements == (deny,)


# --- Combined policies ------------------------------------------------------------------------


def combined_with_deny() -> combine.Combined:
    deny_part = combine.scenarios.get("create-users-deny-security-profile")
    return combine.combine(
        [
            combine.Part("view-users", {}),
            combine.Part(deny_part.slug, deny_part.example_values()),
        ]
    )


def test_combine_keeps_the_deny_statement_of_a_part():
    result = combined_with_deny()
    assert result.ok, result.errors
    assert any(s["Effect"] == "Deny" for s in result.document["Statement"])


def test_combine_notes_that_a_deny_applies_to_the_whole_combined_policy():
    result = combined_with_deny()
    assert len(result.notes) == 1
    assert "Part 2" in result.notes[0] and "whole combined policy" in result.notes[0]


def test_combine_without_a_deny_has_no_note():
    assert combine.combine([combine.Part("view-users", {})]).notes == []


def test_combine_never_merges_an_allow_with_a_deny_of_the_same_actions():
    allow = {"Effect": "Allow", "Action": "connect:CreateUser", "Resource": "*"}
    deny = {"Effect": "Deny", "Action": "connect:CreateUser", "Resource": "*"}
    assert combine._key(allow) != combine._key(deny)  # noqa: SLF001 - the dedup key itself
