"""The canonical JSON form of a policy document.

Users diff, commit and paste these documents, so the text must be stable
(same input, same bytes), in the order AWS itself writes, and always valid
JSON whatever characters a value holds.
"""

from __future__ import annotations

import json

import pytest

from policybuilder.core.document import (
    VERSION,
    Statement,
    build_document,
    canonical,
    dumps,
    minified_size,
)


def statement(**overrides: object) -> Statement:
    """A small valid statement, with fields overridden per test."""
    fields: dict[str, object] = {
        "effect": "Allow",
        "actions": ("connect:DescribeUser",),
        "resources": ("*",),
        "sid": "DescribeUsers",
    }
    fields.update(overrides)
    return Statement(**fields)  # type: ignore[arg-type]


def test_document_has_version_2012_10_17() -> None:
    assert build_document([statement()])["Version"] == VERSION == "2012-10-17"


def test_document_keys_are_version_then_statement() -> None:
    assert list(canonical({"Statement": [], "Version": VERSION})) == ["Version", "Statement"]


def test_statement_keys_follow_iam_canonical_order() -> None:
    scrambled = {
        "Version": VERSION,
        "Statement": [
            {
                "Condition": {},
                "NotResource": "x",
                "Resource": "*",
                "NotAction": "y",
                "Action": "a:B",
                "Effect": "Allow",
                "Sid": "S",
            }
        ],
    }
    ordered = canonical(scrambled)["Statement"][0]
    assert list(ordered) == [
        "Sid",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    ]


def test_unknown_statement_keys_come_last_in_their_order() -> None:
    ordered = canonical({"Statement": [{"Zed": 1, "Effect": "Allow", "Alpha": 2}]})
    assert list(ordered["Statement"][0]) == ["Effect", "Zed", "Alpha"]


def test_a_single_statement_object_is_ordered_too() -> None:
    ordered = canonical({"Statement": {"Action": "a:B", "Sid": "S"}})
    assert list(ordered["Statement"]) == ["Sid", "Action"]


def test_rendered_statement_keys_are_in_canonical_order() -> None:
    condition = {"StringEquals": {"aws:ResourceTag/Dept": "Test"}}
    rendered = build_document([statement(condition=condition)])["Statement"][0]
    assert list(rendered) == ["Sid", "Effect", "Action", "Resource", "Condition"]


def test_text_is_indented_with_four_spaces() -> None:
    lines = dumps(build_document([statement()])).splitlines()
    assert lines[1] == '    "Version": "2012-10-17",'
    assert lines[3].startswith("        {")


def test_text_ends_with_exactly_one_newline() -> None:
    text = dumps(build_document([statement()]))
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")


def test_identical_input_gives_byte_identical_text() -> None:
    first = dumps(build_document([statement(), statement(sid="Other")])).encode()
    second = dumps(build_document([statement(), statement(sid="Other")])).encode()
    assert first == second


def test_key_insertion_order_does_not_change_the_text() -> None:
    forward = {"Version": VERSION, "Statement": [{"Sid": "S", "Effect": "Allow"}]}
    backward = {"Statement": [{"Effect": "Allow", "Sid": "S"}], "Version": VERSION}
    assert dumps(forward) == dumps(backward)


def test_a_lone_star_resource_is_written_as_a_string() -> None:
    assert build_document([statement()])["Statement"][0]["Resource"] == "*"


def test_one_real_resource_is_written_as_a_list() -> None:
    arn = "arn:aws:connect:us-east-1:111122223333:instance/x"
    assert build_document([statement(resources=(arn,))])["Statement"][0]["Resource"] == [arn]


def test_actions_are_always_a_list() -> None:
    assert build_document([statement()])["Statement"][0]["Action"] == ["connect:DescribeUser"]


def test_a_statement_without_sid_has_no_sid_key() -> None:
    assert "Sid" not in build_document([statement(sid=None)])["Statement"][0]


@pytest.mark.parametrize("sid", ["ViewUsers", "Statement1", "A", "0"])
def test_alphanumeric_sids_are_accepted(sid: str) -> None:
    assert statement(sid=sid).sid == sid


@pytest.mark.parametrize(
    "sid", ["View-Users", "View Users", "View_Users", "Sid!", "Café", "Sid\nX", '"']
)
def test_non_alphanumeric_sids_are_refused(sid: str) -> None:
    with pytest.raises(ValueError, match="alphanumeric"):
        statement(sid=sid)


def test_a_sid_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(ValueError, match="alphanumeric"):
        statement(sid="Sid\n")


def test_duplicate_sids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate Sids"):
        build_document([statement(sid="Same"), statement(sid="Same")])


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        ({"effect": "allow"}, "Effect must be Allow or Deny"),
        ({"actions": ()}, "at least one action"),
        ({"resources": ()}, "at least one resource"),
    ],
)
def test_invalid_statements_are_refused(overrides: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        statement(**overrides)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param('say "hi"', id="double-quote"),
        pytest.param("back\\slash", id="backslash"),
        pytest.param("two\nlines", id="newline"),
        pytest.param("tab\there", id="tab"),
        pytest.param("\u2028line-separator", id="u2028"),
        pytest.param("</script><script>", id="html"),
        pytest.param('"}]}, {"Effect": "Allow', id="injection"),
        pytest.param("Café Équipe", id="latin-1"),
        pytest.param("🚀", id="emoji"),
        pytest.param("\x00nul", id="nul"),
    ],
)
def test_json_breaking_characters_in_values_round_trip(value: str) -> None:
    document = build_document(
        [statement(condition={"StringEquals": {"aws:ResourceTag/Dept": value}})]
    )
    assert json.loads(dumps(document)) == document


def test_injected_json_stays_inside_its_string() -> None:
    value = '"}]}, {"Effect": "Allow", "Action": "*", "Resource": "*'
    document = build_document(
        [statement(condition={"StringEquals": {"aws:ResourceTag/Dept": value}})]
    )
    parsed = json.loads(dumps(document))
    assert len(parsed["Statement"]) == 1
    assert parsed["Statement"][0]["Condition"]["StringEquals"]["aws:ResourceTag/Dept"] == value


def test_latin_1_letters_are_written_as_themselves() -> None:
    document = build_document([statement(condition={"StringEquals": {"aws:ResourceTag/k": "é"}})])
    assert '"aws:ResourceTag/k": "é"' in dumps(document)


def test_condition_list_values_are_written_as_lists() -> None:
    condition = {"StringEquals": {"aws:ResourceTag/k": ("a", "b")}}
    rendered = build_document([statement(condition=condition)])["Statement"][0]
    assert rendered["Condition"]["StringEquals"]["aws:ResourceTag/k"] == ["a", "b"]


def test_minified_size_counts_json_without_whitespace() -> None:
    document = {"Version": VERSION, "Statement": []}
    assert minified_size(document) == len('{"Version":"2012-10-17","Statement":[]}')
