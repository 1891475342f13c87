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
    negated: bool
    #: Whether ``...IfExists`` may follow it (every operator but Null).
    takes_if_exists: bool


#: name -> (family, comparator, negated, takes IfExists).  AWS documents ArnEquals and ArnLike
#: as behaving the same way.  Null alone takes no IfExists.
_TABLE: dict[str, tuple[str, str, bool, bool]] = {
    "StringEquals": ("String", "equals", False, True),
    "StringNotEquals": ("String", "equals", True, True),
    "StringEqualsIgnoreCase": ("String", "equals_ignore_case", False, True),
    "StringNotEqualsIgnoreCase": ("String", "equals_ignore_case", True, True),
    "StringLike": ("String", "like", False, True),
    "StringNotLike": ("String", "like", True, True),
    "NumericEquals": ("Numeric", "equals", False, True),
    "NumericNotEquals": ("Numeric", "equals", True, True),
    "NumericLessThan": ("Numeric", "lt", False, True),
    "NumericLessThanEquals": ("Numeric", "lte", False, True),
    "NumericGreaterThan": ("Numeric", "gt", False, True),
    "NumericGreaterThanEquals": ("Numeric", "gte", False, True),
    "DateEquals": ("Date", "equals", False, True),
    "DateNotEquals": ("Date", "equals", True, True),
    "DateLessThan": ("Date", "lt", False, True),
    "DateLessThanEquals": ("Date", "lte", False, True),
    "DateGreaterThan": ("Date", "gt", False, True),
    "DateGreaterThanEquals": ("Date", "gte", False, True),
    "Bool": ("Bool", "equals", False, True),
    "BinaryEquals": ("Binary", "equals", False, True),
    "IpAddress": ("IpAddress", "in_cidr", False, True),
    "NotIpAddress": ("IpAddress", "in_cidr", True, True),
    "ArnEquals": ("Arn", "like", False, True),
    "ArnLike": ("Arn", "like", False, True),
    "ArnNotEquals": ("Arn", "like", True, True),
    "ArnNotLike": ("Arn", "like", True, True),
    "Null": ("Null", "null", False, False),
}
BASES: dict[str, BaseOperator] = {name: BaseOperator(name, *row) for name, row in _TABLE.items()}
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
