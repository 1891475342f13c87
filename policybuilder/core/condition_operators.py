"""The one table of IAM's condition operators, read by the validator and by the evaluator.

Source: IAM User Guide, "IAM JSON policy elements: Condition operators" (the operators, their
families, ``...IfExists`` for every operator except ``Null``) and "Single-valued vs.
multivalued context keys" (the set qualifiers ``ForAllValues:`` and ``ForAnyValue:``).

The validator reads a name as IAM spells it (anything else is a finding); the evaluator
forgives case and spaces, to read what the author meant (``semantics/operators.py``).  Both
split the name with :func:`split_name`.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES = ("String", "Numeric", "Date", "Bool", "Binary", "IpAddress", "Arn", "Null")
#: The set qualifiers, written before the operator and a colon.
QUALIFIERS = ("ForAllValues", "ForAnyValue")
IF_EXISTS = "IfExists"


@dataclass(frozen=True, slots=True)
class BaseOperator:
    """An operator without qualifier and without ``IfExists``.

    ``comparator`` is the positive comparison the evaluator makes (``StringNotLike`` compares
    ``like`` and is ``negated``): equals, equals_ignore_case, like, lt, lte, gt, gte, in_cidr,
    null.
    """

    name: str
    family: str
    comparator: str
    negated: bool = False
    #: Whether ``...IfExists`` may follow it (every operator but Null).
    takes_if_exists: bool = True


BASES: dict[str, BaseOperator] = {
    op.name: op
    for op in (
        BaseOperator("StringEquals", "String", "equals"),
        BaseOperator("StringNotEquals", "String", "equals", negated=True),
        BaseOperator("StringEqualsIgnoreCase", "String", "equals_ignore_case"),
        BaseOperator("StringNotEqualsIgnoreCase", "String", "equals_ignore_case", negated=True),
        BaseOperator("StringLike", "String", "like"),
        BaseOperator("StringNotLike", "String", "like", negated=True),
        BaseOperator("NumericEquals", "Numeric", "equals"),
        BaseOperator("NumericNotEquals", "Numeric", "equals", negated=True),
        BaseOperator("NumericLessThan", "Numeric", "lt"),
        BaseOperator("NumericLessThanEquals", "Numeric", "lte"),
        BaseOperator("NumericGreaterThan", "Numeric", "gt"),
        BaseOperator("NumericGreaterThanEquals", "Numeric", "gte"),
        BaseOperator("DateEquals", "Date", "equals"),
        BaseOperator("DateNotEquals", "Date", "equals", negated=True),
        BaseOperator("DateLessThan", "Date", "lt"),
        BaseOperator("DateLessThanEquals", "Date", "lte"),
        BaseOperator("DateGreaterThan", "Date", "gt"),
        BaseOperator("DateGreaterThanEquals", "Date", "gte"),
        BaseOperator("Bool", "Bool", "equals"),
        BaseOperator("BinaryEquals", "Binary", "equals"),
        BaseOperator("IpAddress", "IpAddress", "in_cidr"),
        BaseOperator("NotIpAddress", "IpAddress", "in_cidr", negated=True),
        # AWS documents ArnEquals and ArnLike as behaving the same way.
        BaseOperator("ArnEquals", "Arn", "like"),
        BaseOperator("ArnLike", "Arn", "like"),
        BaseOperator("ArnNotEquals", "Arn", "like", negated=True),
        BaseOperator("ArnNotLike", "Arn", "like", negated=True),
        BaseOperator("Null", "Null", "null", takes_if_exists=False),
    )
}
_BASE_BY_LOWER = {name.lower(): name for name in BASES}
_QUALIFIER_BY_LOWER = {q.lower(): q for q in QUALIFIERS}


def bases_of(family: str) -> tuple[str, ...]:
    """The base operators of a family (no qualifier, no ``IfExists``), in the table's order."""
    return tuple(name for name, op in BASES.items() if op.family == family)


def split_name(name: str, *, exact: bool) -> tuple[str, str, bool] | None:
    """(qualifier or "", base, whether ``IfExists`` follows) of an operator's name, or None
    when the table has no such operator.

    ``exact``: the name must be spelt as IAM spells it.  Otherwise case is ignored, spaces
    around the name and its parts are dropped, and the parts come back in IAM's spelling.
    ``NullIfExists`` is split like any other: the validator reports it, the evaluator refuses
    it (see :attr:`BaseOperator.takes_if_exists`).
    """
    qualifier = ""
    rest = name if exact else name.strip()
    if ":" in rest:
        prefix, rest = rest.split(":", 1)
        if exact:
            found = prefix if prefix in QUALIFIERS else None
        else:
            found = _QUALIFIER_BY_LOWER.get(prefix.strip().lower())
            rest = rest.strip()
        if found is None:
            return None
        qualifier = found
    base = _base(rest, exact)
    if base is not None:
        return qualifier, base, False
    suffix = rest[-len(IF_EXISTS) :]
    if suffix == IF_EXISTS or (not exact and suffix.lower() == IF_EXISTS.lower()):
        base = _base(rest[: -len(IF_EXISTS)], exact)
        if base is not None:
            return qualifier, base, True
    return None


def _base(text: str, exact: bool) -> str | None:
    if exact:
        return text if text in BASES else None
    return _BASE_BY_LOWER.get(text.lower())
