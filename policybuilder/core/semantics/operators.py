"""IAM condition operators, and the wildcard matching that actions, resources and ARNs use.

Sources (IAM User Guide): "IAM JSON policy elements: Condition operators" for the
operators, their families and ``...IfExists``; "Single-valued vs. multivalued context
keys" for ``ForAllValues:``/``ForAnyValue:``; "IAM JSON policy elements: Resource" for
wildcards in resource ARNs.

Rules chosen where the documentation leaves room (each has a test):

* Operator names are matched without regard to case (``stringequals`` is
  ``StringEquals``).  IAM's own validator refuses a misspelt operator; the evaluator reads
  what the author meant rather than silently dropping the clause.  An operator that is not
  in AWS's list gives ``None`` and the evaluator treats the clause as not met.
* ``ArnEquals`` and ``ArnLike`` behave the same way, as AWS documents: both compare the six
  colon-separated parts one by one and both allow ``*`` and ``?`` inside a part.  A pattern
  or a value with fewer than six parts is not an ARN and matches nothing.
* Values that cannot be read for their family (a non-number for Numeric, a bad date, a bad
  CIDR or address, bad base64, a Bool value other than true/false) make that one comparison
  false.  For a negated operator the comparison is the positive one, negated afterwards, so
  an unreadable value is "not equal" to everything (``NumericNotEquals`` with ``abc`` is met).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from policybuilder.core.condition_operators import BASES, split_name


@dataclass(frozen=True, slots=True)
class Operator:
    """A condition operator, split into the parts that decide how it evaluates.

    ``base`` is the operator without qualifier and without ``IfExists``
    (``ForAnyValue:StringNotLikeIfExists`` has base ``StringNotLike``).  ``comparator`` is
    the positive comparison (``StringNotLike`` compares ``like`` and is ``negated``).
    """

    name: str  # canonical spelling of the whole operator
    base: str
    family: str
    negated: bool
    if_exists: bool
    qualifier: str | None
    comparator: str  # equals, equals_ignore_case, like, lt, lte, gt, gte, in_cidr, null


@lru_cache(maxsize=1024)
def parse_operator(name: str) -> Operator | None:
    """The operator named ``name`` (``ForAnyValue:StringLikeIfExists``), or None if IAM has none.

    ``Null`` takes no ``IfExists`` (AWS: "...IfExists" is for every operator except Null).
    """
    parts = split_name(name, exact=False)
    if parts is None:
        return None
    qualifier, base, if_exists = parts
    entry = BASES[base]
    if if_exists and not entry.takes_if_exists:
        return None
    canonical = (f"{qualifier}:" if qualifier else "") + base + ("IfExists" if if_exists else "")
    return Operator(
        name=canonical,
        base=base,
        family=entry.family,
        negated=entry.negated,
        if_exists=if_exists,
        qualifier=qualifier or None,
        comparator=entry.comparator,
    )


# --- wildcards --------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _glob_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    out = []
    for ch in pattern:
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile("".join(out), flags)


def glob_match(pattern: str, text: str, *, ignore_case: bool = False) -> bool:
    """IAM's wildcards over the whole text: ``*`` is any run of characters, ``?`` any one."""
    if "*" not in pattern and "?" not in pattern:
        return pattern.lower() == text.lower() if ignore_case else pattern == text
    return _glob_regex(pattern, ignore_case).fullmatch(text) is not None


def star_pieces(pattern: str, *, segments: bool = False) -> tuple[str, ...] | None:
    """``pattern`` split at its ``*`` when a plain scan can match it, else None.

    A pattern whose only wildcard is ``*`` (and, with ``segments=True``, whose every ``*`` ends
    a segment, so that it may match across colons) is matched by :func:`match_pieces` without
    compiling a regex; compiling costs more than many matches.
    """
    if "?" in pattern:
        return None
    if segments:
        for i, ch in enumerate(pattern):
            if ch == "*" and i + 1 < len(pattern) and pattern[i + 1] != ":":
                return None
    return tuple(pattern.split("*"))


def match_pieces(pieces: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` is pieces[0] + anything + pieces[1] + ... + anything + pieces[-1]."""
    if len(pieces) == 1:
        return text == pieces[0]
    first, last = pieces[0], pieces[-1]
    if not text.startswith(first):
        return False
    end = len(text) - len(last)
    pos = len(first)
    if end < pos or not text.endswith(last):
        return False
    for piece in pieces[1:-1]:
        found = text.find(piece, pos, end)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


def glob_regex_source(pattern: str) -> str:
    """The regular expression (without anchors) that :func:`glob_match` uses for ``pattern``."""
    return _glob_regex(pattern, False).pattern


def resource_regex_source(tokens: tuple[tuple[str, bool], ...]) -> str:
    """A regex for a Resource pattern given as (text, wildcard_ok) pieces.

    AWS ("Using wildcards in resource ARNs"): ``*`` and ``?`` work inside the colon-separated
    segments of an ARN; a ``*`` that is the last character of a segment may also match across
    colons.  So a ``*`` followed by ``:`` or by the end of the pattern matches anything, any
    other ``*`` matches within its segment, and ``?`` matches one character other than ``:``.
    Pieces with ``wildcard_ok=False`` (``${*}``, ``${?}``, values from the request) are
    literal characters.
    """
    chars: list[tuple[str, bool]] = [(c, ok) for text, ok in tokens for c in text]
    out = []
    for i, (ch, ok) in enumerate(chars):
        if ok and ch == "*":
            last_in_segment = i + 1 == len(chars) or chars[i + 1][0] == ":"
            out.append(".*" if last_in_segment else "[^:]*")
        elif ok and ch == "?":
            out.append("[^:]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def glob_tokens_source(tokens: tuple[tuple[str, bool], ...]) -> str:
    """StringLike's regex for (text, wildcard_ok) pieces: ``*`` any run, ``?`` any one."""
    out = []
    for text, ok in tokens:
        for ch in text:
            if ok and ch == "*":
                out.append(".*")
            elif ok and ch == "?":
                out.append(".")
            else:
                out.append(re.escape(ch))
    return "".join(out)


def arn_regex_source(tokens: tuple[tuple[str, bool], ...]) -> str | None:
    """ArnLike's regex for (text, wildcard_ok) pieces, or None when the pattern is no ARN.

    AWS: "Each of the six colon-delimited components of the ARN is checked separately and each
    can include multi-character match wildcards (*) or single-character match wildcards (?)."
    The first five parts hold no colon, so their wildcards do not match one; the sixth part
    (the resource) runs to the end and may contain colons, as ARNs do.
    """
    chars = [(c, ok) for text, ok in tokens for c in text]
    colons = 0
    out = []
    for ch, ok in chars:
        in_last = colons >= 5
        if ch == ":" and not in_last:
            colons += 1
            out.append(":")
        elif ok and ch == "*":
            out.append(".*" if in_last else "[^:]*")
        elif ok and ch == "?":
            out.append("." if in_last else "[^:]")
        else:
            out.append(re.escape(ch))
    if colons < 5:
        return None
    return "".join(out)


@lru_cache(maxsize=4096)
def _arn_regex(pattern: str) -> re.Pattern[str] | None:
    source = arn_regex_source(((pattern, True),))
    return None if source is None else re.compile(source, re.DOTALL)


def arn_like(pattern: str, arn: str) -> bool:
    """ArnLike/ArnEquals: the six colon-separated parts compared one by one, with wildcards."""
    regex = _arn_regex(pattern)
    return regex is not None and regex.fullmatch(arn) is not None


# --- reading values ---------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
EPOCH_SECONDS = re.compile(r"[+-]?\d+(?:\.\d+)?")
EPOCH_START = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@lru_cache(maxsize=4096)
def parse_number(text: str) -> Decimal | None:
    """A Numeric operand: an integer or a decimal (``10``, ``-2.5``, ``.5``); else None.

    AWS describes the Numeric operators as comparing with an integer or decimal value, so an
    exponent (``1e3``) is not read, nor are Python's ``inf``, ``nan`` and ``1_000``.
    """
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


@lru_cache(maxsize=4096)
def parse_date(text: str) -> int | None:
    """A Date operand as microseconds since the epoch, or None when it is no date.

    AWS accepts ISO 8601 dates and times and epoch (UNIX) seconds.  Read here: a plain run of
    digits (optionally signed, optionally with a fraction) is epoch seconds; anything else
    must be ISO 8601 as Python 3.11 reads it (``2020-01-01``, ``2020-01-01T12:00:00Z``,
    ``2020-01-01T12:00:00.5+02:00``, the basic ``20200101T120000Z``).  A date or time without a
    zone is UTC, as AWS's request times are.  A bare ``2020`` is epoch seconds, not a year.
    """
    text = text.strip()
    if EPOCH_SECONDS.fullmatch(text):
        try:
            return int(Decimal(text) * 1_000_000)
        except InvalidOperation:  # pragma: no cover
            return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH_START) // _MICROSECOND


@lru_cache(maxsize=1024)
def parse_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """An IpAddress operand: a CIDR (IPv4 or IPv6) or a single address; else None.

    Host bits are allowed (``203.0.113.7/24`` means ``203.0.113.0/24``), as IAM allows them.
    """
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def parse_binary(text: str) -> bytes | None:
    """A BinaryEquals operand: base64 text decoded to bytes, or None when it is not base64.

    The request gives a binary key's value base64-encoded too (JSON has no bytes), so both
    sides are decoded and compared byte for byte.
    """
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


def parse_bool(text: str) -> bool | None:
    """A Bool operand: ``true`` or ``false`` in any case; else None."""
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return None


# --- one comparison ---------------------------------------------------------------------------


def compare(operator: Operator, context_value: str, policy_value: str) -> bool:
    """The positive comparison of one request value with one (substituted) policy value.

    Wildcards in ``policy_value`` count for StringLike and the Arn operators; a caller that
    has literal pieces (``${*}``) uses :func:`glob_match` on its own regex instead.  The
    result ignores ``negated``: the evaluator negates after combining the values.
    """
    family, comparator = operator.family, operator.comparator
    if family == "String":
        if comparator == "equals":
            return context_value == policy_value
        if comparator == "equals_ignore_case":
            return context_value.lower() == policy_value.lower()
        return glob_match(policy_value, context_value)
    if family == "Arn":
        return arn_like(policy_value, context_value)
    if family == "Numeric":
        return _ordered(comparator, parse_number(context_value), parse_number(policy_value))
    if family == "Date":
        return _ordered(comparator, parse_date(context_value), parse_date(policy_value))
    if family == "Bool":
        left, right = parse_bool(context_value), parse_bool(policy_value)
        return left is not None and left == right
    if family == "Binary":
        left_bytes, right_bytes = parse_binary(context_value), parse_binary(policy_value)
        return left_bytes is not None and left_bytes == right_bytes
    if family == "IpAddress":
        address, network = parse_address(context_value), parse_network(policy_value)
        return address is not None and network is not None and address in network
    raise ValueError(f"compare() does not handle {operator.name}")  # Null has no values to compare


def _ordered(comparator: str, left, right) -> bool:
    if left is None or right is None:
        return False
    if comparator == "equals":
        return left == right
    if comparator == "lt":
        return left < right
    if comparator == "lte":
        return left <= right
    if comparator == "gt":
        return left > right
    return left >= right  # gte
