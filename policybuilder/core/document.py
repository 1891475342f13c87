"""The IAM policy document model and its canonical JSON form.

A document is built from :class:`Statement` objects and serialised with the
``json`` module only: keys in IAM's canonical order, four-space indent, a
final newline.  The same inputs always give byte-identical output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

VERSION = "2012-10-17"

DOCUMENT_KEY_ORDER = ("Version", "Id", "Statement")
STATEMENT_KEY_ORDER = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)

SID_RE = re.compile(r"[A-Za-z0-9]*")

Condition = Mapping[str, Mapping[str, str | Sequence[str]]]


@dataclass(frozen=True)
class Statement:
    """One statement of an identity-based policy."""

    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...] = ("*",)
    sid: str | None = None
    condition: Condition = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.effect not in ("Allow", "Deny"):
            raise ValueError(f"Effect must be Allow or Deny, not {self.effect!r}")
        if not self.actions:
            raise ValueError("a statement needs at least one action")
        if not self.resources:
            raise ValueError("a statement needs at least one resource")
        if self.sid is not None and not SID_RE.fullmatch(self.sid):
            raise ValueError(f"Sid {self.sid!r} must be alphanumeric")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.sid:
            out["Sid"] = self.sid
        out["Effect"] = self.effect
        out["Action"] = _one_or_list(self.actions)
        out["Resource"] = _one_or_list(self.resources)
        if self.condition:
            out["Condition"] = {
                op: {key: _value(v) for key, v in keys.items()}
                for op, keys in self.condition.items()
            }
        return out


def _one_or_list(values: Sequence[str]) -> str | list[str]:
    """A single ``"*"`` stays a string, as AWS writes it; everything else is a list."""
    if len(values) == 1 and values[0] == "*":
        return "*"
    return list(values)


def _value(v: str | Sequence[str]) -> str | list[str]:
    return v if isinstance(v, str) else list(v)


def build_document(statements: Iterable[Statement]) -> dict[str, Any]:
    """A complete policy document; Sids must be unique."""
    statements = list(statements)
    sids = [s.sid for s in statements if s.sid]
    if len(sids) != len(set(sids)):
        raise ValueError(f"duplicate Sids in {sids}")
    return {"Version": VERSION, "Statement": [s.to_dict() for s in statements]}


def canonical(document: Any) -> Any:
    """The same document with keys in IAM's canonical order (unknown keys last, in their order)."""
    if isinstance(document, dict):
        order = DOCUMENT_KEY_ORDER if "Statement" in document else None
        out = _ordered(document, order) if order else dict(document)
        if isinstance(out.get("Statement"), list):
            out["Statement"] = [
                _ordered(s, STATEMENT_KEY_ORDER) if isinstance(s, dict) else s
                for s in out["Statement"]
            ]
        elif isinstance(out.get("Statement"), dict):
            out["Statement"] = _ordered(out["Statement"], STATEMENT_KEY_ORDER)
        return out
    return document


def _ordered(mapping: Mapping[str, Any], order: Sequence[str]) -> dict[str, Any]:
    known = [k for k in order if k in mapping]
    rest = [k for k in mapping if k not in order]
    return {k: mapping[k] for k in known + rest}


def dumps(document: Any) -> str:
    """The canonical JSON text: canonical key order, 4-space indent, final newline."""
    ordered = canonical(document)
    try:
        chunks: list[str] = []
        _indented(ordered, "\n", chunks)
        return "".join(chunks) + "\n"
    except _NotPlain:
        return json.dumps(ordered, indent=4, ensure_ascii=False) + "\n"


class _NotPlain(Exception):
    """A value ``_indented`` leaves to ``json`` (a float, a subclass, a non-string key...)."""


#: ``json``'s own string encoder for ``ensure_ascii=False`` (its C version when built).
_string = json.encoder.encode_basestring


def _indented(value: Any, newline: str, out: list[str]) -> None:
    """``json.dumps(value, indent=4, ensure_ascii=False)``'s text, appended to ``out``, for the
    values a policy holds: str, int, bool, None, lists and dicts with string keys (anything
    else raises _NotPlain). ``json`` writes an indented text in pure Python, through a
    generator per container, and the live preview writes one on every keystroke; this is
    twice as fast, and tests/core/test_scenarios_json_text.py holds it to json's text.
    ``newline`` is the line break and indentation before the value's items' closing level."""
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "    "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            out.append(separator)
            out.append(_string(key))
            out.append(": ")
            _indented(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "    "
        try:  # most lists are of strings (actions, resources): one join, strings encoded in C
            out.append(f"[{inner}{(',' + inner).join(map(_string, value))}{newline}]")
            return
        except TypeError:  # an item that is not a string
            pass
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _indented(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    elif kind is int:
        out.append(int.__repr__(value))
    else:
        raise _NotPlain


class DocumentResult:
    """What a scenario's, a combined policy's and a custom policy's rendering share: a
    ``document``, or ``errors`` (each keeps its own kind of errors and its own fields)."""

    document: dict[str, Any] | None
    errors: Mapping[Any, Any]

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.errors

    @property
    def text(self) -> str | None:
        return dumps(self.document) if self.document is not None else None


def minified_size(document: Any) -> int:
    """Characters IAM counts against the size quota (JSON without insignificant whitespace)."""
    return len(_MINIFIED.encode(document))


#: json.dumps(separators=(",", ":"), ensure_ascii=False), without the check for circular
#: references (a dict of every container's id, kept up as it writes, 15 % of its time on the
#: largest managed policies): a document here is parsed JSON or built by the scenario engine, a
#: tree either way. (A circular structure would end in RecursionError instead of ValueError.)
_MINIFIED = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False)
