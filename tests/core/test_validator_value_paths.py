"""The paths of findings on single values: the checks make a value's tokens only when they
report it (StatementView.indexed / path), from its index in the element's own list."""

from __future__ import annotations

import json

from policybuilder.core.validator import validate
from policybuilder.core.validator.context import StatementView


def findings(statement: dict) -> list[tuple[str, str]]:
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    return sorted((f.code, f.path) for f in validate(text))


def test_a_value_after_a_non_string_keeps_its_index_in_the_list():
    found = findings(
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject", 5, "s3:GetObjekt", "s3:GetObject"],
            "Resource": ["arn:aws:s3:::bucket/*", None, "arn:aws:s3:::bucket/*", "*"],
        }
    )
    assert ("INVALID_ACTION", "$.Statement[0].Action[2]") in found
    assert ("REDUNDANT_ACTION", "$.Statement[0].Action[3]") in found
    assert ("REDUNDANT_RESOURCE", "$.Statement[0].Resource[2]") in found


def test_a_single_string_is_reported_at_its_element():
    found = findings({"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"})
    assert ("INVALID_ACTION", "$.Statement[0].Action") in found


def test_pass_role_on_every_resource_is_reported_at_the_first_value_that_names_it():
    found = findings(
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject", "iam:PassRole", "iam:Pass*"],
            "Resource": "*",
        }
    )
    assert ("PASS_ROLE_WITH_STAR_IN_RESOURCE", "$.Statement[0].Action[1]") in found


def test_the_values_and_their_paths_are_those_strings_gives():
    raw = {"Action": ["a:B", 1, "c:D"], "Resource": "*", "NotAction": []}
    stmt = StatementView(("Statement", 3), raw)
    for key in ("Action", "Resource", "NotAction", "Missing", None):
        values = stmt.values(key)
        pairs = stmt.strings(key)
        assert values == [v for _, v in pairs]
        assert [stmt.path(key, k) for k in range(len(values))] == [t for t, _ in pairs]
    assert stmt.strings("Action") == [
        (("Statement", 3, "Action", 0), "a:B"),
        (("Statement", 3, "Action", 2), "c:D"),
    ]
    assert stmt.strings("Resource") == [(("Statement", 3, "Resource"), "*")]
