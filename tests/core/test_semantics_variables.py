"""Policy variables (IAM User Guide, "IAM policy elements: Variables and tags": "Special
characters", "Specifying default values", "Policy variables with no value")."""

from __future__ import annotations

import pytest

from policybuilder.core.semantics.model import Request
from policybuilder.core.semantics.variables import (
    Literal,
    Variable,
    parse_template,
    spelling,
    substitute,
)


def test_plain_text_is_one_literal_that_may_hold_wildcards():
    assert parse_template("arn:aws:s3:::bucket/*") == (Literal("arn:aws:s3:::bucket/*", True),)


def test_a_variable_is_split_out_of_the_text():
    assert parse_template("arn:aws:s3:::bucket/${aws:username}/*") == (
        Literal("arn:aws:s3:::bucket/", True),
        Variable("aws:username"),
        Literal("/*", True),
    )


@pytest.mark.parametrize(("escape", "char"), [("${*}", "*"), ("${?}", "?"), ("${$}", "$")])
def test_special_character_variables_are_literal_characters(escape, char):
    assert parse_template(f"a{escape}b") == (
        Literal("a", True),
        Literal(char, False),
        Literal("b", True),
    )


def test_a_default_is_read_from_single_quotes():
    assert parse_template("${aws:PrincipalTag/team, 'none'}") == (
        Variable("aws:PrincipalTag/team", "none"),
    )


def test_spaces_around_key_and_default_are_ignored_and_doubled_quotes_are_one():
    assert parse_template("${ aws:username , 'it''s' }") == (Variable("aws:username", "it's"),)


@pytest.mark.parametrize("text", ["${aws:username", "${}", "${key, value}", "${key, 'x'"])
def test_malformed_variables_stay_ordinary_text(text):
    assert parse_template(text) == (Literal(text, True),)


def test_variables_are_ordinary_text_when_not_enabled():
    # AWS: variables need "Version": "2012-10-17"; the evaluator disables them otherwise.
    assert parse_template("${aws:username}", enabled=False) == (Literal("${aws:username}", True),)


def test_substitute_replaces_a_variable_with_the_request_value_as_literal_text():
    request = Request("s3:GetObject", context={"AWS:UserName": "al*ce"})  # keys: any case
    parts = parse_template("home/${aws:username}/*")
    assert substitute(parts, request) == (
        Literal("home/", True),
        Literal("al*ce", False),
        Literal("/*", True),
    )


def test_substitute_gives_none_when_the_key_is_missing_and_there_is_no_default():
    # AWS, "Policy variables with no value": the value is effectively null and matches nothing.
    assert substitute(parse_template("home/${aws:username}"), Request("s3:GetObject")) is None


def test_substitute_uses_the_default_when_the_key_is_missing():
    parts = parse_template("${aws:PrincipalTag/team, 'company-wide'}")
    assert substitute(parts, Request("s3:GetObject")) == (Literal("company-wide", False),)


def test_a_multivalued_key_is_no_value_for_a_variable():
    # AWS: multivalued context keys cannot be used as policy variables.
    request = Request("s3:GetObject", context={"aws:TagKeys": ("a", "b")})
    assert substitute(parse_template("${aws:TagKeys}"), request) is None
    assert substitute(parse_template("${aws:TagKeys, 'x'}"), request) == (Literal("x", False),)


def test_a_default_is_not_searched_for_further_variables():
    parts = parse_template("${aws:username, '${aws:userid}'}")
    assert substitute(parts, Request("s3:GetObject")) == (Literal("${aws:userid}", False),)


def test_spelling_writes_the_template_back():
    text = "a/${aws:username}/${*}/${aws:PrincipalTag/t, 'n'}"
    assert spelling(parse_template(text)) == text


def test_spaces_inside_a_special_character_variable_are_ignored():
    assert parse_template("${ * }") == (Literal("*", False),)
