"""compare(old, new): verdicts for clear pairs, each witness confirmed by the evaluator."""

from __future__ import annotations

import json

import pytest

from policybuilder.core.semantics.compare import GrantUndecided, compare, find_grant
from policybuilder.core.semantics.evaluate import evaluate

INSTANCE = "arn:aws:connect:us-east-1:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def checked(old, new):
    """compare(old, new), after checking that every witness says what it claims."""
    result = compare(old, new)
    if result.broader_witness is not None:
        assert evaluate(new, result.broader_witness).decision == "allow"
        assert evaluate(old, result.broader_witness).decision != "allow"
    if result.narrower_witness is not None:
        assert evaluate(old, result.narrower_witness).decision == "allow"
        assert evaluate(new, result.narrower_witness).decision != "allow"
    return result


def test_a_policy_is_equivalent_to_itself():
    p = policy(allow(["connect:DescribeUser", "connect:ListUsers"], INSTANCE + "/*"))
    assert checked(p, p).verdict == "equivalent"


def test_adding_an_action_is_broader_with_that_action_as_witness():
    old = policy(allow("connect:DescribeUser"))
    new = policy(allow(["connect:DescribeUser", "connect:ListUsers"]))
    result = checked(old, new)
    assert result.verdict == "broader"
    assert result.broader_witness.action == "connect:ListUsers"
    assert result.narrower_witness is None
    assert "connect:ListUsers is now allowed" in result.summary


def test_removing_an_action_is_narrower_and_named_in_the_summary():
    old = policy(allow(["connect:DescribeUser", "connect:ListUsers"]))
    new = policy(allow("connect:DescribeUser"))
    result = checked(old, new)
    assert result.verdict == "narrower"
    assert result.narrower_witness.action == "connect:ListUsers"
    assert "connect:ListUsers is no longer allowed" in result.summary


def test_adding_an_mfa_condition_is_narrower():
    old = policy(allow("connect:DescribeUser"))
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    new = policy(allow("connect:DescribeUser", Condition=mfa))
    result = checked(old, new)
    assert result.verdict == "narrower"
    assert "every action now needs aws:MultiFactorAuthPresent" in result.summary
    assert result.narrower_witness.value("aws:MultiFactorAuthPresent") != "true"


def test_removing_an_mfa_condition_is_broader():
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    result = checked(
        policy(allow("connect:DescribeUser", Condition=mfa)), policy(allow("connect:DescribeUser"))
    )
    assert result.verdict == "broader"
    assert "no action needs aws:MultiFactorAuthPresent any more" in result.summary


def test_a_deny_added_is_narrower():
    old = policy(allow("connect:*"))
    new = policy(allow("connect:*"), deny("connect:DeleteInstance"))
    result = checked(old, new)
    assert result.verdict == "narrower"
    assert result.narrower_witness.action == "connect:DeleteInstance"


def test_widening_the_resource_from_one_instance_to_all_is_broader():
    old = policy(allow("connect:DescribeUser", INSTANCE + "/agent/*"))
    new = policy(allow("connect:DescribeUser", "*"))
    result = checked(old, new)
    assert result.verdict == "broader"
    assert not result.broader_witness.resource.startswith(INSTANCE + "/agent/")
    assert "resources widened for connect:DescribeUser" in result.summary


def test_a_witness_resource_follows_the_catalogue_arn_format_when_it_can():
    old = policy(allow("connect:DescribeUser", INSTANCE + "/agent/*"))
    new = policy(allow("connect:DescribeUser", "*"))
    witness = checked(old, new).broader_witness
    assert witness.resource.startswith("arn:aws:connect:us-east-1:111122223333:instance/")
    assert "/agent/" in witness.resource


def test_notaction_everything_except_deletes_is_incomparable_with_connect_star():
    old = policy(allow("connect:*"))
    new = policy({"Effect": "Allow", "NotAction": "connect:Delete*", "Resource": "*"})
    result = checked(old, new)
    assert result.verdict == "incomparable"
    assert not result.broader_witness.action.lower().startswith("connect:")
    assert result.narrower_witness.action.lower().startswith("connect:delete")


def test_an_action_list_equal_to_a_wildcard_is_equivalent():
    old = policy(allow("connect:ListUsers"))
    new = policy(allow("connect:ListUser?"))
    assert checked(old, new).verdict == "equivalent"


def test_splitting_and_reordering_statements_is_equivalent():
    old = policy(allow(["connect:DescribeUser", "connect:ListUsers"]), deny("connect:DeleteUser"))
    new = policy(
        deny("connect:DeleteUser"), allow("connect:ListUsers"), allow("connect:DescribeUser")
    )
    assert checked(old, new).verdict == "equivalent"


def test_json_text_and_a_mapping_compare_alike():
    old = policy(allow("connect:DescribeUser"))
    new = policy(allow(["connect:DescribeUser", "connect:ListUsers"]))
    from_text = compare(json.dumps(old), json.dumps(new))
    from_mapping = compare(old, new)
    assert from_text.verdict == from_mapping.verdict == "broader"
    assert from_text.summary == from_mapping.summary
    assert from_text.broader_witness.action == from_mapping.broader_witness.action


def test_to_dict_has_the_command_line_shape():
    result = compare(policy(allow("connect:DescribeUser")), policy(allow("connect:*")))
    as_dict = result.to_dict()
    assert set(as_dict) == {"verdict", "broader_witness", "narrower_witness", "summary"}
    assert as_dict["broader_witness"]["action"].startswith("connect:")
    assert as_dict["narrower_witness"] is None


def test_string_like_is_broader_than_string_equals_on_the_same_value():
    eq = {"StringEquals": {"aws:ResourceTag/Department": "Test"}}
    like = {"StringLike": {"aws:ResourceTag/Department": "Test*"}}
    result = checked(
        policy(allow("connect:DescribeUser", Condition=eq)),
        policy(allow("connect:DescribeUser", Condition=like)),
    )
    assert result.verdict == "broader"
    value = result.broader_witness.value("aws:ResourceTag/Department")
    assert value != "Test" and str(value).startswith("Test")


def test_string_equals_ignore_case_is_broader_than_string_equals():
    eq = {"StringEquals": {"aws:PrincipalTag/team": "ops"}}
    ic = {"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "ops"}}
    result = checked(
        policy(allow("connect:ListUsers", Condition=eq)),
        policy(allow("connect:ListUsers", Condition=ic)),
    )
    assert result.verdict == "broader"
    assert str(result.broader_witness.value("aws:PrincipalTag/team")).lower() == "ops"


def test_if_exists_is_broader_because_a_missing_key_passes():
    plain = {"StringEquals": {"aws:ResourceTag/Department": "Test"}}
    if_exists = {"StringEqualsIfExists": {"aws:ResourceTag/Department": "Test"}}
    result = checked(
        policy(allow("connect:DescribeUser", Condition=plain)),
        policy(allow("connect:DescribeUser", Condition=if_exists)),
    )
    assert result.verdict == "broader"
    assert result.broader_witness.value("aws:ResourceTag/Department") is None


def test_for_any_value_and_for_all_values_are_incomparable():
    all_values = {"ForAllValues:StringEquals": {"aws:TagKeys": ["Owner", "Env"]}}
    any_value = {"ForAnyValue:StringEquals": {"aws:TagKeys": ["Owner", "Env"]}}
    result = checked(
        policy(allow("connect:TagResource", Condition=all_values)),
        policy(allow("connect:TagResource", Condition=any_value)),
    )
    assert result.verdict == "incomparable"
    # ForAllValues passes without tag keys; ForAnyValue needs one of them
    assert result.narrower_witness.value("aws:TagKeys") in (None, ())
    keys = result.broader_witness.value("aws:TagKeys")
    assert isinstance(keys, tuple) and len(keys) >= 2


def test_a_narrower_ip_range_is_narrower():
    wide = {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
    narrow = {"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}
    result = checked(
        policy(allow("connect:ListUsers", Condition=wide)),
        policy(allow("connect:ListUsers", Condition=narrow)),
    )
    assert result.verdict == "narrower"


def test_an_ipv6_range_added_beside_an_ipv4_one_is_broader():
    v4 = {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    both = {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}
    result = checked(
        policy(allow("connect:ListUsers", Condition=v4)),
        policy(allow("connect:ListUsers", Condition=both)),
    )
    assert result.verdict == "broader"
    assert ":" in result.broader_witness.value("aws:SourceIp")


def test_a_later_expiry_date_is_broader():
    before_2026 = {"DateLessThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}
    before_2027 = {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}
    result = checked(
        policy(allow("connect:ListUsers", Condition=before_2026)),
        policy(allow("connect:ListUsers", Condition=before_2027)),
    )
    assert result.verdict == "broader"


def test_an_epoch_date_equal_to_an_iso_date_is_equivalent():
    iso = {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}
    epoch = {"DateGreaterThan": {"aws:CurrentTime": "1767225600"}}
    result = checked(
        policy(allow("connect:ListUsers", Condition=iso)),
        policy(allow("connect:ListUsers", Condition=epoch)),
    )
    assert result.verdict == "equivalent"


def test_a_lower_numeric_limit_is_narrower():
    up_to_ten = {"NumericLessThanEquals": {"s3:max-keys": "10"}}
    up_to_two_and_a_half = {"NumericLessThan": {"s3:max-keys": "2.5"}}
    result = checked(
        policy(allow("s3:ListBucket", Condition=up_to_ten)),
        policy(allow("s3:ListBucket", Condition=up_to_two_and_a_half)),
    )
    assert result.verdict == "narrower"


def test_a_resource_with_the_user_name_variable_is_narrower_than_the_whole_bucket():
    own = allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*")
    everyone = allow("s3:GetObject", "arn:aws:s3:::home/*")
    result = checked(policy(own), policy(everyone))
    assert result.verdict == "broader"
    witness = result.broader_witness
    user = witness.value("aws:username")
    assert user is None or not witness.resource.startswith(f"arn:aws:s3:::home/{user}/")


def test_the_user_name_variable_against_a_fixed_name_is_incomparable():
    own = allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*")
    alice = allow("s3:GetObject", "arn:aws:s3:::home/alice/*")
    result = checked(policy(own), policy(alice))
    assert result.verdict == "incomparable"
    assert result.narrower_witness.value("aws:username") != "alice"


def test_a_variable_in_an_old_version_policy_is_plain_text():
    new_version = policy(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}"))
    old_version = {**new_version, "Version": "2008-10-17"}
    result = checked(old_version, new_version)
    assert result.verdict == "incomparable"
    assert result.narrower_witness.resource == "arn:aws:s3:::home/${aws:username}"


def test_a_construct_not_encoded_gives_unknown_with_a_reason():
    # A key compared both as a string and as a number is not encoded.  (In truth the two are
    # equivalent: "3" is less than 5.)
    level_is_3 = {"StringEquals": {"aws:ResourceTag/level": "3"}}
    also_below_5 = {**level_is_3, "NumericLessThan": {"aws:ResourceTag/level": "5"}}
    result = compare(
        policy(allow("connect:ListUsers", Condition=level_is_3)),
        policy(allow("connect:ListUsers", Condition=also_below_5)),
    )
    assert result.verdict == "unknown"
    assert "aws:ResourceTag/level" in result.reason
    assert result.to_dict()["verdict"] == "unknown"


def test_find_grant_finds_pass_role_in_iam_star():
    grant = find_grant(policy(allow("iam:*")), actions=["iam:PassRole"])
    assert grant is not None
    assert grant.action == "iam:PassRole"
    assert evaluate(policy(allow("iam:*")), grant).decision == "allow"


def test_find_grant_finds_nothing_when_the_action_is_not_allowed():
    assert find_grant(policy(allow("connect:*")), actions=["iam:PassRole"]) is None


def test_find_grant_finds_nothing_when_a_deny_takes_the_action_away():
    p = policy(allow("*"), deny("iam:PassRole"))
    assert find_grant(p, actions=["iam:PassRole"]) is None


def test_find_grant_respects_the_rule_resource_patterns():
    p = policy(allow("iam:PassRole", "arn:aws:iam::111122223333:role/connect-*"))
    admin = "arn:aws:iam::111122223333:role/admin*"
    assert find_grant(p, actions=["iam:PassRole"], resources=[admin]) is None
    grant = find_grant(p, actions=["iam:PassRole"], resources=["arn:aws:iam::*:role/*"])
    assert grant is not None and grant.resource.startswith(
        "arn:aws:iam::111122223333:role/connect-"
    )


def test_find_grant_reaches_actions_through_notaction():
    p = policy({"Effect": "Allow", "NotAction": "connect:*", "Resource": "*"})
    grant = find_grant(p, actions=["iam:Pass*"])
    assert grant is not None and grant.action.lower().startswith("iam:pass")


def test_find_grant_says_when_it_cannot_decide():
    p = policy(
        allow("iam:PassRole", Condition={"StringEquals": {"aws:ResourceTag/level": "3"}}),
        deny("iam:PassRole", Condition={"NumericLessThan": {"aws:ResourceTag/level": "5"}}),
    )
    with pytest.raises(GrantUndecided):
        find_grant(p, actions=["iam:PassRole"])


def test_a_non_ascii_resource_pattern_is_compared_exactly():
    books = allow("s3:GetObject", "arn:aws:s3:::bücher/*")
    any_b = allow("s3:GetObject", "arn:aws:s3:::b*")
    result = checked(policy(books), policy(any_b))
    assert result.verdict == "broader"
    assert not result.broader_witness.resource.startswith("arn:aws:s3:::bücher/")


def test_not_resource_everything_but_one_instance_is_narrower_than_star():
    everything = allow("connect:DescribeUser")
    all_but_one = {
        "Effect": "Allow",
        "Action": "connect:DescribeUser",
        "NotResource": INSTANCE + "/*",
    }
    result = checked(policy(everything), policy(all_but_one))
    assert result.verdict == "narrower"
    assert result.narrower_witness.resource.startswith(INSTANCE + "/")


def test_a_null_condition_requiring_a_tag_is_narrower():
    tagged = {"Null": {"aws:ResourceTag/Owner": "false"}}
    result = checked(
        policy(allow("connect:DescribeUser")),
        policy(allow("connect:DescribeUser", Condition=tagged)),
    )
    assert result.verdict == "narrower"
    assert result.narrower_witness.value("aws:ResourceTag/Owner") is None


def test_arn_like_with_a_wildcard_account_is_broader_than_one_account():
    one = {"ArnLike": {"aws:SourceArn": "arn:aws:connect:us-east-1:111122223333:instance/*"}}
    any_account = {"ArnLike": {"aws:SourceArn": "arn:aws:connect:us-east-1:*:instance/*"}}
    result = checked(
        policy(allow("iam:PassRole", Condition=one)),
        policy(allow("iam:PassRole", Condition=any_account)),
    )
    assert result.verdict == "broader"
    assert ":111122223333:" not in result.broader_witness.value("aws:SourceArn")


def test_numeric_not_equals_is_met_by_a_value_that_is_no_number():
    # operators.py: an unreadable value is "not equal" to every number
    not_five = {"NumericNotEquals": {"s3:max-keys": "5"}}
    below_ten = {"NumericLessThan": {"s3:max-keys": "10"}}
    result = checked(
        policy(allow("s3:ListBucket", Condition=below_ten)),
        policy(allow("s3:ListBucket", Condition=not_five)),
    )
    assert result.verdict == "incomparable"


def test_for_all_values_on_an_empty_list_is_the_same_as_a_missing_key():
    all_values = {"ForAllValues:StringEquals": {"aws:TagKeys": ["Owner"]}}
    or_missing = {"Null": {"aws:TagKeys": "true"}}
    result = checked(
        policy(allow("connect:TagResource", Condition=all_values)),
        policy(allow("connect:TagResource", Condition=or_missing)),
    )
    # ForAllValues also passes ["Owner"], which the Null clause refuses
    assert result.verdict == "narrower"
    assert result.narrower_witness.value("aws:TagKeys") in ("Owner", ("Owner",))


def test_a_variable_default_stands_in_for_a_missing_key():
    with_default = allow("s3:GetObject", "arn:aws:s3:::home/${aws:PrincipalTag/team, 'shared'}/*")
    shared = allow("s3:GetObject", "arn:aws:s3:::home/shared/*")
    result = checked(policy(shared), policy(with_default))
    assert result.verdict == "incomparable"
    # the old policy's folder is reached by the new one only through the default
    assert result.narrower_witness.value("aws:PrincipalTag/team") not in (None, "shared")


def test_binary_equals_on_a_second_value_is_broader():
    one = {"BinaryEquals": {"aws:SomeBinaryKey": "QmluYXJ5"}}
    two = {"BinaryEquals": {"aws:SomeBinaryKey": ["QmluYXJ5", "T3RoZXI="]}}
    result = checked(
        policy(allow("connect:ListUsers", Condition=one)),
        policy(allow("connect:ListUsers", Condition=two)),
    )
    assert result.verdict == "broader"
    assert result.broader_witness.value("aws:SomeBinaryKey") == "T3RoZXI="


def test_find_grant_sees_through_not_resource():
    p = policy({"Effect": "Allow", "Action": "iam:*", "NotResource": "arn:aws:iam::*:role/x"})
    grant = find_grant(p, actions=["iam:PassRole"], resources=["arn:aws:iam::*:role/*"])
    assert grant is not None
    assert grant.resource != "arn:aws:iam::111122223333:role/x"


def test_comparisons_from_several_threads_at_once_all_answer():
    from concurrent.futures import ThreadPoolExecutor

    wide = {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
    narrow = {"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}
    old = policy(allow("connect:ListUsers", Condition=wide))
    new = policy(allow("connect:ListUsers", Condition=narrow))
    with ThreadPoolExecutor(max_workers=4) as pool:
        verdicts = list(pool.map(lambda _: compare(old, new).verdict, range(8)))
    assert verdicts == ["narrower"] * 8


def test_a_witness_for_any_region_names_a_real_region_rather_than_a_filler():
    old = policy(allow("connect:DescribeUser", INSTANCE + "/*"))
    new = policy(allow("connect:DescribeUser", "arn:aws:connect:*:111122223333:instance/*"))
    witness = checked(old, new).broader_witness
    assert witness.resource.split(":")[3] == "us-east-1"
