"""The evaluator: AWS's evaluation logic for one identity-based policy.

Sources (IAM User Guide): "Policy evaluation logic" (explicit deny, allow, implicit deny);
"IAM JSON policy elements: Action / NotAction / Resource / NotResource"; "IAM JSON policy
elements: Condition operators"; "Single-valued vs. multivalued context keys"; "IAM policy
elements: Variables and tags".
"""

from __future__ import annotations

import pytest

from policybuilder.core.semantics.evaluate import (
    Evaluation,
    action_matches,
    evaluate,
    resource_matches,
)
from policybuilder.core.semantics.model import Request, load_policy

INSTANCE = "arn:aws:connect:us-east-1:111122223333:instance/i-1"
USER = INSTANCE + "/agent/u-1"


def policy(*statements, version="2012-10-17"):
    return {"Version": version, "Statement": list(statements)}


def allow(action="connect:*", resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action="connect:*", resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def decide(doc, action="connect:DescribeUser", resource=USER, **context):
    return evaluate(doc, Request(action, resource, context)).decision


# --- the evaluation logic ("Policy evaluation logic") -------------------------------------------


def test_a_matching_allow_allows():
    assert decide(policy(allow())) == "allow"


def test_nothing_matching_is_an_implicit_deny():
    assert decide(policy(allow("connect:ListUsers"))) == "implicit_deny"


def test_an_explicit_deny_overrides_an_allow():
    result = evaluate(
        policy(allow(), deny("connect:DescribeUser")), Request("connect:DescribeUser")
    )
    assert (result.decision, result.statements) == ("explicit_deny", (1,))


def test_every_matching_deny_is_named_and_no_allow():
    doc = policy(allow(), deny(), deny("connect:Describe*"), deny("iam:*"))
    assert evaluate(doc, Request("connect:DescribeUser")).statements == (1, 2)


def test_every_matching_allow_is_named():
    doc = policy(allow(), allow("connect:ListUsers"), allow("connect:DescribeUser"))
    assert evaluate(doc, Request("connect:DescribeUser")).statements == (0, 2)


def test_an_implicit_deny_names_no_statement():
    assert evaluate(policy(allow("iam:*")), Request("connect:DescribeUser")).statements == ()


def test_a_policy_given_as_json_text_is_evaluated_the_same():
    text = (
        '{"Version": "2012-10-17", '
        '"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'
    )
    assert evaluate(text, Request("connect:DescribeUser")).decision == "allow"


def test_a_policy_object_is_evaluated_the_same_as_its_document():
    doc = policy(allow("connect:Describe*"), deny("connect:DescribeUser", USER))
    loaded = load_policy(doc)
    for action in ("connect:DescribeUser", "connect:DescribeQueue", "connect:ListUsers"):
        request = Request(action, USER)
        assert evaluate(loaded, request).decision == evaluate(doc, request).decision


# --- Action and NotAction ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("connect:DescribeUser", "connect:describeuser", True),  # case-insensitive
        ("CONNECT:Describe*", "connect:DescribeUser", True),
        ("connect:Describe?ser", "connect:DescribeUser", True),
        ("connect:Describe?", "connect:DescribeUser", False),
        ("*", "iam:CreateUser", True),
        ("connect:List*", "connect:DescribeUser", False),
    ],
)
def test_action_patterns_ignore_case_and_allow_wildcards(pattern, action, expected):
    statement = load_policy(policy(allow(pattern))).statements[0]
    assert action_matches(statement, action) is expected


def test_notaction_with_allow_allows_everything_not_listed():
    doc = policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    assert decide(doc, "connect:DescribeUser") == "allow"
    assert decide(doc, "iam:CreateUser") == "implicit_deny"


def test_deny_with_notaction_denies_everything_not_listed():
    # "NotAction with Deny": deny all but the listed actions.
    doc = policy(allow("*"), {"Effect": "Deny", "NotAction": "connect:Describe*", "Resource": "*"})
    assert decide(doc, "connect:DescribeUser") == "allow"
    assert decide(doc, "connect:DeleteUser") == "explicit_deny"


# --- Resource and NotResource -----------------------------------------------------------------


def test_notresource_with_allow_allows_every_resource_not_listed():
    doc = policy({"Effect": "Allow", "Action": "connect:*", "NotResource": INSTANCE + "/*"})
    assert decide(doc, resource=USER) == "implicit_deny"
    assert decide(doc, resource="arn:aws:connect:us-east-1:111122223333:instance/i-2") == "allow"


def test_deny_with_notresource_denies_everything_outside_the_listed_resources():
    doc = policy(allow(), {"Effect": "Deny", "Action": "*", "NotResource": INSTANCE + "/*"})
    assert decide(doc, resource=USER) == "allow"
    assert decide(doc, resource="arn:aws:connect:eu-west-2:111122223333:instance/x") == (
        "explicit_deny"
    )


def test_resources_are_case_sensitive():
    doc = policy(allow("iam:GetUser", "arn:aws:iam::111122223333:user/Bob"))
    assert decide(doc, "iam:GetUser", "arn:aws:iam::111122223333:user/Bob") == "allow"
    assert decide(doc, "iam:GetUser", "arn:aws:iam::111122223333:user/bob") == "implicit_deny"


def test_a_star_ending_a_segment_reaches_across_colons():
    # "Using wildcards in resource ARNs": a * that ends a segment may match beyond colons.
    assert decide(policy(allow(resource="arn:aws:connect:*")), resource=USER) == "allow"


def test_a_star_inside_a_segment_stays_in_it():
    doc = policy(allow(resource="arn:aws:connect:us-*-1:111122223333:instance/i-1/agent/u-1"))
    assert decide(doc, resource=USER) == "allow"
    odd = "arn:aws:connect:us-east:x-1:111122223333:instance/i-1/agent/u-1"
    assert decide(doc, resource=odd) == "implicit_deny"


def test_a_request_without_resource_is_star_and_matches_only_star_patterns():
    assert decide(policy(allow(resource="*")), resource="*") == "allow"
    assert decide(policy(allow(resource=INSTANCE)), resource="*") == "implicit_deny"


# --- policy variables -------------------------------------------------------------------------


HOME = "arn:aws:s3:::bucket/home/${aws:username}/*"


def test_a_variable_in_a_resource_takes_the_request_value():
    doc = policy(allow("s3:GetObject", HOME))
    assert (
        decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home/alice/f", **{"aws:username": "alice"})
        == "allow"
    )
    assert (
        decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home/bob/f", **{"aws:username": "alice"})
        == "implicit_deny"
    )


def test_a_variable_whose_key_is_missing_matches_no_resource():
    # "Policy variables with no value": the value is effectively null.
    doc = policy(allow("s3:GetObject", HOME))
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home//f") == "implicit_deny"
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home/${aws:username}/f") == (
        "implicit_deny"
    )


def test_a_variable_with_a_default_uses_it_when_the_key_is_missing():
    doc = policy(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*"))
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/shared/f") == "allow"
    assert (
        decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/ops/f", **{"aws:PrincipalTag/team": "ops"})
        == "allow"
    )


def test_a_substituted_value_is_literal_text_not_a_wildcard():
    doc = policy(allow("s3:GetObject", HOME))
    context = {"aws:username": "*"}
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home/alice/f", **context) == (
        "implicit_deny"
    )
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home/*/f", **context) == "allow"


def test_star_escape_in_a_resource_is_a_literal_star():
    doc = policy(allow("s3:GetObject", "arn:aws:s3:::bucket/${*}"))
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/*") == "allow"
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/f") == "implicit_deny"


def test_variables_are_plain_text_in_a_2008_policy():
    doc = policy(allow("s3:GetObject", HOME), version="2008-10-17")
    context = {"aws:username": "alice"}
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home/alice/f", **context) == (
        "implicit_deny"
    )
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home/${aws:username}/f") == "allow"


def test_a_variable_in_a_condition_value_takes_the_request_value():
    doc = policy(allow(Condition={"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}))
    assert decide(doc, **{"aws:ResourceTag/owner": "alice", "aws:username": "alice"}) == "allow"
    assert decide(doc, **{"aws:ResourceTag/owner": "bob", "aws:username": "alice"}) == (
        "implicit_deny"
    )


def test_a_condition_variable_with_no_value_equals_nothing_and_is_unequal_to_everything():
    # "Policy variables with no value": StringEquals does not match, StringNotEquals does.
    equals = policy(allow(Condition={"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}))
    not_equals = policy(
        allow(Condition={"StringNotEquals": {"aws:ResourceTag/owner": "${aws:username}"}})
    )
    assert decide(equals, **{"aws:ResourceTag/owner": "alice"}) == "implicit_deny"
    assert decide(not_equals, **{"aws:ResourceTag/owner": "alice"}) == "allow"


def test_resource_matches_substitutes_variables_from_the_request():
    statement = load_policy(policy(allow("s3:GetObject", HOME))).statements[0]
    request = Request("s3:GetObject", context={"aws:username": "alice"})
    assert resource_matches(statement, "arn:aws:s3:::bucket/home/alice/x", request)
    assert not resource_matches(statement, "arn:aws:s3:::bucket/home/bob/x", request)


# --- conditions ("IAM JSON policy elements: Condition operators") -------------------------------


def met(operator, key, values, **context):
    """Whether an Allow with the one condition clause applies to a request with ``context``."""
    doc = policy(allow(Condition={operator: {key: values}}))
    return decide(doc, **context) == "allow"


CONDITION_TABLE = [
    # operator, values, request value (None: key missing), met?
    ("StringEquals", "Test", "Test", True),
    ("StringEquals", "Test", "test", False),
    ("StringEquals", ["Test", "Dev"], "Dev", True),  # several values: OR
    ("StringEquals", "Test", None, False),
    ("StringNotEquals", "Test", "Prod", True),
    ("StringNotEquals", ["Test", "Prod"], "Prod", False),
    ("StringNotEquals", "Test", None, True),  # negated operator on a missing key matches
    ("StringEqualsIgnoreCase", "TEST", "test", True),
    ("StringNotEqualsIgnoreCase", "TEST", "test", False),
    ("StringNotEqualsIgnoreCase", "TEST", None, True),
    ("StringLike", "Te*", "Test", True),
    ("StringLike", "T?st", "Toast", False),
    ("StringNotLike", "Te*", "Prod", True),
    ("StringNotLike", "Te*", None, True),
    ("StringLike", "Te${*}", "Te*", True),  # ${*} is a literal star
    ("StringLike", "Te${*}", "Test", False),
    ("StringEqualsIfExists", "Test", None, True),  # ...IfExists on a missing key is met
    ("StringEqualsIfExists", "Test", "Prod", False),
    ("StringNotEqualsIfExists", "Test", "Test", False),
    ("NumericEquals", "10", "10", True),
    ("NumericNotEquals", "10", "11", True),
    ("NumericNotEquals", "10", None, True),
    ("NumericLessThan", "10", "9.5", True),
    ("NumericLessThan", "10", "10", False),
    ("NumericLessThanEquals", "10", "10", True),
    ("NumericGreaterThan", "10", "10", False),
    ("NumericGreaterThanEquals", "10", "10", True),
    ("NumericLessThan", "10", None, False),
    ("NumericLessThan", "10", "ten", False),  # unreadable number: the comparison is false
    ("NumericLessThanIfExists", "10", None, True),
    ("DateLessThan", "2020-01-01T00:00:00Z", "2019-06-01T00:00:00Z", True),
    ("DateLessThan", "2020-01-01T00:00:00Z", "1559347200", True),  # epoch against ISO 8601
    ("DateLessThan", "1577836800", "2020-06-01T00:00:00Z", False),
    ("DateLessThanEquals", "1577836800", "2020-01-01T00:00:00Z", True),
    ("DateGreaterThan", "2020-01-01", "2020-01-01T00:00:01Z", True),
    ("DateGreaterThanEquals", "2020-01-01T00:00:00Z", "1577836800", True),
    ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T01:00:00+01:00", True),
    ("DateNotEquals", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", True),
    ("DateGreaterThan", "2020-01-01T00:00:00Z", "soon", False),  # bad date: false
    ("Bool", "true", "true", True),
    ("Bool", "true", "false", False),
    ("Bool", "true", None, False),
    ("BoolIfExists", "true", None, True),
    ("BinaryEquals", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", True),
    ("BinaryEquals", "QmluYXJ5VmFsdWU=", "T3RoZXI=", False),
    ("IpAddress", "203.0.113.0/24", "203.0.113.7", True),
    ("IpAddress", ["198.51.100.0/24", "203.0.113.0/24"], "203.0.113.7", True),
    ("IpAddress", "203.0.113.0/24", "198.51.100.1", False),
    ("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", True),  # IPv6 CIDR
    ("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", False),
    ("IpAddress", "not-a-cidr", "203.0.113.7", False),  # bad CIDR: false
    ("NotIpAddress", "203.0.113.0/24", "198.51.100.1", True),
    ("NotIpAddress", "203.0.113.0/24", "203.0.113.7", False),
    ("NotIpAddress", "203.0.113.0/24", None, True),
    ("ArnLike", "arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/admin", True),
    (
        "ArnEquals",
        "arn:aws:iam::111122223333:role/admin",
        "arn:aws:iam::111122223333:role/admin",
        True,
    ),
    ("ArnLike", "arn:aws:iam::*", "arn:aws:iam::111122223333:role/admin", False),  # per segment
    ("ArnNotLike", "arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:user/bob", True),
    ("ArnNotEquals", "arn:aws:iam::*:role/*", None, True),
    ("ArnLike", "arn:aws:iam::*:role/*", None, False),
    ("Null", "true", None, True),  # Null true: the key must be absent
    ("Null", "true", "x", False),
    ("Null", "false", "x", True),  # Null false: the key must be present
    ("Null", "false", None, False),
]


@pytest.mark.parametrize(("operator", "values", "value", "expected"), CONDITION_TABLE)
def test_condition_operators_follow_aws_documentation(operator, values, value, expected):
    context = {} if value is None else {"aws:SomeKey": value}
    assert met(operator, "aws:SomeKey", values, **context) is expected


def test_condition_keys_are_case_insensitive():
    assert met("StringEquals", "AWS:RESOURCETAG/Dept", "Test", **{"aws:resourcetag/dept": "Test"})


def test_several_keys_in_one_operator_must_all_match():
    doc = policy(allow(Condition={"StringEquals": {"aws:a": "1", "aws:b": "2"}}))
    assert decide(doc, **{"aws:a": "1", "aws:b": "2"}) == "allow"
    assert decide(doc, **{"aws:a": "1", "aws:b": "3"}) == "implicit_deny"


def test_several_operators_must_all_match():
    doc = policy(
        allow(
            Condition={
                "StringEquals": {"aws:a": "1"},
                "Bool": {"aws:MultiFactorAuthPresent": "true"},
            }
        )
    )
    assert decide(doc, **{"aws:a": "1", "aws:MultiFactorAuthPresent": "true"}) == "allow"
    assert decide(doc, **{"aws:a": "1"}) == "implicit_deny"


def test_an_unknown_operator_is_never_met():
    assert not met("StringEqualz", "aws:a", "1", **{"aws:a": "1"})


# --- set operators ("Single-valued vs. multivalued context keys") -------------------------------

SET_TABLE = [
    ("ForAllValues:StringEquals", ["a", "b"], ("a", "b"), True),
    ("ForAllValues:StringEquals", ["a", "b"], ("a", "c"), False),
    ("ForAllValues:StringEquals", ["a", "b"], None, True),  # missing key: true
    ("ForAllValues:StringEquals", ["a", "b"], (), True),  # empty list: true
    ("ForAnyValue:StringEquals", ["a", "b"], ("c", "b"), True),
    ("ForAnyValue:StringEquals", ["a", "b"], ("c", "d"), False),
    ("ForAnyValue:StringEquals", ["a", "b"], None, False),  # missing key: false
    ("ForAnyValue:StringEquals", ["a", "b"], (), False),
    ("ForAllValues:StringNotEquals", ["a"], ("b", "c"), True),  # every value is not 'a'
    ("ForAllValues:StringNotEquals", ["a"], ("a", "c"), False),
    ("ForAnyValue:StringNotEquals", ["a"], ("a", "c"), True),  # 'c' is not 'a'
    ("ForAnyValue:StringNotEquals", ["a"], ("a",), False),
    ("ForAnyValue:StringLike", ["Own*"], ("Env", "Owner"), True),
    ("ForAllValues:StringLike", ["Own*", "Env"], ("Env", "Owner"), True),
    # A single value with a set operator is a one-element set (rule chosen, see evaluate.py).
    ("ForAnyValue:StringEquals", ["a"], "a", True),
    ("ForAllValues:StringEquals", ["a"], "b", False),
    ("ForAnyValue:StringEqualsIfExists", ["a"], None, True),
    # A list without a set operator (rule chosen): positive operators want any value to match,
    # negated operators want none to.
    ("StringEquals", ["a"], ("b", "a"), True),
    ("StringEquals", ["a"], ("b", "c"), False),
    ("StringNotEquals", ["a"], ("b", "a"), False),
    ("StringNotEquals", ["a"], ("b", "c"), True),
]


@pytest.mark.parametrize(("operator", "values", "value", "expected"), SET_TABLE)
def test_set_operators_follow_aws_documentation(operator, values, value, expected):
    context = {} if value is None else {"aws:TagKeys": value}
    assert met(operator, "aws:TagKeys", values, **context) is expected


def test_null_treats_an_empty_list_as_absent():
    # Rule chosen (evaluate.py): an empty list is a key without values.
    assert met("Null", "aws:TagKeys", "true", **{"aws:TagKeys": ()})


# --- explanations -----------------------------------------------------------------------------


def explain(doc, action="connect:DescribeUser", resource=USER, **context):
    return evaluate(doc, Request(action, resource, context)).explanation


def test_a_condition_explanation_names_both_values():
    doc = policy(allow(Condition={"StringEquals": {"aws:ResourceTag/Department": "Test"}}))
    lines = explain(doc, **{"aws:ResourceTag/Department": "Prod"})
    assert (
        "Statement 0: Condition StringEquals aws:ResourceTag/Department: the request has 'Prod', "
        "the statement wants 'Test', so the condition is not met."
    ) in lines


def test_a_missing_key_is_named_in_the_explanation():
    doc = policy(allow(Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))
    lines = explain(doc)
    assert any("the request has no aws:MultiFactorAuthPresent" in line for line in lines)


def test_an_unmatched_action_is_explained():
    lines = explain(policy(allow("connect:List*")))
    assert "Statement 0: the action connect:DescribeUser is not in Action (connect:List*)." in lines


def test_the_explanation_names_the_matching_resource_pattern():
    lines = explain(policy(allow(resource=INSTANCE + "/*")))
    assert f"Statement 0: Resource '{INSTANCE}/*' matches the resource {USER}." in lines


def test_the_explanation_shows_a_substituted_variable_and_its_template():
    doc = policy(allow(Condition={"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}))
    lines = explain(doc, **{"aws:ResourceTag/owner": "bob", "aws:username": "alice"})
    assert any("'alice' (from '${aws:username}')" in line for line in lines)


def test_the_explanation_says_when_a_variable_has_no_value():
    lines = explain(policy(allow("s3:GetObject", HOME)), "s3:GetObject", "arn:aws:s3:::bucket/x")
    assert any("the request has no aws:username" in line for line in lines)


def test_the_explanation_ends_with_the_decision_and_the_deciding_statement():
    doc = policy(allow(), {**deny(), "Sid": "NoWrites"})
    assert explain(doc)[-1] == (
        'Decision: explicit deny by Statement 1 ("NoWrites"); an explicit Deny overrides any Allow.'
    )


def test_each_statement_has_an_outcome_with_its_reasons():
    result = evaluate(policy(allow("iam:*"), allow()), Request("connect:DescribeUser", USER))
    assert [(o.statement, o.matched) for o in result.outcomes] == [(0, False), (1, True)]
    assert all(o.reasons for o in result.outcomes)


def test_to_dict_has_the_command_line_shape():
    result = evaluate(policy(allow()), Request("connect:DescribeUser", USER))
    assert isinstance(result, Evaluation)
    data = result.to_dict()
    assert set(data) == {"decision", "statements", "explanation"}
    assert (data["decision"], data["statements"]) == ("allow", [0])
    assert data["explanation"] == list(result.explanation)


def test_an_empty_python_list_in_a_request_counts_as_no_values():
    doc = policy(allow(Condition={"Null": {"aws:TagKeys": "true"}}))
    assert evaluate(doc, Request("connect:TagResource", USER, {"aws:TagKeys": []})).decision == (
        "allow"
    )


def test_an_empty_string_is_a_value_not_a_missing_key():
    assert not met("Null", "aws:SomeKey", "true", **{"aws:SomeKey": ""})
    assert met("StringEquals", "aws:SomeKey", "", **{"aws:SomeKey": ""})


def test_variables_are_plain_text_in_a_policy_without_version():
    doc = {"Statement": [allow("s3:GetObject", HOME)]}
    context = {"aws:username": "alice"}
    assert decide(doc, "s3:GetObject", "arn:aws:s3:::bucket/home/alice/f", **context) == (
        "implicit_deny"
    )


def test_an_unknown_operator_in_a_deny_does_not_deny():
    doc = policy(allow(), deny(Condition={"StringEqualz": {"aws:a": "1"}}))
    assert decide(doc, **{"aws:a": "1"}) == "allow"


def test_an_unmatched_resource_with_a_variable_shows_what_it_became():
    lines = explain(
        policy(allow("s3:GetObject", HOME)),
        "s3:GetObject",
        "arn:aws:s3:::bucket/home/bob/f",
        **{"aws:username": "alice"},
    )
    assert (
        "Statement 0: the resource arn:aws:s3:::bucket/home/bob/f is not in Resource "
        f"({HOME} = arn:aws:s3:::bucket/home/alice/*)."
    ) in lines


def test_an_epoch_date_is_shown_as_iso_8601_too():
    doc = policy(allow(Condition={"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}}))
    lines = explain(doc, **{"aws:CurrentTime": "1700000000"})
    assert any("the request has '1700000000' (2023-11-14T22:13:20Z)" in line for line in lines)


def test_an_unreadable_value_is_named_as_such():
    doc = policy(allow(Condition={"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}))
    lines = explain(doc, **{"aws:MultiFactorAuthAge": "an hour"})
    assert any("the request has 'an hour' (not a number)" in line for line in lines)


def test_cidrs_in_the_policy_are_not_called_unreadable():
    doc = policy(allow(Condition={"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "bad"]}}))
    lines = explain(doc, **{"aws:SourceIp": "10.1.2.3"})
    line = next(line for line in lines if "NotIpAddress" in line)
    assert "an address in none of '10.0.0.0/8', 'bad' (not an address or CIDR)" in line


def test_a_key_given_twice_in_different_cases_is_read_as_request_value_reads_it():
    request = Request(
        "connect:DescribeUser", USER, {"aws:username": "alice", "AWS:USERNAME": "bob"}
    )
    doc = policy(allow(Condition={"StringEquals": {"aws:username": request.value("aws:username")}}))
    assert evaluate(doc, request).decision == "allow"


def test_bool_values_take_variables():
    doc = policy(allow(Condition={"Bool": {"aws:SecureTransport": "${aws:PrincipalTag/tls}"}}))
    context = {"aws:SecureTransport": "true", "aws:PrincipalTag/tls": "true"}
    assert decide(doc, **context) == "allow"
    assert decide(doc, **(context | {"aws:PrincipalTag/tls": "false"})) == "implicit_deny"


def test_numeric_values_do_not_take_variables():
    # Rule chosen (evaluate.py): ${...} in a Numeric value stays text, which is no number.
    doc = policy(allow(Condition={"NumericEquals": {"aws:a": "${aws:b}"}}))
    assert decide(doc, **{"aws:a": "5", "aws:b": "5"}) == "implicit_deny"


def test_a_condition_with_an_empty_list_of_values_is_explained():
    doc = policy(allow(Condition={"StringEquals": {"aws:a": []}}))
    lines = explain(doc, **{"aws:a": "x"})
    assert decide(doc, **{"aws:a": "x"}) == "implicit_deny"
    assert any("a value from an empty list, which nothing is" in line for line in lines)


def test_context_values_built_in_code_are_read_as_iam_strings():
    doc = policy(
        allow(
            Condition={
                "Bool": {"aws:MultiFactorAuthPresent": "true"},
                "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
                "ForAnyValue:StringEquals": {"aws:TagKeys": "Owner"},
            }
        )
    )
    context = {
        "aws:MultiFactorAuthPresent": True,
        "aws:MultiFactorAuthAge": 60,
        "aws:TagKeys": ["Owner"],
    }
    assert evaluate(doc, Request("connect:DescribeUser", USER, context)).decision == "allow"
