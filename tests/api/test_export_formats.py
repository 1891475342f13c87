"""The API's export formats are core/exports.py's table, not a list of its own."""

from __future__ import annotations

import typing

from policybuilder.api.api import ExportFormat
from policybuilder.core import exports


def test_the_api_offers_exactly_the_table_s_formats():
    assert typing.get_args(ExportFormat) == exports.NAMES


def test_the_openapi_schema_lists_the_table_s_formats(client):
    schema = client.get("/api/openapi.json").json()
    found = [
        node["enum"]
        for node in _walk(schema)
        if isinstance(node, dict) and "cloudformation-yaml" in node.get("enum", [])
    ]
    assert found and all(tuple(enum) == exports.NAMES for enum in found)


def _walk(node):
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _walk(child)
