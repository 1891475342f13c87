"""Policy variables (``${aws:username}``) in Resource elements and condition values.

Source: IAM User Guide, "IAM policy elements: Variables and tags" (sections "Policy
variables with no value", "Special characters" and "Specifying default values").

* ``${key}`` is replaced by the request's value of ``key``; keys are case-insensitive.
* ``${*}``, ``${?}`` and ``${$}`` stand for the characters ``*``, ``?`` and ``$`` themselves,
  never wildcards: they become ``Literal(ch, wildcard_ok=False)``.
* ``${key, 'default'}``: when the request has no value for ``key``, the default text is used.
  Spaces around the key and the quoted default are ignored; inside the quotes ``''`` is one
  ``'``.  The default is used as written, once: it is not searched for more variables.
* The documented rule for a key with no value ("Policy variables with no value"): the value is
  effectively null, so there is nothing it equals or is like.  :func:`substitute` returns
  ``None`` for such a template; the evaluator then lets that Resource entry match no resource
  and that condition value match no request value, so ``StringEquals`` is not met and
  ``StringNotEquals`` (which wants "not equal to") is met.
* AWS: a multivalued key cannot be used as a variable.  A request value that is a list is
  treated as no value (the default applies, if there is one).
* Rule chosen: text substituted from the request, and a default, are literal characters: a
  user name containing ``*`` does not become a wildcard.  This is the reading that never lets a
  request widen the statement that names it.
* Rule chosen: ``${`` with no closing ``}``, an empty ``${}``, and a malformed default
  (``${key, value}`` without quotes) are not variables and stay ordinary text.
* Variables work only in policies with ``"Version": "2012-10-17"``; in older (or missing)
  versions ``${aws:username}`` is ordinary text (AWS: "Version" element).  The evaluator
  passes ``enabled=False`` to :func:`parse_template` for such policies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import Request

ESCAPES = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True, slots=True)
class Literal:
    text: str
    wildcard_ok: bool  # False for ${*}, ${?}, ${$} and substituted values: no wildcards


@dataclass(frozen=True, slots=True)
class Variable:
    key: str  # as written, without the surrounding spaces
    default: str | None = None

    @property
    def spelling(self) -> str:
        """How the variable is written (for explanations)."""
        if self.default is None:
            return "${" + self.key + "}"
        return "${" + self.key + ", '" + self.default.replace("'", "''") + "'}"


Part = Literal | Variable

_DEFAULT = re.compile(r"'((?:[^']|'')*)'")


@lru_cache(maxsize=8192)
def parse_template(text: str, enabled: bool = True) -> tuple[Part, ...]:
    """Split ``text`` into literal text and variables; adjacent literal text is merged."""
    if not enabled or "${" not in text:
        return (Literal(text, True),) if text else ()
    parts: list[Part] = []
    buffer: list[str] = []
    i = 0
    while i < len(text):
        start = text.find("${", i)
        if start < 0:
            buffer.append(text[i:])
            break
        buffer.append(text[i:start])
        part, end = _variable_at(text, start)
        if part is None:
            buffer.append("${")
            i = start + 2
            continue
        if isinstance(part, Literal):
            _flush(parts, buffer)
            parts.append(part)
        else:
            _flush(parts, buffer)
            parts.append(part)
        i = end
    _flush(parts, buffer)
    return tuple(_merge(parts))


def _flush(parts: list[Part], buffer: list[str]) -> None:
    joined = "".join(buffer)
    buffer.clear()
    if joined:
        parts.append(Literal(joined, True))


def _merge(parts: Iterable[Part]) -> list[Part]:
    merged: list[Part] = []
    for part in parts:
        previous = merged[-1] if merged else None
        if (
            isinstance(part, Literal)
            and isinstance(previous, Literal)
            and previous.wildcard_ok == part.wildcard_ok
        ):
            merged[-1] = Literal(previous.text + part.text, part.wildcard_ok)
        else:
            merged.append(part)
    return merged


def _variable_at(text: str, start: int) -> tuple[Part | None, int]:
    """The variable that starts at ``text[start:]`` (``${``) and where it ends, or (None, _)."""
    body_start = start + 2
    comma = text.find(",", body_start)
    close = text.find("}", body_start)
    if close < 0:
        return None, start
    if comma < 0 or comma > close:
        key = text[body_start:close].strip()
        if not key:
            return None, start
        if key in ESCAPES:  # spaces are ignored here as around any key: ${ * } is ${*}
            return Literal(ESCAPES[key], False), close + 1
        if "$" in key or "{" in key:
            return None, start
        return Variable(key), close + 1
    key = text[body_start:comma].strip()
    if not key or "$" in key or "{" in key:
        return None, start
    rest = comma + 1
    while rest < len(text) and text[rest] == " ":
        rest += 1
    quoted = _DEFAULT.match(text, rest)
    if quoted is None:
        return None, start
    end = quoted.end()
    while end < len(text) and text[end] == " ":
        end += 1
    if end >= len(text) or text[end] != "}":
        return None, start
    return Variable(key, quoted.group(1).replace("''", "'")), end + 1


def has_variables(parts: tuple[Part, ...]) -> bool:
    return any(isinstance(p, Variable) for p in parts)


def resolve(variable: Variable, request: Request) -> str | None:
    """The text that replaces ``variable`` for ``request``, or None when it has no value."""
    value = request.value(variable.key)
    if isinstance(value, str):
        return value
    return variable.default  # missing, or multivalued (not usable as a variable)


def substitute(parts: tuple[Part, ...], request: Request) -> tuple[Literal, ...] | None:
    """The template with every variable replaced, or None if one has no value and no default."""
    out: list[Literal] = []
    for part in parts:
        if isinstance(part, Literal):
            out.append(part)
            continue
        value = resolve(part, request)
        if value is None:
            return None
        out.append(Literal(value, False))
    return tuple(out)


def joined(literals: tuple[Literal, ...]) -> str:
    """The substituted text as one string (for equality and for explanations)."""
    return "".join(p.text for p in literals)


def spelling(parts: tuple[Part, ...]) -> str:
    """The template written back (``${*}`` for a literal star), for explanations."""
    out = []
    for part in parts:
        if isinstance(part, Variable):
            out.append(part.spelling)
        elif part.wildcard_ok:
            out.append(part.text)
        else:
            out.append("".join("${" + c + "}" for c in part.text))
    return "".join(out)
