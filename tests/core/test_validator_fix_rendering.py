"""A fix's document is rendered statement by statement, and reads exactly as document.dumps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policybuilder.core.document import dumps
from policybuilder.core.validator.fixes import render

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "validator" / "identity_checks.json"
DOCUMENTS = [
    entry[side]
    for entry in json.loads(FIXTURE.read_text())["checks"].values()
    for side in ("trips", "passes")
    if not isinstance(entry[side], str)
]
EDGES = [
    {},
    [],
    {"Statement": []},
    {"Statement": {"Effect": "Allow", "Action": []}},
    {
        "Id": 1.5,
        "Statement": [{}, {"Condition": {}}, {"Sid": "caf\u00e9", "Resource": [None, True]}],
    },
]


@pytest.mark.parametrize("document", DOCUMENTS + EDGES)
def test_the_rendered_fix_is_the_canonical_text(document):
    assert render(document) == dumps(document)


def test_a_statement_seen_before_is_rendered_the_same_in_another_policy():
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    render({"Version": "2012-10-17", "Statement": [statement]})
    other = {"Version": "2012-10-17", "Statement": [{"Sid": "A", **statement}, statement]}
    assert render(other) == dumps(other)
