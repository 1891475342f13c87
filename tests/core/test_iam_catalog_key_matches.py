"""iam_catalog.key_matches: the one place where catalogue key templates are matched."""

from __future__ import annotations

import json

from policybuilder.core import iam_catalog
from policybuilder.core.validator import validate


def test_a_dollar_brace_slot_matches_any_tag_key():
    assert iam_catalog.key_matches("aws:ResourceTag/${TagKey}", "aws:ResourceTag/Department")


def test_an_angle_bracket_slot_matches_any_tag_key():
    assert iam_catalog.key_matches("s3:ExistingObjectTag/<key>", "s3:ExistingObjectTag/Team")


def test_a_trailing_tag_key_after_tag_slash_matches_any_tag_key():
    assert iam_catalog.key_matches(
        "secretsmanager:ResourceTag/tag-key", "secretsmanager:ResourceTag/Env"
    )


def test_the_tag_key_word_is_a_slot_whatever_the_case_of_resource_tag():
    assert iam_catalog.key_matches("ssm:resourceTag/tag-key", "ssm:ResourceTag/Env")


def test_tag_key_elsewhere_than_after_tag_slash_is_literal_text():
    assert not iam_catalog.key_matches("example:tag-key", "example:Department")


def test_a_slot_needs_at_least_one_character():
    assert not iam_catalog.key_matches("aws:ResourceTag/${TagKey}", "aws:ResourceTag/")


def test_key_matching_ignores_case():
    assert iam_catalog.key_matches("connect:InstanceId", "CONNECT:instanceid")


def test_a_concrete_key_does_not_match_a_longer_one():
    assert not iam_catalog.key_matches("connect:InstanceId", "connect:InstanceIdX")


def test_an_action_supports_a_key_spelt_with_angle_brackets_in_the_catalogue():
    action = iam_catalog.get_action("s3:GetObject")
    assert iam_catalog.action_supports_condition_key(action, "s3:ExistingObjectTag/Team")


def test_the_validator_accepts_an_object_tag_key_the_catalogue_spells_with_angle_brackets():
    statement = {
        "Effect": "Allow",
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::bucket/*",
        "Condition": {"StringEquals": {"s3:ExistingObjectTag/Team": "ops"}},
    }
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    assert validate(text) == []


def test_the_validator_accepts_a_secret_tag_key_the_catalogue_spells_tag_key():
    statement = {
        "Effect": "Allow",
        "Action": "secretsmanager:GetSecretValue",
        "Resource": "*",
        "Condition": {"StringEquals": {"secretsmanager:ResourceTag/Env": "prod"}},
    }
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    assert validate(text) == []
