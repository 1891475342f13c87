"""The scenarios' JSON text (core/document.dumps) is json's own, byte for byte."""

from __future__ import annotations

import json

import pytest

from policybuilder.core import scenarios
from policybuilder.core.document import canonical, dumps


def json_text(document) -> str:
    return json.dumps(canonical(document), indent=4, ensure_ascii=False) + "\n"


def test_every_scenarios_example_policy_is_json_indented_text():
    documents = [scenarios.render(s, s.example_values()).document for s in scenarios.SCENARIOS]
    documents = [d for d in documents if d is not None]
    assert len(documents) > 10
    for document in documents:
        assert dumps(document) == json_text(document)


@pytest.mark.parametrize(
    "document",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [[]], "d": [{}]},
        {"n": [1, -2, 0], "flags": [True, False, None], "mixed": ["a", 1, ["b"], {"c": "d"}]},
        {"escaped": 'quote " backslash \\ newline \n tab \t é \u2028 < > & \x00'},
        {"float": 1.5, "big": 10**30},
        {1: "an int key", "s": "x"},
        ("a", "tuple"),
        {"Statement": [{"Resource": "*", "Effect": "Allow", "Sid": "S"}], "Version": "v"},
        {"nested": {"deeper": {"deepest": ["x", "y"]}}},
    ],
)
def test_any_json_value_gets_jsons_text(document):
    assert dumps(document) == json_text(document)


def test_subclasses_of_str_and_int_get_jsons_text():
    class Name(str):
        pass

    class Count(int):
        pass

    document = {"a": Name("x"), "b": [Name("y")], "c": Count(3), Name("k"): "v"}
    assert dumps(document) == json_text(document)
