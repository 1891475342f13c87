"""Laws that tie the condition operators together (IAM User Guide, "Condition operators").

With the key present and one value, a negated operator is the negation of its positive one,
and ``...IfExists`` decides as the plain operator; with the key missing, IfExists is met.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core.semantics.evaluate import condition_met
from policybuilder.core.semantics.model import Request, load_policy

PAIRS = [
    ("StringEquals", "StringNotEquals"),
    ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"),
    ("StringLike", "StringNotLike"),
    ("NumericEquals", "NumericNotEquals"),
    ("DateEquals", "DateNotEquals"),
    ("IpAddress", "NotIpAddress"),
    ("ArnLike", "ArnNotLike"),
    ("ArnEquals", "ArnNotEquals"),
]
VALUES = st.sampled_from(
    [
        "a",
        "A",
        "a*",
        "10",
        "10.0",
        "2020-01-01",
        "1577836800",
        "10.0.0.0/8",
        "10.1.2.3",
        "arn:aws:s3:::b",
        "arn:aws:s3:::*",
        "",
        "x?",
    ]
)


def met(operator, policy_values, context):
    statement = load_policy(
        {
            "Version": "2012-10-17",
            "Statement": {
                "Effect": "Allow",
                "Action": "*",
                "Resource": "*",
                "Condition": {operator: {"aws:k": policy_values}},
            },
        }
    ).statements[0]
    return condition_met(statement, 0, Request("s:a", "*", context))


@pytest.mark.parametrize(("positive", "negated"), PAIRS)
@settings(max_examples=60, deadline=None)
@given(values=st.lists(VALUES, min_size=1, max_size=3), value=VALUES)
def test_a_negated_operator_is_the_negation_of_its_positive_one(positive, negated, values, value):
    context = {"aws:k": value}
    assert met(negated, values, context) is (not met(positive, values, context))


@pytest.mark.parametrize("operator", [op for pair in PAIRS for op in pair] + ["Bool"])
@settings(max_examples=30, deadline=None)
@given(values=st.lists(VALUES, min_size=1, max_size=3), value=VALUES)
def test_ifexists_decides_as_the_plain_operator_when_the_key_is_present(operator, values, value):
    context = {"aws:k": value}
    assert met(operator + "IfExists", values, context) is met(operator, values, context)


@pytest.mark.parametrize("operator", [op for pair in PAIRS for op in pair] + ["Bool"])
def test_ifexists_is_met_when_the_key_is_missing(operator):
    assert met(operator + "IfExists", ["a"], {})
