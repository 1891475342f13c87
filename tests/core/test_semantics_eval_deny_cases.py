"""Deny statements and the missing-key rules: where a wrong reading would let a request through.

Sources (IAM User Guide): "IAM JSON policy elements: Condition operators" (section
"...IfExists condition operators" and the note that a negated operator on a missing key is
true), "Single-valued vs. multivalued context keys" (ForAllValues with an Allow: "true if the
key is missing"), "Policy evaluation logic" (an explicit deny overrides any allow).
"""

from __future__ import annotations

import pytest

from policybuilder.core.semantics.evaluate import condition_met, evaluate
from policybuilder.core.semantics.model import Request, load_policy

ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def with_deny(condition):
    return {
        "Version": "2012-10-17",
        "Statement": [
            ALLOW_ALL,
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": condition},
        ],
    }


def decision(doc, **context):
    return evaluate(doc, Request("connect:DeleteUser", "*", context)).decision


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        # The usual "deny without MFA": BoolIfExists false denies when the key is missing.
        ({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}, {}, "explicit_deny"),
        (
            {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
            {"aws:MultiFactorAuthPresent": "true"},
            "allow",
        ),
        # Plain Bool false does not deny a request without the key (a known pitfall).
        ({"Bool": {"aws:MultiFactorAuthPresent": "false"}}, {}, "allow"),
        # Deny outside the approved regions: StringNotEquals on a missing key is met.
        ({"StringNotEquals": {"aws:RequestedRegion": ["eu-west-2"]}}, {}, "explicit_deny"),
        (
            {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-2"]}},
            {"aws:RequestedRegion": "eu-west-2"},
            "allow",
        ),
        # Deny from outside the office network, IPv4 and IPv6.
        (
            {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/32"]}},
            {"aws:SourceIp": "2001:db8:ffff::1"},
            "allow",
        ),
        (
            {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/32"]}},
            {"aws:SourceIp": "2001:db9::1"},
            "explicit_deny",
        ),
        # Null true denies when the key is absent, Null false when it is present.
        ({"Null": {"aws:MultiFactorAuthAge": "true"}}, {}, "explicit_deny"),
        ({"Null": {"aws:MultiFactorAuthAge": "false"}}, {}, "allow"),
        # ForAllValues on a missing key is met, so such a Deny applies to a request without it.
        ({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["Owner"]}}, {}, "explicit_deny"),
        # ForAnyValue on a missing key is not met.
        ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["Owner"]}}, {}, "allow"),
        (
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["Owner"]}},
            {"aws:TagKeys": ("Env", "Owner")},
            "explicit_deny",
        ),
        # Old sessions: DateLessThan on aws:TokenIssueTime, epoch and ISO 8601 in one policy.
        (
            {"DateLessThan": {"aws:TokenIssueTime": "2024-01-01T00:00:00Z"}},
            {"aws:TokenIssueTime": "1700000000"},
            "explicit_deny",
        ),
        (
            {"DateLessThan": {"aws:TokenIssueTime": "1704067200"}},
            {"aws:TokenIssueTime": "2024-06-01T00:00:00Z"},
            "allow",
        ),
        # MFA older than an hour (JSON numbers are read as IAM's strings).
        (
            {"NumericGreaterThan": {"aws:MultiFactorAuthAge": 3600}},
            {"aws:MultiFactorAuthAge": "7200"},
            "explicit_deny",
        ),
        ({"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": 3600}}, {}, "explicit_deny"),
    ],
)
def test_deny_conditions_follow_the_missing_key_rules(condition, context, expected):
    assert decision(with_deny(condition), **context) == expected


def test_a_json_boolean_condition_value_is_read_as_true_or_false():
    doc = with_deny({"Bool": {"aws:SecureTransport": False}})
    assert decision(doc, **{"aws:SecureTransport": "false"}) == "explicit_deny"
    assert decision(doc, **{"aws:SecureTransport": "true"}) == "allow"


def test_condition_met_answers_for_one_clause():
    statement = load_policy(
        with_deny({"StringEquals": {"aws:a": "1"}, "StringLike": {"aws:b": "x*"}})
    ).statements[1]
    request = Request("connect:DeleteUser", "*", {"aws:a": "1", "aws:b": "y"})
    assert condition_met(statement, 0, request)
    assert not condition_met(statement, 1, request)
