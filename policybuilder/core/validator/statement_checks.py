"""Layer 3, checks on whole statements: redundant statements, NotAction with tag keys,
paired condition keys, and policy variables where IAM does not replace them.

REDUNDANT_STATEMENT compares statements pairwise in principle; to stay linear it
indexes them by (effect, elements, condition) and then by resource value, so that
each statement is compared only with the few that could cover it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .actions import glob_match
from .conditions import _TAG_KEY, parse_operator
from .context import ALL_STR, Context, StatementView
from .fixes import Tokens, delete_at

_VARIABLE = re.compile(r"\$\{[^}]*\}")
_WILD = re.compile(r"[*?]")
#: Candidates compared with one statement at most: a bound on pathological policies.
_MAX_CANDIDATES = 32
#: Keys that are incomplete alone, with the keys AA expects beside them.
_PAIRED = {"aws:vpcsourceip": ("aws:SourceVpc", "aws:SourceVpce")}


def check(ctx: Context, stmt: StatementView) -> None:
    _variables_in_actions(ctx, stmt)
    if stmt.condition:
        _notaction_with_tag_keys(ctx, stmt)
        _paired_keys(ctx, stmt)


def _variables_in_actions(ctx: Context, stmt: StatementView) -> None:
    # Some string value holds "${" exactly when the statement's lowered values joined one a
    # line do (see StatementView.lowered): the joined text the other checks made.
    if stmt.action_key is None or "${" not in stmt.lowered(stmt.action_key)[2]:
        return
    for tokens, value in stmt.strings(stmt.action_key):
        if _VARIABLE.search(value):
            ctx.add(
                "VARIABLE_UNSUPPORTED_IN_ELEMENT",
                f"{value!r} uses a policy variable, but IAM replaces variables only in "
                "Resource and in Condition values: here it is matched literally.",
                tokens,
            )


def _notaction_with_tag_keys(ctx: Context, stmt: StatementView) -> None:
    if stmt.action_key != "NotAction" or stmt.effect not in ("Allow", "Deny"):
        return
    for op_name, block in stmt.condition.items():
        op = parse_operator(op_name)
        if op is None or op.family == "Null" or op.if_exists or not isinstance(block, dict):
            continue
        for key in block:
            if not _TAG_KEY.match(key):
                continue
            tokens = (*stmt.tokens, "Condition", op_name, key)
            if stmt.effect == "Allow":
                ctx.add(
                    "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                    f"NotAction allows the actions of every service but those listed, and many "
                    f"of them do not support {key}: for those the condition never holds, so "
                    "they are not allowed. Name the actions instead.",
                    tokens,
                )
            else:
                ctx.add(
                    "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                    f"NotAction denies the actions of every service but those listed, and many "
                    f"of them do not support {key}: for those the condition never holds, so "
                    "they are not denied. Name the actions, or add a statement for them.",
                    tokens,
                )


def _paired_keys(ctx: Context, stmt: StatementView) -> None:
    if stmt.effect != "Allow":
        return
    present = {
        k.lower() for block in stmt.condition.values() if isinstance(block, dict) for k in block
    }
    for op_name, block in stmt.condition.items():
        if not isinstance(block, dict):
            continue
        for key in block:
            wanted = _PAIRED.get(key.lower())
            if wanted and not any(w.lower() in present for w in wanted):
                ctx.add(
                    "MISSING_PAIRED_CONDITION_KEYS",
                    f"{key} is a private address, which many networks share: alone it lets in "
                    f"requests from any VPC. Pair it with {' or '.join(wanted)}.",
                    (*stmt.tokens, "Condition", op_name, key),
                )


@dataclass
class _Shape:
    stmt: StatementView
    actions: list[str]
    exact_actions: frozenset[str]
    wild_actions: tuple[str, ...]
    resources: list[str]
    exact_resources: frozenset[str]
    wild_resources: tuple[str, ...]


def _plain(stmt: StatementView, key: str | None) -> bool:
    """Whether the element is a string or a non-empty list of strings only: then
    stmt.values(key) is all of it, in order."""
    if key is None:
        return False
    raw = stmt.raw.get(key)
    if isinstance(raw, str):
        return True
    return isinstance(raw, list) and bool(raw) and all(map(isinstance, raw, ALL_STR))


def _shape(stmt: StatementView) -> _Shape | None:
    if not _plain(stmt, stmt.action_key) or not _plain(stmt, stmt.resource_key):
        return None
    # The element's strings in lower case and their set, as actions.check_redundant has
    # already made them for the statement (its lowered values, read only).
    actions, exact_actions, joined = stmt.lowered(stmt.action_key)  # type: ignore[arg-type]
    resources = stmt.values(stmt.resource_key)  # (read only: may be the document's list)
    return _Shape(
        stmt,
        actions,
        exact_actions,
        _wild(actions, joined),
        resources,
        frozenset(resources),
        _wild(resources),
    )


def _wild(values: list[str], joined: str | None = None) -> tuple[str, ...]:
    """The values with a wildcard (none in most lists: one look at the joined text then;
    ``joined``: the values joined, when the caller has them so)."""
    if joined is None:
        joined = "\0".join(values)
    if "*" not in joined and "?" not in joined:
        return ()
    return tuple(v for v in values if "*" in v or "?" in v)


def _covered(value: str, exact: frozenset[str], wild: tuple[str, ...]) -> bool:
    return value in exact or any(glob_match(w, value) for w in wild)


def _covers(a: _Shape, b: _Shape) -> bool:
    """Whether statement ``a`` grants (or denies) everything ``b`` does."""
    if b.stmt.action_key == "NotAction" or b.stmt.resource_key == "NotResource":
        return a.exact_actions == b.exact_actions and a.exact_resources == b.exact_resources
    return all(_covered(v, a.exact_actions, a.wild_actions) for v in b.actions) and all(
        _covered(v, a.exact_resources, a.wild_resources) for v in b.resources
    )


def _canonical_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, sort_keys=True)`` for parsed JSON, without the per-call set-up
    (an encoder, a closure and json's C encoder built again for each value: a small
    condition in 1.4 us instead of 3). Parsed JSON holds no circular value, so none is
    looked for."""
    encoder = json.JSONEncoder(sort_keys=True)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator
        return encoder.encode
    chunks = make(
        None,  # markers: no circular check
        encoder.default,
        json.encoder.encode_basestring_ascii,
        None,  # indent
        ": ",
        ", ",
        True,  # sort_keys
        False,  # skipkeys
        True,  # allow_nan
    )
    return lambda value: "".join(chunks(value, 0))


_CANONICAL = _canonical_encoder()


def check_redundant(ctx: Context, statements: list[StatementView]) -> None:
    """A statement whose every action and resource another one, with the same effect and
    condition, already covers."""
    if len(statements) < 2:
        return
    groups: dict[tuple[object, ...], list[StatementView]] = {}
    for stmt in statements:
        condition = stmt.raw.get("Condition")
        signature = None
        if condition is not None:
            try:
                signature = _CANONICAL(condition)
            except (TypeError, ValueError):
                continue
        key = (stmt.effect, stmt.action_key, stmt.resource_key, signature)
        groups.setdefault(key, []).append(stmt)
    list_form = isinstance(ctx.document.get("Statement"), list)
    for members in groups.values():
        if len(members) < 2:
            continue
        shapes = [s for s in map(_shape, members) if s is not None]
        if len(shapes) > 1:
            _redundant_in(ctx, shapes, list_form=list_form)


def _redundant_in(ctx: Context, shapes: list[_Shape], *, list_form: bool) -> None:
    """Candidates for covering a statement are those that hold its first resource: the
    same value, or a wildcard value whose literal head the resource starts with."""
    by_resource: dict[str, list[int]] = {}
    by_head: dict[str, list[int]] = {}
    by_action: dict[str, set[int]] = {}
    by_action_head: dict[str, set[int]] = {}
    # Only a statement's first resource and first action are looked up: the exact values
    # indexed are those (a statement may hold hundreds of actions, and there may be
    # hundreds of statements).
    firsts = frozenset(shape.resources[0] for shape in shapes)
    first_actions = frozenset(shape.actions[0] for shape in shapes)
    for i, shape in enumerate(shapes):
        for value in shape.exact_resources & firsts:
            by_resource.setdefault(value, []).append(i)
        for value in shape.wild_resources:
            by_head.setdefault(_head(value), []).append(i)
        for value in shape.exact_actions & first_actions:
            by_action.setdefault(value, set()).add(i)
        for value in shape.wild_actions:
            head = _head(value)
            held = by_action_head.get(head)
            if held is None:
                by_action_head[head] = {i}
            else:
                held.add(i)
    resource_heads = sorted({len(h) for h in by_head})
    action_heads = sorted({len(h) for h in by_action_head})
    reported: set[int] = set()
    for j, b in enumerate(shapes):
        action = b.actions[0]
        holders = by_action.get(action)
        # (only the heads found are gathered: most lengths find none)
        heads = [held for k in action_heads if (held := by_action_head.get(action[:k]))]
        if heads:
            holders = set(holders or ()).union(*heads)
        if not holders or len(holders) == 1:
            continue  # only b itself holds its first action: nothing can cover it
        first = b.resources[0]
        runs: list[Sequence[int]] = [by_resource.get(first, ())]
        runs.extend(run for k in resource_heads if (run := by_head.get(first[:k])))
        for i in _candidates(runs, holders)[:_MAX_CANDIDATES]:
            if i == j or i in reported:
                continue
            a = shapes[i]
            if not _covers(a, b):
                continue
            if _covers(b, a) and i > j:
                continue  # the same statement twice: report the later one
            _report(ctx, b.stmt.tokens, a.stmt.tokens, list_form)
            reported.add(j)
            break


def _head(value: str) -> str:
    """``_WILD.split(value, 1)[0]``, the text before the first "*" or "?", in two string
    methods instead of a regular expression's split (one per wildcard value)."""
    return value.partition("*")[0].partition("?")[0]


def _candidates(runs: list[Sequence[int]], holders: set[int]) -> list[int]:
    """``[i for i in dict.fromkeys(chain(*runs)) if i in holders]``, each run (a list of
    statements in increasing order) intersected with ``holders`` at C speed: a policy of
    160 statements on "*" has every statement in the run of "*"."""
    out: list[int] = []
    seen: set[int] = set()
    for run in runs:
        if run:
            hits = holders.intersection(run)
            hits -= seen
            if hits:
                out.extend(sorted(hits))
                seen |= hits
    return out


def _report(ctx: Context, tokens: Tokens, cover: Tokens, list_form: bool) -> None:
    where = f"statement {cover[-1] + 1}" if isinstance(cover[-1], int) else "another statement"
    fix = None
    if list_form:
        fix = ctx.fix("Remove this statement.", lambda d: delete_at(d, tokens))
    ctx.add(
        "REDUNDANT_STATEMENT",
        f"Everything this statement covers, {where} already covers with the same effect and "
        "condition: remove it.",
        tokens,
        fix,
    )
