"""Turn command-line ``--set NAME=VALUE`` arguments into a scenario's raw values.

Kept apart from the management command (and free of Django) so the rules
can be tested directly and reused by any other front end that takes
``NAME=VALUE`` text, e.g. a future API client.

The rules, which ``render_policy --help`` repeats:

* each assignment is split at its *first* ``=``: ``tags=Department=Test`` is
  the parameter ``tags`` with the value ``Department=Test``;
* for a multiple-valued parameter (tags, actions) repeated assignments
  accumulate, in order; the first one *replaces* any example value, so
  ``--example --set tags=Owner=TeamB`` gives exactly one tag;
* for a single-valued parameter the last assignment wins;
* an unknown parameter name is an error that lists the known ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class _ParamLike(Protocol):
    """What this module needs of a parameter (``policybuilder.core.params.Param``): read-only,
    as a frozen dataclass's fields are."""

    @property
    def name(self) -> str: ...

    @property
    def multiple(self) -> bool: ...


class AssignmentError(ValueError):
    """An assignment that cannot be used (no ``=``, empty or unknown name).

    ``name`` is what the user wrote as the name (the whole text when there is
    no ``=``), so the caller can print ``NAME: message`` like parameter errors.
    """

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Assignment:
    name: str
    value: str


def split_assignment(text: str) -> Assignment:
    """``NAME=VALUE`` split at the first ``=`` (the value may itself contain ``=``)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep:
        raise AssignmentError(
            text, "no '=' in the assignment; write NAME=VALUE, for example tags=Department=Test."
        )
    if not name:
        raise AssignmentError(text, "the parameter name before '=' is empty; write NAME=VALUE.")
    return Assignment(name, value)


def build_raw(
    params: Sequence[_ParamLike],
    assignments: Iterable[str],
    *,
    base: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], list[AssignmentError]]:
    """The raw values for ``render()``: ``base`` (e.g. the examples) overridden by assignments.

    Returns the raw mapping and every assignment error (all of them, not just
    the first, so the user can fix everything in one go).
    """
    by_name = {p.name: p for p in params}
    raw: dict[str, Any] = dict(base or {})
    errors: list[AssignmentError] = []
    replaced: set[str] = set()
    for text in assignments:
        try:
            assignment = split_assignment(text)
        except AssignmentError as exc:
            errors.append(exc)
            continue
        param = by_name.get(assignment.name)
        if param is None:
            errors.append(
                AssignmentError(
                    assignment.name,
                    "unknown parameter; this scenario has: "
                    f"{', '.join(by_name) or 'no parameters'}.",
                )
            )
            continue
        if param.multiple:
            if assignment.name not in replaced:
                raw[assignment.name] = []
                replaced.add(assignment.name)
            raw[assignment.name].append(assignment.value)
        else:
            raw[assignment.name] = assignment.value
    return raw, errors
