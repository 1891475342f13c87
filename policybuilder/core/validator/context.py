"""What the check layers share: the document, a way to report, and statement views.

Checks report paths as token tuples (``("Statement", 0, "Action", 4)``); the
engine turns them into JSON paths and text positions once, at the end, so
that clean policies never pay for position tracking.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .findings import Fix
from .fixes import Tokens, make_fix

if TYPE_CHECKING:
    from .advice import Advice


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
    #: When a list (:func:`..engine.review`), the advice layer adds its advice here as data
    #: instead of as findings.
    advice: list[Advice] | None = None
    #: The size IAM counts, once the size check has measured it.
    size: int | None = None

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
    # values() by element: every check reads the actions and resources, and a large
    # statement has thousands (the checks only read the lists).  The paths are made only
    # for the values a check reports (path()): a statement's values are read by several
    # checks, and a new tuple for each of thousands of values was a tenth of the time of
    # the largest policies, which have nothing to report on most of them.
    _strings: dict[str | None, tuple[list[str], Sequence[int | None]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # lowered() by element: two checks compare the actions in lower case (REDUNDANT_ACTION
    # and REDUNDANT_STATEMENT), and each lowered and hashed all of them again; three
    # looked for a character in them joined (a wildcard, "${", "iam:"), each joining them.
    _lowered: dict[str, tuple[list[str], frozenset[str], str]] = field(
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

    def values(self, key: str | None) -> list[str]:
        """The string values of an element (a single string or a list), in order.

        Read only: it may be the document's own list."""
        return self.indexed(key)[0]

    def indexed(self, key: str | None) -> tuple[list[str], Sequence[int | None]]:
        """values(key), and the index of each in the element's list (None: the element is
        a single string)."""
        found = self._strings.get(key)
        if found is None:
            found = self._strings[key] = self._read_strings(key)
        return found

    def lowered(self, key: str) -> tuple[list[str], frozenset[str], str]:
        """values(key) in lower case, in order; the set of them; and them joined one a line
        (read only: shared by the checks that compare actions regardless of case, and by
        those that look for a character in any of them).

        The joined text holds a "*", "?", "$" or "{" exactly when some value does: str.lower
        maps each of these to itself and no other character to any of them, and the line
        breaks between the values are none of them."""
        found = self._lowered.get(key)
        if found is None:
            lower = list(map(str.lower, self.values(key)))
            found = self._lowered[key] = (lower, frozenset(lower), "\n".join(lower))
        return found

    def path(self, key: str | None, k: int) -> Tokens:
        """The tokens of the k-th of values(key)."""
        assert key is not None  # (None has no values)
        return at((*self.tokens, key), self.indexed(key)[1][k])

    def strings(self, key: str | None) -> list[tuple[Tokens, str]]:
        """The string values of an element with their paths (for the checks that report
        on most of the values they read)."""
        if key is None:
            return []
        values, indices = self.indexed(key)
        base = (*self.tokens, key)
        return [(at(base, i), v) for i, v in zip(indices, values, strict=True)]

    def _read_strings(self, key: str | None) -> tuple[list[str], Sequence[int | None]]:
        if key is None:
            return [], ()
        value = self.raw.get(key)
        if isinstance(value, str):
            return [value], (None,)
        if isinstance(value, list):
            if all(map(isinstance, value, ALL_STR)):  # the common case, at C speed
                return value, range(len(value))
            indices = [i for i, v in enumerate(value) if isinstance(v, str)]
            return [value[i] for i in indices], indices
        return [], ()


#: all(map(isinstance, items, ALL_STR)): whether every item is a str, with no Python call
#: per item (the checks that read lists of values test this first).
ALL_STR = itertools.repeat(str)


def at(base: Tokens, index: int | None) -> Tokens:
    """The tokens of the value at ``index`` of the element at ``base`` (None: the element
    is the value)."""
    # base + (i,): (*base, i) builds a list first (a fifth slower)
    return base if index is None else base + (index,)


def _first_key(raw: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in raw:
            return key
    return None
