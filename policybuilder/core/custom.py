"""Custom statements: policies for the cases no AWS page documents.

The admin composes statements for the Amazon Connect family of services (see
:data:`SERVICES`): an effect, actions from the catalogue (wildcards allowed),
resources built from the catalogue's ARN formats of the resource types those
actions take, and conditions on the keys they support or the global keys.

A custom policy's values are plain JSON, stored as they are by a team
template with the reserved scenario slug :data:`CUSTOM`::

    {"quota": "managed", "statements": [
        {"effect": "Allow",
         "actions": ["connect:DescribeUser", "connect:List*"],
         "resources": [{"type": "connect:user", "Partition": "aws", "Region": "us-east-1",
                        "Account": "111122223333", "InstanceId": "...", "UserId": "*"}],
         "conditions": [{"operator": "StringEquals", "key": "aws:ResourceTag/Dept",
                         "values": ["Test"]}]}]}

An empty resource list is ``"*"``.  Each field is checked with the same rules
as the scenarios' fields (:mod:`policybuilder.core.params`); :func:`render`
returns the document or the errors by field path (``statements.0.resources.1.Region``).
Everything about actions, resource types and condition keys comes from the
catalogue (:mod:`policybuilder.core.iam_catalog`) and the global keys'
list; nothing here names an action.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policybuilder.core import condition_operators, global_condition_keys, iam_catalog, quotas
from policybuilder.core.document import DocumentResult, Statement, build_document
from policybuilder.core.params import (
    EXAMPLE_ACCOUNT,
    AccountParam,
    ConnectInstanceParam,
    FixedIdParam,
    KmsKeyParam,
    NameParam,
    Param,
    ParamError,
    PartitionParam,
    RegionParam,
    ResourceIdParam,
    as_list,
    clean_tag_key,
)

#: The reserved scenario slug of a saved custom policy.
CUSTOM = "custom"

#: The services whose actions the custom builder offers (Amazon Q in Connect's actions are
#: the ``wisdom`` service's in the catalogue; ``qconnect`` is offered when the catalogue has it).
SERVICES = (
    "connect",
    "connect-campaigns",
    "app-integrations",
    "wisdom",
    "qconnect",
    "profile",
    "voiceid",
    "cases",
    "iam",
    "kms",
    "events",
)

ACCESS_LEVELS = ("List", "Read", "Write", "Permissions management", "Tagging")

MAX_STATEMENTS = 20
MAX_ACTIONS = 100
MAX_RESOURCES = 20
MAX_CONDITIONS = 20
MAX_VALUES = 50

EFFECTS = ("Allow", "Deny")


def services() -> tuple[str, ...]:
    """The family's services that the catalogue has actions for."""
    return tuple(s for s in SERVICES if iam_catalog.actions(s))


# --- Actions ----------------------------------------------------------------------------------


def all_actions() -> list[iam_catalog.Action]:
    return [a for s in services() for a in iam_catalog.actions(s).values()]


def search_actions(query: str, limit: int = 60) -> list[iam_catalog.Action]:
    """Actions whose ``service:Name`` or description contains every word of the query."""
    words = query.lower().split()
    if not words:
        return []
    found = []
    for action in all_actions():
        text = f"{action.qualified_name} {action.description}".lower()
        if all(w in text for w in words):
            found.append(action)
            if len(found) >= limit:
                break
    return found


def by_access_level(actions: list[iam_catalog.Action]) -> list[tuple[str, list]]:
    """The actions grouped by access level, in the catalogue's order of levels."""
    groups: dict[str, list[iam_catalog.Action]] = {}
    for action in actions:
        groups.setdefault(action.access_level or "Other", []).append(action)
    order = {level: n for n, level in enumerate(ACCESS_LEVELS)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


_ACTION_RE = re.compile(r"[a-z0-9-]+:[A-Za-z0-9*?]+")


def clean_action(text: str) -> tuple[str, list[iam_catalog.Action]]:
    """An action or pattern of the family, spelt as the catalogue does, and what it matches."""
    service, sep, name = text.strip().partition(":")
    text = f"{service.lower()}{sep}{name}"  # service prefixes are lower case; IAM ignores case
    if not _ACTION_RE.fullmatch(text):
        raise ParamError(
            f"{text!r} is not an action: write service:Action, such as connect:DescribeUser "
            "(* and ? allowed in the action's name)."
        )
    service, _, name = text.partition(":")
    if service not in services():
        raise ParamError(
            f"{service} is not one of the services this builder covers: {', '.join(services())}."
        )
    matched = iam_catalog.expand_action(text)
    if not matched:
        raise ParamError(f"{text} matches no action of {service} in the catalogue.")
    if not any(c in name for c in "*?"):
        return matched[0].qualified_name, matched
    return text, matched


# --- Resources --------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
LOCATION = ("Partition", "Region", "Account")

#: Placeholders whose values are UUIDs, by service (everything else is a name).
UUID_PLACEHOLDERS = {
    "connect": frozenset(
        {
            "UserId",
            "QueueId",
            "RoutingProfileId",
            "ContactFlowId",
            "ContactFlowModuleId",
            "SecurityProfileId",
            "PhoneNumberId",
            "HoursOfOperationId",
            "HierarchyGroupId",
            "AgentStatusId",
            "QuickConnectId",
            "PromptId",
            "TaskTemplateId",
            "ContactId",
            "EvaluationId",
            "FormId",
            "UseCaseId",
            "IntegrationAssociationId",
            "TrafficDistributionGroupId",
        }
    ),
    "connect-campaigns": frozenset({"CampaignId"}),
    "wisdom": frozenset({"AssistantId", "KnowledgeBaseId", "ContentId", "SessionId"}),
    "cases": frozenset({"DomainId"}),
}


#: What a UUID placeholder names, for the labels and messages ("routing profile").
def _words(placeholder: str) -> str:
    stem = placeholder.removesuffix("Id").removesuffix("Name")
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z][a-z0-9]*|[a-z0-9]+", stem)
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words) or "resource"


@dataclass(frozen=True)
class ResourceOption:
    """A resource type one of the chosen actions takes, with its ARN format."""

    key: str  # "connect:user"
    service: str
    name: str
    arn: str
    #: The chosen actions that take it.
    actions: tuple[str, ...] = ()

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_PLACEHOLDER.findall(self.arn)))

    @property
    def label(self) -> str:
        return f"{self.key} ({self.arn_service})"

    @property
    def arn_service(self) -> str:
        return self.arn.split(":")[2] if self.arn.count(":") >= 2 else self.service


def resource_option(key: str) -> ResourceOption | None:
    service, _, name = key.partition(":")
    if service not in services():
        return None
    rt = iam_catalog.resource_types(service).get(name.lower())
    if rt is None:
        return None
    return ResourceOption(key=f"{service}:{rt.name}", service=service, name=rt.name, arn=rt.arn)


def resource_options(actions: list[iam_catalog.Action]) -> list[ResourceOption]:
    """The resource types the actions take, each once, in the actions' order."""
    takers: dict[str, list[str]] = {}
    for action in actions:
        for art in action.resource_types:
            takers.setdefault(f"{action.service}:{art.name.lower()}", []).append(
                action.qualified_name
            )
    out = []
    for key, names in takers.items():
        option = resource_option(key)
        if option is not None:
            out.append(
                ResourceOption(option.key, option.service, option.name, option.arn, tuple(names))
            )
    return out


def placeholder_param(service: str, placeholder: str) -> Param:
    """The typed field of an ARN placeholder, with the scenarios' checks."""
    if placeholder == "Partition":
        return PartitionParam(
            name="Partition", label="Partition", help="aws, aws-cn or aws-us-gov.", example="aws"
        )
    if placeholder == "Region":
        return RegionParam(name="Region", label="Region", help="", example="us-east-1")
    if placeholder == "Account":
        return AccountParam(name="Account", label="Account", help="", example=EXAMPLE_ACCOUNT)
    what = _words(placeholder)
    label = f"{what[0].upper()}{what[1:]} {'name' if placeholder.endswith('Name') else 'ID'}"
    if placeholder == "InstanceId" and service == "connect":
        return ConnectInstanceParam(
            name=placeholder,
            label="Instance ID",
            help="",
            example="a1b2c3d4-5678-90ab-cdef-0123456789ab",
        )
    if placeholder == "KeyId":
        return KmsKeyParam(
            name=placeholder,
            label="KMS key ID",
            help="",
            example="1234abcd-12ab-34cd-56ef-1234567890ab",
        )
    if placeholder == "DomainId" and service == "voiceid":
        return FixedIdParam(
            name=placeholder,
            label="Voice ID domain ID",
            help="",
            example="AbCdEfGhIjKlMnOpQrStUv",
            what="Voice ID domain",
        )
    if placeholder in UUID_PLACEHOLDERS.get(service, ()):
        return ResourceIdParam(
            name=placeholder,
            label=label,
            help="",
            example="a1b2c3d4-5678-90ab-cdef-0123456789ab",
            what=what,
        )
    return NameParam(
        name=placeholder,
        label=label,
        help="",
        example="",
        characters="A-Za-z0-9_.+=,@:/-",
        rule="letters, digits and _ . + = , @ : / -",
        max_length=512,
        what=what,
    )


def clean_placeholder(service: str, placeholder: str, raw: Any) -> str:
    """One ARN part, checked; ``*`` alone (every such resource) is allowed but for the location."""
    text = "" if raw is None else str(raw).strip()
    if text == "*" and placeholder not in LOCATION:
        return "*"
    param = placeholder_param(service, placeholder)
    if placeholder == "Partition" and not text:
        return "aws"
    if not text:
        raise ParamError(
            "This field is required." if placeholder not in LOCATION else _missing(placeholder)
        )
    value = param.clean(text)
    if hasattr(value, "instance_id"):
        return value.instance_id
    if hasattr(value, "key_id"):
        return value.key_id
    return str(value)


def _missing(placeholder: str) -> str:
    return {"Region": "Choose the region.", "Account": "Enter the 12-digit account ID."}.get(
        placeholder, "This field is required."
    )


def resource_arn(option: ResourceOption, parts: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], option.arn)


# --- Conditions -------------------------------------------------------------------------------

#: The base operators that fit each of the catalogue's key types: the one operator table's.
BASE_OPERATORS = {
    kind: condition_operators.bases_of(family)
    for kind, family in (
        ("String", "String"),
        ("Numeric", "Numeric"),
        ("Date", "Date"),
        ("Bool", "Bool"),
        ("ARN", "Arn"),
        ("IPAddress", "IpAddress"),
        ("Binary", "Binary"),
    )
}

_TYPE_ALIASES = {"arn": "ARN", "ipaddress": "IPAddress", "boolean": "Bool", "long": "Numeric"}


def _base_type(key_type: str) -> str:
    base = key_type.removeprefix("ArrayOf")
    return _TYPE_ALIASES.get(base.lower(), base)


def operators_for(key_type: str) -> tuple[str, ...]:
    """The operators that fit a key of this type: IfExists forms, ForAnyValue/ForAllValues for
    ArrayOf keys, and Null."""
    base = BASE_OPERATORS.get(_base_type(key_type), BASE_OPERATORS["String"])
    plain = [op for b in base for op in (b, f"{b}IfExists")]
    if key_type.startswith("ArrayOf"):
        plain = [f"{q}:{op}" for q in ("ForAnyValue", "ForAllValues") for op in plain]
    return (*plain, "Null")


#: What a value of each base type looks like, for the help beside a condition's values.
VALUE_HINTS = {
    "String": "Text; with StringLike, * and ? are wildcards.",
    "Numeric": "A number, such as 3600.",
    "Date": "A date and time, such as 2026-12-31T23:59:59Z, or epoch seconds.",
    "Bool": "true or false.",
    "ARN": f"An ARN, such as arn:aws:iam::{EXAMPLE_ACCOUNT}:role/Admin (ArnLike: * and ?).",
    "IPAddress": "An IP address or CIDR range, such as 203.0.113.0/24.",
    "Binary": "Base64-encoded bytes.",
}


def value_hint(key_type: str) -> str:
    """What the values of a key of this type look like ('' for an unknown type)."""
    hint = VALUE_HINTS.get(_base_type(key_type), "")
    if hint and key_type.startswith("ArrayOf"):
        hint += " The key has several values: ForAnyValue matches when one of them does, "
        hint += "ForAllValues when every one does."
    return hint


def all_operators() -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for key_type in ("String", "Numeric", "Date", "Bool", "ARN", "IPAddress", "Binary"):
        for t in (key_type, f"ArrayOf{key_type}"):
            seen.update(dict.fromkeys(operators_for(t)))
    return tuple(seen)


@dataclass(frozen=True)
class KeyOption:
    key: str  # the catalogue's template, e.g. aws:ResourceTag/${TagKey}
    type: str
    description: str
    is_global: bool = False

    @property
    def needs_name(self) -> bool:
        return "${" in self.key


def key_options(actions: list[iam_catalog.Action]) -> list[KeyOption]:
    """The keys the actions support (catalogue types), then the global keys."""
    out: dict[str, KeyOption] = {}
    for action in actions:
        defined = iam_catalog.condition_keys(action.service)
        for key in iam_catalog.supported_condition_keys(action):
            if key.lower() in out:
                continue
            entry = defined.get(key.lower())
            glob = global_condition_keys.lookup(key) if key.startswith("aws:") else None
            key_type = entry.type if entry else (glob.type if glob else "String")
            out[key.lower()] = KeyOption(key, key_type, entry.description if entry else "")
    for glob in global_condition_keys.all_keys():
        if not glob.deprecated and glob.key.lower() not in out:
            out[glob.key.lower()] = KeyOption(glob.key, glob.type, "", is_global=True)
    return list(out.values())


def key_type(key: str, actions: list[iam_catalog.Action]) -> str | None:
    """The type of a concrete key for these actions: a supported key's, else a global one's."""
    for action in actions:
        defined = iam_catalog.condition_keys(action.service)
        for template in iam_catalog.supported_condition_keys(action):
            if iam_catalog.key_matches(template, key):
                entry = defined.get(template.lower())
                if entry is not None:
                    return entry.type
    glob = global_condition_keys.lookup(key)
    return glob.type if glob else None


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def clean_condition_value(operator: str, key: str, text: str) -> str:
    base = operator.partition(":")[2] or operator
    base = base.removesuffix("IfExists")
    if base in ("Bool", "Null"):
        if text.lower() not in ("true", "false"):
            raise ParamError(f"{base} takes true or false, not {text!r}.")
        return text.lower()
    if base.startswith("Numeric"):
        if not _NUMBER.fullmatch(text):
            raise ParamError(f"{text!r} is not a number (an integer or a decimal such as 1.5).")
        return text
    if base.startswith("Date"):
        if text.isdigit():
            return text
        try:
            _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ParamError(
                f"{text!r} is not a date: write 2026-12-31, 2026-12-31T23:59:59Z or epoch seconds."
            ) from None
        return text
    if base in ("IpAddress", "NotIpAddress"):
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise ParamError(
                f"{text!r} is not an IP address or CIDR range (203.0.113.0/24)."
            ) from None
        return text
    if base.startswith("Arn"):
        if text != "*" and (not text.startswith("arn:") or text.count(":") < 5):
            raise ParamError(f"{text!r} is not an ARN (arn:partition:service:region:account:...).")
        return text
    if any(not ch.isprintable() for ch in text):
        raise ParamError("A condition value has no line breaks, tabs or control characters.")
    if any(ord(ch) > 0xFF for ch in text):
        raise ParamError("IAM policy documents accept only characters up to U+00FF (Latin-1).")
    return text


# --- Values -> document -----------------------------------------------------------------------


@dataclass
class CustomRendering(DocumentResult):
    """A custom policy's document, or its errors by field path."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    document: dict[str, Any] | None = None
    #: Per statement: each chosen pattern with the actions it means today.
    expansions: list[list[tuple[str, list[str]]]] = field(default_factory=list)
    notes: tuple[str, ...] = ()


def empty_statement() -> dict[str, Any]:
    return {"effect": "Allow", "actions": [], "resources": [], "conditions": []}


def empty_values() -> dict[str, Any]:
    return {"quota": "managed", "statements": [empty_statement()]}


def chosen_actions(statement: Mapping[str, Any]) -> list[iam_catalog.Action]:
    """What a statement's valid patterns match (for its resource and key options)."""
    found: dict[str, iam_catalog.Action] = {}
    for item in as_list(statement.get("actions")) if isinstance(statement, Mapping) else []:
        try:
            _, matched = clean_action(str(item))
        except ParamError:
            continue
        for action in matched:
            found.setdefault(action.qualified_name, action)
    return list(found.values())


def render(raw: Any) -> CustomRendering:
    """Check every field and build the document; errors are keyed by field path."""
    errors: dict[str, str] = {}
    if not isinstance(raw, Mapping):
        return CustomRendering({}, {"values": "Give the values as an object."})
    quota = raw.get("quota", "managed")
    if quota not in quotas.BY_NAME:
        errors["quota"] = f"Choose {', '.join(quotas.NAMES[:-1])} or {quotas.NAMES[-1]}."
        quota = "managed"
    try:
        items = as_list(raw.get("statements"))
    except ParamError:
        items = None
    if not items:
        errors["statements"] = "Add at least one statement."
        return CustomRendering({"quota": quota, "statements": []}, errors)
    if len(items) > MAX_STATEMENTS:
        errors["statements"] = f"At most {MAX_STATEMENTS} statements."
        items = items[:MAX_STATEMENTS]
    statements: list[Statement] = []
    stored: list[dict[str, Any]] = []
    expansions: list[list[tuple[str, list[str]]]] = []
    notes: list[str] = []
    # Sids the admin gave: each once, and the generated ones (Custom1, ...) keep out of their way.
    taken: set[str] = set()
    for n, item in enumerate(items):
        sid = str(item.get("sid") or "").strip() if isinstance(item, Mapping) else ""
        if sid in taken:
            errors[f"statements.{n}.sid"] = f"Another statement has the Sid {sid}: each Sid once."
        elif sid:
            taken.add(sid)
    for n, item in enumerate(items):
        where = f"statements.{n}"
        if not isinstance(item, Mapping):
            errors[where] = "Each statement is an object."
            stored.append(empty_statement())
            expansions.append([])
            continue
        if _blank(item) and len(items) > 1:
            # A statement just added and not filled in yet: left out of the document, said so.
            stored.append(empty_statement() | {"effect": str(item.get("effect") or "Allow")})
            expansions.append([])
            notes.append(f"Statement {n + 1} is empty: it is left out until it has an action.")
            continue
        built, values, expanded, note = _statement(n, item, errors, taken)
        stored.append(values)
        expansions.append(expanded)
        if note:
            notes.append(note)
        if built is not None:
            statements.append(built)
    if not statements and not errors:
        errors["statements.0.actions"] = "Add at least one action."
    values = {"quota": quota, "statements": stored}
    if errors:
        return CustomRendering(values, errors, None, expansions, tuple(notes))
    return CustomRendering(values, {}, build_document(statements), expansions, tuple(notes))


def _blank(item: Mapping[str, Any]) -> bool:
    """Whether a statement has nothing filled in (its effect aside)."""
    return not any(item.get(name) for name in ("actions", "resources", "conditions", "sid"))


def _statement(
    n: int, item: Mapping[str, Any], errors: dict[str, str], taken: set[str]
) -> tuple[Statement | None, dict[str, Any], list[tuple[str, list[str]]], str]:
    where = f"statements.{n}"
    before = len(errors)
    effect = str(item.get("effect") or "Allow")
    if effect not in EFFECTS:
        errors[f"{where}.effect"] = "Choose Allow or Deny."
        effect = "Allow"
    actions, expanded, chosen = _statement_actions(where, item, errors)
    arns, stored_resources = _statement_resources(where, item, chosen, errors)
    note = ""
    if arns and chosen:
        without = [a.qualified_name for a in chosen if not a.resource_types]
        if without:
            shown = ", ".join(without[:5]) + (" …" if len(without) > 5 else "")
            note = (
                f"Statement {n + 1}: {shown} take{'s' if len(without) == 1 else ''} no resource, "
                'so only "*" grants them; put them in a statement of their own without resources.'
            )
    # Conditions
    condition: dict[str, dict[str, Any]] = {}
    stored_conditions: list[dict[str, Any]] = []
    raw_conditions = _entries(where, item, "conditions", MAX_CONDITIONS, errors)
    for m, cond in enumerate(raw_conditions):
        cwhere = f"{where}.conditions.{m}"
        if not isinstance(cond, Mapping):
            errors[cwhere] = "Each condition is an object with operator, key and values."
            continue
        entry = _condition(cwhere, cond, chosen, errors)
        stored_conditions.append(entry[0])
        if entry[1] is not None:
            operator, key, values = entry[1]
            block = condition.setdefault(operator, {})
            if key in block:
                errors[f"{cwhere}.key"] = (
                    f"{key} is already tested with {operator} in this statement: put every "
                    "value in that condition (any one of them matches)."
                )
                continue
            block[key] = values[0] if len(values) == 1 else values
    stored: dict[str, Any] = {
        "effect": effect,
        "actions": actions,
        "resources": stored_resources,
        "conditions": stored_conditions,
    }
    sid = str(item.get("sid") or "").strip()
    if sid:
        if not re.fullmatch(r"[A-Za-z0-9]{1,100}", sid):
            errors[f"{where}.sid"] = "A Sid has only letters and digits."
        else:
            stored["sid"] = sid
    if len(errors) > before:
        return None, stored, expanded, note
    statement = Statement(
        effect=effect,
        actions=tuple(actions),
        resources=tuple(arns) or ("*",),
        sid=stored.get("sid") or _free_sid(f"Custom{n + 1}", taken),
        condition=condition,
    )
    return statement, stored, expanded, note


def _statement_actions(
    where: str, item: Mapping[str, Any], errors: dict[str, str]
) -> tuple[list[str], list[tuple[str, list[str]]], list[iam_catalog.Action]]:
    """A statement's actions as written (deduplicated), the patterns that stand for other
    names, and the catalogue actions they match; their errors go into ``errors``."""
    actions: list[str] = []
    expanded: list[tuple[str, list[str]]] = []
    matched: dict[str, iam_catalog.Action] = {}
    try:
        raw_actions = as_list(item.get("actions"))
    except ParamError as exc:
        errors[f"{where}.actions"] = str(exc)
        raw_actions = []
    for raw_action in raw_actions:
        text = str(raw_action).strip()
        if not text:
            continue
        try:
            name, found = clean_action(text)
        except ParamError as exc:
            errors.setdefault(f"{where}.actions", str(exc))
            actions.append(text)
            continue
        if name.lower() in {a.lower() for a in actions}:
            continue
        actions.append(name)
        if name != found[0].qualified_name or len(found) > 1:
            expanded.append((name, [a.qualified_name for a in found]))
        for action in found:
            matched.setdefault(action.qualified_name, action)
    if not raw_actions or (not actions and f"{where}.actions" not in errors):
        errors[f"{where}.actions"] = "Add at least one action."
    if len(actions) > MAX_ACTIONS:
        errors[f"{where}.actions"] = f"At most {MAX_ACTIONS} actions in a statement."
    chosen = list(matched.values())
    return actions, expanded, chosen


def _entries(
    where: str, item: Mapping[str, Any], field: str, limit: int, errors: dict[str, str]
) -> list[Any]:
    """A statement's list under ``field`` (conditions, resources), at most ``limit`` of them; a
    value that is not a list, or one that is too long, is an error under ``where.field``."""
    try:
        entries = as_list(item.get(field))
    except ParamError as exc:
        errors[f"{where}.{field}"] = str(exc)
        return []
    if len(entries) > limit:
        errors[f"{where}.{field}"] = f"At most {limit} {field} in a statement."
        entries = entries[:limit]
    return entries


def _statement_resources(
    where: str, item: Mapping[str, Any], chosen: list[iam_catalog.Action], errors: dict[str, str]
) -> tuple[list[str], list[dict[str, str]]]:
    """A statement's resource ARNs and their parts as stored; their errors go into ``errors``."""
    offered = {o.key.lower(): o for o in resource_options(chosen)}
    arns: list[str] = []
    stored_resources: list[dict[str, str]] = []
    raw_resources = _entries(where, item, "resources", MAX_RESOURCES, errors)
    for m, resource in enumerate(raw_resources):
        rwhere = f"{where}.resources.{m}"
        if not isinstance(resource, Mapping):
            errors[rwhere] = "Each resource is an object with its type and ARN parts."
            continue
        kept = {str(k): "" if v is None else str(v).strip() for k, v in resource.items()}
        stored_resources.append(kept)
        option = offered.get(kept.get("type", "").lower())
        if option is None and not chosen:
            # No valid action yet: check the parts of the type asked for all the same.
            option = resource_option(kept.get("type", ""))
        if option is None:
            if chosen:
                takes = ", ".join(o.key for o in offered.values()) or "none: use * (no resource)"
                errors[f"{rwhere}.type"] = (
                    "None of this statement's actions takes this resource type. "
                    f"They take: {takes}."
                )
            continue
        parts: dict[str, str] = {}
        for placeholder in option.placeholders:
            try:
                parts[placeholder] = clean_placeholder(
                    option.arn_service, placeholder, kept.get(placeholder)
                )
            except ParamError as exc:
                errors[f"{rwhere}.{placeholder}"] = str(exc)
        if len(parts) == len(option.placeholders):
            kept.update(parts)
            kept["type"] = option.key
            arns.append(resource_arn(option, parts))
    return arns, stored_resources


def _free_sid(base: str, taken: set[str]) -> str:
    candidate, k = base, 2
    while candidate in taken:
        candidate, k = f"{base}N{k}", k + 1
    taken.add(candidate)
    return candidate


def _condition(
    where: str, cond: Mapping[str, Any], chosen: list[iam_catalog.Action], errors: dict[str, str]
) -> tuple[dict[str, Any], tuple[str, str, list[str]] | None]:
    operator = str(cond.get("operator") or "").strip()
    key = str(cond.get("key") or "").strip()
    try:
        raw_values = as_list(cond.get("values"))
    except ParamError:
        raw_values = []
    texts = [str(v).strip() for v in raw_values if str(v).strip()]
    stored = {"operator": operator, "key": key, "values": texts}
    before = len(errors)
    key_kind = None
    if not key:
        errors[f"{where}.key"] = "Choose the condition key."
    elif "${" in key:
        errors[f"{where}.key"] = (
            f"Replace the {key[key.index('${') :]} part of {key} with a name, such as "
            f"{key[: key.index('${')]}Department."
        )
    else:
        key_kind = key_type(key, chosen)
        if key_kind is None:
            errors[f"{where}.key"] = (
                f"{key} is neither a key these actions support nor a global key."
            )
        elif "/" in key and key.lower().split("/")[0].endswith("tag"):
            try:
                clean_tag_key(key.partition("/")[2])
            except ParamError as exc:
                errors[f"{where}.key"] = str(exc)
    if not operator:
        errors[f"{where}.operator"] = "Choose the operator."
    elif key_kind is not None and operator not in operators_for(key_kind):
        fits = ", ".join(dict.fromkeys(o.replace("IfExists", "") for o in operators_for(key_kind)))
        errors[f"{where}.operator"] = (
            f"{operator} does not fit {key}, a key of type {key_kind}: choose one of {fits} "
            "(each also with IfExists)."
        )
    elif operator not in all_operators():
        errors[f"{where}.operator"] = f"{operator} is not an operator of IAM policies."
    if not texts:
        errors[f"{where}.values"] = "Give at least one value, one a line."
    elif len(texts) > MAX_VALUES:
        errors[f"{where}.values"] = f"At most {MAX_VALUES} values."
    elif f"{where}.operator" not in errors and operator:
        try:
            texts = [clean_condition_value(operator, key, t) for t in texts]
        except ParamError as exc:
            errors[f"{where}.values"] = str(exc)
        if operator == "Null" and len(texts) > 1:
            errors[f"{where}.values"] = "Null takes one value: true or false."
    if len(errors) > before:
        return stored, None
    stored["values"] = texts
    return stored, (operator, key, texts)
