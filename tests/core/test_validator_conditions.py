"""Layer 3: condition operators, keys and values."""

from __future__ import annotations

import json

import pytest

from policybuilder.core.validator import validate


def policy(condition, actions=("connect:DescribeUser",), effect="Allow") -> str:
    statement = {"Effect": effect, "Action": list(actions), "Resource": "*", "Condition": condition}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def codes(text: str) -> list[str]:
    return [f.code for f in validate(text)]


@pytest.mark.parametrize(
    ("condition", "code"),
    [
        ({"StringEquals": {"aws:RequestedRegin": "us-east-1"}}, "INVALID_GLOBAL_CONDITION_KEY"),
        ({"StringEquals": {"connect:InstanceIdd": "x"}}, "INVALID_SERVICE_CONDITION_KEY"),
        ({"Bool": {"aws:SecureTransport": "yes"}}, "TYPE_MISMATCH_BOOLEAN"),
        (
            {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}},
            "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
        ),
        (
            {"ForAllValues:StringEquals": {"aws:RequestedRegion": "us-east-1"}},
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        ),
        ({"StringEquals": {"aws:TagKeys": "Department"}}, "MISSING_QUALIFIER"),
        ({"NullIfExists": {"aws:TokenIssueTime": "true"}}, "NULL_WITH_IF_EXISTS"),
        ({"StringEquals": {"aws:PrincipalTag/team": "ops*"}}, "WILDCARD_WITHOUT_LIKE_OPERATOR"),
        ({"StringLike": {"aws:PrincipalTag/team": "*"}}, "EQUIVALENT_TO_NULL_FALSE"),
        ({"NumericLessThan": {"aws:MultiFactorAuthAge": "an hour"}}, "TYPE_MISMATCH_NUMBER"),
        ({"DateGreaterThan": {"aws:CurrentTime": "2024-02-30T00:00:00Z"}}, "INVALID_DATE_VALUE"),
        ({"DateGreaterThan": {"aws:CurrentTime": "tomorrow"}}, "TYPE_MISMATCH_DATE"),
        ({"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}, "TYPE_MISMATCH_IP_RANGE"),
        ({"NumericEquals": {"aws:username": "1"}}, "TYPE_MISMATCH"),
        ({"StringEquals": {"aws:username": []}}, "EMPTY_ARRAY_CONDITION"),
        ({"StringEquals": {}}, "EMPTY_OBJECT_CONDITION"),
        (
            {"StringEquals": {"aws:username": "a", "AWS:USERNAME": "b"}},
            "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        ),
        ({"StringEquals": {"username": "a"}}, "INVALID_CONDITION_KEY_FORMAT"),
    ],
)
def test_broken_conditions_are_reported(condition, code):
    assert code in codes(policy(condition))


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:ResourceTag/Department": "Test"}},
        {"Bool": {"aws:SecureTransport": "true"}},
        {"ForAnyValue:StringEquals": {"aws:CalledVia": ["athena.amazonaws.com"]}},
        {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}},
        {"Null": {"aws:TagKeys": "false"}},
        {"DateGreaterThan": {"aws:CurrentTime": "2024-02-28T00:00:00Z"}},
        {"IpAddress": {"aws:SourceIp": ["52.94.76.0/24", "2600:1f00::/24"]}},
        {"StringEquals": {"connect:InstanceId": "${aws:PrincipalTag/instance}"}},
    ],
)
def test_clean_conditions_have_no_findings(condition):
    assert codes(policy(condition)) == []


def test_resource_tag_with_an_action_that_does_not_support_it_is_a_suggestion():
    text = policy(
        {"StringEquals": {"aws:ResourceTag/owner": "x"}},
        actions=("connect-campaigns:DescribeCampaign", "connect-campaigns:ListCampaigns"),
    )
    [finding] = [f for f in validate(text) if "TAG_CONDITION_KEY" in f.code]
    assert finding.code == "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
    assert "connect-campaigns:ListCampaigns" in finding.message
    assert "DescribeCampaign" not in finding.message


def test_resource_tag_supported_through_the_resource_type_is_accepted():
    text = policy(
        {"StringEquals": {"aws:ResourceTag/owner": "x"}},
        actions=("connect-campaigns:DescribeCampaign", "connect-campaigns:GetCampaignState"),
    )
    assert codes(text) == []


def test_deny_with_unsupported_tag_key_is_a_security_warning():
    text = policy(
        {"StringEquals": {"aws:ResourceTag/owner": "x"}},
        actions=("connect-campaigns:ListCampaigns",),
        effect="Deny",
    )
    assert "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE" in codes(text)


def test_equivalent_to_null_false_fix_rewrites_the_condition():
    text = policy({"StringLike": {"aws:PrincipalTag/team": "*"}})
    finding = next(f for f in validate(text) if f.code == "EQUIVALENT_TO_NULL_FALSE")
    condition = json.loads(finding.fix.document)["Statement"][0]["Condition"]
    assert condition == {"Null": {"aws:PrincipalTag/team": "false"}}


def test_condition_key_finding_points_at_the_key():
    text = policy({"StringEquals": {"aws:RequestedRegin": "us-east-1"}})
    finding = next(f for f in validate(text) if f.code == "INVALID_GLOBAL_CONDITION_KEY")
    assert finding.path == '$.Statement[0].Condition.StringEquals["aws:RequestedRegin"]'
    assert "aws:RequestedRegion" in finding.message
