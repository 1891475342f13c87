"""JSON paths and the text positions of the elements they name.

The ``json`` module gives no positions for values, so a small scanner walks
text that is already known to be valid JSON and records, for each path, where
its key and its value start.  It only runs when a finding needs a line number
(most policies have none), and it is iterative so that deep nesting cannot
exhaust the stack.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Generator
from dataclasses import dataclass, field

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


class LazyPositions:
    """``scan(text).offset``, scanning only as far as the paths asked for so far.

    Only for a text without duplicate keys (``ParseResult.has_duplicates`` False), in
    which each path is recorded once: the scan then stops at the first place the full
    scan would record, and a path it never meets is looked up in the full map.
    """

    def __init__(self, text: str) -> None:
        self.map = PositionMap()
        self._steps = _steps(text, self.map)
        next(self._steps)
        self._done = False

    def offset(self, path: str) -> int | None:
        if not self._done and path not in self.map.keys and path not in self.map.values:
            try:
                self._steps.send(path)
            except StopIteration:
                self._done = True
        return self.map.offset(path)


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


class LineIndex:
    """line_column for many offsets of one text: the line starts are found once."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.starts = [0]
        self.starts.extend(m.end() for m in _NEWLINE.finditer(text))

    def line_column(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


_NEWLINE = re.compile("\n")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
