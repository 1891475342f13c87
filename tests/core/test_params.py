"""Every parameter rule, with good and bad values.

The rules are the product's promise that a policy is never built from a
value IAM would reject or misread, so each rule is exercised directly on the
parameter class, and each bad value must produce a message that says why.
"""

from __future__ import annotations

from typing import Any

import pytest

from policybuilder.core import regions
from policybuilder.core.params import (
    AccountParam,
    ActionsParam,
    BooleanParam,
    ChoiceParam,
    ConnectInstance,
    ConnectInstanceParam,
    KmsKey,
    KmsKeyParam,
    ParamError,
    PartitionParam,
    RegionParam,
    Tag,
    TagKeyParam,
    TagsParam,
)

UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
KEY_UUID = "1234abcd-12ab-34cd-56ef-1234567890ab"
MRK = "mrk-" + "0123456789abcdef" * 2
ACCOUNT = "111122223333"

TAGS = TagsParam(name="tags", label="Tags", help="", example=(Tag("Department", "Test"),))
TAG_KEY = TagKeyParam(name="tag_key", label="Tag key", help="", example="owner")
ACCOUNT_PARAM = AccountParam(name="account", label="Account", help="", example=ACCOUNT)
OPTIONAL_ACCOUNT = AccountParam(
    name="account", label="Account", help="", example=ACCOUNT, required=False
)
KMS = KmsKeyParam(name="kms_key", label="KMS key", help="", example=KEY_UUID)
INSTANCE = ConnectInstanceParam(name="instance", label="Instance", help="", example=UUID)
REGION = RegionParam(name="region", label="Region", help="", example="us-east-1", required=False)
PARTITION = PartitionParam(name="partition", label="Partition", help="", example="aws")
ACTIONS = ActionsParam(
    name="actions",
    label="Actions",
    help="",
    example=("svc:A", "svc:B"),
    choices=("svc:A", "svc:B", "svc:C"),
    defaults=("svc:A", "svc:B"),
)

BAD_CHARACTERS = [
    pytest.param('a"b', "double quote", id="double-quote"),
    pytest.param("a\\b", "backslash", id="backslash"),
    pytest.param("a\nb", "line break", id="newline"),
    pytest.param("a\tb", "tab", id="tab"),
    pytest.param("${aws:username}", "not allowed", id="policy-variable"),
    pytest.param("a<b", "not allowed", id="less-than"),
    pytest.param("a>b", "not allowed", id="greater-than"),
    pytest.param("a{b", "not allowed", id="brace"),
    pytest.param("a*b", "not allowed", id="asterisk"),
    pytest.param("team 🚀", "U+00FF", id="emoji"),
    pytest.param("Ā", "U+00FF", id="first-char-above-latin-1"),
    pytest.param("名前", "U+00FF", id="cjk"),
]


def message(param: Any, raw: Any) -> str:
    """The error message ``param.clean(raw)`` raises (fails the test if it does not raise)."""
    with pytest.raises(ParamError) as excinfo:
        param.clean(raw)
    return str(excinfo.value)


# --- Tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(["Department=Test"], (Tag("Department", "Test"),), id="one"),
        pytest.param("Department=Test", (Tag("Department", "Test"),), id="bare-string"),
        pytest.param(
            ["Department=Test", "Team=Blue"],
            (Tag("Department", "Test"), Tag("Team", "Blue")),
            id="two-in-order",
        ),
        pytest.param([("Owner", "TeamA")], (Tag("Owner", "TeamA"),), id="pair"),
        pytest.param(["k=a=b"], (Tag("k", "a=b"),), id="split-at-first-equals"),
        pytest.param(["Empty="], (Tag("Empty", ""),), id="empty-value"),
        pytest.param(["  Spaced  =x"], (Tag("Spaced", "x"),), id="key-stripped"),
        pytest.param(["Équipe=Café"], (Tag("Équipe", "Café"),), id="latin-1-letters"),
        pytest.param(["a_b.c:d/e=f+g-h@i j=x"], (Tag("a_b.c:d/e", "f+g-h@i j=x"),), id="punct"),
        pytest.param(["k" * 128 + "=v"], (Tag("k" * 128, "v"),), id="key-128"),
        pytest.param(["k=" + "v" * 256], (Tag("k", "v" * 256),), id="value-256"),
        pytest.param(["awsome=x"], (Tag("awsome", "x"),), id="aws-without-colon"),
        pytest.param(["Dept=x", "", ("", "")], (Tag("Dept", "x"),), id="blank-rows-skipped"),
    ],
)
def test_tags_accept_valid_pairs(raw: Any, expected: tuple[Tag, ...]) -> None:
    assert TAGS.clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param(None, "at least one tag", id="none"),
        pytest.param("", "at least one tag", id="empty-string"),
        pytest.param([], "at least one tag", id="empty-list"),
        pytest.param([""], "at least one tag", id="only-blank"),
        pytest.param(["=Test"], "cannot be empty", id="empty-key"),
        pytest.param(["   =Test"], "cannot be empty", id="blank-key"),
        pytest.param(["NoEquals"], "KEY=VALUE", id="no-equals"),
        pytest.param(["k" * 129 + "=v"], "at most 128", id="key-129"),
        pytest.param(["k=" + "v" * 257], "at most 256", id="value-257"),
        pytest.param(["aws:Dept=x"], "reserved", id="aws-prefix"),
        pytest.param(["AWS:Dept=x"], "reserved", id="AWS-prefix"),
        pytest.param(["Aws:Dept=x"], "reserved", id="Aws-prefix"),
        pytest.param(["Dept=a", "Dept=b"], "given twice", id="duplicate-key"),
        pytest.param(["Dept=a", "dept=b"], "given twice", id="duplicate-key-other-case"),
        pytest.param([f"k{i}=v" for i in range(51)], "At most 50", id="51-tags"),
        pytest.param([42], "key and a value", id="not-a-pair"),
    ],
)
def test_tags_refuse_invalid_pairs(raw: Any, fragment: str) -> None:
    assert fragment in message(TAGS, raw)


@pytest.mark.parametrize(("text", "fragment"), BAD_CHARACTERS)
def test_tag_key_refuses_bad_character(text: str, fragment: str) -> None:
    text = text.replace("=", "")
    error = message(TAGS, [(text, "v")])
    assert error.startswith("Tag key:")
    assert fragment in error


@pytest.mark.parametrize(("text", "fragment"), BAD_CHARACTERS)
def test_tag_value_refuses_bad_character(text: str, fragment: str) -> None:
    error = message(TAGS, [("Key", text)])
    assert error.startswith("Tag value:")
    assert fragment in error


def test_fifty_tags_are_accepted() -> None:
    assert len(TAGS.clean([f"k{i}=v" for i in range(50)])) == 50


def test_tags_example_is_given_as_key_equals_value_text() -> None:
    assert TAGS.example_raw() == ["Department=Test"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("owner", "owner"), ("  owner  ", "owner"), ("Équipe", "Équipe"), ("k" * 128, "k" * 128)],
)
def test_tag_key_param_accepts_valid_keys(raw: str, expected: str) -> None:
    assert TAG_KEY.clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "required"),
        ("k" * 129, "at most 128"),
        ("aws:owner", "reserved"),
        ("AWS:owner", "reserved"),
        ('own"er', "double quote"),
        ("own🚀", "U+00FF"),
    ],
)
def test_tag_key_param_refuses_invalid_keys(raw: str, fragment: str) -> None:
    assert fragment in message(TAG_KEY, raw)


# --- Account ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (ACCOUNT, ACCOUNT),
        ("  111122223333 ", ACCOUNT),
        ("1111-2222-3333", ACCOUNT),
        ("000000000000", "000000000000"),
        (111122223333, ACCOUNT),
    ],
)
def test_account_accepts_twelve_digits(raw: Any, expected: str) -> None:
    assert ACCOUNT_PARAM.clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param("", "required", id="empty"),
        pytest.param("11112222333", "this has 11", id="11-digits"),
        pytest.param("1111222233334", "this has 13", id="13-digits"),
        pytest.param("11112222333a", "exactly 12 digits", id="letter"),
        pytest.param("1111 2222 3333", "exactly 12 digits", id="inner-spaces"),
        pytest.param("111-122-223-333", "exactly 12 digits", id="wrong-dashes"),
        pytest.param("*", "exactly 12 digits", id="wildcard"),
        pytest.param("１１１１２２２２３３３３", "exactly 12 digits", id="fullwidth-digits"),
    ],
)
def test_account_refuses_anything_but_twelve_digits(raw: str, fragment: str) -> None:
    assert fragment in message(ACCOUNT_PARAM, raw)


def test_optional_account_left_empty_is_none() -> None:
    assert OPTIONAL_ACCOUNT.clean("") is None


# --- KMS key ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(KEY_UUID, KmsKey(KEY_UUID), id="uuid"),
        pytest.param(KEY_UUID.upper(), KmsKey(KEY_UUID), id="uuid-upper-case"),
        pytest.param(MRK, KmsKey(MRK), id="multi-region"),
        pytest.param(
            f"arn:aws:kms:eu-west-2:{ACCOUNT}:key/{KEY_UUID}",
            KmsKey(KEY_UUID, "aws", "eu-west-2", ACCOUNT),
            id="arn",
        ),
        pytest.param(
            f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{MRK}",
            KmsKey(MRK, "aws", "us-east-1", ACCOUNT),
            id="multi-region-arn",
        ),
        pytest.param(
            f"arn:aws-cn:kms:cn-north-1:{ACCOUNT}:key/{KEY_UUID}",
            KmsKey(KEY_UUID, "aws-cn", "cn-north-1", ACCOUNT),
            id="china-arn",
        ),
        pytest.param(
            f"arn:aws-us-gov:kms:us-gov-west-1:{ACCOUNT}:key/{KEY_UUID}",
            KmsKey(KEY_UUID, "aws-us-gov", "us-gov-west-1", ACCOUNT),
            id="govcloud-arn",
        ),
    ],
)
def test_kms_key_accepts_key_ids_and_key_arns(raw: str, expected: KmsKey) -> None:
    assert KMS.clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param("", "required", id="empty"),
        pytest.param("alias/my-key", "alias cannot be used", id="alias"),
        pytest.param(
            f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/my-key", "alias cannot be used", id="alias-arn"
        ),
        pytest.param("1234abcd-12ab-34cd-56ef-1234567890a", "is a UUID", id="uuid-too-short"),
        pytest.param("1234abcd-12ab-34cd-56ef-1234567890abc", "is a UUID", id="uuid-too-long"),
        pytest.param("1234abcd12ab34cd56ef1234567890ab", "is a UUID", id="uuid-no-dashes"),
        pytest.param("1234abcg-12ab-34cd-56ef-1234567890ab", "is a UUID", id="uuid-non-hex"),
        pytest.param("{1234abcd-12ab-34cd-56ef-1234567890ab}", "is a UUID", id="uuid-braces"),
        pytest.param("1234abcd-12ab-34cd-1234567890ab", "is a UUID", id="uuid-missing-group"),
        pytest.param("mrk-" + "0" * 31, "mrk-", id="mrk-31-hex"),
        pytest.param("mrk-" + "0" * 33, "mrk-", id="mrk-33-hex"),
        pytest.param("mrk-" + "g" * 32, "mrk-", id="mrk-non-hex"),
        pytest.param("arn:aws:kms", "not a well-formed ARN", id="truncated-arn"),
        pytest.param(
            f"arn:aws:s3:us-east-1:{ACCOUNT}:key/{KEY_UUID}", "not a KMS key", id="wrong-service"
        ),
        pytest.param(
            f"arn:aws-cn:kms:us-east-1:{ACCOUNT}:key/{KEY_UUID}",
            "not in partition aws-cn",
            id="wrong-partition",
        ),
        pytest.param(
            f"arn:aws-iso:kms:us-iso-east-1:{ACCOUNT}:key/{KEY_UUID}",
            "Unknown partition",
            id="closed-partition",
        ),
        pytest.param(
            f"arn:aws:kms:us-east-9:{ACCOUNT}:key/{KEY_UUID}", "Unknown region", id="bad-region"
        ),
        pytest.param(f"arn:aws:kms::{ACCOUNT}:key/{KEY_UUID}", "Unknown region", id="empty-region"),
        pytest.param(
            f"arn:aws:kms:us-east-1:11112222333:key/{KEY_UUID}", "12 digits", id="account-11"
        ),
        pytest.param(
            f"arn:aws:kms:us-east-1:1111222233334:key/{KEY_UUID}", "12 digits", id="account-13"
        ),
        pytest.param(f"arn:aws:kms:us-east-1::key/{KEY_UUID}", "12 digits", id="no-account"),
        pytest.param(
            f"arn:aws:kms:us-east-1:{ACCOUNT}:{KEY_UUID}", "ends in key/", id="no-key-prefix"
        ),
        pytest.param(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/not-a-key", "is a UUID", id="bad-id"),
    ],
)
def test_kms_key_refuses_aliases_and_malformed_keys(raw: str, fragment: str) -> None:
    assert fragment in message(KMS, raw)


def test_kms_alias_refusal_says_iam_needs_key_arns() -> None:
    assert "key ARN" in message(KMS, "alias/my-key")


# --- Amazon Connect instance -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(UUID, ConnectInstance(UUID), id="id"),
        pytest.param(UUID.upper(), ConnectInstance(UUID), id="id-upper-case"),
        pytest.param(f"  {UUID}\n", ConnectInstance(UUID), id="id-with-whitespace"),
        pytest.param(
            f"arn:aws:connect:eu-west-2:{ACCOUNT}:instance/{UUID}",
            ConnectInstance(UUID, "aws", "eu-west-2", ACCOUNT),
            id="arn",
        ),
        pytest.param(
            f"arn:aws-us-gov:connect:us-gov-west-1:{ACCOUNT}:instance/{UUID}",
            ConnectInstance(UUID, "aws-us-gov", "us-gov-west-1", ACCOUNT),
            id="govcloud-arn",
        ),
    ],
)
def test_instance_accepts_id_or_arn(raw: str, expected: ConnectInstance) -> None:
    assert INSTANCE.clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param("", "required", id="empty"),
        pytest.param("instance-id", "instance ID", id="placeholder"),
        pytest.param("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "instance ID", id="doc-example"),
        pytest.param(UUID[:-1], "instance ID", id="uuid-too-short"),
        pytest.param(
            f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{UUID}/agent/{UUID}",
            "inside the instance",
            id="agent-arn",
        ),
        pytest.param(
            f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{UUID}/queue/*",
            "inside the instance",
            id="queue-arn",
        ),
        pytest.param(
            f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/not-a-uuid",
            "not a UUID",
            id="arn-bad-id",
        ),
        pytest.param(
            f"arn:aws:kms:us-east-1:{ACCOUNT}:instance/{UUID}",
            "not an Amazon Connect instance",
            id="wrong-service",
        ),
        pytest.param(
            f"arn:aws:connect:cn-north-1:{ACCOUNT}:instance/{UUID}",
            "not in partition aws",
            id="region-of-other-partition",
        ),
        pytest.param(
            f"arn:aws:connect:mars-1:{ACCOUNT}:instance/{UUID}", "Unknown region", id="bad-region"
        ),
        pytest.param(
            f"arn:aws:connect:us-east-1:1111:instance/{UUID}", "12 digits", id="short-account"
        ),
        pytest.param("arn:aws:connect:us-east-1", "not a well-formed ARN", id="truncated-arn"),
    ],
)
def test_instance_refuses_malformed_ids_and_other_arns(raw: str, fragment: str) -> None:
    assert fragment in message(INSTANCE, raw)


# --- Region and partition --------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["us-east-1", "eu-west-2", "ap-southeast-2", "cn-north-1", "us-gov-west-1"]
)
def test_region_accepts_known_regions(raw: str) -> None:
    assert REGION.clean(raw) == raw


@pytest.mark.parametrize("raw", ["us-east-9", "US-EAST-1", "useast1", "aws-global", "mars-1"])
def test_region_refuses_unknown_regions(raw: str) -> None:
    assert "not an AWS region" in message(REGION, raw)


def test_optional_region_left_empty_is_none() -> None:
    assert REGION.clean("") is None


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_every_partition_offers_amazon_connect_regions_first(partition: str) -> None:
    offered = regions.regions(partition)
    connect = regions.connect_regions(partition)
    assert offered[: len(connect)] == connect


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_partition_accepts_the_three_open_partitions(partition: str) -> None:
    assert PARTITION.clean(partition) == partition


def test_partition_left_empty_is_left_for_the_engine_to_decide() -> None:
    # The engine takes it from an instance or key ARN, else uses aws.
    assert PARTITION.clean("") is None


@pytest.mark.parametrize("raw", ["aws-iso", "aws-iso-b", "AWS", "amazon", "aws-eusc"])
def test_partition_refuses_other_values(raw: str) -> None:
    assert "Partition must be one of aws, aws-cn, aws-us-gov" in message(PARTITION, raw)


# --- Actions checklist -----------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", []])
def test_actions_left_empty_are_the_defaults(raw: Any) -> None:
    assert ACTIONS.clean(raw) == ("svc:A", "svc:B")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(["svc:B"], ("svc:B",), id="one"),
        pytest.param("svc:B", ("svc:B",), id="bare-string"),
        pytest.param(["svc:C", "svc:A"], ("svc:A", "svc:C"), id="scenario-order-kept"),
        pytest.param(["svc:A,svc:C"], ("svc:A", "svc:C"), id="comma-separated"),
        pytest.param([" svc:a , SVC:C "], ("svc:A", "svc:C"), id="case-and-space-insensitive"),
        pytest.param(["svc:A", "svc:A"], ("svc:A",), id="duplicates-collapse"),
    ],
)
def test_actions_keep_what_is_checked_in_scenario_order(raw: Any, expected: tuple[str]) -> None:
    assert ACTIONS.clean(raw) == expected


def test_actions_refuse_an_action_of_another_scenario() -> None:
    error = message(ACTIONS, ["svc:A", "svc:Z"])
    assert "Not an action of this scenario: svc:Z" in error


@pytest.mark.parametrize("raw", [[""], [","], [" , "]])
def test_actions_refuse_an_empty_selection(raw: Any) -> None:
    assert "at least one action" in message(ACTIONS, raw)


# --- Choices and booleans --------------------------------------------------------------------


SCOPE = ChoiceParam(
    name="scope",
    label="Scope",
    help="",
    example="account",
    default="account",
    choices=(("account", "Account"), ("instance", "Instance")),
)


@pytest.mark.parametrize(("raw", "expected"), [("instance", "instance"), ("", "account")])
def test_choice_accepts_its_values_and_defaults_when_empty(raw: str, expected: str) -> None:
    assert SCOPE.clean(raw) == expected


def test_choice_refuses_other_values_listing_the_choices() -> None:
    assert "Choose one of: account, instance." in message(SCOPE, "everything")


FLAG = BooleanParam(name="flag", label="Flag", help="", example=False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("ON", True), ("1", True), ("", False), ("no", False), (None, False)],
)
def test_boolean_reads_usual_spellings(raw: Any, expected: bool) -> None:
    assert FLAG.clean(raw) is expected


def test_boolean_refuses_other_text() -> None:
    assert "true or false" in message(FLAG, "maybe")


# --- Describe --------------------------------------------------------------------------------


def test_param_description_has_name_type_required_and_example() -> None:
    described = KMS.describe()
    assert {k: described[k] for k in ("name", "type", "required", "example")} == {
        "name": "kms_key",
        "type": "kms_key",
        "required": True,
        "example": KEY_UUID,
    }


def test_account_with_fullwidth_digits_does_not_claim_it_has_twelve_digits() -> None:
    assert "this has 12" not in message(ACCOUNT_PARAM, "１１１１２２２２３３３３")


def test_instance_arn_with_a_newline_after_the_account_is_refused() -> None:
    message(INSTANCE, f"arn:aws:connect:us-east-1:{ACCOUNT}\n:instance/{UUID}")


@pytest.mark.parametrize("raw", [True, 42, 1.5, {"a": 1}])
def test_multi_valued_parameters_refuse_a_non_list_with_a_message(raw) -> None:
    from policybuilder.core.guardrails import RegionsParam
    from policybuilder.core.params import ActionsParam, TagsParam

    params = [
        ActionsParam(name="actions", label="", help="", example=(), choices=("a:B",)),
        TagsParam(name="tags", label="", help="", example=()),
        RegionsParam(name="guard_regions", label="", help="", example=()),
    ]
    for param in params:
        with pytest.raises(ParamError, match="Give a list of values"):
            param.clean(raw)
