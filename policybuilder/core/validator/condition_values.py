"""Layer 3, condition values that Access Analyzer checks for particular operators and keys.

IP ranges (private addresses, host bits), numeric lists that one value would do,
Boolean lists, JSON types, policy variables where the operator takes none, and the
formats of VPC, VPC endpoint, region and service principal values.  Each check
looks at one key's values only, so the cost is linear in the policy.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from .fixes import Tokens, set_at

_VPCE = re.compile(r"^vpce-[0-9a-f]{8}([0-9a-f]{9})?$")
_VPC = re.compile(r"^vpc-[0-9a-f]{8}([0-9a-f]{9})?$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
_PRINCIPAL = re.compile(r"^[a-z0-9*?-]+(\.[a-z0-9*?-]+)*\.amazonaws\.com(\.cn)?$")
_SERVICE_PRINCIPAL_KEYS = frozenset(
    k.lower()
    for k in (
        "iam:PassedToService",
        "iam:AWSServiceName",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
    )
)
_NO_VARIABLES = ("Numeric", "Date", "Bool", "Binary", "Ip", "Null")
_LESS = ("NumericLessThan", "NumericLessThanEquals")
_GREATER = ("NumericGreaterThan", "NumericGreaterThanEquals")


_FORMAT_KEYS = frozenset(("aws:sourcevpce", "aws:sourcevpc", "aws:requestedregion"))


def check(ctx, op, key: str, values: list[Any], raw: Any, tokens: Tokens) -> None:
    lower = key.lower()
    if (
        op.family in ("String", "Arn")
        and lower not in _FORMAT_KEYS
        and lower not in _SERVICE_PRINCIPAL_KEYS
        and all(type(v) is str for v in values)
    ):
        return  # the common case: nothing here applies
    listed = isinstance(raw, list)
    for i, value in enumerate(values):
        where = (*tokens, i) if listed else tokens
        _check_one(ctx, op, key, lower, value, where)
    if op.family == "Bool" and listed and len({str(v).lower() for v in values}) > 1:
        ctx.add(
            "INVALID_CONDITION_MULTIPLE_BOOLEAN",
            f"{key} is given both true and false: a Boolean key has one value, so this "
            "condition tests nothing. Keep the one you mean.",
            tokens,
        )
    if op.family == "Numeric" and not op.qualifier and listed and len(values) > 1:
        _redundant_numbers(ctx, op, key, values, tokens)
    if op.family == "Ip" and lower == "aws:sourceip" and values:
        _private_ips(ctx, op, key, values, tokens)


def _check_one(ctx, op, key: str, lower: str, value: Any, where: Tokens) -> None:
    if isinstance(value, str) and "${" in value:
        if op.family in _NO_VARIABLES:
            ctx.add(
                "INVALID_VARIABLE_FOR_OPERATOR",
                f"{op.base} does not replace policy variables: {value!r} is compared as "
                "written. Variables work with String and Arn operators only.",
                where,
            )
        return
    if op.family in ("String", "Arn") and isinstance(value, (bool, int, float)):
        text = str(value).lower() if isinstance(value, bool) else str(value)
        ctx.add(
            "TYPE_MISMATCH_STRING",
            f"{op.base} compares strings, but the value of {key} is the JSON "
            f"{'Boolean' if isinstance(value, bool) else 'number'} {text}: write it as a "
            f'string, "{text}".',
            where,
            ctx.fix(f'Write "{text}".', lambda d, t=text: set_at(d, where, t)),
        )
        return
    if not isinstance(value, str):
        return
    if lower in _SERVICE_PRINCIPAL_KEYS and op.family == "String":
        _service_principal(ctx, key, value, where)
        return
    if "*" in value or "?" in value:
        return
    if op.family == "Ip":
        _host_bits(ctx, key, value, where)
    elif op.family == "String":
        _formats(ctx, key, lower, value, where)


def _formats(ctx, key: str, lower: str, value: str, where: Tokens) -> None:
    if lower == "aws:sourcevpce" and not _VPCE.match(value):
        ctx.add(
            "INVALID_VPCE_FORMAT",
            f"{value!r} is not a VPC endpoint ID: they are written vpce- followed by 8 or 17 "
            "hexadecimal digits (vpce-1a2b3c4d).",
            where,
        )
    elif lower == "aws:sourcevpc" and not _VPC.match(value):
        ctx.add(
            "INVALID_VPC_FORMAT",
            f"{value!r} is not a VPC ID: they are written vpc- followed by 8 or 17 "
            "hexadecimal digits (vpc-1a2b3c4d).",
            where,
        )
    elif lower == "aws:requestedregion" and not _REGION.match(value):
        ctx.add(
            "INVALID_REGION",
            f"{value!r} is not a region code (such as us-east-1 or eu-west-2), so no request "
            "matches it.",
            where,
        )


def _service_principal(ctx, key: str, value: str, where: Tokens) -> None:
    """A service principal (``ec2.amazonaws.com``).

    Patterns are left alone: ``ec2.*`` with StringLike (an AWS managed policy has it)
    matches ec2.amazonaws.com, and IAM accepts it.
    """
    if "*" in value or "?" in value or _PRINCIPAL.match(value):
        return
    ctx.add(
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        f"{value!r} is not a service principal: {key} holds names such as "
        "ec2.amazonaws.com (lower case, ending in .amazonaws.com).",
        where,
    )


def _host_bits(ctx, key: str, value: str, where: Tokens) -> None:
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return
    if "/" in value and str(network) != value and network.with_prefixlen != value:
        fixed = network.with_prefixlen
        ctx.add(
            "IMPROVE_IP_RANGE",
            f"{value!r} has bits set after its /{network.prefixlen} mask, which IAM ignores: "
            f"the range is {fixed}. Write that.",
            where,
            ctx.fix(f"Write {fixed!r}.", lambda d: set_at(d, where, fixed)),
        )


def _private_ips(ctx, op, key: str, values: list[Any], tokens: Tokens) -> None:
    private = []
    for value in values:
        try:
            network = ipaddress.ip_network(str(value), strict=False)
        except ValueError:
            return
        private.append(network.is_private)
    negated = op.base == "NotIpAddress"
    outcome = "always holds" if negated else "never holds"
    if all(private):
        code = "PRIVATE_NOTIPADDRESS" if negated else "PRIVATE_IP_ADDRESS"
        ctx.add(
            code,
            "aws:SourceIp is the public address a request comes from; the private ranges "
            f"given never match it, so this condition {outcome}. For requests through a VPC "
            "endpoint use aws:VpcSourceIp.",
            tokens,
        )
    elif any(private):
        code = "PRIVATE_NOTIPADDRESS_SUBSET" if negated else "PRIVATE_IP_ADDRESS_SUBSET"
        shown = ", ".join(str(v) for v, p in zip(values, private, strict=True) if p)
        ctx.add(
            code,
            f"aws:SourceIp is a public address: the private ranges among its values ({shown}) "
            "never match. Remove them, or use aws:VpcSourceIp for requests through a VPC "
            "endpoint.",
            tokens,
        )


def _redundant_numbers(ctx, op, key: str, values: list[Any], tokens: Tokens) -> None:
    try:
        numbers = [float(v) for v in values if not isinstance(v, bool)]
    except (TypeError, ValueError):
        return
    if len(numbers) != len(values):
        return
    if op.base in _LESS:
        keep = values[numbers.index(max(numbers))]
        which = "greatest"
    elif op.base in _GREATER:
        keep = values[numbers.index(min(numbers))]
        which = "least"
    else:
        return
    ctx.add(
        "REDUNDANT_CONDITION_VALUE_NUM",
        f"{op.base} holds when any of its values does, so for {key} only the {which}, "
        f"{keep}, counts. Keep that one.",
        tokens,
        ctx.fix(f"Keep only {keep}.", lambda d: set_at(d, tokens, keep)),
    )
