"""The one table of condition operators, and the grammar's copy of its names."""

from __future__ import annotations

import json

from policybuilder.core import condition_operators
from policybuilder.core.validator.grammar import SCHEMA_PATH


def _schema_operator_pattern() -> str:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("x-code") == "INVALID_CONDITION_OPERATOR" and "pattern" in node:
                found.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    [pattern] = found
    return pattern


def test_the_grammar_schema_names_exactly_the_tables_operators():
    qualifiers = "|".join(f"{q}:" for q in condition_operators.QUALIFIERS)
    names = "|".join(condition_operators.BASES)
    assert _schema_operator_pattern() == f"^({qualifiers})?({names})(IfExists)?$"


def test_an_exact_reading_refuses_another_case():
    assert condition_operators.split_name("stringequals", exact=True) is None


def test_a_forgiving_reading_gives_iams_spelling_of_each_part():
    assert condition_operators.split_name(" forallvalues : stringlikeifexists", exact=False) == (
        "ForAllValues",
        "StringLike",
        True,
    )
