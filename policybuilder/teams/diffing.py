"""A line-by-line diff of two JSON documents, ready for a template."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    #: "same", "added" or "removed"
    kind: str
    old_number: int | None
    new_number: int | None
    text: str

    @property
    def sign(self) -> str:
        return {"same": " ", "added": "+", "removed": "-"}[self.kind]


def diff_lines(old: str, new: str) -> list[DiffLine]:
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset, text in enumerate(a[i1:i2]):
                lines.append(DiffLine("same", i1 + offset + 1, j1 + offset + 1, text))
            continue
        for offset, text in enumerate(a[i1:i2]):
            lines.append(DiffLine("removed", i1 + offset + 1, None, text))
        for offset, text in enumerate(b[j1:j2]):
            lines.append(DiffLine("added", None, j1 + offset + 1, text))
    return lines


def unified(old: str, new: str, *, old_name: str, new_name: str) -> str:
    """The same diff as plain unified-diff text (for copying)."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=old_name,
            tofile=new_name,
        )
    )
