"""Stored parameter values: to JSON, back into a builder form, and what changed since."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from policybuilder.core import combine as combining
from policybuilder.core import scenarios
from policybuilder.core.params import ActionsParam, BooleanParam, TagsParam
from policybuilder.core.scenarios import Scenario
from policybuilder.web.forms import TagRowsWidget


def to_json(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The builder form's raw values as plain JSON data (tuples become lists)."""

    def plain(value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return str(value)

    return {str(name): plain(value) for name, value in raw.items()}


def known_names_only(slug: str, stored: Any) -> Any:
    """Stored values without the names their scenario no longer has (each part's, for a
    combined policy); anything unreadable is returned as it is, for the engine to refuse."""

    def known(scenario_slug: str, values: Any) -> Any:
        scenario = scenarios.BY_SLUG.get(scenario_slug)
        if scenario is None or not isinstance(values, Mapping):
            return values
        names = {p.name for p in scenario.all_params}
        return {name: value for name, value in values.items() if name in names}

    if slug != combining.COMBINED:
        return known(slug, stored)
    try:
        parts, quota = combining.from_stored(stored)
    except combining.ValuesError:
        return stored
    kept = [combining.Part(p.scenario, known(p.scenario, p.values)) for p in parts]
    return combining.stored_values(kept, quota)


def to_form_data(scenario: Scenario, stored: Mapping[str, Any]) -> QueryDict:
    """Stored values as the POST data the builder form would have sent."""
    data = QueryDict(mutable=True)
    for param in scenario.all_params:
        if param.name not in stored:
            continue
        value = stored[param.name]
        if isinstance(param, TagsParam):
            TagRowsWidget.encode(data, param.name, value)
        elif isinstance(param, BooleanParam):
            if value is True or str(value).lower() in ("1", "true", "yes", "on"):
                data[param.name] = "on"
        elif isinstance(value, list | tuple):
            data.setlist(param.name, [str(item) for item in value])
        elif value is not None:
            data[param.name] = str(value)
    return data


def scenario_changes(scenario: Scenario, stored: Mapping[str, Any]) -> list[str]:
    """What differs between the scenario today and the values saved against it."""
    changes: list[str] = []
    current = {p.name: p for p in scenario.all_params}
    for name in stored:
        if name not in current:
            changes.append(f"The parameter {name!r} no longer exists in this scenario.")
    for name, param in current.items():
        if name not in stored and param.required and param.default is None:
            changes.append(f"The scenario has a new parameter: {param.label} ({name}).")
    actions = current.get("actions")
    if isinstance(actions, ActionsParam) and isinstance(stored.get("actions"), list):
        known = {choice.lower() for choice in actions.choices}
        for item in stored["actions"]:
            for action in (part.strip() for part in str(item).split(",")):
                if action and action.lower() not in known:
                    changes.append(f"The action {action} was removed from this scenario.")
    return changes


@dataclass(frozen=True)
class CombinedPart:
    """One part of a saved combined policy, for display."""

    scenario: str
    values: dict[str, Any]

    @property
    def title(self) -> str:
        found = scenarios.BY_SLUG.get(self.scenario)
        return found.title if found else f"{self.scenario} (no longer available)"

    @property
    def stored(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "values": self.values}


@dataclass(frozen=True)
class CombinedValues:
    quota: str = ""
    parts: list[CombinedPart] = field(default_factory=list)


def combined_parts(stored: Any) -> CombinedValues:
    """A combined template's stored values for the pages; what cannot be read is left out
    (a version written by hand in an imported file, say), never an error on a page."""
    if not isinstance(stored, Mapping):
        return CombinedValues()
    parts = [
        CombinedPart(item["scenario"], dict(item.get("values") or {}))
        for item in stored.get("parts") or []
        if isinstance(item, Mapping)
        and isinstance(item.get("scenario"), str)
        and isinstance(item.get("values") or {}, Mapping)
    ]
    return CombinedValues(str(stored.get("quota", "")), parts)
