"""Layer 1: strict JSON parsing, with plain explanations and mechanical repairs.

Policies are pasted from web pages and tickets, so the common breakages
(trailing comma, missing comma, comments, typographic or single quotes, an
unclosed bracket, statements without their wrapper) are explained in plain
words and, where the repair is unambiguous, repaired so that the later layers
can still report every other problem at once.

Repairs only ever *insert* characters or *replace* one character by one
(a comma or comment becomes spaces), so an offset in the repaired text maps
back to the submitted text by undoing the recorded insertions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from policybuilder.core.document import VERSION

MAX_REPAIRS = 64

_VALUE_START = set('"{[-0123456789tfn')
_VALUE_END = set('"}]0123456789el')
_TYPOGRAPHIC_DOUBLE = "\u201c\u201d\u201e\u201f\u2033"
_TYPOGRAPHIC_SINGLE = "\u2018\u2019"
_SINGLE_QUOTED = re.compile(r"'((?:[^'\"\\\n]|\\.)*)'")
_IDENT_AT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*")
_STATEMENT_KEYS = frozenset(
    ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal")
)


@dataclass(frozen=True, slots=True)
class Insertion:
    """``length`` characters inserted at ``pos`` of the text as it was at that moment."""

    pos: int
    length: int


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A JSON syntax problem at an offset of the submitted text."""

    code: str
    message: str
    offset: int
    repaired: bool


@dataclass
class ParseResult:
    """What parsing made of the submitted text."""

    value: Any = None
    ok: bool = False
    text: str = ""
    insertions: list[Insertion] = field(default_factory=list)
    problems: list[SyntaxProblem] = field(default_factory=list)
    shape: str = "other"  # document | statement | statements | other
    has_duplicates: bool = False
    too_deep: bool = False

    @property
    def repaired(self) -> bool:
        return bool(self.problems)

    def original_offset(self, offset: int) -> int:
        """Map an offset of the repaired text back to the submitted text."""
        for ins in reversed(self.insertions):
            if offset >= ins.pos + ins.length:
                offset -= ins.length
            elif offset >= ins.pos:
                offset = ins.pos
        return offset

    def text_path(self, path: str) -> str:
        """Translate a path of the normalised document to a path of the parsed text."""
        if self.shape == "statement":
            for prefix in ("$.Statement[0]", "$.Statement", "$.Version"):
                if path.startswith(prefix):
                    return "$" + path[len(prefix) :]
        elif self.shape == "statements":
            if path.startswith("$.Statement"):
                return "$" + path[len("$.Statement") :]
            if path.startswith("$.Version"):
                return "$"
        return path

    def document(self) -> Any:
        """The value as a complete policy document (wrapping a bare statement or list)."""
        if self.shape == "statement":
            return {"Version": VERSION, "Statement": [self.value]}
        if self.shape == "statements":
            return {"Version": VERSION, "Statement": self.value}
        return self.value


class _Duplicates:
    """object_pairs_hook that notices duplicate keys without slowing the common case."""

    def __init__(self) -> None:
        self.found = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            self.found = True
        return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _loads(text: str) -> tuple[Any, bool]:
    hook = _Duplicates()
    value = json.loads(text, object_pairs_hook=hook, parse_constant=_reject_constant)
    return value, hook.found


# Candidate wrappers: the text itself, a sequence of values, a fragment that
# starts inside its first statement, the body of one object.
_WRAPPERS: tuple[tuple[str, str], ...] = (("", ""), ("[", "]"), ("[{", "]"), ("{", "}"))


def parse(text: str) -> ParseResult:
    """Parse strictly; if that fails, try repairs and wrappers, keeping every explanation."""
    first: ParseResult | None = None
    for prefix, suffix in _WRAPPERS:
        result = _attempt(text, prefix, suffix)
        if first is None:
            first = result
            if result.ok or result.too_deep:
                return result
            continue
        if result.ok and result.shape != "other":
            return result
    assert first is not None
    return first


def _attempt(text: str, prefix: str, suffix: str) -> ParseResult:
    result = ParseResult(text=prefix + text + suffix)
    if prefix:
        result.insertions.append(Insertion(0, len(prefix)))
    if suffix:
        result.insertions.append(Insertion(len(prefix) + len(text), len(suffix)))
    for _ in range(MAX_REPAIRS):
        try:
            value, dups = _loads(result.text)
        except json.JSONDecodeError as err:
            if not _repair(result, err):
                return result
            continue
        except RecursionError:
            result.too_deep = True
            result.problems.append(
                SyntaxProblem("PB_TOO_DEEPLY_NESTED", "The JSON is nested too deeply.", 0, False)
            )
            return result
        except ValueError as err:
            result.problems.append(
                SyntaxProblem("JSON_SYNTAX_ERROR", f"Not valid JSON: {err}.", 0, False)
            )
            return result
        result.value, result.has_duplicates, result.ok = value, dups, True
        result.shape = _shape(value)
        if prefix or suffix:
            result.problems.append(_wrapper_problem(result.shape, prefix))
        elif result.shape in ("statement", "statements"):
            result.problems.append(bare_problem(result.shape))
        return result
    return result


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        if "Statement" in value:
            return "document"
        if "Effect" in value or "Action" in value or "NotAction" in value:
            return "statement"
        return "other"
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) and (set(v) & _STATEMENT_KEYS) for v in value)
    ):
        return "statements"
    return "other"


def _wrapper_problem(shape: str, prefix: str) -> SyntaxProblem:
    what = {
        "statement": "a single statement",
        "statements": "statements",
    }.get(shape, "a fragment")
    how = (
        "It is not valid JSON on its own: it starts inside a statement, as if cut out of a "
        "larger policy."
        if prefix == "[{"
        else "It is not valid JSON on its own: statements are listed without the brackets "
        "around them."
    )
    return SyntaxProblem(
        "PB_MISSING_POLICY_WRAPPER",
        f"This text holds {what}, not a complete policy. {how} A policy needs the wrapper "
        f'{{"Version": "{VERSION}", "Statement": [ ... ]}}.',
        0,
        True,
    )


def bare_problem(shape: str) -> SyntaxProblem:
    """The finding for valid JSON that is a statement or a list of statements, not a policy."""
    what = "a single statement" if shape == "statement" else "a list of statements"
    return SyntaxProblem(
        "PB_MISSING_POLICY_WRAPPER",
        f"This is {what}, not a complete policy: IAM needs the wrapper "
        f'{{"Version": "{VERSION}", "Statement": [ ... ]}} around it.',
        0,
        True,
    )


def _prev_nonspace(text: str, pos: int) -> int:
    i = pos - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    return i


def _record(result: ParseResult, message: str, offset: int, repaired: bool) -> None:
    if len(message.split()) < 6:
        message = f"{message} The text is not valid JSON from this point."
    result.problems.append(
        SyntaxProblem("JSON_SYNTAX_ERROR", message, result.original_offset(offset), repaired)
    )


def _replace(result: ParseResult, pos: int, new: str) -> None:
    """Replace characters one for one (offsets stay valid)."""
    text = result.text
    result.text = text[:pos] + new + text[pos + len(new) :]


def _insert(result: ParseResult, pos: int, new: str) -> None:
    result.text = result.text[:pos] + new + result.text[pos:]
    result.insertions.append(Insertion(pos, len(new)))


def _repair(result: ParseResult, err: json.JSONDecodeError) -> bool:
    """Explain a syntax error and repair it when the repair is unambiguous."""
    text, pos, msg = result.text, err.pos, err.msg
    ch = text[pos] if pos < len(text) else ""
    for repair in _REPAIRS if ch else (_repair_unclosed,):
        if repair(result, text, pos, msg, ch):
            return True
    _record(result, _generic_message(text, pos, msg, ch), pos, False)
    return False


def _repair_bom(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    if ch != "\ufeff" and "BOM" not in msg:
        return False
    idx = text.find("\ufeff")
    _record(result, "The text starts with an invisible byte order mark; remove it.", idx, True)
    _replace(result, idx, " ")
    return True


def _repair_comments(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    if ch != "/" or text[pos : pos + 2] not in ("//", "/*"):
        return False
    blanked = _blank_comments(text)
    if blanked == text:
        return False
    _record(result, "JSON does not allow comments (// or /* */); remove them.", pos, True)
    result.text = blanked
    return True


def _blank_comments(text: str) -> str:
    """Replace // and /* */ comments outside strings by spaces (newlines kept)."""
    out: list[str] = []
    i, n, in_string = 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end - 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join(c2 if c2 == "\n" else " " for c2 in text[i:end]))
            i = end - 1
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _repair_typographic(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    if ch not in _TYPOGRAPHIC_DOUBLE and ch not in _TYPOGRAPHIC_SINGLE:
        return False
    _record(
        result,
        f"Typographic quote {ch!r} (as pasted from a word processor or web page): JSON needs "
        'straight double quotes ".',
        pos,
        True,
    )
    table = str.maketrans({c: '"' for c in _TYPOGRAPHIC_DOUBLE + _TYPOGRAPHIC_SINGLE})
    result.text = text.translate(table)
    return True


def _repair_single_quotes(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    if ch != "'":
        return False
    converted = _SINGLE_QUOTED.sub(lambda m: '"' + m.group(1) + '"', text)
    if converted == text or len(converted) != len(text):
        return False
    _record(result, "Single quotes: JSON strings need double quotes.", pos, True)
    result.text = converted
    return True


def _repair_trailing_comma(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    prev = _prev_nonspace(text, pos)
    if ch not in "}]" or prev < 0 or text[prev] != ",":
        return False
    _record(
        result,
        f"Trailing comma before '{ch}': JSON does not allow a comma after the last "
        f"{'item' if ch == ']' else 'member'}; remove it.",
        prev,
        True,
    )
    _replace(result, prev, " ")
    return True


def _repair_missing_comma(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    if not msg.startswith("Expecting ',' delimiter") or ch not in _VALUE_START:
        return False
    prev = _prev_nonspace(text, pos)
    if prev < 0 or text[prev] not in _VALUE_END:
        return False
    _record(
        result,
        "Missing comma: two items follow each other without a ',' between them.",
        prev + 1,
        True,
    )
    _insert(result, prev + 1, ",")
    return True


def _repair_unquoted_key(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    if not msg.startswith("Expecting property name"):
        return False
    m = _IDENT_AT.match(text, pos)
    if m is None:
        return False
    after = text[m.end() :].lstrip(" \t")
    if not after.startswith(":"):
        return False
    _record(
        result, f"Unquoted key {m.group(0)!r}: JSON keys need double quotes around them.", pos, True
    )
    _insert(result, m.end(), '"')
    _insert(result, pos, '"')
    return True


def _repair_control_character(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    if not msg.startswith("Invalid control character") or ch not in "\t\n\r":
        return False
    name = {"\t": "tab", "\n": "line break", "\r": "line break"}[ch]
    _record(result, f"A {name} inside a quoted string is not allowed in JSON.", pos, True)
    _replace(result, pos, " ")
    return True


def _repair_unclosed(result: ParseResult, text: str, pos: int, msg: str, ch: str) -> bool:
    if text[pos:].strip() or msg.startswith("Unterminated string"):
        return False
    closers = _unclosed(text)
    if not closers:
        return False
    shown = " ".join(f"'{c}'" for c in closers)
    _record(
        result,
        f"The text ends before every bracket is closed: {shown} "
        f"{'is' if len(closers) == 1 else 'are'} missing at the end.",
        len(text.rstrip()),
        True,
    )
    end = len(text.rstrip())
    prev = _prev_nonspace(text, end)
    if prev >= 0 and text[prev] == ",":
        _replace(result, prev, " ")
    _insert(result, end, "\n" + "".join(closers))
    return True


def _unclosed(text: str) -> str:
    """The closing brackets that the text is missing, innermost first."""
    stack: list[str] = []
    in_string = escaped = False
    for c in text:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "{[":
            stack.append("}" if c == "{" else "]")
        elif c in "}]":
            if not stack or stack[-1] != c:
                return ""
            stack.pop()
    return "" if in_string else "".join(reversed(stack))


_REPAIRS = (
    _repair_bom,
    _repair_comments,
    _repair_typographic,
    _repair_single_quotes,
    _repair_trailing_comma,
    _repair_missing_comma,
    _repair_unquoted_key,
    _repair_control_character,
    _repair_unclosed,
)


def _generic_message(text: str, pos: int, msg: str, ch: str) -> str:
    """A plain explanation of an error that no repair handles."""
    if msg.startswith("Extra data"):
        return (
            "Extra text after the end of the JSON document (a stray bracket, or several "
            "documents pasted together)."
        )
    if msg.startswith("Unterminated string"):
        return "A string is not closed: a double quote is missing."
    if not text.strip():
        return "The text is empty: a policy is a JSON object."
    if pos >= len(text) or not text[pos:].strip():
        return "The text ends too early: the JSON document is incomplete."
    if msg.startswith("Expecting ':' delimiter"):
        return "A key must be followed by ':' and its value."
    if msg.startswith("Expecting ',' delimiter"):
        return f"Unexpected {ch!r}: a ',' or a closing bracket was expected here."
    if msg.startswith("Expecting property name"):
        return f"Unexpected {ch!r}: a key in double quotes was expected here."
    return f"Unexpected {ch!r}: {msg[0].lower() + msg[1:]}."
