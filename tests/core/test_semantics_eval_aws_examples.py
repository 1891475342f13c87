"""The condition examples of AWS's IAM User Guide, each with requests that meet and miss it.

Each row names the section of "IAM JSON policy elements: Condition operators" (or of the page
given) that the condition comes from; the requests are ours.
"""

from __future__ import annotations

import pytest

from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import Request

MISSING = None

EXAMPLES = [
    # section, condition, request context value (MISSING: no key), met?
    (
        "String condition operators",
        {"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}},
        {"aws:PrincipalTag/job-category": "iamuser-admin"},
        True,
    ),
    (
        "String condition operators",
        {"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}},
        {"aws:PrincipalTag/job-category": "IAMUser-Admin"},
        False,
    ),
    (
        "String condition operators (StringLike with a variable)",
        {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}},
        {"s3:prefix": "home/alice/", "aws:username": "alice"},
        True,
    ),
    (
        "String condition operators (StringLike with a variable)",
        {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}},
        {"s3:prefix": "home/bob/", "aws:username": "alice"},
        False,
    ),
    (
        "String condition operators (StringLike with a variable)",
        {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}},
        {"s3:prefix": ""},
        True,
    ),
    (
        "Numeric condition operators",
        {"NumericLessThanEquals": {"s3:max-keys": "10"}},
        {"s3:max-keys": "10"},
        True,
    ),
    (
        "Numeric condition operators",
        {"NumericLessThanEquals": {"s3:max-keys": "10"}},
        {"s3:max-keys": "11"},
        False,
    ),
    (
        "Date condition operators",
        {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}},
        {"aws:TokenIssueTime": "2020-01-01T00:00:02Z"},
        True,
    ),
    (
        "Date condition operators",
        {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}},
        {"aws:TokenIssueTime": "1577836801"},
        False,
    ),  # the same second, in epoch form
    (
        "Boolean condition operators",
        {"Bool": {"aws:SecureTransport": "true"}},
        {"aws:SecureTransport": "true"},
        True,
    ),
    ("Boolean condition operators", {"Bool": {"aws:SecureTransport": "true"}}, MISSING, False),
    (
        "Binary condition operators",
        {"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}},
        {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="},
        True,
    ),
    (
        "IP address condition operators",
        {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
        {"aws:SourceIp": "203.0.113.255"},
        True,
    ),
    (
        "IP address condition operators",
        {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}},
        {"aws:SourceIp": "2001:db8:1234:5678:abcd::1"},
        True,
    ),
    (
        "IP address condition operators",
        {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}},
        {"aws:SourceIp": "203.0.112.1"},
        False,
    ),
    (
        "Amazon Resource Name (ARN) condition operators",
        {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic"}},
        {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic"},
        True,
    ),
    (
        "Amazon Resource Name (ARN) condition operators",
        {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}},
        {"aws:SourceArn": "arn:aws:sns:eu-west-2:210987654321:topic"},
        False,
    ),
    (
        "...IfExists condition operators",
        {"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}},
        MISSING,
        True,
    ),
    (
        "...IfExists condition operators",
        {"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}},
        {"ec2:InstanceType": "t2.micro"},
        True,
    ),
    (
        "...IfExists condition operators",
        {"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}},
        {"ec2:InstanceType": "m4.large"},
        False,
    ),
    (
        "Condition operator to check existence of condition keys",
        {"Null": {"aws:TokenIssueTime": "true"}},
        MISSING,
        True,
    ),
    (
        "Condition operator to check existence of condition keys",
        {"Null": {"aws:TokenIssueTime": "true"}},
        {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"},
        False,
    ),
    (
        "Single-valued vs. multivalued context keys: ForAllValues",
        {"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
        {"aws:TagKeys": ("environment",)},
        True,
    ),
    (
        "Single-valued vs. multivalued context keys: ForAllValues",
        {"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
        {"aws:TagKeys": ("environment", "owner")},
        False,
    ),
    (
        "Single-valued vs. multivalued context keys: ForAnyValue",
        {"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
        {"aws:TagKeys": ("environment", "owner")},
        True,
    ),
    (
        "Single-valued vs. multivalued context keys: ForAnyValue",
        {"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
        {"aws:TagKeys": ("owner",)},
        False,
    ),
]


@pytest.mark.parametrize(
    ("section", "condition", "context", "expected"),
    EXAMPLES,
    ids=[f"{i}-{row[0]}" for i, row in enumerate(EXAMPLES)],
)
def test_aws_condition_examples(section, condition, context, expected):
    doc = {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition},
    }
    decision = evaluate(doc, Request("s3:ListBucket", "*", context or {})).decision
    assert (decision == "allow") is expected
