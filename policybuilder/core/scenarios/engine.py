"""The one rendering engine that turns a declarative scenario into a policy.

A :class:`Scenario` is data: parameters and statement specifications whose
resource ARNs and condition entries are small templates such as
``arn:{partition}:kms:{region}:{account}:key/{key_id}``.  Only names in
``{braces}`` not preceded by ``$`` are filled in, so IAM policy variables
like ``${aws:username}`` pass through untouched.  The document itself is
always built as Python data and serialised with ``json``.

Every scenario also carries the best-practice guardrails of
:mod:`policybuilder.core.guardrails` as parameters (``guard_mfa``,
``guard_tls``, ``guard_regions``, ``guard_instance``, ``guard_via_service``),
read from the same raw values as the others and applied to the statements
after they are rendered; with all of them off the output is exactly what it
was without them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from policybuilder.core import guardrails, regions
from policybuilder.core.document import DocumentResult, Statement, build_document
from policybuilder.core.params import (
    ActionsParam,
    ConnectInstance,
    KmsKey,
    Param,
    ParamError,
    RegionParam,
    Tag,
)
from policybuilder.core.scenarios import fields

#: The page of AWS's Amazon Connect Administrator Guide the first twelve scenarios come from.
IDENTITY_PAGE = "Amazon Connect identity-based policy examples"
#: The page the resource-level scenarios come from.
RESOURCE_LEVEL_PAGE = "Amazon Connect resource-level policy examples"

PLACEHOLDER = re.compile(r"(?<!\$)\{([a-z_]+)\}")

#: Which parameter a missing template variable is reported against.
VARIABLE_SOURCES = {
    "partition": "partition",
    "region": "region",
    "account": "account",
    "instance_id": "instance",
    "instance_arn": "instance",
    "key_arn": "kms_key",
    "tag_key": "tag_key",
}


@dataclass(frozen=True)
class Cond:
    """One condition entry; key and value (or each of its values) are templates."""

    operator: str
    key: str
    value: str | tuple[str, ...]


@dataclass(frozen=True)
class TagConds:
    """One condition entry per tag of a tags parameter: ``prefix + key = value``."""

    operator: str
    prefix: str
    param: str


ALLOW = "Allow"
DENY = "Deny"


@dataclass(frozen=True)
class StatementSpec:
    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...] = ("*",)
    conditions: tuple[Cond | TagConds, ...] = ()
    #: Actions offered in the checklist but unchecked by default.
    optional_actions: tuple[str, ...] = ()
    #: Only rendered when every (parameter, value) pair holds.
    when: tuple[tuple[str, Any], ...] = ()
    #: Allow, or Deny: a Deny refuses its actions whatever any policy allows.
    effect: str = ALLOW

    def __post_init__(self) -> None:
        if self.effect not in (ALLOW, DENY):
            raise ValueError(f"effect must be {ALLOW} or {DENY}, not {self.effect!r}")


@dataclass(frozen=True)
class Scenario:
    slug: str
    title: str
    area: str
    summary: str
    source_section: str
    explanation: tuple[str, ...]
    corrections: tuple[str, ...]
    params: tuple[Param, ...]
    statements: tuple[StatementSpec, ...]
    notes: tuple[str, ...] = ()
    #: The AWS page the scenario comes from (the home page groups by page, then area).
    page: str = IDENTITY_PAGE

    # Derived from the frozen fields, so computed once per scenario: the builder's live
    # preview reads these several times per keystroke (the form, the engine, the advice).
    @cached_property
    def has_deny(self) -> bool:
        return any(spec.effect == DENY for spec in self.statements)

    @cached_property
    def allowed_actions(self) -> tuple[str, ...]:
        """The actions of the Allow statements (the ones guardrails can narrow)."""
        found: list[str] = []
        for spec in self.statements:
            if spec.effect == ALLOW:
                found.extend(a for a in spec.actions if a not in found)
        return tuple(found)

    @cached_property
    def actions_param(self) -> ActionsParam:
        choices: list[str] = []
        defaults: list[str] = []
        for spec in self.statements:
            for action in spec.actions:
                if action not in choices:
                    choices.append(action)
                if action not in spec.optional_actions and action not in defaults:
                    defaults.append(action)
        help = "Uncheck what the people using this policy do not need (least privilege)."
        if self.has_deny:
            help = (
                "Uncheck what the people using this policy do not need (least privilege); "
                "unchecking an action of a Deny statement stops refusing it."
            )
        return ActionsParam(
            name="actions",
            label="Actions",
            help=help,
            example=tuple(defaults),
            choices=tuple(choices),
            defaults=tuple(d for d in choices if d in defaults),
        )

    @cached_property
    def all_params(self) -> tuple[Param, ...]:
        return (*self.params, self.actions_param, *self.guard_params)

    @cached_property
    def instance_guard_applies(self) -> bool:
        """Whether some action offered here can be limited to one Amazon Connect instance."""
        return any(guardrails.instance_scopable(a) for a in self.allowed_actions)

    @cached_property
    def via_service_guard_applies(self) -> bool:
        """Whether some statement grants a KMS key that kms:ViaService can limit."""
        return guardrails.kms_key_statement_possible(self.allowed_actions)

    @cached_property
    def guard_params(self) -> tuple[Param, ...]:
        """The guardrail options, plus the instance and its location when the scenario has none.

        Those extra fields are asked only while ``guard_instance`` is on, and
        only in scenarios where the instance guardrail can narrow something.
        """
        extra: list[Param] = []
        if self.instance_guard_applies:
            own = {p.name for p in self.params}
            when = ((guardrails.GUARD_INSTANCE, True),)
            makers = {
                "instance": fields.instance,
                "partition": fields.partition,
                "region": fields.region,
                "account": fields.account,
            }
            extra = [makers[name](when) for name in guardrails.INSTANCE_FIELDS if name not in own]
            # Not required as a field: the engine asks for it only when narrowing needs it,
            # and templates saved before the guardrails existed are not "missing" it.
            extra = [
                replace(p, required=False, help=f"{p.help} Needed to restrict to an instance.")
                if p.name == "instance"
                else p
                for p in extra
            ]
        before, after = guardrails.PARAMS[:4], guardrails.PARAMS[4:]
        return (*before, *extra, *after)

    @cached_property
    def params_in_clean_order(self) -> tuple[Param, ...]:
        """``all_params``, those without conditions first, so that ``only_when`` can look at
        their values when the others are cleaned."""
        return tuple(sorted(self.all_params, key=lambda p: bool(p.only_when)))

    def asked_with_instance_guard(self, param: Param) -> bool:
        """Whether the instance guardrail asks for this parameter whatever its ``only_when``.

        View users, for one, asks for its instance only for the one-instance
        scope; restricting to an instance needs it for the every-instance scope too.
        """
        return self.instance_guard_applies and param.name in guardrails.INSTANCE_FIELDS

    def param(self, name: str) -> Param:
        for p in self.all_params:
            if p.name == name:
                return p
        raise KeyError(name)

    def example_values(self) -> dict[str, Any]:
        return {p.name: p.example_raw() for p in self.all_params}

    def describe(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "area": self.area,
            "page": self.page,
            "source_section": self.source_section,
            "summary": self.summary,
            "parameters": [p.describe() for p in self.all_params],
        }


@dataclass
class Rendering(DocumentResult):
    """The outcome of rendering: a document, or the errors per parameter."""

    scenario: Scenario
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    document: dict[str, Any] | None = None
    #: What the guardrails did or left alone, in words for the preview.
    notes: tuple[str, ...] = ()


def _applies(when: tuple[tuple[str, Any], ...], values: Mapping[str, Any]) -> bool:
    return all(values.get(name) == expected for name, expected in when)


def clean(scenario: Scenario, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean every parameter that applies; returns (values, errors by parameter name)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for param in scenario.params_in_clean_order:
        if param.only_when and not _applies(param.only_when, values):
            guarded = values.get(guardrails.GUARD_INSTANCE) is True
            if not (guarded and scenario.asked_with_instance_guard(param)):
                continue
        try:
            values[param.name] = param.clean(raw.get(param.name))
        except ParamError as exc:
            errors[param.name] = str(exc)
    return values, errors


def _location(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Partition, region and account from the fields, checked against any ARN given."""
    context: dict[str, str] = {}
    source: dict[str, str] = {}
    for name in ("partition", "region", "account"):
        if values.get(name):
            context[name] = values[name]
            source[name] = f"the {name} field says"
    for param_name in ("instance", "kms_key"):
        located = values.get(param_name)
        if not isinstance(located, ConnectInstance | KmsKey) or located.partition is None:
            continue
        for name in ("partition", "region", "account"):
            given = context.get(name)
            from_arn = getattr(located, name)
            what = "instance" if param_name == "instance" else "key"
            if given is None:
                context[name] = from_arn
                source[name] = f"the {what} ARN says"
            elif given != from_arn and param_name not in errors:
                errors[param_name] = (
                    f"The {what} ARN is in {name} {from_arn}, but {source[name]} {given}. "
                    f"Make them agree, or enter just the {what} ID."
                )
    if "partition" in values and "partition" not in context:
        context["partition"] = "aws"
    region, partition = context.get("region"), context.get("partition")
    misplaced = region and partition and regions.partition_of_region(region) != partition
    if misplaced and "region" not in errors:
        errors["region"] = f"Region {region} is not in partition {partition}."
    return context


def _variables(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    context = _location(values, errors)
    context["account_or_star"] = context.get("account", "*")
    prefix = "arn:{partition}:{service}:{region}:{account}:"
    located = dict(context)
    instance = values.get("instance")
    if isinstance(instance, ConnectInstance):
        context["instance_id"] = instance.instance_id
        if {"partition", "region", "account"} <= located.keys():
            base = prefix.format(service="connect", **located)
            context["instance_arn"] = f"{base}instance/{instance.instance_id}"
    key = values.get("kms_key")
    if isinstance(key, KmsKey):
        if key.partition is not None:
            base = prefix.format(
                service="kms", partition=key.partition, region=key.region, account=key.account
            )
            context["key_arn"] = f"{base}key/{key.key_id}"
        elif {"partition", "region", "account"} <= located.keys():
            context["key_arn"] = f"{prefix.format(service='kms', **located)}key/{key.key_id}"
    if values.get("tag_key"):
        context["tag_key"] = values["tag_key"]
    context["region_or_star"] = context.get("region", "*")
    # Every other text value (IDs, names, choices) is a template variable under its own name.
    for name, value in values.items():
        if isinstance(value, str) and value and name not in context:
            context[name] = value
    return context


class _Missing(Exception):
    def __init__(self, variable: str) -> None:
        self.variable = variable


def _fill(template: str, context: Mapping[str, str]) -> str:
    def replace(m: re.Match[str]) -> str:
        if m.group(1) not in context:
            raise _Missing(m.group(1))
        return context[m.group(1)]

    return PLACEHOLDER.sub(replace, template)


def _condition(
    specs: tuple[Cond | TagConds, ...], values: Mapping[str, Any], context: Mapping[str, str]
) -> dict[str, dict[str, str | list[str]]]:
    out: dict[str, dict[str, str | list[str]]] = {}
    for spec in specs:
        entries = out.setdefault(spec.operator, {})
        if isinstance(spec, TagConds):
            tags: tuple[Tag, ...] = values.get(spec.param, ())
            for tag in tags:
                entries[f"{spec.prefix}{tag.key}"] = tag.value
        elif isinstance(spec.value, tuple):
            entries[_fill(spec.key, context)] = [_fill(v, context) for v in spec.value]
        else:
            entries[_fill(spec.key, context)] = _fill(spec.value, context)
    return out


def _sources_of(variable: str, values: Mapping[str, Any], context: Mapping[str, str]) -> list[str]:
    """The fields to blame for a template variable that could not be filled.

    An instance or key ARN is missing because the location is incomplete when
    the ID itself was given: blame the partition, region or account instead.
    """
    if variable in ("instance_arn", "key_arn"):
        lacking = [name for name in ("partition", "region", "account") if name not in context]
        owner = "instance" if variable == "instance_arn" else "kms_key"
        if lacking and values.get(owner) is not None:
            return lacking
        return [owner]
    return [VARIABLE_SOURCES.get(variable, variable)]


_MISSING_MESSAGES = {
    "partition": "Choose the partition.",
    "region": "Enter the region, or give the instance or key as an ARN.",
    "account": "Enter the account ID, or give the instance or key as an ARN.",
    "instance": "Enter the Amazon Connect instance ID or ARN.",
    "kms_key": "Enter the KMS key ID or ARN.",
    "tag_key": "Enter the tag key.",
}


def render(scenario: Scenario, raw: Mapping[str, Any]) -> Rendering:
    """Clean the raw values and build the policy document, or report what to fix."""
    values, errors = clean(scenario, raw)
    context = _variables(values, errors)
    _other_regions_in_partition(scenario, values, context, errors)
    chosen = set(values.get("actions", ()))
    statements: list[Statement] = []
    for spec in scenario.statements:
        if not _applies(spec.when, values):
            continue
        actions = tuple(a for a in spec.actions if a in chosen)
        if not actions:
            continue
        try:
            resources = tuple(_fill(r, context) for r in spec.resources)
            condition = _condition(spec.conditions, values, context)
        except _Missing as missing:
            for source in _sources_of(missing.variable, values, context):
                errors.setdefault(source, _MISSING_MESSAGES.get(source, "This field is required."))
            continue
        statements.append(
            Statement(
                effect=spec.effect,
                actions=actions,
                resources=resources,
                sid=spec.sid,
                condition=condition,
            )
        )
    if not statements and not errors:
        errors["actions"] = "Keep at least one action."
    notes: tuple[str, ...] = ()
    options = guardrails.Options.from_values(values)
    if options.any and not errors:
        guarded = _guard(statements, options, values, context, errors)
        statements, notes = list(guarded.statements), guarded.notes
    if errors:
        return Rendering(scenario, values, errors, None)
    return Rendering(scenario, values, {}, build_document(statements), notes)


def _other_regions_in_partition(
    scenario: Scenario,
    values: Mapping[str, Any],
    context: Mapping[str, str],
    errors: dict[str, str],
) -> None:
    """A second region field (a phone number's home Region, say) must be in the partition."""
    partition = context.get("partition")
    for param in scenario.params:
        if not isinstance(param, RegionParam) or param.name == "region":
            continue
        value = values.get(param.name)
        if value and partition and regions.partition_of_region(value) != partition:
            errors.setdefault(param.name, f"Region {value} is not in partition {partition}.")


def _guard(
    statements: list[Statement],
    options: guardrails.Options,
    values: Mapping[str, Any],
    context: Mapping[str, str],
    errors: dict[str, str],
) -> guardrails.Guarded:
    """Apply the guardrails, or record in ``errors`` what they still need."""
    partition = context.get("partition")
    foreign = [
        r for r in options.regions if partition and regions.partition_of_region(r) != partition
    ]
    if foreign:
        errors[guardrails.GUARD_REGIONS] = (
            f"{', '.join(foreign)} {'is' if len(foreign) == 1 else 'are'} not in partition "
            f"{partition}, where this policy's resources are."
        )
    instance_arn = context.get("instance_arn")
    if options.instance and instance_arn is None and guardrails.needs_instance(statements):
        for source in _sources_of("instance_arn", values, context):
            errors.setdefault(source, _MISSING_MESSAGES.get(source, "This field is required."))
    if errors:
        return guardrails.Guarded(tuple(statements))
    return guardrails.apply(statements, options, instance_arn=instance_arn, partition=partition)
