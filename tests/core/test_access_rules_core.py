"""core.access_rules: what a team rule forbids, and how its input is checked.

A rule's resource pattern means "on any resource it matches" (the module's docstring says
why): ``iam:PassRole`` on ``*`` is broken by a policy that passes one named role too.
"""

from __future__ import annotations

import pytest

from policybuilder.core import access_rules
from policybuilder.core.access_rules import Rule, first_violation, rule_errors, violation
from policybuilder.core.semantics import compare

CONNECT_ROLE = "arn:aws:iam::111122223333:role/ConnectRole"
NO_PASSROLE = Rule("No PassRole", ("iam:PassRole",), ("*",))
NO_ADMIN_PASSROLE = Rule("No admin PassRole", ("iam:PassRole",), ("arn:aws:iam::*:role/Admin*",))


def policy(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def test_passrole_on_star_is_broken_by_a_policy_that_passes_any_role():
    found = violation(policy(allow("iam:PassRole")), NO_PASSROLE)
    assert found is not None and found.witness.action == "iam:PassRole"


def test_passrole_on_star_is_broken_by_a_policy_that_passes_one_named_role():
    found = violation(policy(allow("iam:PassRole", CONNECT_ROLE)), NO_PASSROLE)
    assert found.witness.resource == CONNECT_ROLE


def test_a_rule_on_admin_roles_lets_a_policy_that_passes_another_role_through():
    assert violation(policy(allow("iam:PassRole", CONNECT_ROLE)), NO_ADMIN_PASSROLE) is None


def test_a_rule_on_admin_roles_is_broken_by_a_policy_that_passes_any_role():
    found = violation(policy(allow("iam:PassRole")), NO_ADMIN_PASSROLE)
    assert found.witness.resource.startswith("arn:aws:iam::")
    assert ":role/Admin" in found.witness.resource


def test_a_wildcard_action_in_the_policy_breaks_a_rule_on_one_action():
    rule = Rule("No instance deletion", ("connect:DeleteInstance",))
    found = violation(policy(allow("connect:Delete*")), rule)
    assert found.witness.action.lower() == "connect:deleteinstance"


def test_a_deny_that_covers_the_forbidden_access_keeps_the_rule():
    denied = {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}
    assert violation(policy(allow("iam:*"), denied), NO_PASSROLE) is None


def test_a_policy_that_does_not_grant_the_action_breaks_no_rule():
    assert first_violation(policy(allow("connect:ListUsers")), [NO_PASSROLE]) is None


def test_the_first_broken_rule_in_order_is_named():
    rules = [Rule("Lists", ("connect:ListUsers",)), NO_PASSROLE]
    found = first_violation(policy(allow(["iam:PassRole", "connect:ListUsers"])), rules)
    assert found.rule.name == "Lists"


def test_the_message_names_the_witness_and_the_rule():
    found = violation(policy(allow("iam:PassRole", CONNECT_ROLE)), NO_PASSROLE)
    assert found.message == (
        f"This policy grants iam:PassRole on {CONNECT_ROLE}, "
        "which the team's rule 'No PassRole' forbids."
    )


def test_a_conditioned_grant_names_the_context_of_the_witness():
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    found = violation(policy(allow("iam:PassRole", Condition=mfa)), NO_PASSROLE)
    assert "aws:MultiFactorAuthPresent=true" in found.message


def test_when_the_check_cannot_decide_the_policy_is_refused_all_the_same(monkeypatch):
    def undecided(*args, **kwargs):
        raise compare.GrantUndecided("solver time-out")

    monkeypatch.setattr(compare, "find_grant", undecided)
    found = violation(policy(allow("iam:PassRole")), NO_PASSROLE)
    assert (found.witness, found.undecided) == (None, "solver time-out")
    assert "could not decide (solver time-out)" in found.message


# Rule input ---------------------------------------------------------------------------------


def test_a_valid_rule_has_no_errors():
    assert rule_errors(name="No PassRole", actions=["iam:PassRole"], resources=["*"]) == {}


def test_action_patterns_may_use_wildcards_that_match_actions():
    assert rule_errors(name="x", actions=["connect:Delete*", "iam:Pass?ole"], resources=["*"]) == {}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("PassRole", "write service:Action"),
        ("iam:", "write service:Action"),
        ("iam:Pass Role", "write service:Action"),
        ("*:PassRole", "write service:Action"),
        ("nosuch:PassRole", "the catalogue has no service 'nosuch'"),
        ("iam:PassRol", "has no action named 'PassRol'"),
        ("iam:Zzz*", "has no action matching 'Zzz*'"),
    ],
)
def test_a_bad_action_pattern_is_an_error_of_the_actions_field(pattern, expected):
    errors = rule_errors(name="x", actions=[pattern], resources=["*"])
    assert expected in errors["actions"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("arn:aws:iam::*:role/ x", "has no spaces"),
        ("role/Admin", "write * or an ARN"),
        ("arn:aws:iam:role/Admin", "an ARN has six parts"),
    ],
)
def test_a_bad_resource_pattern_is_an_error_of_the_resources_field(pattern, expected):
    errors = rule_errors(name="x", actions=["iam:PassRole"], resources=[pattern])
    assert expected in errors["resources"]


def test_a_rule_needs_an_action_and_a_resource_pattern():
    errors = rule_errors(name="x", actions=[], resources=[])
    assert set(errors) == {"actions", "resources"}


def test_a_rule_needs_a_name():
    assert "name" in rule_errors(name=" ", actions=["iam:PassRole"], resources=["*"])


def test_patterns_split_on_lines_and_commas_without_blanks_or_repeats():
    text = "iam:PassRole\n\n connect:DeleteInstance , iam:PassRole\r\n"
    assert access_rules.split_patterns(text) == ["iam:PassRole", "connect:DeleteInstance"]
