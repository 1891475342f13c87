"""Cheap candidate requests for a witness, tried with the evaluator before the solver is asked.

Most differences between two policies show on an obvious request: a resource written in one
of the statements (its ``*`` filled in) with a context that meets that statement's
conditions in the plainest way, or no context at all.  Such a request costs microseconds to
check with ``evaluate``; the solver costs milliseconds, and z3's string theory is slow on
some shapes (policy variables inside resources).  A candidate is only ever a suggestion:
``compare`` keeps it only when ``evaluate`` confirms it, and asks the solver whenever no
candidate works, so this module decides nothing on its own.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal

from policybuilder.core import iam_catalog
from policybuilder.core.semantics.model import ContextValue, Request, Statement
from policybuilder.core.semantics.operators import (
    parse_date,
    parse_network,
    parse_number,
    parse_operator,
)
from policybuilder.core.semantics.variables import Variable, parse_template

FILLER = "example"
READABLE = {"partition": "aws", "region": "us-east-1", "account": "111122223333"}
LIMIT = 40


def fill(text: str, context: dict[str, ContextValue], enabled: bool, defaults: bool = True) -> str:
    """The template with wildcards filled in and variables taken from (or put into) context.

    ``defaults=False`` gives a variable with a default a value in the context instead.
    """
    out = []
    for part in parse_template(_readable_arn_fields(text), enabled):
        if isinstance(part, Variable):
            current = next((v for k, v in context.items() if k.lower() == part.key.lower()), None)
            if not isinstance(current, str):
                use_default = defaults and part.default is not None
                current = part.default if use_default and part.default is not None else FILLER
                if not use_default:
                    context[part.key] = current
            out.append(current)
        elif part.wildcard_ok:
            out.append(part.text.replace("*", FILLER).replace("?", "x"))
        else:
            out.append(part.text)
    return "".join(out)


def _readable_arn_fields(text: str) -> str:
    """An ARN whose partition, region or account is a bare ``*`` gets a real-looking value.

    ``arn:aws:connect:*:111122223333:instance/*`` is tried as
    ``arn:aws:connect:us-east-1:111122223333:instance/example``, not with the region
    ``example``: a witness is shown to admins, and a region they recognise reads as a request.
    The evaluator still confirms every candidate, so this only changes which one is shown.
    """
    if not text.startswith("arn:"):
        return text
    fields = text.split(":", 5)
    for index, name in ((1, "partition"), (3, "region"), (4, "account")):
        if index < len(fields) and fields[index] == "*":
            fields[index] = READABLE[name]
    return ":".join(fields)


def _catalogue_arns(action: str) -> list[str]:
    found = iam_catalog.get_action(action)
    if found is None or not found.resource_types:
        return ["*"]
    types = iam_catalog.resource_types(found.service)
    out = []
    for art in found.resource_types:
        rt = types.get(art.name.lower())
        if rt is not None:
            out.append(
                re.sub(
                    r"\$\{([^}]*)\}",
                    lambda m: READABLE.get(m.group(1).lower(), FILLER),
                    rt.arn,
                )
            )
    return out or ["*"]


def _plain_value(op, value: str, context, enabled: bool) -> str | None:
    family, comparator = op.family, op.comparator
    if family in ("String", "Arn", "Bool"):
        return fill(value, context, enabled)
    if family == "Numeric":
        n = parse_number(value)
        if n is None:
            return None
        step = {"lt": Decimal(-1), "gt": Decimal(1)}.get(comparator, Decimal(0))
        return format((n + step).normalize(), "f")
    if family == "Date":
        d = parse_date(value)
        if d is None:
            return None
        shift = {"lt": -1_000_000, "gt": 1_000_000}.get(comparator, 0)  # a second, in µs
        moment = d + shift
        if moment % 1_000_000 == 0 and 0 <= moment < 253402300800 * 1_000_000:
            return datetime.fromtimestamp(moment // 1_000_000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return str(Decimal(moment) / Decimal(1_000_000))
    if family == "IpAddress":
        net = parse_network(value)
        return None if net is None else str(ipaddress.ip_address(net.network_address))
    return value  # Binary


def meeting_context(statement: Statement, enabled: bool) -> dict[str, ContextValue]:
    """A context that meets the statement's conditions in the plainest way (often)."""
    context: dict[str, ContextValue] = {}
    absent: set[str] = set()
    for clause in statement.conditions:
        op = parse_operator(clause.operator)
        if op is None or not clause.values:
            continue
        key = clause.key
        if op.family == "Null":
            if clause.values[0].strip().lower() == "true":
                absent.add(key.lower())
            else:
                context.setdefault(key, FILLER)
            continue
        if op.negated or op.if_exists or op.qualifier == "ForAllValues":
            continue  # met when the key is absent
        value = _plain_value(op, clause.values[0], context, enabled)
        if value is None:
            continue
        context[key] = (value,) if op.qualifier == "ForAnyValue" else value
    return {k: v for k, v in context.items() if k.lower() not in absent}


def _other_case(statement: Statement, context: dict[str, ContextValue]):
    """The context with the values of IgnoreCase clauses in upper case (None: no such clause)."""
    keys = {
        c.key.lower()
        for c in statement.conditions
        if (op := parse_operator(c.operator)) is not None and op.comparator == "equals_ignore_case"
    }
    if not keys:
        return None
    return {
        k: (v.upper() if isinstance(v, str) else tuple(x.upper() for x in v))
        if k.lower() in keys
        else v
        for k, v in context.items()
    }


def variable_keys(statements: Sequence[Statement], enabled: bool) -> list[str]:
    """The keys that policy variables of ``statements`` name (their Resource and Condition)."""
    found: dict[str, str] = {}
    for s in statements:
        texts = list((s.resources or ()) + (s.not_resources or ()))
        for clause in s.conditions:
            texts.extend(clause.values)
        for text in texts:
            for part in parse_template(text, enabled):
                if isinstance(part, Variable):
                    found.setdefault(part.key.lower(), part.key)
    return list(found.values())


def candidates(
    action: str,
    statements: Sequence[Statement],
    enabled: bool,
    also_set: Sequence[str] = (),
) -> Iterator[Request]:
    """Requests for ``action`` that would let one of ``statements`` (Allows) apply.

    Each is followed by the same request with the keys ``also_set`` (variables of the other
    policy, say) given a value, where it has none: a variable with a value can make the other
    policy's statement miss.
    """
    for request in _candidates(action, statements, enabled):
        yield request
        have = {k.lower() for k in request.context}
        missing = [k for k in also_set if k.lower() not in have]
        if missing:
            context = dict(request.context)
            context.update((k, FILLER) for k in missing)
            yield Request(action=request.action, resource=request.resource, context=context)


def _candidates(action: str, statements: Sequence[Statement], enabled: bool) -> Iterator[Request]:
    seen: set[tuple] = set()
    count = 0
    arns = _catalogue_arns(action)
    for s in statements:
        base = meeting_context(s, enabled)
        for context in (base, _other_case(s, base), {}):
            if context is None:
                continue
            resources = []
            for r in s.resources or ():
                if set(r) <= {"*"}:
                    continue  # the catalogue's ARN below reads better than a filled-in "*"
                ctx = dict(context)
                resources.append((fill(r, ctx, enabled), ctx))
                if "${" in r:
                    ctx = dict(context)
                    resources.append((fill(r, ctx, enabled, defaults=False), ctx))
            resources.extend((arn, dict(context)) for arn in arns)
            for resource, ctx in resources:
                key = (resource, tuple(sorted((k, str(v)) for k, v in ctx.items())))
                if key in seen:
                    continue
                seen.add(key)
                count += 1
                if count > LIMIT:
                    return
                yield Request(action=action, resource=resource, context=ctx)
