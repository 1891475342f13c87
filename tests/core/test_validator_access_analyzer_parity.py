"""Rules aligned with IAM Access Analyzer after comparing both on AWS's managed policies.

Each excerpt is one statement copied from an AWS managed policy
(tests/fixtures/validator/corpus_excerpts.json); benchmarks/compare_access_analyzer.py
gives the counts that led to each rule.
"""

from __future__ import annotations

import json
from pathlib import Path

from policybuilder.core.validator import validate

EXCERPTS = Path(__file__).resolve().parents[1] / "fixtures" / "validator" / "corpus_excerpts.json"


def excerpt(name: str) -> str:
    return json.dumps(json.loads(EXCERPTS.read_text())["excerpts"][name]["policy"], indent=4)


def statement(**fields) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", **fields}]})


def codes(text: str) -> list[str]:
    return [f.code for f in validate(text)]


# iam:PassRole / iam:CreateServiceLinkedRole on "*": Access Analyzer recommends resource ARNs
# *or* an iam:PassedToService (iam:AWSServiceName) condition, so the condition is enough.


def test_pass_role_on_every_role_for_one_service_is_not_a_security_warning():
    assert codes(excerpt("pass_role_to_one_service")) == []


def test_pass_role_on_every_role_without_a_condition_is_a_security_warning():
    assert codes(excerpt("pass_role_unconditioned")) == ["PASS_ROLE_WITH_STAR_IN_RESOURCE"]


def test_pass_role_narrowed_by_another_key_than_passed_to_service_is_still_reported():
    assert "PASS_ROLE_WITH_STAR_IN_RESOURCE" in codes(excerpt("pass_role_by_associated_resource"))


def test_pass_role_with_passed_to_service_beside_other_conditions_is_not_reported():
    assert codes(excerpt("pass_role_to_service_with_arn_equals")) == []


def test_pass_role_excluding_services_with_string_not_equals_is_still_reported():
    text = statement(
        Action="iam:PassRole",
        Resource="*",
        Condition={"StringNotEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
    )
    assert "PASS_ROLE_WITH_STAR_IN_RESOURCE" in codes(text)


def test_pass_role_with_passed_to_service_if_exists_is_still_reported():
    # ...IfExists is also true when the key is missing: it restricts nothing for sure.
    text = statement(
        Action="iam:PassRole",
        Resource="*",
        Condition={"StringEqualsIfExists": {"iam:PassedToService": "ec2.amazonaws.com"}},
    )
    assert codes(text) == ["PASS_ROLE_WITH_STAR_IN_RESOURCE"]


def test_every_action_on_every_resource_for_one_passed_to_service_is_not_a_pass_role_warning():
    text = statement(
        Action="iam:*",
        Resource="*",
        Condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
    )
    assert not [c for c in codes(text) if c.startswith("PASS_ROLE")]


def test_create_service_linked_role_for_one_service_name_is_not_reported():
    text = statement(
        Action="iam:CreateServiceLinkedRole",
        Resource="*",
        Condition={"StringEquals": {"iam:AWSServiceName": "connect.amazonaws.com"}},
    )
    assert not [c for c in codes(text) if c.startswith("CREATE_SLR")]


def test_create_service_linked_role_excluding_a_service_name_is_still_reported():
    text = statement(
        Action="iam:CreateServiceLinkedRole",
        Resource="*",
        Condition={"StringNotEquals": {"iam:AWSServiceName": "connect.amazonaws.com"}},
    )
    assert "CREATE_SLR_WITH_STAR_IN_RESOURCE" in codes(text)


# ARN operators on String keys: AWS compares kms:EncryptionContext:aws:logs:arn with ArnLike.


def test_arn_like_on_a_string_encryption_context_key_is_not_a_type_mismatch():
    assert codes(excerpt("arn_like_on_string_encryption_context")) == []


def test_arn_like_on_a_boolean_key_is_a_type_mismatch():
    text = statement(
        Action="s3:GetObject",
        Resource="*",
        Condition={"ArnLike": {"aws:SecureTransport": "arn:aws:s3:::*"}},
    )
    assert "TYPE_MISMATCH" in codes(text)


# ArnEquals matches * and ? in each ARN component, exactly as ArnLike does.


def test_arn_equals_with_a_wildcard_is_not_a_wildcard_without_like_operator():
    assert "WILDCARD_WITHOUT_LIKE_OPERATOR" not in codes(excerpt("arn_equals_with_wildcard"))


def test_string_equals_with_a_wildcard_in_an_arn_is_still_a_wildcard_without_like_operator():
    text = statement(
        Action="s3:GetObject",
        Resource="*",
        Condition={"StringEquals": {"aws:PrincipalTag/team": "arn:aws:iam::*:role/x"}},
    )
    assert "WILDCARD_WITHOUT_LIKE_OPERATOR" in codes(text)


# Resource types: a ${LogGroupName} contains slashes (/aws/neptune/...), unlike an ID.


def test_log_stream_arn_of_a_log_group_name_with_slashes_is_of_the_log_stream_type():
    assert codes(excerpt("log_streams_of_slashed_log_groups")) == []


def test_log_group_prefix_ending_in_a_wildcard_covers_its_log_streams():
    assert codes(excerpt("log_group_prefix_with_trailing_wildcard")) == []


def test_logs_arn_without_the_log_group_resource_type_is_still_a_mismatch():
    assert codes(excerpt("log_arn_without_log_group")) == ["PB_RESOURCE_TYPE_MISMATCH"]


def test_id_in_the_middle_of_an_arn_still_cannot_span_a_slash():
    text = statement(
        Action="connect:DescribeUser",
        Resource="arn:aws:connect:us-east-1:210987654321:instance/abc/queue/*",
    )
    assert "PB_RESOURCE_TYPE_MISMATCH" in codes(text)


# Global keys checked against AWS's documentation in 2026.


def test_via_aws_mcp_service_is_a_boolean_global_key():
    text = statement(
        Action="s3:GetObject", Resource="*", Condition={"Bool": {"aws:ViaAWSMCPService": "true"}}
    )
    assert codes(text) == []


def test_called_via_aws_mcp_is_a_string_global_key():
    text = statement(
        Action="s3:GetObject",
        Resource="*",
        Condition={"StringEquals": {"aws:CalledViaAWSMCP": "aws-mcp.amazonaws.com"}},
    )
    assert codes(text) == []


def test_assumed_root_is_a_boolean_global_key():
    text = statement(
        Action="s3:GetObject", Resource="*", Condition={"Bool": {"aws:AssumedRoot": "true"}}
    )
    assert codes(text) == []
