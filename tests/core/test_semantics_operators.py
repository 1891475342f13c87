"""Condition operators and wildcards (IAM User Guide, "IAM JSON policy elements: Condition
operators" and "IAM JSON policy elements: Resource", section "Using wildcards in resource ARNs").
"""

from __future__ import annotations

import pytest

from policybuilder.core.semantics.operators import (
    arn_like,
    compare,
    glob_match,
    parse_date,
    parse_number,
    parse_operator,
    resource_regex_source,
)


@pytest.mark.parametrize(
    ("name", "base", "family", "negated", "if_exists", "qualifier", "comparator"),
    [
        ("StringEquals", "StringEquals", "String", False, False, None, "equals"),
        (
            "StringNotEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "String",
            True,
            False,
            None,
            "equals_ignore_case",
        ),
        (
            "ForAnyValue:StringLikeIfExists",
            "StringLike",
            "String",
            False,
            True,
            "ForAnyValue",
            "like",
        ),
        (
            "ForAllValues:StringNotLike",
            "StringNotLike",
            "String",
            True,
            False,
            "ForAllValues",
            "like",
        ),
        ("NumericLessThanEquals", "NumericLessThanEquals", "Numeric", False, False, None, "lte"),
        ("DateGreaterThan", "DateGreaterThan", "Date", False, False, None, "gt"),
        ("BoolIfExists", "Bool", "Bool", False, True, None, "equals"),
        ("BinaryEquals", "BinaryEquals", "Binary", False, False, None, "equals"),
        ("NotIpAddress", "NotIpAddress", "IpAddress", True, False, None, "in_cidr"),
        ("ArnNotLikeIfExists", "ArnNotLike", "Arn", True, True, None, "like"),
        ("Null", "Null", "Null", False, False, None, "null"),
    ],
)
def test_parse_operator_splits_qualifier_base_and_ifexists(
    name, base, family, negated, if_exists, qualifier, comparator
):
    op = parse_operator(name)
    assert op is not None
    assert (op.name, op.base, op.family, op.negated, op.if_exists, op.qualifier, op.comparator) == (
        name,
        base,
        family,
        negated,
        if_exists,
        qualifier,
        comparator,
    )


def test_operator_names_are_read_without_regard_to_case():
    op = parse_operator("forallvalues:stringequalsifexists")
    assert op is not None
    assert op.name == "ForAllValues:StringEqualsIfExists"


@pytest.mark.parametrize(
    "name", ["StringEqual", "NullIfExists", "ForEveryValue:StringEquals", "", "IfExists"]
)
def test_unknown_operators_parse_to_none(name):
    # AWS: ...IfExists works with every operator except Null.
    assert parse_operator(name) is None


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("connect:Describe*", "connect:DescribeUser", True),
        ("connect:Describe*", "connect:ListUsers", False),
        ("connect:List?sers", "connect:ListUsers", True),
        ("connect:List?sers", "connect:ListUUsers", False),
        ("*", "", True),
        ("a.b", "axb", False),  # regex characters are literal
    ],
)
def test_glob_match_treats_star_and_question_mark_as_wildcards(pattern, text, expected):
    assert glob_match(pattern, text) is expected


def test_glob_match_is_case_sensitive_unless_asked():
    assert not glob_match("connect:describe*", "connect:DescribeUser")
    assert glob_match("connect:describe*", "connect:DescribeUser", ignore_case=True)


@pytest.mark.parametrize(
    ("pattern", "arn", "expected"),
    [
        ("arn:aws:connect:*:*:instance/*", "arn:aws:connect:us-east-1:1:instance/i-1", True),
        # Each of the six parts is matched on its own: * does not reach across a colon.
        ("arn:aws:connect:*", "arn:aws:connect:us-east-1:1:instance/i-1", False),
        ("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/admin", True),
        ("arn:aws:iam::?:role/x", "arn:aws:iam::1:role/x", True),
        ("arn:aws:iam::?:role/x", "arn:aws:iam::12:role/x", False),
        # The sixth part may hold colons.
        ("arn:aws:logs:*:*:log-group:*", "arn:aws:logs:r:1:log-group:g:log-stream:s", True),
        ("*", "arn:aws:iam::1:role/x", False),  # not an ARN pattern: matches nothing
        ("arn:aws:iam::1:role/x", "not-an-arn", False),
    ],
)
def test_arn_like_compares_the_six_parts_separately(pattern, arn, expected):
    assert arn_like(pattern, arn) is expected


def test_arn_equals_also_allows_wildcards_as_aws_documents():
    op = parse_operator("ArnEquals")
    assert compare(op, "arn:aws:iam::1:user/bob", "arn:aws:iam::*:user/*")


def _resource(pattern: str, text: str) -> bool:
    import re

    return re.fullmatch(resource_regex_source(((pattern, True),)), text) is not None


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("*", "arn:aws:connect:us-east-1:1:instance/i-1", True),
        # A * that ends a segment may match across colons (AWS: "Using wildcards in resource
        # ARNs").
        ("arn:aws:connect:*", "arn:aws:connect:us-east-1:1:instance/i-1", True),
        ("arn:aws:connect:*:1:instance/*", "arn:aws:connect:us-east-1:1:instance/i-1", True),
        # A * inside a segment stays inside it.
        ("arn:aws:connect:us-*-1:1:x", "arn:aws:connect:us-a:b-1:1:x", False),
        ("arn:aws:connect:us-*-1:1:x", "arn:aws:connect:us-east-1:1:x", True),
        ("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/a", True),
        ("arn:aws:s3:::bucket?x", "arn:aws:s3:::bucket:x", False),
        # Case-sensitive (AWS: "In the Resource element, the IAM user name is case sensitive").
        ("arn:aws:iam::1:user/Bob", "arn:aws:iam::1:user/bob", False),
    ],
)
def test_resource_patterns_follow_the_segment_rules(pattern, text, expected):
    assert _resource(pattern, text) is expected


def test_resource_pieces_marked_literal_have_no_wildcards():
    source = resource_regex_source((("arn:aws:s3:::b/", True), ("*", False)))
    import re

    assert re.fullmatch(source, "arn:aws:s3:::b/*")
    assert not re.fullmatch(source, "arn:aws:s3:::b/anything")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10", 10),
        ("-2.5", -2.5),
        ("1e3", None),
        (".5", 0.5),
        (" 7 ", 7),
        ("abc", None),
        ("inf", None),
        ("nan", None),
        ("1_000", None),
        ("", None),
    ],
)
def test_parse_number_reads_integers_and_decimals_only(text, expected):
    value = parse_number(text)
    assert (value if value is None else float(value)) == expected


@pytest.mark.parametrize(
    ("iso", "epoch"),
    [
        ("2020-01-01T00:00:00Z", "1577836800"),
        ("2020-01-01", "1577836800"),
        ("2020-01-01T01:00:00+01:00", "1577836800"),
        ("2020-01-01T00:00:00", "1577836800"),  # no zone: UTC
        ("2020-01-01T00:00:00.500Z", "1577836800.5"),
    ],
)
def test_iso_8601_and_epoch_seconds_name_the_same_moment(iso, epoch):
    assert parse_date(iso) == parse_date(epoch)


@pytest.mark.parametrize("text", ["yesterday", "2020-13-01", "", "2020-01-01T25:00:00Z"])
def test_parse_date_refuses_what_is_not_a_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("operator", "context", "policy", "expected"),
    [
        ("StringEquals", "Prod", "Prod", True),
        ("StringEquals", "prod", "Prod", False),
        ("StringEqualsIgnoreCase", "prod", "PROD", True),
        ("StringLike", "home/alice/x", "home/*/x", True),
        ("StringLike", "Home/alice", "home/*", False),
        ("NumericEquals", "10", "10.0", True),
        ("NumericLessThan", "9", "10", True),
        ("NumericLessThan", "10", "10", False),
        ("NumericLessThanEquals", "10", "10", True),
        ("NumericGreaterThan", "11", "10", True),
        ("NumericGreaterThanEquals", "10", "10", True),
        ("NumericLessThan", "abc", "10", False),
        ("NumericLessThan", "5", "ten", False),
        ("DateLessThan", "2019-12-31T23:59:59Z", "2020-01-01T00:00:00Z", True),
        ("DateLessThan", "1577836800", "2020-01-01T00:00:00Z", False),
        ("DateLessThanEquals", "1577836800", "2020-01-01T00:00:00Z", True),
        ("DateGreaterThan", "2020-06-01", "1577836800", True),
        ("DateGreaterThanEquals", "2020-01-01", "1577836800", True),
        ("DateEquals", "2020-01-01T00:00:00Z", "1577836800", True),
        ("DateGreaterThan", "not a date", "1577836800", False),
        ("Bool", "true", "true", True),
        ("Bool", "TRUE", "true", True),
        ("Bool", "false", "true", False),
        ("Bool", "yes", "true", False),
        ("BinaryEquals", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", True),
        ("BinaryEquals", "QmluYXJ5VmFsdWU=", "T3RoZXI=", False),
        ("BinaryEquals", "%%%", "%%%", False),  # not base64: no match, even when equal text
        ("IpAddress", "203.0.113.7", "203.0.113.0/24", True),
        ("IpAddress", "203.0.114.7", "203.0.113.0/24", False),
        ("IpAddress", "203.0.113.7", "203.0.113.7", True),
        ("IpAddress", "2001:db8:1234::1", "2001:db8:1234::/48", True),
        ("IpAddress", "2001:db8:1235::1", "2001:db8:1234::/48", False),
        ("IpAddress", "203.0.113.7", "2001:db8::/32", False),  # IPv4 is never in an IPv6 range
        ("IpAddress", "203.0.113.7", "203.0.113.0/33", False),  # bad CIDR
        ("IpAddress", "not-an-ip", "0.0.0.0/0", False),
    ],
)
def test_compare_applies_the_positive_comparison(operator, context, policy, expected):
    assert compare(parse_operator(operator), context, policy) is expected
