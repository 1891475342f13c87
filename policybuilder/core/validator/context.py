"""What the check layers share: the document, a way to report, and statement views.

Checks report paths as token tuples (``("Statement", 0, "Action", 4)``); the
engine turns them into JSON paths and text positions once, at the end, so
that clean policies never pay for position tracking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .findings import Fix
from .fixes import Tokens, make_fix


@dataclass(frozen=True, slots=True)
class Raw:
    """A finding before it is located in the text."""

    code: str
    message: str
    tokens: Tokens
    fix: Fix | None


@dataclass
class Context:
    document: Any
    quota: str | None
    items: list[Raw] = field(default_factory=list)

    def add(self, code: str, message: str, tokens: Tokens, fix: Fix | None = None) -> None:
        self.items.append(Raw(code, message, tokens, fix))

    # change(document) edits a copy; Callable[..., None] because the checks' lambdas bind their
    # loop values as default arguments.
    def fix(self, description: str, change: Callable[..., None] | None = None) -> Fix:
        return make_fix(description, self.document, change)

    def statements(self) -> Iterator[StatementView]:
        statement = self.document.get("Statement") if isinstance(self.document, dict) else None
        if isinstance(statement, dict):
            yield StatementView(("Statement",), statement)
        elif isinstance(statement, list):
            for i, item in enumerate(statement):
                if isinstance(item, dict):
                    yield StatementView(("Statement", i), item)


@dataclass
class StatementView:
    """One statement, with its elements read defensively (the grammar may have failed).

    The document is not changed while the checks run (a fix edits a copy), so what every
    check asks of a statement is read once, when the view is made: the effect, which of
    Action/NotAction and Resource/NotResource it has, and its condition.
    """

    tokens: Tokens
    raw: dict[str, Any]
    # strings() by element: every check reads the actions and resources, and a large
    # statement has thousands (the checks only read the lists).
    _strings: dict[str | None, list[tuple[Tokens, str]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    effect: str | None = field(init=False, repr=False, compare=False)
    action_key: str | None = field(init=False, repr=False, compare=False)
    resource_key: str | None = field(init=False, repr=False, compare=False)
    condition: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        raw = self.raw
        effect = raw.get("Effect")
        self.effect = effect if isinstance(effect, str) else None
        self.action_key = _first_key(raw, ("Action", "NotAction"))
        self.resource_key = _first_key(raw, ("Resource", "NotResource"))
        condition = raw.get("Condition")
        self.condition = condition if isinstance(condition, dict) else {}

    def strings(self, key: str | None) -> list[tuple[Tokens, str]]:
        """The string values of an element with their paths (a single string or a list)."""
        found = self._strings.get(key)
        if found is None:
            found = self._strings[key] = self._read_strings(key)
        return found

    def _read_strings(self, key: str | None) -> list[tuple[Tokens, str]]:
        if key is None:
            return []
        value = self.raw.get(key)
        base = (*self.tokens, key)
        if isinstance(value, str):
            return [(base, value)]
        if isinstance(value, list):
            # base + (i,): (*base, i) builds a list first (a fifth slower over thousands)
            return [(base + (i,), v) for i, v in enumerate(value) if isinstance(v, str)]
        return []


def _first_key(raw: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in raw:
            return key
    return None
