"""Action classes for the comparison, and z3 kept out of imports that do not compare."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from policybuilder.core.semantics.action_space import action_classes
from policybuilder.core.semantics.compare import _action_test, compare
from policybuilder.core.semantics.model import load_policy

REPO = Path(__file__).resolve().parents[2]


def classes_of(*statements):
    policy = load_policy({"Version": "2012-10-17", "Statement": list(statements)})
    return action_classes(policy.statements, _action_test)


def test_two_actions_in_the_same_statements_form_one_class():
    found = classes_of(
        {
            "Effect": "Allow",
            "Action": ["connect:DescribeUser", "connect:ListUsers"],
            "Resource": "*",
        }
    )
    matched = [c for c in found if any(c.signature)]
    assert len(matched) == 1
    assert set(matched[0].members) == {"connect:DescribeUser", "connect:ListUsers"}


def test_an_action_the_policy_names_represents_its_class():
    found = classes_of({"Effect": "Allow", "Action": "connect:ListUsers", "Resource": "*"})
    (matched,) = [c for c in found if any(c.signature)]
    assert matched.representative == "connect:ListUsers"


def test_the_services_no_pattern_names_share_one_class_reached_by_star():
    found = classes_of({"Effect": "Allow", "Action": "*", "Resource": "*"})
    unnamed = [c for c in found if c.stands_for_unnamed]
    assert len(unnamed) == 1
    assert unnamed[0].signature == (True,)
    assert not unnamed[0].representative.startswith("connect:")


def test_not_action_reaches_the_services_it_does_not_name():
    found = classes_of({"Effect": "Allow", "NotAction": "connect:*", "Resource": "*"})
    unnamed = next(c for c in found if c.stands_for_unnamed)
    assert unnamed.signature == (True,)
    connect = [c for c in found if c.members and c.members[0].startswith("connect:")]
    assert connect and all(c.signature == (False,) for c in connect)


def test_a_wildcard_in_the_service_part_is_expanded_over_the_catalogue():
    found = classes_of({"Effect": "Allow", "Action": "connect-camp*:Describe*", "Resource": "*"})
    (matched,) = [c for c in found if any(c.signature)]
    assert all(m.startswith("connect-campaigns") for m in matched.members)
    assert all(":Describe" in m for m in matched.members)


def test_a_service_wildcard_difference_is_found_on_the_service_it_adds():
    old = {"Version": "2012-10-17", "Statement": [allow("connect:*")]}
    new = {"Version": "2012-10-17", "Statement": [allow("connect*:*")]}
    result = compare(old, new)
    assert result.verdict == "broader"
    assert result.broader_witness.action.lower().startswith("connect")
    assert not result.broader_witness.action.lower().startswith("connect:")


def allow(action):
    return {"Effect": "Allow", "Action": action, "Resource": "*"}


def test_importing_the_comparison_does_not_import_z3():
    code = (
        "import sys; import policybuilder.core.semantics.compare, policybuilder.core; "
        "print('z3' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
