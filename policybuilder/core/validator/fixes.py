"""Mechanical fixes: copy the document, change one thing, render it canonically.

A fix carries the complete corrected policy (``document.dumps``) so that the
web page and the CLI can apply it without knowing how it was made.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from policybuilder.core.document import dumps

from .findings import Fix, LazyFix

Tokens = tuple[str | int, ...]


def copy_document(document: Any) -> Any:
    """A deep copy (a JSON round trip is much faster than copy.deepcopy for JSON data)."""
    return json.loads(json.dumps(document))


def container_at(document: Any, tokens: Tokens) -> Any:
    node = document
    for token in tokens:
        node = node[token]
    return node


def set_at(document: Any, tokens: Tokens, value: Any) -> None:
    container_at(document, tokens[:-1])[tokens[-1]] = value


def delete_at(document: Any, tokens: Tokens) -> None:
    """Delete a member or item; a list left with one string collapses to nothing special."""
    parent = container_at(document, tokens[:-1])
    del parent[tokens[-1]]


def delete_items(document: Any, tokens: Tokens, indexes: list[int]) -> None:
    """Delete several items of the list at ``tokens`` (highest index first)."""
    target = container_at(document, tokens)
    for i in sorted(set(indexes), reverse=True):
        del target[i]


def rename_key(document: Any, tokens: Tokens, new: str) -> None:
    """Rename a member keeping its place among its siblings."""
    parent = container_at(document, tokens[:-1])
    old = tokens[-1]
    items = [(new if k == old else k, v) for k, v in parent.items()]
    parent.clear()
    parent.update(items)


def make_fix(description: str, document: Any, change: Callable[[Any], None] | None) -> Fix:
    """A Fix with the corrected document; without ``change`` only the description is given."""
    if change is None:
        return Fix(description, None)

    def render() -> str | None:
        try:
            corrected = copy_document(document)
            change(corrected)
            return dumps(corrected)
        except (KeyError, IndexError, TypeError, ValueError):
            return None

    return LazyFix(description, render)
