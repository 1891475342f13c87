"""Least-privilege advice: suggestions of our own that Access Analyzer does not make.

AWS's first best practice is to grant only what a task needs.  A policy can
be valid and still grant more than its author meant, in three common ways
that the catalogue lets us see offline:

* ``PB_STAR_RESOURCE_NARROWABLE``: ``"Resource": "*"`` for actions that accept
  a specific resource type (the advice names the types and their ARN formats);
* ``PB_WILDCARD_ACTION_EXPANSION``: a wildcard action such as
  ``connect:UpdateUser*`` stands for several actions today, and for any that
  AWS adds later (the advice shows the expansion, and can replace it);
* ``PB_UNCONDITIONED_WRITE``: Write or Permissions management actions granted
  without any condition (MFA, TLS, region, tags...).

All three are SUGGESTIONs: nothing here is wrong, it is only wider than it
might be.  The checks read the actions the action layer already resolved,
and cache what they derive from the catalogue per action, so that they cost
little on large policies.  :func:`advise` gives the same advice as data, with
the actions concerned, for front ends that can act on it (the builder turns
some of it into one-click changes of the form).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from policybuilder.core import iam_catalog

from .actions import Resolutions
from .actions import _expand as expand_action
from .actions import check as resolve_actions
from .context import Context, StatementView
from .fixes import Tokens, container_at

STAR_RESOURCE_NARROWABLE = "PB_STAR_RESOURCE_NARROWABLE"
WILDCARD_ACTION_EXPANSION = "PB_WILDCARD_ACTION_EXPANSION"
UNCONDITIONED_WRITE = "PB_UNCONDITIONED_WRITE"
CODES = (STAR_RESOURCE_NARROWABLE, WILDCARD_ACTION_EXPANSION, UNCONDITIONED_WRITE)

#: Access levels whose actions change something (the catalogue may list two: "Tagging, Write").
WRITE_LEVELS = frozenset(("Write", "Permissions management"))
#: How many names a message lists before "and N more" (more for an expansion: it is the point).
SHOWN = 8
EXPANSION_SHOWN = 24
#: Wildcards that expand to more actions than this get no mechanical fix (the list would
#: crowd the policy and its size quota); the message still shows the first names.
MAX_FIX_EXPANSION = 40


@dataclass(frozen=True, slots=True)
class Advice:
    """One suggestion, with the statement it concerns and the actions it names."""

    code: str
    message: str
    tokens: Tokens
    statement: int | None
    actions: tuple[str, ...]
    fix_description: str | None = None
    change: Callable[[Any], None] | None = None


def check(ctx: Context, stmt: StatementView, resolved: Resolutions) -> None:
    """Add the statement's advice to the validator's findings, or to ``ctx.advice`` as data
    when the caller collects it there (:func:`..engine.review`)."""
    if ctx.advice is not None:
        ctx.advice.extend(_advise(stmt, resolved))
        return
    for item in _advise(stmt, resolved):
        fix = ctx.fix(item.fix_description, item.change) if item.fix_description else None
        ctx.add(item.code, item.message, item.tokens, fix)


def advise(document: Any) -> list[Advice]:
    """The advice for a parsed policy document, in statement order.

    The action layer resolves each statement's actions into a throw-away
    context (its own findings are not wanted here).
    """
    scratch = Context(document, "managed")
    out: list[Advice] = []
    for stmt in scratch.statements():
        out.extend(_advise(stmt, resolve_actions(scratch, stmt)))
    return out


def _advise(stmt: StatementView, resolved: Resolutions) -> list[Advice]:
    if stmt.effect != "Allow" or stmt.action_key != "Action":
        return []
    out = []
    star = _star_resource(stmt, resolved)
    if star is not None:
        out.append(star)
    out.extend(_expansions(stmt, resolved))
    write = _unconditioned_write(stmt, resolved)
    if write is not None:
        out.append(write)
    return out


def _index(stmt: StatementView) -> int | None:
    return stmt.tokens[1] if len(stmt.tokens) > 1 and isinstance(stmt.tokens[1], int) else 0


def _listed(names: list[str], limit: int = SHOWN) -> str:
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return f"{shown} and {more} more" if more > 0 else shown


# --- PB_STAR_RESOURCE_NARROWABLE --------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def _narrower(value: str) -> tuple[str, str] | None:
    """(action name, "type: ARN format; ...") when the action accepts a specific resource.

    Keyed by the Action value as written (whose resolution is itself cached),
    because hashing a string is much cheaper than hashing a catalogue entry.
    """
    found = expand_action(value)
    if len(found) != 1:
        return None
    action = found[0]
    types = iam_catalog.resource_types(action.service)
    formats = []
    for art in action.resource_types:
        rt = types.get(art.name.lower()) if art.name else None
        if rt is not None and rt.arn != "*":
            formats.append(f"{rt.name}: {rt.arn}")
    if not formats:
        return None
    return action.qualified_name, "; ".join(formats)


def _star_resource(stmt: StatementView, resolved: Resolutions) -> Advice | None:
    if stmt.resource_key != "Resource":
        return None
    values = stmt.values("Resource")
    if "*" not in values:
        return None
    by_format: dict[str, list[str]] = {}
    names: dict[str, None] = {}
    for value, (found, wildcard) in zip(resolved.values, resolved.pairs, strict=True):
        if wildcard or not found:
            continue
        described = _narrower(value)
        if described is not None and described[0] not in names:
            names[described[0]] = None
            by_format.setdefault(described[1], []).append(described[0])
    if not names:
        return None
    groups = [f"{_listed(group)} ({formats})" for formats, group in by_format.items()]
    many = len(names) > 1
    message = (
        f'"Resource": "*" grants {"these actions" if many else "this action"} on every '
        f"resource, but {'they accept' if many else 'it accepts'} specific ones: "
        f"{'; '.join(groups[:SHOWN])}{' ...' if len(groups) > SHOWN else ''}. Name the "
        f"resources {'they need' if many else 'it needs'} to grant less."
    )
    star = stmt.path("Resource", values.index("*"))
    return Advice(STAR_RESOURCE_NARROWABLE, message, star, _index(stmt), tuple(names))


# --- PB_WILDCARD_ACTION_EXPANSION -------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def _expansion(value: str) -> tuple[str, ...]:
    """The actions a valid wildcard value matches, sorted (cached: policies repeat them)."""
    return tuple(sorted({a.qualified_name for a in expand_action(value)}, key=str.lower))


def _expansions(stmt: StatementView, resolved: Resolutions) -> list[Advice]:
    out = []
    for k, (value, (found, wildcard)) in enumerate(
        zip(resolved.values, resolved.pairs, strict=True)
    ):
        if not wildcard or not found:
            continue
        names = _expansion(value)
        count = f"{len(names)} action{'s' if len(names) != 1 else ''}"
        message = (
            f"{value} matches {count} today: {_listed(list(names), EXPANSION_SHOWN)}. It will "
            "also grant any action AWS adds that matches it; list the actions you mean instead."
        )
        tokens = resolved.tokens(k)
        description = change = None
        if len(names) <= MAX_FIX_EXPANSION:
            description = f"Replace {value} with the {count} it matches today."
            change = _splice(tokens, names)
        out.append(
            Advice(
                WILDCARD_ACTION_EXPANSION,
                message,
                tokens,
                _index(stmt),
                names,
                description,
                change,
            )
        )
    return out


def _splice(tokens: Tokens, names: tuple[str, ...]) -> Callable[[Any], None]:
    """A change that replaces one Action value with several, skipping ones already listed."""

    def change(document: Any) -> None:
        if isinstance(tokens[-1], int):
            values = container_at(document, tokens[:-1])
            i = tokens[-1]
            others = {v.lower() for k, v in enumerate(values) if k != i and isinstance(v, str)}
            values[i : i + 1] = [n for n in names if n.lower() not in others]
        else:
            container_at(document, tokens[:-1])[tokens[-1]] = list(names)

    return change


# --- PB_UNCONDITIONED_WRITE -------------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def _writes(value: str) -> tuple[str, ...]:
    """The Write and Permissions management actions an Action value stands for."""
    return tuple(
        a.qualified_name
        for a in expand_action(value)
        if any(level.strip() in WRITE_LEVELS for level in a.access_level.split(","))
    )


def _unconditioned_write(stmt: StatementView, resolved: Resolutions) -> Advice | None:
    if stmt.condition:
        return None
    if "*" in resolved.values:
        message = (
            'Action "*" grants every write and permissions-management action without any '
            "condition. Grant the actions the task needs, and add a condition (MFA, TLS, "
            "regions, tags) to limit when they can be used."
        )
        return Advice(UNCONDITIONED_WRITE, message, (*stmt.tokens, "Action"), _index(stmt), ())
    names: dict[str, None] = {}
    for value, (found, _) in zip(resolved.values, resolved.pairs, strict=True):
        if found:
            names.update(dict.fromkeys(_writes(value)))
    if not names:
        return None
    listed = list(names)
    many = len(listed) > 1
    message = (
        f"{'These' if many else 'This'} write or permissions-management "
        f"action{'s are' if many else ' is'} granted without any condition: {_listed(listed)}. "
        "A condition (MFA, TLS, regions, tags) limits when and how "
        f"{'they' if many else 'it'} can be used."
    )
    return Advice(
        UNCONDITIONED_WRITE, message, (*stmt.tokens, "Action"), _index(stmt), tuple(listed)
    )
