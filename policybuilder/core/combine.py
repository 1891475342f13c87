"""A combined policy: several scenarios, each with its own values, as one document.

Real roles need several scenarios at once, and IAM counts a role's policies
against size quotas.  Each part is rendered by the one scenario engine; the
statements are merged in order, statements that grant exactly the same thing
as an earlier one are dropped (whatever their Sid: the permission is the
same), and clashing Sids get a numeric suffix so the document stays valid.
When the merged document is over the chosen quota, :func:`split` proposes
several documents that each fit, keeping each scenario's statements together
whenever they fit in one document, and says which scenarios went where.

A team saves a combined policy as a template like any other, under the
reserved scenario slug :data:`COMBINED`; its values are
``{"quota": ..., "parts": [{"scenario": slug, "values": {...}}, ...]}``
(:func:`stored_values` and :func:`from_stored`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policybuilder.core import scenarios
from policybuilder.core.document import VERSION, DocumentResult, dumps, minified_size
from policybuilder.core.validator import QUOTAS, Finding, validate

#: Most parts one combined policy may have: beyond this no quota could hold it anyway.
MAX_PARTS = 20

#: The scenario slug of a saved template that is a combined policy (no scenario may use it).
COMBINED = "combined"


@dataclass(frozen=True)
class Part:
    """One scenario and the raw values to render it with."""

    scenario: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rename:
    """A Sid that clashed with an earlier part's and was changed."""

    part: int
    old: str
    new: str


@dataclass
class Bin:
    """One document of a split proposal."""

    statements: list[dict[str, Any]] = field(default_factory=list)
    #: (part index, scenario slug, whole) for each part with statements here.
    parts: list[tuple[int, str, bool]] = field(default_factory=list)

    @property
    def document(self) -> dict[str, Any]:
        return {"Version": VERSION, "Statement": list(self.statements)}

    @property
    def size(self) -> int:
        return minified_size(self.document)


@dataclass
class Combined(DocumentResult):
    """The outcome of combining: a document and what was done to it, or errors per part."""

    parts: list[Part]
    quota: str
    #: Errors by part index, each a mapping of parameter name to message.
    errors: dict[int, dict[str, str]] = field(default_factory=dict)
    document: dict[str, Any] | None = None
    #: The part each statement of ``document`` came from, in the same order.
    origins: list[int] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    #: (part index, Sid or None) of each statement dropped as a duplicate.
    duplicates: list[tuple[int, str | None]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    split: list[Bin] | None = None
    #: What the page should say about the document as a whole (a Deny's reach, for one).
    notes: list[str] = field(default_factory=list)

    @property
    def size(self) -> int | None:
        return minified_size(self.document) if self.document is not None else None

    @property
    def limit(self) -> int:
        return QUOTAS[self.quota]

    @property
    def over_quota(self) -> bool:
        return self.size is not None and self.size > self.limit

    def error_fields(self) -> dict[str, Any]:
        """The errors as the API and saved templates report them.

        ``{"parts.N": {parameter: message}}`` for each part with errors, and
        ``{"parts": message}`` for what concerns the parts as a whole.
        """
        fields: dict[str, Any] = {}
        for index, errors in sorted(self.errors.items()):
            if index < 0:
                fields.update(errors)
            else:
                fields[f"parts.{index}"] = dict(errors)
        return fields


def _key(statement: Mapping[str, Any]) -> str:
    """What a statement grants or refuses, as comparable text: everything but its Sid.

    The Effect is part of it, so an Allow and a Deny of the same actions are never merged.
    """
    return json.dumps({k: v for k, v in statement.items() if k != "Sid"}, sort_keys=True)


def _unique_sid(sid: str, taken: set[str]) -> str:
    n = 2
    while f"{sid}{n}" in taken:
        n += 1
    return f"{sid}{n}"


def combine(parts: Sequence[Part], quota: str = "managed") -> Combined:
    """Render every part, merge them into one document, validate it, and split when too big."""
    if quota not in QUOTAS:
        raise ValueError(f"quota must be one of {', '.join(QUOTAS)}, not {quota!r}")
    result = Combined(parts=list(parts), quota=quota)
    if not parts:
        result.errors[-1] = {"parts": "Add at least one scenario."}
        return result
    if len(parts) > MAX_PARTS:
        result.errors[-1] = {"parts": f"A combined policy has at most {MAX_PARTS} parts."}
        return result
    rendered: list[list[dict[str, Any]]] = []
    for index, part in enumerate(parts):
        try:
            scenario = scenarios.get(part.scenario)
        except scenarios.UnknownScenario:
            result.errors[index] = {"scenario": f"There is no scenario {part.scenario!r}."}
            rendered.append([])
            continue
        shape = shape_errors(scenario, part.values)
        if shape:
            result.errors[index] = shape
            rendered.append([])
            continue
        rendering = scenarios.render(scenario, part.values)
        if not rendering.ok or rendering.document is None:
            result.errors[index] = dict(rendering.errors)
            rendered.append([])
            continue
        rendered.append(list(rendering.document["Statement"]))
    if result.errors:
        return result
    statements: list[dict[str, Any]] = []
    seen: set[str] = set()
    taken: set[str] = set()
    for index, part_statements in enumerate(rendered):
        for statement in part_statements:
            key = _key(statement)
            if key in seen:
                result.duplicates.append((index, statement.get("Sid")))
                continue
            seen.add(key)
            statement = dict(statement)
            sid = statement.get("Sid")
            if sid:
                if sid in taken:
                    new = _unique_sid(sid, taken)
                    result.renamed.append(Rename(index, sid, new))
                    statement["Sid"] = new
                taken.add(statement["Sid"])
            statements.append(statement)
            result.origins.append(index)
    result.document = {"Version": VERSION, "Statement": statements}
    result.notes = deny_notes(result)
    # Over the chosen quota is answered by the split proposal, not by an ERROR that would
    # refuse the split's documents too: the merged document is graded without a quota.
    result.findings = validate(dumps(result.document))
    if result.over_quota:
        result.split = split(result, QUOTAS[quota])
    return result


def deny_notes(combined: Combined) -> list[str]:
    """One note per part with Deny statements: they refuse across the whole combined policy.

    A Deny wins over every Allow of the same request, whichever part the Allow
    came from (and, in AWS, whichever policy of the principal), so a Deny that
    one scenario needs limits what the other parts grant too.
    """
    if combined.document is None:
        return []
    by_part: dict[int, list[str]] = {}
    for statement, origin in zip(combined.document["Statement"], combined.origins, strict=True):
        if statement.get("Effect") == "Deny":
            by_part.setdefault(origin, []).append(statement.get("Sid") or "a Deny statement")
    notes = []
    for origin, sids in sorted(by_part.items()):
        slug = combined.parts[origin].scenario
        notes.append(
            f"Part {origin + 1} ({slug}) has Deny statements ({', '.join(sids)}). A Deny "
            "applies to the whole combined policy: it refuses those requests whatever the "
            "other parts allow (and whatever other policies of the same role or user allow)."
        )
    return notes


def split(combined: Combined, limit: int) -> list[Bin]:
    """Greedy first-fit-decreasing packing of the statements into documents of ``limit`` size.

    Each part's statements are packed as one group when that group fits in a
    document on its own; a group too big for one document is packed statement
    by statement.  A single statement over the limit gets a document of its
    own (still over: nothing smaller can carry it), which the caller reports.
    """
    assert combined.document is not None
    slugs = [p.scenario for p in combined.parts]
    groups: dict[int, list[dict[str, Any]]] = {}
    for statement, origin in zip(combined.document["Statement"], combined.origins, strict=True):
        groups.setdefault(origin, []).append(statement)
    items: list[tuple[int, list[dict[str, Any]], bool]] = []
    for origin, group in groups.items():
        alone = {"Version": VERSION, "Statement": group}
        if minified_size(alone) <= limit:
            items.append((origin, group, True))
        else:
            items.extend((origin, [s], False) for s in group)
    items.sort(key=lambda item: -minified_size({"Version": VERSION, "Statement": item[1]}))
    bins: list[Bin] = []
    for origin, group, whole in items:
        target = next((b for b in bins if _fits(b, group, limit)), None)
        if target is None:
            target = Bin()
            bins.append(target)
        target.statements.extend(group)
        entry = next((p for p in target.parts if p[0] == origin), None)
        if entry is None:
            target.parts.append((origin, slugs[origin], whole))
    for b in bins:
        b.parts.sort()
    return bins


def _fits(target: Bin, group: list[dict[str, Any]], limit: int) -> bool:
    candidate = {"Version": VERSION, "Statement": [*target.statements, *group]}
    return minified_size(candidate) <= limit


def shape_errors(scenario: scenarios.Scenario, raw: Mapping[str, Any]) -> dict[str, str]:
    """Values no parameter can take, by name: unknown names, and JSON types the engine does not
    expect (it takes form data).

    A form or the CLI only ever sends text and lists of text; JSON can send a
    number or ``true`` where a list belongs, which the parameters do not expect.
    """
    errors: dict[str, str] = {}
    known = {param.name for param in scenario.all_params}
    for name in raw:
        if name not in known:
            # A misspelt name from a script would otherwise be ignored without a word.
            errors[str(name)] = f"{scenario.title!r} has no parameter called {name!r}."
    for param in scenario.all_params:
        value = raw.get(param.name)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, bool) and not param.multiple:
            continue
        if isinstance(value, list) and all(_text_or_pair(item) for item in value):
            continue
        errors[param.name] = (
            "Give a list of strings." if param.multiple else "Give a string (or true/false)."
        )
    return errors


def _text_or_pair(item: Any) -> bool:
    if isinstance(item, str):
        return True
    return isinstance(item, list) and all(isinstance(x, str) for x in item)


def parts_from_data(data: Any) -> list[Part]:
    """Parts from stored or submitted JSON (``[{"scenario": ..., "values": {...}}, ...]``)."""
    if not isinstance(data, list):
        raise ValueError("parts must be a list")
    parts = []
    for item in data:
        if not isinstance(item, Mapping) or not isinstance(item.get("scenario"), str):
            raise ValueError("each part needs a scenario")
        values = item.get("values") or {}
        if not isinstance(values, Mapping):
            raise ValueError("a part's values must be an object")
        parts.append(Part(item["scenario"], dict(values)))
    return parts


def stored_values(parts: Sequence[Part], quota: str) -> dict[str, Any]:
    """A combined policy's values as a saved template keeps them."""
    return {
        "quota": quota,
        "parts": [{"scenario": p.scenario, "values": dict(p.values)} for p in parts],
    }


class ValuesError(ValueError):
    """Stored or submitted values not shaped like a combined policy's; ``field`` says where."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def from_stored(values: Any) -> tuple[list[Part], str]:
    """The parts and quota of a combined policy's stored (or submitted) values.

    Raises :class:`ValuesError` when they are not shaped like
    :func:`stored_values`'s (a missing quota is ``managed``); the parts' own
    values are checked by :func:`combine`, not here.
    """
    if not isinstance(values, Mapping):
        raise ValuesError("values", "The values of a combined policy must be an object.")
    quota = values.get("quota", "managed")
    if quota not in QUOTAS:
        raise ValuesError("quota", f"Choose one of {', '.join(QUOTAS)}.")
    try:
        parts = parts_from_data(values.get("parts"))
    except ValueError as exc:
        raise ValuesError("parts", f"{str(exc).capitalize()}.") from None
    return parts, quota
