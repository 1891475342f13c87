"""Random Amazon Connect-flavoured identity policies and requests.

One generator for three users: the property tests (``tests/properties/``, through
hypothesis), the differential test against iam-simulate and ``benchmarks/evaluate.py``
(both through a seeded ``random.Random``, so a batch is the same on every run). The
generator only asks a :class:`Chooser` for its choices; :class:`RandomChooser` and
:class:`DrawChooser` answer from a seeded random generator and from hypothesis's ``draw``.

The pools are small on purpose, so that the policies' actions, resources and condition
values meet the requests' often enough for every branch of the evaluator to decide something:
- actions: real actions of connect, app-integrations, wisdom, profile, iam and kms (checked
  against the catalogue at import), wildcards such as ``connect:Describe*`` and ``*``, and
  a few written in another case (action names are case-insensitive);
- resources: the catalogue's ARN formats of those actions' resource types with each slot
  a pool value, ``*`` or a partial wildcard (``a1b2*``, ``?``), ``*`` itself, and
  ``${aws:username}`` in IAM user ARNs;
- conditions (the core set; the differential batch adds :func:`extended_clause`'s):
  String{Equals,Like,NotEquals} on ``aws:ResourceTag/Department`` and
  ``aws:PrincipalTag/team`` (with ``${aws:PrincipalTag/team}`` as a value), Bool on
  ``aws:MultiFactorAuthPresent``, {Not}IpAddress on ``aws:SourceIp`` (IPv4 and IPv6),
  NumericLessThan on ``aws:MultiFactorAuthAge``, ForAnyValue/ForAllValues:StringEquals on
  ``aws:TagKeys``, the ``IfExists`` variants and Null;
- requests: a pool action, an ARN of one of its resource types in the catalogue's format
  (``*`` for an action without resource types), and each context key present or missing,
  ``aws:ResourceTag/...`` and ``aws:TagKeys`` only for actions that support them (AWS puts
  no other keys in a request's context), ``aws:TagKeys`` sometimes an empty list.

This module imports no Django and only the pure-Python catalogue, so a benchmark can load
it by path (tests/ is not a package).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from policybuilder.core import iam_catalog

T = TypeVar("T")

# --- choices ---------------------------------------------------------------------------------


class Chooser(Protocol):
    def pick(self, options: Sequence[T]) -> T: ...

    def chance(self, probability: float) -> bool: ...

    def count(self, low: int, high: int) -> int: ...


class RandomChooser:
    """Choices from a seeded ``random.Random``: the same seed, the same batch."""

    def __init__(self, seed: int | random.Random) -> None:
        self.rng = seed if isinstance(seed, random.Random) else random.Random(seed)

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def count(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


class DrawChooser:
    """Choices from hypothesis's ``draw``; each shrinks towards the first option, "no" and
    the lowest count, so a failing example shrinks to a short policy."""

    def __init__(self, draw: Any) -> None:
        from hypothesis import strategies as st

        self.draw = draw
        self.st = st

    def pick(self, options: Sequence[T]) -> T:
        return self.draw(self.st.sampled_from(options))

    def chance(self, probability: float) -> bool:
        return self.draw(self.st.integers(0, 99)) >= 100 - round(probability * 100)

    def count(self, low: int, high: int) -> int:
        return self.draw(self.st.integers(low, high))


def some(ch: Chooser, options: Sequence[T], low: int, high: int) -> list[T]:
    """Between ``low`` and ``high`` distinct options, in the order chosen."""
    wanted = ch.count(low, min(high, len(options)))
    chosen: list[T] = []
    while len(chosen) < wanted:
        option = ch.pick([o for o in options if o not in chosen])
        chosen.append(option)
    return chosen


# --- pools -----------------------------------------------------------------------------------

#: Actions that requests name and policies list; each exists in the catalogue.
ACTIONS: tuple[str, ...] = (
    "connect:DescribeUser",
    "connect:UpdateUserHierarchy",
    "connect:DeleteUser",
    "connect:ListUsers",
    "connect:ListInstances",
    "connect:DescribeInstance",
    "connect:DescribeQueue",
    "connect:ListQueues",
    "connect:DescribeContactFlow",
    "connect:DescribeRoutingProfile",
    "connect:StartOutboundVoiceContact",
    "connect:TagResource",
    "app-integrations:CreateEventIntegration",
    "app-integrations:GetEventIntegration",
    "app-integrations:ListEventIntegrations",
    "wisdom:GetAssistant",
    "wisdom:ListAssistants",
    "wisdom:GetKnowledgeBase",
    "profile:GetDomain",
    "profile:SearchProfiles",
    "profile:ListDomains",
    "iam:GetUser",
    "iam:ListUsers",
    "iam:ListAttachedUserPolicies",
    "iam:PassRole",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:ListKeys",
)

#: Action patterns policies list besides the actions themselves.
ACTION_PATTERNS: tuple[str, ...] = (
    "connect:Describe*",
    "connect:List*",
    "connect:*User*",
    "connect:*",
    "connect:Describe?ser",
    "app-integrations:*EventIntegration*",
    "wisdom:Get*",
    "wisdom:*",
    "profile:*Domain*",
    "iam:Get*",
    "iam:*User*",
    "kms:*",
    "kms:Describe*",
    "*",
    "Connect:describeuser",
    "CONNECT:List*",
    "IAM:getuser",
)

PARTITION = "aws"
REGIONS = ("us-east-1", "eu-west-2")
ACCOUNTS = ("111122223333", "444455556666")
INSTANCES = ("a1b2c3d4-5678-90ab-cdef-0123456789ab", "f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f")
#: Values for the other slots of ARN formats, by slot name; any other slot takes GENERIC.
SLOT_VALUES: dict[str, tuple[str, ...]] = {
    "UserId": ("agent-1", "agent-2"),
    "UserNameWithPath": ("alice", "bob", "teams/carol"),
    "RoleNameWithPath": ("ConnectAdmin", "service-role/ConnectAccess"),
    "KeyId": ("1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-0123456789abcdef0123456789abcdef"),
    "EventIntegrationName": ("orders", "returns"),
    "DomainName": ("customers", "prospects"),
}
GENERIC = ("alpha", "beta")

DEPARTMENTS = ("Test", "Prod", "test")
TEAMS = ("Test", "Prod", "support")
TAG_KEYS = ("Department", "Env", "Owner")
SOURCE_IPS = ("192.0.2.10", "203.0.113.5", "198.51.100.1", "2001:db8::1")
CIDRS = ("192.0.2.0/24", "203.0.113.5/32", "2001:db8::/32", "10.0.0.0/8")
MFA_AGES = ("100", "3600", "7200")
USERNAMES = ("alice", "bob")

RESOURCE_TAG = "aws:ResourceTag/Department"
PRINCIPAL_TAG = "aws:PrincipalTag/team"

_SLOT = re.compile(r"\$\{([A-Za-z]+)\}")


def _check_pools() -> None:
    missing = [a for a in ACTIONS if iam_catalog.get_action(a) is None]
    if missing:
        raise RuntimeError(f"actions missing from the catalogue: {missing}")


_check_pools()


def resource_formats(action: str) -> tuple[str, ...]:
    """The ARN formats of the action's required resource types (of all its resource types
    when none is required, as for connect:TagResource); () for an action without any."""
    found = iam_catalog.get_action(action)
    types = iam_catalog.resource_types(found.service)
    chosen = [t for t in found.resource_types if t.required] or list(found.resource_types)
    return tuple(types[t.name.lower()].arn for t in chosen if t.name.lower() in types)


def _all_formats() -> tuple[str, ...]:
    formats: dict[str, None] = {}
    for action in ACTIONS:
        for fmt in resource_formats(action)[:3]:
            formats[fmt] = None
    return tuple(formats)


FORMATS = _all_formats()


def _slot_values(name: str) -> tuple[str, ...]:
    if name == "Partition":
        return (PARTITION,)
    if name == "Region":
        return REGIONS
    if name == "Account":
        return ACCOUNTS
    if name == "InstanceId":
        return INSTANCES
    return SLOT_VALUES.get(name, GENERIC)


def fill(fmt: str, value_for) -> str:
    return _SLOT.sub(lambda m: value_for(m.group(1)), fmt)


# --- requests --------------------------------------------------------------------------------


def request(ch: Chooser, extended: bool = False) -> dict[str, Any]:
    """A request in the command line's shape: action, resource, context (``extended``: also
    ``aws:CurrentTime`` and ``aws:PrincipalArn``, for the extended operators)."""
    action = ch.pick(ACTIONS)
    formats = resource_formats(action)
    if formats:
        resource = fill(ch.pick(formats[:3]), lambda slot: ch.pick(_slot_values(slot)))
    else:
        resource = "*"
    found = iam_catalog.get_action(action)
    context: dict[str, Any] = {}
    if iam_catalog.action_supports_condition_key(found, RESOURCE_TAG) and ch.chance(0.6):
        context[RESOURCE_TAG] = ch.pick(DEPARTMENTS)
    if ch.chance(0.6):
        context[PRINCIPAL_TAG] = ch.pick(TEAMS)
    if ch.chance(0.7):
        context["aws:MultiFactorAuthPresent"] = ch.pick(("true", "false"))
    if ch.chance(0.6):
        context["aws:MultiFactorAuthAge"] = ch.pick(MFA_AGES)
    if ch.chance(0.7):
        context["aws:SourceIp"] = ch.pick(SOURCE_IPS)
    if iam_catalog.action_supports_condition_key(found, "aws:TagKeys") and ch.chance(0.6):
        context["aws:TagKeys"] = some(ch, TAG_KEYS, 0, 3)
    if ch.chance(0.5):
        context["aws:username"] = ch.pick(USERNAMES)
    if extended and ch.chance(0.7):
        context["aws:CurrentTime"] = ch.pick(TIMES)
    if extended and ch.chance(0.7):
        context["aws:PrincipalArn"] = ch.pick(PRINCIPALS)
    return {"action": action, "resource": resource, "context": context}


# --- policies --------------------------------------------------------------------------------


def _slot_pattern(ch: Chooser, slot: str) -> str:
    values = _slot_values(slot)
    if slot == "Partition":
        return ch.pick(("aws", "aws", "*"))
    roll = ch.count(0, 19)
    value = ch.pick(values)
    if roll < 12:
        return value
    if roll < 16:
        return "*"
    if roll < 18:
        return value[:2] + "*"
    return value[:1] + "?" + value[2:]


def near_pattern(ch: Chooser, resource: str) -> str:
    """A pattern that matches ``resource`` or just misses it: one ARN part made a wildcard,
    a character replaced by ``?``, or the tail cut to ``*``."""
    if resource == "*":
        return "*"
    parts = resource.split(":", 5)
    how = ch.count(0, 4)
    if how == 0:
        at = ch.pick((2, 3, 4))
        parts[at] = "*"
        return ":".join(parts)
    if how == 1:
        at = ch.count(len(resource) // 2, len(resource) - 1)
        return resource[:at] + "?" + resource[at + 1 :]
    if how == 2:
        return resource[: ch.count(len(resource) // 2, len(resource))] + "*"
    if how == 3:
        return resource.upper() if ch.chance(0.3) else resource
    return resource


def resource_pattern(ch: Chooser, hint: dict[str, Any] | None = None) -> str:
    if hint is not None and ch.chance(0.35):
        return near_pattern(ch, hint["resource"])
    roll = ch.count(0, 19)
    if roll < 3:
        return "*"
    if roll == 3:
        return ch.pick(("arn:aws:connect:*:*:*", "arn:aws:connect:*", "arn:aws:*:*:*:instance/*"))
    if roll == 4:
        return ch.pick(
            (
                "arn:aws:iam::111122223333:user/${aws:username}",
                "arn:aws:iam::*:user/${aws:username}",
            )
        )
    fmt = ch.pick(FORMATS)
    pattern = fill(fmt, lambda slot: _slot_pattern(ch, slot))
    if ch.chance(0.15):
        # Cut after the instance (or the first path part) with a *: "instance/ID/*".
        head, sep, _ = pattern.rpartition("/")
        if sep and head.count(":") >= 5:
            pattern = head + "/*"
    return pattern


def action_pattern(ch: Chooser, hint: dict[str, Any] | None = None) -> str:
    if hint is not None and ch.chance(0.35):
        return hint["action"]
    return ch.pick(ACTIONS) if ch.chance(0.5) else ch.pick(ACTION_PATTERNS)


def _one_or_list(ch: Chooser, values: list[Any]) -> Any:
    return values[0] if len(values) == 1 and ch.chance(0.5) else values


def extended_clause(ch: Chooser) -> tuple[str, str, Any] | None:
    """Operators beyond the core set, for the differential batch: IgnoreCase, a variable
    with a default, Date, Arn, StringLike and negated operators under ForAllValues/ForAnyValue,
    more Numeric ones. None (one time in two): draw from the core set instead."""
    kind = ch.count(0, 11)
    if kind == 0:
        return (
            ch.pick(("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase")),
            RESOURCE_TAG,
            ch.pick(("test", "PROD", ["tEST", "x"])),
        )
    if kind == 1:
        default = ch.pick(("Test", "Prod"))
        return "StringEquals", RESOURCE_TAG, "${aws:PrincipalTag/team, '" + default + "'}"
    if kind == 2:
        return (
            ch.pick(("DateLessThan", "DateGreaterThan")),
            "aws:CurrentTime",
            ch.pick(("2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z")),
        )
    if kind == 3:
        return (
            ch.pick(("ArnLike", "ArnNotLike", "ArnEquals")),
            "aws:PrincipalArn",
            ch.pick(PRINCIPAL_PATTERNS),
        )
    if kind == 4:
        return (
            ch.pick(
                (
                    "ForAllValues:StringLike",
                    "ForAnyValue:StringLike",
                    "ForAnyValue:StringNotEquals",
                    "ForAllValues:StringNotEquals",
                )
            ),
            "aws:TagKeys",
            ch.pick((["Dep*"], ["Env", "Own*"], "Department")),
        )
    if kind == 5:
        return (
            ch.pick(("NumericGreaterThanEquals", "NumericEquals", "NumericNotEquals")),
            "aws:MultiFactorAuthAge",
            ch.pick(("3600", "100", ["100", "7200"])),
        )
    return None


PRINCIPAL_PATTERNS = (
    "arn:aws:iam::111122223333:user/*",
    "arn:aws:iam::*:user/alice",
    "arn:aws:iam::111122223333:user/al?ce",
)
PRINCIPALS = ("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::444455556666:user/bob")
TIMES = ("2027-06-01T12:00:00Z", "2025-01-01T00:00:00Z")


def condition_clause(ch: Chooser, extended: bool = False) -> tuple[str, str, Any]:
    if extended:
        clause = extended_clause(ch)
        if clause is not None:
            return clause
    kind = ch.count(0, 6)
    if kind == 0:
        base = ch.pick(("StringEquals", "StringLike", "StringNotEquals"))
        operator = base + ("IfExists" if ch.chance(0.25) else "")
        key = ch.pick((RESOURCE_TAG, PRINCIPAL_TAG))
        options = ["Test", "Prod", "test", "Te*", "*", "T?st"]
        if key == RESOURCE_TAG:
            options.append("${aws:PrincipalTag/team}")
        return operator, key, _one_or_list(ch, some(ch, options, 1, 2))
    if kind == 1:
        operator = "Bool" + ("IfExists" if ch.chance(0.3) else "")
        return (
            operator,
            "aws:MultiFactorAuthPresent",
            ch.pick(("true", "false", True, ["true"], ["false"])),
        )
    if kind == 2:
        operator = ch.pick(("IpAddress", "NotIpAddress")) + ("IfExists" if ch.chance(0.2) else "")
        return operator, "aws:SourceIp", _one_or_list(ch, some(ch, CIDRS, 1, 2))
    if kind == 3:
        operator = "NumericLessThan" + ("IfExists" if ch.chance(0.3) else "")
        return operator, "aws:MultiFactorAuthAge", ch.pick(("3600", 3600, ["300", "3600"]))
    if kind == 4:
        operator = ch.pick(("ForAnyValue:StringEquals", "ForAllValues:StringEquals"))
        return operator, "aws:TagKeys", _one_or_list(ch, some(ch, TAG_KEYS, 1, 2))
    if kind == 5:
        key = ch.pick((RESOURCE_TAG, "aws:MultiFactorAuthAge", "aws:TagKeys", PRINCIPAL_TAG))
        return "Null", key, ch.pick(("true", "false", True))
    operator = "StringEquals" + ("IfExists" if ch.chance(0.3) else "")
    return operator, RESOURCE_TAG, "${aws:PrincipalTag/team}"


def condition(ch: Chooser, clauses: int, extended: bool = False) -> dict[str, dict[str, Any]]:
    """``clauses`` clauses (fewer when two draw the same operator and key); a key is now and
    then written in lower case (condition keys are case-insensitive)."""
    block: dict[str, dict[str, Any]] = {}
    for _ in range(clauses):
        operator, key, value = condition_clause(ch, extended)
        if ch.chance(0.1):
            key = key.lower()
        if key.lower() not in {k.lower() for k in block.get(operator, {})}:
            block.setdefault(operator, {})[key] = value
    return block


def statement(
    ch: Chooser,
    effect: str | None = None,
    hint: dict[str, Any] | None = None,
    extended: bool = False,
) -> dict[str, Any]:
    """One statement; with a ``hint`` request, its action and resource often come up;
    ``extended`` adds the operators of :func:`extended_clause`."""
    stmt: dict[str, Any] = {"Effect": effect or ("Deny" if ch.chance(0.25) else "Allow")}
    actions = _one_or_list(
        ch, list(dict.fromkeys(action_pattern(ch, hint) for _ in range(ch.count(1, 3))))
    )
    stmt["NotAction" if ch.chance(0.12) else "Action"] = actions
    resources = _one_or_list(
        ch, list(dict.fromkeys(resource_pattern(ch, hint) for _ in range(ch.count(1, 2))))
    )
    stmt["NotResource" if ch.chance(0.12) else "Resource"] = resources
    if ch.chance(0.55):
        stmt["Condition"] = condition(ch, ch.count(1, 2), extended)
    return stmt


def policy(
    ch: Chooser,
    max_statements: int = 4,
    hint: dict[str, Any] | None = None,
    extended: bool = False,
) -> dict[str, Any]:
    count = ch.count(1, max_statements)
    return {
        "Version": "2012-10-17",
        "Statement": [statement(ch, hint=hint, extended=extended) for _ in range(count)],
    }


def batch(seed: int, size: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``size`` (policy, request) pairs, the same for the same seed, with the extended
    operators. Each policy is drawn with its request as a hint, so that it often names the
    request's action and a pattern near its resource (and the batch decides more than
    implicit denies)."""
    ch = RandomChooser(seed)
    pairs = []
    for _ in range(size):
        req = request(ch, extended=True)
        pairs.append((policy(ch, hint=req, extended=True), req))
    return pairs
