"""Custom statements: values to a document, and each field's check (policybuilder.core.custom)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core import custom
from policybuilder.core.validator import errors_among, validate

INSTANCE = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
QUEUE = "c3d4e5f6-7890-12ab-cdef-0123456789ab"


def queue_resource(**changes: str) -> dict[str, str]:
    return {
        "type": "connect:queue",
        "Partition": "aws",
        "Region": "eu-west-2",
        "Account": "111122223333",
        "InstanceId": INSTANCE,
        "QueueId": QUEUE,
        **changes,
    }


def statement(**changes) -> dict:
    return {
        "effect": "Allow",
        "actions": ["connect:DescribeQueue"],
        "resources": [queue_resource()],
        "conditions": [],
        **changes,
    }


def values(*statements: dict) -> dict:
    return {"quota": "managed", "statements": list(statements) or [statement()]}


def first(rendering: custom.CustomRendering) -> dict:
    return rendering.document["Statement"][0]


QUEUE_ARN = f"arn:aws:connect:eu-west-2:111122223333:instance/{INSTANCE}/queue/{QUEUE}"


def test_a_statement_names_its_resource_by_the_catalogues_arn_format():
    assert first(custom.render(values()))["Resource"] == [QUEUE_ARN]


def test_a_statement_keeps_its_effect():
    assert first(custom.render(values(statement(effect="Deny"))))["Effect"] == "Deny"


def test_a_statement_without_resources_is_on_star():
    assert first(custom.render(values(statement(resources=[]))))["Resource"] == "*"


def test_an_action_is_spelt_as_the_catalogue_spells_it():
    rendering = custom.render(values(statement(actions=["connect:describequeue"])))
    assert first(rendering)["Action"] == ["connect:DescribeQueue"]


def test_a_wildcard_is_kept_and_its_expansion_reported():
    rendering = custom.render(values(statement(actions=["connect:DescribeQueue*"])))
    pattern, names = rendering.expansions[0][0]
    assert pattern == "connect:DescribeQueue*"
    assert "connect:DescribeQueue" in names


def test_a_star_resource_id_means_every_such_resource():
    rendering = custom.render(values(statement(resources=[queue_resource(QueueId="*")])))
    assert first(rendering)["Resource"] == [QUEUE_ARN.replace(QUEUE, "*")]


def test_an_empty_partition_is_aws():
    rendering = custom.render(values(statement(resources=[queue_resource(Partition="")])))
    assert first(rendering)["Resource"] == [QUEUE_ARN]


def test_an_instance_arn_gives_its_id():
    arn = f"arn:aws:connect:eu-west-2:111122223333:instance/{INSTANCE}"
    rendering = custom.render(values(statement(resources=[queue_resource(InstanceId=arn)])))
    assert first(rendering)["Resource"] == [QUEUE_ARN]


def test_conditions_are_grouped_by_operator():
    conditions = [
        {"operator": "StringEquals", "key": "aws:ResourceTag/Dept", "values": ["Test"]},
        {"operator": "Bool", "key": "aws:MultiFactorAuthPresent", "values": ["True"]},
    ]
    rendering = custom.render(values(statement(conditions=conditions)))
    assert first(rendering)["Condition"] == {
        "StringEquals": {"aws:ResourceTag/Dept": "Test"},
        "Bool": {"aws:MultiFactorAuthPresent": "true"},
    }


def test_several_values_make_a_list():
    conditions = [{"operator": "StringEquals", "key": "aws:RequestedRegion", "values": ["a", "b"]}]
    rendering = custom.render(values(statement(conditions=conditions)))
    assert first(rendering)["Condition"]["StringEquals"]["aws:RequestedRegion"] == ["a", "b"]


def test_statements_get_unique_sids():
    rendering = custom.render(values(statement(), statement(effect="Deny")))
    assert [s["Sid"] for s in rendering.document["Statement"]] == ["Custom1", "Custom2"]


def test_the_stored_values_render_the_same_document_again():
    rendering = custom.render(values(statement(actions=["connect:describequeue"])))
    assert custom.render(rendering.values).text == rendering.text


def test_a_rendered_policy_has_no_validator_error():
    conditions = [{"operator": "StringLike", "key": "aws:ResourceTag/Dept", "values": ["T*"]}]
    text = custom.render(values(statement(conditions=conditions))).text
    assert errors_among(validate(text)) == []


def test_the_document_is_json_with_a_version():
    assert json.loads(custom.render(values()).text)["Version"] == "2012-10-17"


def test_only_the_keys_type_operators_are_offered_for_a_bool_key():
    assert custom.operators_for("Bool") == ("Bool", "BoolIfExists", "Null")


def test_an_array_keys_operators_carry_a_set_qualifier():
    operators = custom.operators_for("ArrayOfString")
    assert "ForAnyValue:StringEquals" in operators
    assert "StringEquals" not in operators


def test_the_resource_types_offered_are_those_the_actions_take():
    actions = custom.chosen_actions({"actions": ["connect:DescribeQueue"]})
    assert [o.key for o in custom.resource_options(actions)] == ["connect:queue"]


def test_the_keys_offered_include_the_actions_own_and_the_global_ones():
    actions = custom.chosen_actions({"actions": ["connect:DescribeQueue"]})
    keys = {k.key for k in custom.key_options(actions)}
    assert {"connect:InstanceId", "aws:SourceIp"} <= keys


def test_the_search_finds_actions_by_words_of_their_description():
    found = {a.qualified_name for a in custom.search_actions("voice id domain describe")}
    assert "voiceid:DescribeDomain" in found


def test_the_search_covers_no_service_outside_the_family():
    assert custom.search_actions("s3:GetObject") == []


def res(**parts: str) -> dict:
    return {"resources": [queue_resource(**parts)]}


def cond(operator: str, key: str, *given: str) -> dict:
    return {"conditions": [{"operator": operator, "key": key, "values": list(given)}]}


# Every field's error: (the statement's change, the field's path after "statements.0.", words of
# the message).
ERRORS = [
    ({"effect": "Maybe"}, "effect", "Allow or Deny"),
    ({"actions": []}, "actions", "at least one action"),
    ({"actions": ["DescribeQueue"]}, "actions", "is not an action"),
    ({"actions": ["s3:GetObject"]}, "actions", "not one of the services"),
    ({"actions": ["connect:NoSuchThing"]}, "actions", "matches no action"),
    ({"actions": ["connect:Zz*"]}, "actions", "matches no action"),
    ({"sid": "not ok"}, "sid", "letters and digits"),
    ({"resources": [{"type": "kms:key"}]}, "resources.0.type", "takes this resource"),
    (res(Partition="aws-mars"), "resources.0.Partition", "Partition must be"),
    (res(Region=""), "resources.0.Region", "Choose the region"),
    (res(Region="mars-1"), "resources.0.Region", "not an AWS region"),
    (res(Account="1234"), "resources.0.Account", "12 digits; this has 4"),
    (res(Account="*"), "resources.0.Account", "exactly 12 digits"),
    (res(InstanceId="abc"), "resources.0.InstanceId", "instance ID"),
    (res(QueueId=""), "resources.0.QueueId", "required"),
    (res(QueueId="q1"), "resources.0.QueueId", "queue ID is a UUID"),
    ({"resources": ["arn:aws:x"]}, "resources.0", "type and ARN parts"),
    (cond("StringEquals", "", "x"), "conditions.0.key", "Choose the condition key"),
    (
        cond("StringEquals", "aws:ResourceTag/${TagKey}", "x"),
        "conditions.0.key",
        "Replace the ${TagKey}",
    ),
    (
        cond("StringEquals", "kms:ViaService", "x"),
        "conditions.0.key",
        "neither a key these actions support",
    ),
    (cond("StringEquals", "aws:ResourceTag/aws:x", "x"), "conditions.0.key", "reserved for AWS"),
    (cond("", "aws:SourceIp", "x"), "conditions.0.operator", "Choose the operator"),
    (
        cond("StringEquals", "aws:SourceIp", "x"),
        "conditions.0.operator",
        "does not fit aws:SourceIp",
    ),
    (cond("StringEquals", "aws:TagKeys", "x"), "conditions.0.operator", "does not fit aws:TagKeys"),
    (cond("IpAddress", "aws:SourceIp"), "conditions.0.values", "at least one value"),
    (cond("IpAddress", "aws:SourceIp", "10.0.0.300"), "conditions.0.values", "not an IP address"),
    (cond("Bool", "aws:SecureTransport", "yes"), "conditions.0.values", "true or false"),
    (
        cond("NumericLessThan", "aws:MultiFactorAuthAge", "1e3"),
        "conditions.0.values",
        "not a number",
    ),
    (cond("DateLessThan", "aws:CurrentTime", "soon"), "conditions.0.values", "not a date"),
    (cond("ArnLike", "aws:SourceArn", "role/x"), "conditions.0.values", "not an ARN"),
    (cond("Null", "aws:SourceArn", "true", "false"), "conditions.0.values", "Null takes one value"),
    (cond("StringEquals", "aws:username", "a\tb"), "conditions.0.values", "control characters"),
    (cond("StringEquals", "aws:username", "\u0142"), "conditions.0.values", "U+00FF"),
]


@pytest.mark.parametrize(
    ("change", "path", "words"), ERRORS, ids=[f"{e[1]}:{e[2]}" for e in ERRORS]
)
def test_each_wrong_field_is_named_with_its_rule(change, path, words):
    rendering = custom.render(values(statement(**change)))
    assert rendering.document is None
    assert words in rendering.errors[f"statements.0.{path}"]


def test_a_key_tested_twice_with_one_operator_is_refused():
    twice = {"operator": "StringEquals", "key": "aws:username", "values": ["a"]}
    rendering = custom.render(values(statement(conditions=[twice, twice])))
    assert "already tested" in rendering.errors["statements.0.conditions.1.key"]


def test_a_policy_without_statements_is_refused():
    assert "at least one statement" in custom.render({"statements": []}).errors["statements"]


def test_an_unknown_quota_is_refused():
    assert "quota" in custom.render(values() | {"quota": "huge"}).errors


def test_values_that_are_not_an_object_are_refused():
    assert "values" in custom.render(["statements"]).errors


def test_an_action_without_resource_beside_named_resources_gets_a_note():
    rendering = custom.render(
        values(statement(actions=["connect:DescribeQueue", "connect:ListInstances"]))
    )
    assert "connect:ListInstances takes no resource" in rendering.notes[0]


def test_a_sid_given_twice_is_refused_on_the_second_statement():
    rendering = custom.render(values(statement(sid="Read"), statement(sid="Read")))
    assert "each Sid once" in rendering.errors["statements.1.sid"]


def test_a_generated_sid_keeps_out_of_the_way_of_a_given_one():
    rendering = custom.render(values(statement(), statement(sid="Custom1")))
    sids = [s["Sid"] for s in rendering.document["Statement"]]
    assert len(set(sids)) == 2


def test_a_service_prefix_in_capitals_is_read_in_lower_case():
    rendering = custom.render(values(statement(actions=["Connect:DescribeQueue"])))
    assert first(rendering)["Action"] == ["connect:DescribeQueue"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = st.sampled_from(["effect", "actions", "resources", "conditions", "sid", "type", "key"])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(FIELDS, JSON, max_size=5), st.sampled_from(["resources", "conditions"]))
def test_any_json_gives_errors_or_a_document_never_an_exception(item, nested):
    mixed = statement() | item
    broken = values(mixed, statement(**{nested: [item]}))
    rendering = custom.render(broken)
    assert rendering.ok or rendering.errors


def test_an_empty_statement_beside_others_is_left_out_and_said_so():
    rendering = custom.render(values(statement(), custom.empty_statement()))
    assert len(rendering.document["Statement"]) == 1
    assert "Statement 2 is empty" in rendering.notes[0]


def test_only_empty_statements_make_no_policy():
    rendering = custom.render(values(custom.empty_statement(), custom.empty_statement()))
    assert "at least one action" in rendering.errors["statements.0.actions"]


def test_a_multi_valued_keys_hint_explains_the_set_operators():
    assert "ForAnyValue matches when one of them does" in custom.value_hint("ArrayOfString")
