"""Layer 3: ARN syntax, documentation placeholders, resource types, redundancy."""

from __future__ import annotations

import json

import pytest

from policybuilder.core.validator import validate


def policy(resources, actions=("connect:DescribeUser",)) -> str:
    statement = {"Effect": "Allow", "Action": list(actions), "Resource": resources}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def codes(text: str) -> list[str]:
    return [f.code for f in validate(text)]


USER = "arn:aws:connect:us-east-1:210987654321:instance/abc/agent/*"


@pytest.mark.parametrize(
    ("resource", "code"),
    [
        ("connect:instance/abc", "INVALID_ARN_PREFIX"),
        ("arn:amazon:connect:us-east-1:210987654321:instance/abc/agent/*", "INVALID_PARTITION"),
        ("arn:aws:connect:useast1:210987654321:instance/abc/agent/*", "INVALID_ARN_REGION"),
        ("arn:aws:connect:us-east-1:1111:instance/abc/agent/*", "INVALID_ARN_ACCOUNT"),
        ("arn:aws:Connect:us-east-1:210987654321:instance/abc/agent/*", "INVALID_ARN_SERVICE_CASE"),
        ("arn:aws:connect::210987654321:instance/abc/agent/*", "MISSING_ARN_REGION"),
        ("arn:aws:connect:us-east-1:210987654321", "MISSING_ARN_FIELD"),
        ("arn:aws:connect:region:account-id:instance/instance-id/agent/*", "PB_PLACEHOLDER_IN_ARN"),
        (
            "arn:aws:connect:us-east-1:210987654321:instance/abc/queue/*",
            "PB_RESOURCE_TYPE_MISMATCH",
        ),
    ],
)
def test_broken_arns_are_reported(resource, code):
    assert code in codes(policy([resource]))


@pytest.mark.parametrize(
    "resource",
    [
        USER,
        "arn:aws:connect:*:*:instance/*",
        "arn:aws:connect:*:*:*",
        "arn:${aws:partition}:connect:us-east-1:210987654321:instance/abc/agent/${aws:userid}",
    ],
)
def test_clean_arns_have_no_findings(resource):
    assert codes(policy([resource])) == []


def test_redundant_resource_is_reported_with_a_fix():
    text = policy([USER.replace("*", "u1"), USER])
    finding = next(f for f in validate(text) if f.code == "REDUNDANT_RESOURCE")
    assert finding.path == "$.Statement[0].Resource[0]"
    assert json.loads(finding.fix.document)["Statement"][0]["Resource"] == [USER]


def test_service_case_fix_lowercases_the_service():
    text = policy(["arn:aws:Connect:us-east-1:210987654321:instance/abc/agent/*"])
    finding = next(f for f in validate(text) if f.code == "INVALID_ARN_SERVICE_CASE")
    assert json.loads(finding.fix.document)["Statement"][0]["Resource"] == [USER]


def test_actions_without_resource_types_are_not_flagged_as_mismatched():
    assert "PB_RESOURCE_TYPE_MISMATCH" not in codes(policy([USER], ("connect:ListInstances",)))
