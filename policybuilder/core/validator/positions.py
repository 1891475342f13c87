"""JSON paths and the text positions of the elements they name.

The ``json`` module gives no positions for values, so a small scanner walks
text that is already known to be valid JSON and records, for each path, where
its key and its value start.  It only runs when a finding needs a line number
(most policies have none), and it is iterative so that deep nesting cannot
exhaust the stack.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from typing import Any

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def child(path: str, key: str | int) -> str:
    """The path of a member or item: ``$.Statement[0].Condition["aws:TagKeys"]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENT.match(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{path}["{escaped}"]'


def parent(path: str) -> str | None:
    """The enclosing path, or None for the root."""
    if path == "$":
        return None
    if path.endswith("]"):
        depth_start = _last_bracket(path)
        return path[:depth_start]
    return path[: path.rfind(".")]


def _last_bracket(path: str) -> int:
    """Index of the ``[`` that opens the last subscript (quoted keys may contain brackets)."""
    if path.endswith('"]'):
        i = len(path) - 3
        while i > 0:
            if path[i] == '"' and path[i - 1] == "[" and _unescaped(path, i):
                return i - 1
            i -= 1
        return 0
    return path.rfind("[")


def _unescaped(path: str, i: int) -> bool:
    backslashes = 0
    j = i - 1
    while j >= 0 and path[j] == "\\":
        backslashes += 1
        j -= 1
    return backslashes % 2 == 0


@dataclass
class PositionMap:
    """Offsets of keys and values by path, and duplicate keys found on the way."""

    keys: dict[str, int] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def offset(self, path: str) -> int | None:
        """Where to point for a path: its key, else its value, else its nearest ancestor."""
        current: str | None = path
        while current is not None:
            if current in self.keys:
                return self.keys[current]
            if current in self.values:
                return self.values[current]
            current = parent(current)
        return None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


def scan(text: str) -> PositionMap:
    """Record positions of every key and value of a valid JSON text (one regex pass)."""
    out = PositionMap()
    steps = _steps(text, out)
    next(steps)
    for _ in steps:  # no path is asked for: runs to the end
        pass
    return out


def locate(text: str, targets: Iterable[str]) -> PositionMap:
    """``scan(text)`` for the ``targets`` only: their ``offset`` is the full scan's.

    Only for a text without duplicate keys (``ParseResult.has_duplicates`` False), in
    which each path is recorded once.  The map holds the targets and their ancestors
    (all that ``offset`` looks at for a target): the walk enters only the objects and
    arrays that hold a target and skips every other value whole with the C JSON
    scanner, so a large policy is walked token by token only along its findings' paths.
    It stops once every target is recorded; a target that the text does not hold is
    answered, as by the full scan, with its nearest ancestor that it does.
    """
    wanted: set[str] = set()
    parents: set[str] = set()  # the wanted paths that hold other wanted paths
    indices: dict[str, set[int]] = {}  # array path -> the indices of its wanted items
    depth = 0
    for target in targets:
        path: str | None = target
        steps = 0
        while path is not None and path not in wanted:
            wanted.add(path)
            up = parent(path)
            if up is not None:
                parents.add(up)
                if path[len(up) + 1 : len(up) + 2].isdigit():  # "[12]", not '["12"]'
                    indices.setdefault(up, set()).add(int(path[len(up) + 1 : -1]))
            path = up
            steps += 1
        depth = max(depth, steps)
    if depth > _MAX_WALK_DEPTH:  # the walk recurses once per level of a target
        return scan(text)
    walk = _Walk(text, wanted, parents, indices)
    with contextlib.suppress(_AllFound):
        walk.value(walk.space(0), "$")
    return walk.out


#: Levels of a target beyond which :func:`locate` hands over to the iterative full scan.
_MAX_WALK_DEPTH = 200
_SPACE = re.compile(r"[ \t\n\r]*")
# The json module's C scanner: (value, end) of the JSON value that starts at an index; and
# its string scanner, (the string, the index after it) from just after an opening quote.
# (Both exist at run time; the type stubs do not list them.)
_SKIP: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_STRING: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class _AllFound(Exception):
    """Every target is recorded: the walk stops."""


class _Walk:
    def __init__(
        self, text: str, wanted: set[str], parents: set[str], indices: dict[str, set[int]]
    ) -> None:
        self.text = text
        self.wanted = wanted
        self.parents = parents
        self.indices = indices
        self.out = PositionMap()
        self.pending = len(wanted)  # paths still to record (when all are, stop)

    def space(self, pos: int) -> int:
        if self.text[pos : pos + 1] in _WHITESPACE:
            return _SPACE.match(self.text, pos).end()  # type: ignore[union-attr]
        return pos

    def record_value(self, path: str, pos: int) -> None:
        if path not in self.out.values:
            self.out.values[path] = pos
            if path not in self.out.keys:
                self._recorded()

    def _recorded(self) -> None:
        self.pending -= 1
        if not self.pending:
            raise _AllFound

    def value(self, pos: int, path: str) -> int:
        """Record the value at ``pos`` (of ``path``, a wanted path); return its end."""
        self.record_value(path, pos)
        if path in self.parents:
            c = self.text[pos]
            if c == "{":
                return self._object(pos, path)
            if c == "[" and path in self.indices:
                return self._array(pos, path)
        return _SKIP(self.text, pos)[1]

    def _object(self, start: int, path: str) -> int:
        text = self.text
        pos = self.space(start + 1)
        if text[pos] == "}":
            return pos + 1
        while True:
            key_at = pos
            key, pos = _STRING(text, pos + 1)
            pos = self.space(self.space(pos) + 1)  # the ':' and the space around it
            member = child(path, key)
            if member in self.wanted:
                if member not in self.out.keys:
                    self.out.keys[member] = key_at
                    if member not in self.out.values:
                        self._recorded()
                pos = self.value(pos, member)
            else:
                pos = _SKIP(text, pos)[1]
            pos = self.space(pos)
            if text[pos] != ",":
                return pos + 1  # the '}'
            pos = self.space(pos + 1)

    def _array(self, start: int, path: str) -> int:
        text = self.text
        pos = self.space(start + 1)
        if text[pos] == "]":
            return pos + 1
        wanted = sorted(self.indices[path], reverse=True)  # the next one last
        index = 0
        while True:
            if index == wanted[-1]:
                wanted.pop()
                pos = self.value(pos, f"{path}[{index}]")
                if not wanted:  # nothing more wanted in here: its end, at C speed
                    return _SKIP(text, start)[1]
            else:
                skipped = _skip_strings(text, pos, wanted[-1] - index)
                if skipped is not None:  # at the next item, after a run of strings
                    index, pos = index + skipped[0], skipped[1]
                    continue
                pos = _SKIP(text, pos)[1]
            pos = self.space(pos)
            if text[pos] != ",":
                return pos + 1  # the ']'
            pos = self.space(pos + 1)
            index += 1


# A run of string items, each with its comma: one regex match skips many actions at once.
_ITEM = r'"[^"\\]*(?:\\.[^"\\]*)*"[ \t\n\r]*,[ \t\n\r]*'
_RUNS = tuple((n, re.compile(f"(?:{_ITEM}){{{n}}}")) for n in (64, 8))


def _skip_strings(text: str, pos: int, gap: int) -> tuple[int, int] | None:
    """(how many items, the start of the next) past runs of up to ``gap`` string items at
    ``pos``; None when there is no run of 8 (the caller then skips one item)."""
    count = 0
    for n, run in _RUNS:
        while gap - count >= n:
            match = run.match(text, pos)
            if match is None:
                break
            count += n
            pos = match.end()
    return (count, pos) if count else None


_WHITESPACE = frozenset(" \t\n\r")


def _steps(text: str, out: PositionMap) -> Generator[None, str | None, None]:
    """The scanner: records into ``out``, pausing when it records the path it was sent."""
    target = yield
    # Frames: [path, is_object, next index, seen keys]
    stack: list[list] = []
    path = "$"
    expect_key = False
    values = out.values
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        c = tok[0]
        if c == ",":
            frame = stack[-1]
            expect_key = frame[1]
            if not frame[1]:
                path = f"{frame[0]}[{frame[2]}]"
                frame[2] += 1
            continue
        if c == ":":
            continue
        if c in "}]":
            stack.pop()
            expect_key = False
            continue
        if expect_key:
            frame = stack[-1]
            key = tok[1:-1] if "\\" not in tok else json.loads(tok)
            path = child(frame[0], key)
            if key in frame[3]:
                out.duplicates.append((path, m.start()))
            else:
                frame[3].add(key)
                out.keys[path] = m.start()
                if path == target:
                    target = yield
            expect_key = False
            continue
        if path not in values:
            values[path] = m.start()
            if path == target:
                target = yield
        if c in "{[":
            is_object = c == "{"
            stack.append([path, is_object, 1, set()])
            expect_key = is_object
            if not is_object:
                path = f"{path}[0]"


def line_columns(text: str, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """:func:`line_column` of many offsets of one text, by offset.

    The offsets are taken in order and the line breaks counted from one to the next
    (at C speed), so the text is read once whatever the number of offsets.
    """
    out: dict[int, tuple[int, int]] = {}
    line, line_start, at = 1, 0, 0
    for offset in sorted(set(offsets)):
        clamped = max(0, min(offset, len(text)))
        breaks = text.count("\n", at, clamped)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", at, clamped) + 1
        at = clamped
        out[offset] = (line, clamped - line_start + 1)
    return out


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
