"""PASS_ROLE_* and CREATE_SLR_* are silenced only by a condition that really restricts."""

from __future__ import annotations

import json

import pytest

from policybuilder.core.validator import validate


def statement(action: str, condition: dict) -> str:
    body = {"Effect": "Allow", "Action": action, "Resource": "*", "Condition": condition}
    return json.dumps({"Version": "2012-10-17", "Statement": [body]})


def codes(text: str) -> list[str]:
    return [f.code for f in validate(text)]


@pytest.mark.parametrize(
    "operator", ["StringEquals", "StringLike", "ArnEquals", "ForAnyValue:StringEquals"]
)
def test_pass_role_for_one_exact_service_is_not_reported(operator):
    text = statement("iam:PassRole", {operator: {"iam:PassedToService": "ec2.amazonaws.com"}})
    assert "PASS_ROLE_WITH_STAR_IN_RESOURCE" not in codes(text)


@pytest.mark.parametrize(
    "operator", ["StringEqualsIfExists", "StringLikeIfExists", "ForAllValues:StringEquals"]
)
def test_pass_role_with_an_operator_that_lets_a_missing_key_through_is_reported(operator):
    text = statement("iam:PassRole", {operator: {"iam:PassedToService": "ec2.amazonaws.com"}})
    assert "PASS_ROLE_WITH_STAR_IN_RESOURCE" in codes(text)


def test_pass_role_with_a_negated_operator_is_reported():
    text = statement(
        "iam:PassRole", {"StringNotEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    )
    assert "PASS_ROLE_WITH_STAR_IN_RESOURCE" in codes(text)


def test_pass_role_to_any_service_by_wildcard_is_reported():
    text = statement("iam:PassRole", {"StringLike": {"iam:PassedToService": "*.amazonaws.com"}})
    assert "PASS_ROLE_WITH_STAR_IN_RESOURCE" in codes(text)


def test_create_slr_for_one_exact_service_is_not_reported():
    text = statement(
        "iam:CreateServiceLinkedRole",
        {"StringEquals": {"iam:AWSServiceName": "connect.amazonaws.com"}},
    )
    assert "CREATE_SLR_WITH_STAR_IN_RESOURCE" not in codes(text)


def test_create_slr_with_a_wildcard_in_the_service_name_is_reported():
    text = statement(
        "iam:CreateServiceLinkedRole", {"StringLike": {"iam:AWSServiceName": "*.amazonaws.com"}}
    )
    assert "CREATE_SLR_WITH_STAR_IN_RESOURCE" in codes(text)


def test_create_slr_with_if_exists_is_reported():
    text = statement(
        "iam:CreateServiceLinkedRole",
        {"StringEqualsIfExists": {"iam:AWSServiceName": "connect.amazonaws.com"}},
    )
    assert "CREATE_SLR_WITH_STAR_IN_RESOURCE" in codes(text)
