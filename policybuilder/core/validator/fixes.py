"""Mechanical fixes: copy the document, change one thing, render it canonically.

A fix carries the complete corrected policy (the text of ``document.dumps``) so that the
web page and the CLI can apply it without knowing how it was made.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Callable
from typing import Any

from policybuilder.core.document import canonical

from .findings import Fix, LazyFix

Tokens = tuple[str | int, ...]


def copy_document(document: Any) -> Any:
    """A deep copy of JSON data: a marshal round trip, which gives what a JSON round trip
    gives (dicts in their order, lists, str, int, float, bool, None) in a quarter of its
    time (and that was much faster than copy.deepcopy).  Format 2 writes no references,
    so that a value held in two places is copied twice, as a JSON round trip copies it."""
    return marshal.loads(marshal.dumps(document, 2))


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


def rename_key(document: Any, tokens: Tokens, new: str) -> None:
    """Rename a member keeping its place among its siblings."""
    parent = container_at(document, tokens[:-1])
    old = tokens[-1]
    items = [(new if k == old else k, v) for k, v in parent.items()]
    parent.clear()
    parent.update(items)


def render(document: Any) -> str:
    """``document.dumps(document)``, the same text, with each statement rendered once.

    A policy with many findings gets a corrected copy per fix, and each differs from
    the original in one place: the statements' texts are kept (keyed by their marshal
    bytes, see :func:`_statement`) so only what changed is rendered again.
    """
    return "".join(_pieces(document))


def _pieces(document: Any) -> list[str]:
    """The pieces of :func:`render`'s text: each statement's (shared with the other fixes of
    the policy, see :func:`_statement`) one piece, the text between them others."""
    value = canonical(document)
    statements = value.get("Statement") if isinstance(value, dict) else None
    if not isinstance(statements, list) or not statements:
        return [_value(value, 0) + "\n"]
    # _container(value, 0), written out for a top level with a non-empty statement list
    pieces = ["{"]
    before = "\n    "
    for key, item in value.items():
        name = _string(key) if type(key) is str else json.dumps(key, ensure_ascii=False)
        pieces.append(before + name + ": ")
        before = ",\n    "
        if key != "Statement":
            pieces.append(_string(item) if type(item) is str else _value(item, 1))
            continue
        between = "[\n        "
        for statement in statements:
            pieces.append(between)
            pieces.append(_string(statement) if type(statement) is str else _value(statement, 2))
            between = ",\n        "
        pieces.append("\n    ]")
    pieces.append("\n}\n")
    return pieces


def _value(value: Any, level: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        if level == 2:
            return _statement(value)
        return _container(value, level)
    if isinstance(value, list):
        return _container(value, level) if value else "[]"
    if type(value) is str:
        return _string(value)
    return json.dumps(value, ensure_ascii=False)


#: What json.dumps(text, ensure_ascii=False) calls for a str, without its per-call set-up
#: (an encoder object per call: most of the time of rendering a large policy's fix).
_string = json.encoder.encode_basestring


def _container(value: Any, level: int) -> str:
    inner = "\n" + "    " * (level + 1)
    if isinstance(value, dict):
        items = [
            (_string(k) if type(k) is str else json.dumps(k, ensure_ascii=False))
            + ": "
            + (_string(v) if type(v) is str else _value(v, level + 1))
            for k, v in value.items()
        ]
        opening, closing = "{", "}"
    else:  # strings, most of a policy's values, are written here, not through _value
        try:
            # A list of strings only (most lists: actions, resources) is encoded at C
            # speed; _string refuses anything else with a TypeError.
            items = list(map(_string, value))
        except TypeError:
            items = [_string(v) if type(v) is str else _value(v, level + 1) for v in value]
        opening, closing = "[", "]"
    return opening + inner + ("," + inner).join(items) + "\n" + "    " * level + closing


_STATEMENTS: dict[bytes, str] = {}
#: A statement's text (a piece of :func:`_pieces`) as it reads inside a JSON string.
_ESCAPED: dict[str, str] = {}


def _statement(value: dict[str, Any]) -> str:
    # The key is the statement's marshal bytes (format 2: no references, no interned
    # flags): they fix its types, values and key order, all that its text depends on, and
    # are three times faster to make than its compact JSON.
    key = marshal.dumps(value, 2)
    text = _STATEMENTS.get(key)
    if text is None:
        if len(_STATEMENTS) > 4096:
            _STATEMENTS.clear()
            _ESCAPED.clear()
        text = _STATEMENTS[key] = _container(value, 2)
    return text


def make_fix(description: str, document: Any, change: Callable[..., None] | None) -> Fix:
    """A Fix with the corrected document; without ``change`` only the description is given."""
    if change is None:
        return Fix(description, None)

    def corrected_pieces() -> list[str] | None:
        try:
            corrected = copy_document(document)
            change(corrected)
            return _pieces(corrected)
        except (KeyError, IndexError, TypeError, ValueError):
            return None

    return LazyFix(description, _Corrected(corrected_pieces))


_NOT_YET: Any = object()


class _Corrected:
    """A fix's corrected document, made on first use: its text for ``LazyFix.document``, and
    its JSON string for the JSON report made of the pieces' escaped texts, each statement's
    escaped once for all the fixes of its policy (two thirds of the report's 32 MB of
    documents on the managed policies are statements that a fix leaves alone)."""

    __slots__ = ("_make", "_pieces")

    def __init__(self, make: Callable[[], list[str] | None]) -> None:
        self._make = make
        self._pieces: Any = _NOT_YET

    def pieces(self) -> list[str] | None:
        if self._pieces is _NOT_YET:
            self._pieces = self._make()
        return self._pieces

    def __call__(self) -> str | None:
        pieces = self.pieces()
        return None if pieces is None else "".join(pieces)

    def json(self) -> str:
        """``json.dumps(self(), ensure_ascii=False)``: a JSON string escapes each character
        alone, so the pieces can be escaped one by one."""
        pieces = self.pieces()
        if pieces is None:
            return "null"
        return "".join(['"', *map(_escaped, pieces), '"'])  # one copy of a large text


def _escaped(piece: str) -> str:
    if len(piece) < 256:  # the text between statements, a short statement
        return _string(piece)[1:-1]
    text = _ESCAPED.get(piece)
    if text is None:
        text = _ESCAPED[piece] = _string(piece)[1:-1]
    return text
