"""Layer 3, resources: ARN syntax, documentation placeholders, and resource types.

ARNs are split on ':' outside policy variables (``${aws:username}`` has a
colon of its own).  Whether an ARN is of a type an action acts on is decided
by intersecting two wildcard patterns: the policy's ARN (``*``, ``?``,
variables) and the catalogue's ARN template (``${InstanceId}``...), so that
``arn:aws:connect:*:*:instance/*`` is accepted for any instance-scoped type.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re

from policybuilder.core import iam_catalog

from .actions import Resolutions, glob_match, redundant_places
from .context import Context, StatementView
from .fixes import Tokens, delete_at, set_at

PARTITIONS = frozenset(
    ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")
)
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
_ACCOUNT = re.compile(r"^\d{12}$")
_VARIABLE = re.compile(r"\$\{[^}]*\}")
_PLACEHOLDER_WORDS = frozenset(
    [
        "region",
        "account",
        "account-id",
        "accountid",
        "account_id",
        "aws-account-id",
        "aws_account_id",
        "accountnumber",
        "account-number",
        "customer_account_id",
        "key-id",
        "keyid",
        "key_id",
        "instance-id",
        "instanceid",
        "instance_id",
        "connect_instance_id",
        "resource-id",
        "resource_id",
        "bucket-name",
        "bucket_name",
        "your-bucket",
        "my-bucket",
        "role-name",
        "role_name",
        "user-name",
        "user_name",
        "partition",
        "region-code",
        "111122223333",
        "123456789012",
        "444455556666",
        "555555555555",
        "000000000000",
    ]
)
_PLACEHOLDER_SHAPES = re.compile(r"^(<[^>]*>|\{[^}$]*\}|\[[^\]]*\]|[a-z]+(?:[-_][a-z]+)*[-_]id)$")
_MAX_TYPE_CHECK = 200


def split_arn(arn: str) -> list[str]:
    """Split on ':' into at most six parts, ignoring colons inside ``${...}``."""
    return list(_split_arn(arn))


@functools.lru_cache(maxsize=65536)
def _split_arn(arn: str) -> tuple[str, ...]:
    if "${" not in arn:
        return tuple(arn.split(":", 5))
    parts: list[str] = []
    depth, start = 0, 0
    for i, c in enumerate(arn):
        if c == "{" and i and arn[i - 1] == "$":
            depth += 1
        elif c == "}" and depth:
            depth -= 1
        elif c == ":" and not depth and len(parts) < 5:
            parts.append(arn[start:i])
            start = i + 1
    parts.append(arn[start:])
    return tuple(parts)


def _flexible(part: str) -> bool:
    """A component with a wildcard or a variable, which any value may fill."""
    return "*" in part or "?" in part or "${" in part


def check(ctx: Context, stmt: StatementView, resolved: Resolutions) -> None:
    key = stmt.resource_key
    values = stmt.values(key)
    malformed: set[str] = set()
    regions: _Regions | None = None  # made for the first ARN that needs it
    for k, value in enumerate(values):
        if value == "*" or _quiet(value):
            continue
        if regions is None:
            regions = _Regions(resolved)
        if _check_arn(ctx, regions, stmt.path(key, k), value):
            malformed.add(_split_arn(value)[2].lower())
    if (
        key == "Resource"
        and len(values) > 1
        and isinstance(stmt.raw.get("Resource"), list)
        and _may_be_redundant(values)
    ):
        for k, value, cover in redundant_places(values, case_sensitive=True):
            tokens = stmt.path(key, k)
            ctx.add(
                "REDUNDANT_RESOURCE",
                f"{value!r} is already covered by {cover!r} in the same statement; remove it.",
                tokens,
                ctx.fix(f"Remove {value!r}.", lambda d, t=tokens: delete_at(d, t)),
            )
    if key == "Resource" and stmt.action_key == "Action":
        _check_types(ctx, resolved, values, malformed)
    if stmt.condition:
        for tokens, value in _condition_arns(stmt):
            _check_placeholders(ctx, tokens, value)


def _may_be_redundant(values: list[str]) -> bool:
    """False only when ``redundant(values, case_sensitive=True)`` finds nothing: no value
    twice, and no wildcard value that matches another value.

    A statement may list a hundred ARNs, most with a wildcard early on (a region ``*``),
    and comparing each with every other was most of the time of such a policy.  A value
    that a wildcard value matches holds each literal piece of it, so the values are
    joined one a line and only the lines holding its rarest piece (found at C speed)
    are compared with it.
    """
    if len(set(values)) != len(values):
        return True
    patterns = [v for v in values if "*" in v or "?" in v]
    if not patterns or len(values) < 2:
        return False
    if any("\n" in v for v in values):
        return True  # not one value a line: let redundant() decide
    joined = "\n".join(values)
    starts = [0]
    for value in values[:-1]:
        starts.append(starts[-1] + len(value) + 1)
    for pattern in patterns:
        piece = min(_WILD_SPLIT.split(pattern), key=joined.count)  # the rarest piece
        at = joined.find(piece)
        while at >= 0:
            line = bisect.bisect_right(starts, at) - 1
            value = values[line]
            if value != pattern and glob_match(pattern, value):
                return True
            if line + 1 == len(values):
                break
            at = joined.find(piece, starts[line + 1])
    return False


_WILD_SPLIT = re.compile(r"[*?]")


class _Regions:
    """Whether the statement's actions need a region in ARNs of a service, asked once per
    service (an S3 statement asks for each of its bucket ARNs)."""

    def __init__(self, resolved: Resolutions) -> None:
        self.resolved = resolved
        self.known: dict[str, bool] = {}

    def required(self, service: str) -> bool:
        found = self.known.get(service)
        if found is None:
            found = self.known[service] = _region_required(self.resolved, service)
        return found


def _condition_arns(stmt: StatementView) -> list[tuple[Tokens, str]]:
    out: list[tuple[Tokens, str]] = []
    for op, block in stmt.condition.items():
        if not isinstance(block, dict):
            continue
        for key, value in block.items():
            if isinstance(value, str):
                if value.startswith("arn:"):
                    out.append(((*stmt.tokens, "Condition", op, key), value))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    if isinstance(v, str) and v.startswith("arn:"):
                        out.append(((*stmt.tokens, "Condition", op, key, i), v))
    return out


@functools.lru_cache(maxsize=65536)
def _quiet(arn: str) -> bool:
    """Whether :func:`_check_arn` reports nothing on this ARN and returns False, whatever
    the statement: a six-field ARN with a region, clean fields, no placeholder, and a
    resource part that fits its service's types (most ARNs; one look-up instead of four)."""
    parts = _split_arn(arn)
    return (
        arn.startswith("arn:")
        and len(parts) == 6
        and bool(parts[3])
        and _fields_clean(arn)
        and not _placeholders(arn)
        and _arn_verdict(*parts[2:]) is None
    )


def _check_arn(ctx: Context, regions: _Regions, tokens: Tokens, arn: str) -> bool:
    """Report what is wrong with one ARN; True when its resource part fits no resource type."""
    if not arn.startswith("arn:"):
        if arn[:4].lower() == "arn:":
            fixed = "arn:" + arn[4:]
            fix = ctx.fix(f"Write {fixed!r}.", lambda d: set_at(d, tokens, fixed))
        else:
            fix = None
        if not _flexible(arn[:4]):
            ctx.add(
                "INVALID_ARN_PREFIX",
                f'{arn!r} is neither "*" nor an ARN: ARNs start with "arn:", as in '
                "arn:aws:connect:us-east-1:111122223333:instance/...",
                tokens,
                fix,
            )
        return False
    parts = _split_arn(arn)
    if len(parts) < 6:
        ctx.add(
            "MISSING_ARN_FIELD",
            f"{arn!r} has {len(parts)} of the 6 ARN fields "
            "(arn:partition:service:region:account:resource).",
            tokens,
        )
        return False
    if _fields_clean(arn):  # then only MISSING_ARN_REGION may be due (see _check_fields)
        if not parts[3] and regions.required(parts[2].lower()):
            _missing_region(ctx, tokens, arn, parts[2])
    else:
        _check_fields(ctx, regions, tokens, arn, parts)
    _check_placeholders(ctx, tokens, arn)
    return _check_against_types(ctx, tokens, arn, parts)


def _check_against_types(ctx: Context, tokens: Tokens, arn: str, parts: tuple[str, ...]) -> bool:
    """INVALID_ARN_RESOURCE, ARN_REGION_NOT_ALLOWED, ARN_ACCOUNT_NOT_ALLOWED.

    The ARN's resource part is matched against the resource part of every resource
    type of its service in the catalogue; the region and account are then allowed
    only if some matching type has one.
    """
    _, _, service, region, account, resource = parts
    verdict = _arn_verdict(service, region, account, resource)
    if verdict is None:
        return False
    why, region_wrong, account_wrong = verdict
    label = iam_catalog.service_name(service)
    if why:
        ctx.add(
            "INVALID_ARN_RESOURCE",
            f"The resource part {resource!r} of {arn!r} matches none of {label}'s resource "
            f"types: {why}. See the ARN formats in the service authorization reference.",
            tokens,
        )
        return True
    if region_wrong:
        fixed = ":".join([*parts[:3], "", *parts[4:]])
        ctx.add(
            "ARN_REGION_NOT_ALLOWED",
            f"{label} does not take a region in this resource ARN: {arn!r} names "
            f"{region!r}, so it matches no resource. Leave the region empty.",
            tokens,
            ctx.fix(f"Write {fixed!r}.", lambda d, f=fixed: set_at(d, tokens, f)),
        )
    if account_wrong:
        fixed = ":".join([*parts[:4], "", parts[5]])
        ctx.add(
            "ARN_ACCOUNT_NOT_ALLOWED",
            f"{label} does not take an account ID in this resource ARN (its names are "
            f"global): {arn!r} names {account!r}, so it matches no resource. Leave the "
            "account empty.",
            tokens,
            ctx.fix(f"Write {fixed!r}.", lambda d, f=fixed: set_at(d, tokens, f)),
        )
    return region_wrong or account_wrong


@functools.lru_cache(maxsize=65536)
def _arn_verdict(
    service: str, region_part: str, account_part: str, resource: str
) -> tuple[str, bool, bool] | None:
    """(why the resource fits no type, region given but not allowed, account likewise)."""
    region = bool(region_part) and not _flexible(region_part)
    account = bool(account_part) and not _flexible(account_part)
    if _flexible(service) or not iam_catalog.service_exists(service):
        return None
    fits = _resource_fits(service.lower(), resource)
    if fits is None:
        return None
    why, with_region, with_account = fits
    if why:
        return (why, False, False)
    if not (region and not with_region) and not (account and not with_account):
        return None
    return ("", region and not with_region, account and not with_account)


@functools.lru_cache(maxsize=65536)
def _resource_fits(service: str, resource: str) -> tuple[str, bool, bool] | None:
    """(why it fits no type, or ""; some fitting type has a region; some has an account).

    None when the catalogue cannot tell.  Only resource-type *words* are compared, not
    the IDs between them, whose formats the templates do not pin down: Access
    Analyzer accepts ARNs of types the reference omits (``iam::*:root``,
    ``waf:*:*:changetoken/*``), so a type word that the service does not know is an
    error only when it is one of the service's nested types written without its
    parent (``queue/...`` for ``instance/${InstanceId}/queue/...``), or when the
    parent is right and the nested word is a misspelling of one of its children.
    """
    shapes = _template_shapes(service)
    words = _words(resource)
    if not shapes or not words or words[0] is None:
        return None
    if any(not w for w, _ in shapes):
        return None
    if any(w[0] is None for w, _ in shapes):
        # A type whose name is all ID (an S3 bucket): any word may be one.
        fitting = [t for w, t in shapes if w[0] is None or w[0] == words[0]]
        return ("", any(t[3] for t in fitting), any(t[4] for t in fitting))
    same_lead = [(w, t) for w, t in shapes if w[0] == words[0]]
    if not same_lead:
        nested = {w[2] for w, _ in shapes if len(w) > 2 and w[2]}
        if words[0] in nested:
            parents = sorted(
                {w[0] for w, _ in shapes if len(w) > 2 and w[2] == words[0] and w[0] is not None}
            )
            return (f"{words[0]!r} is nested in {' or '.join(map(repr, parents))}", False, False)
        return None
    region = any(t[3] for _, t in same_lead)
    account = any(t[4] for _, t in same_lead)
    children = {w[2] for w, _ in same_lead if len(w) > 2 and w[2]}
    if len(words) > 2 and words[2] and children and words[2] not in children:
        close = difflib.get_close_matches(words[2], sorted(children), n=1, cutoff=0.75)
        if close:
            return (
                f"{words[2]!r} is not a type under {words[0]!r}: did you mean {close[0]!r}?",
                region,
                account,
            )
    return ("", region, account)


@functools.lru_cache(maxsize=1024)
def _template_shapes(service: str) -> tuple[tuple[list[str | None], list[str]], ...]:
    """Each catalogue ARN template of the service with the words of its resource part."""
    templates = [split_arn(t.arn) for t in iam_catalog.resource_types(service).values()]
    return tuple((_words(t[5]), t) for t in templates if len(t) == 6)


_WORD_SPLIT = re.compile(r"[/:]")


def _words(resource: str) -> list[str | None]:
    """The segments of a resource part, lower case; None for one with a wildcard or variable."""
    return [None if _flexible(w) else w.lower() for w in _WORD_SPLIT.split(resource)]


@functools.lru_cache(maxsize=65536)
def _fields_clean(arn: str) -> bool:
    """Whether :func:`_check_fields` reports nothing on this six-field ARN, the region that
    the statement's actions may require aside (the one finding that depends on them)."""
    _, partition, service, region, account, _resource = _split_arn(arn)
    return (
        (_flexible(partition) or partition in PARTITIONS)
        and (service == service.lower() or _flexible(service))
        and (not region or _flexible(region) or _REGION.match(region) is not None)
        and (
            not account
            or _flexible(account)
            or account == "aws"
            or _ACCOUNT.match(account) is not None
        )
    )


def _check_fields(
    ctx: Context, regions: _Regions, tokens: Tokens, arn: str, parts: tuple[str, ...]
) -> None:
    _, partition, service, region, account, _resource = parts
    if not _flexible(partition) and partition not in PARTITIONS:
        ctx.add(
            "INVALID_PARTITION",
            f"{partition!r} in {arn!r} is not an AWS partition (aws, aws-cn, aws-us-gov...).",
            tokens,
        )
    if service != service.lower() and not _flexible(service):
        fixed = ":".join([parts[0], partition, service.lower(), *parts[3:]])
        ctx.add(
            "INVALID_ARN_SERVICE_CASE",
            f"The service {service!r} in an ARN must be lower case.",
            tokens,
            ctx.fix(f"Write {fixed!r}.", lambda d: set_at(d, tokens, fixed)),
        )
    if region and not _flexible(region) and not _REGION.match(region):
        ctx.add(
            "INVALID_ARN_REGION",
            f"{region!r} is not a region code (such as us-east-1); write a region, or * for any.",
            tokens,
        )
    if not region and regions.required(service.lower()):
        _missing_region(ctx, tokens, arn, service)
    if account and not _flexible(account) and account != "aws" and not _ACCOUNT.match(account):
        ctx.add(
            "INVALID_ARN_ACCOUNT",
            f"{account!r} is not an AWS account ID (12 digits); write the account ID, or * for "
            "any.",
            tokens,
        )


def _missing_region(ctx: Context, tokens: Tokens, arn: str, service: str) -> None:
    ctx.add(
        "MISSING_ARN_REGION",
        f"{arn!r} has no region, but {service} ARNs include one; write a region or *.",
        tokens,
    )


def _region_required(resolved: Resolutions, service: str) -> bool:
    """True when every catalogue ARN of this service (among the statement's) has a region."""
    templates = [t for t in _templates(resolved) if split_arn(t)[2:3] == [service]]
    return bool(templates) and all(split_arn(t)[3] == "${Region}" for t in templates)


def _templates(resolved: Resolutions) -> list[str]:
    out: list[str] = []
    for found, _ in resolved.pairs:
        for action in found or ():
            out.extend(_action_templates(action))
    return out


def _action_templates(action: iam_catalog.Action) -> tuple[str, ...]:
    # Kept by service and name, which name one catalogue action: an Action's own hash
    # reads all its fields, description and resource types included, at every look-up.
    key = (action.service, action.name)
    found = _TEMPLATES.get(key)
    if found is None:
        types = iam_catalog.resource_types(action.service)
        found = _TEMPLATES[key] = tuple(
            types[rt.name.lower()].arn for rt in action.resource_types if rt.name.lower() in types
        )
    return found


_TEMPLATES: dict[tuple[str, str], tuple[str, ...]] = {}


def placeholder_parts(arn: str) -> list[str]:
    """The parts of an ARN that PB_PLACEHOLDER_IN_ARN calls documentation placeholders
    (an account such as 111122223333, ``<region>``, ``instance-id``...), each once."""
    return list(_placeholders(arn))


@functools.lru_cache(maxsize=65536)
def _placeholders(arn: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for p in _segments(_split_arn(arn)) if is_placeholder(p)))


def _check_placeholders(ctx: Context, tokens: Tokens, arn: str) -> None:
    found = _placeholders(arn)
    if found:
        shown = ", ".join(repr(p) for p in found)
        ctx.add(
            "PB_PLACEHOLDER_IN_ARN",
            f"{arn!r} still contains documentation placeholders ({shown}): replace them with "
            "your region, account ID and resource IDs.",
            tokens,
        )


def _segments(parts: tuple[str, ...]) -> list[str]:
    segments = [p for p in parts[3:5] if p]
    if len(parts) == 6:
        segments.extend(s for s in re.split(r"[/:]", _VARIABLE.sub("", parts[5])) if s)
    return segments


def is_placeholder(segment: str) -> bool:
    """Whether one part of an ARN (an account, a region, a resource ID) is a placeholder."""
    return segment.lower() in _PLACEHOLDER_WORDS or bool(_PLACEHOLDER_SHAPES.match(segment))


def _check_types(
    ctx: Context,
    resolved: Resolutions,
    arns: list[str],
    malformed: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Concrete actions whose resource types match none of the statement's ARNs.

    Not for a service one of whose ARNs is already INVALID_ARN_RESOURCE: the ARN is
    the mistake, and Access Analyzer's code says so.
    """
    if not arns or any(a == "*" or not a.startswith("arn:") for a in arns):
        return
    concrete = [
        (k, found[0])
        for k, (found, wildcard) in enumerate(resolved.pairs)
        if not wildcard and found
    ]
    if len(concrete) * len(arns) > _MAX_TYPE_CHECK:
        return
    fits: dict[tuple[str, ...], bool] = {}  # many actions share their templates
    for k, action in concrete:
        if action.service in malformed:
            continue
        templates = _action_templates(action)
        if not templates:
            continue
        fit = fits.get(templates)
        if fit is None:
            fit = fits[templates] = any(arn_matches(a, t) for a in arns for t in templates)
        if fit:
            continue
        names = ", ".join(rt.name for rt in action.resource_types)
        ctx.add(
            "PB_RESOURCE_TYPE_MISMATCH",
            f"{action.qualified_name} acts on {names} resources ({templates[0]}), but none of "
            "this statement's resources is of that type, so the statement does not grant it.",
            resolved.tokens(k),
        )


@functools.lru_cache(maxsize=65536)
def arn_matches(arn: str, template: str) -> bool:
    """Whether some ARN fits both the policy's pattern and the catalogue's template."""
    if not template.startswith("arn:"):
        return True
    a, t = split_arn(arn), split_arn(template)
    if len(a) != 6 or len(t) != 6:
        return True
    return all(_intersects(_tokens(x, False), _tokens(y, True)) for x, y in zip(a, t, strict=True))


@functools.lru_cache(maxsize=65536)
def _tokens(text: str, template: bool) -> tuple[str, ...]:
    """A pattern as characters, with every wildcard or variable as the token '*'.

    In a catalogue template an ID variable other than the last one
    (``${InstanceId}``, ``${ClusterUuid}``) never contains '/': it becomes '+', a
    run without slashes, so that ``instance/abc/queue/*`` is not taken for
    ``instance/${InstanceId}/agent/${AgentId}``.  Other variables may: a
    ``${LogGroupName}`` is ``/aws/lambda/my-function``, so
    ``log-group:/aws/lambda/*:log-stream:*`` is a log stream ARN.
    """
    out: list[str] = []
    pieces = [p for p in _PIECES.split(text) if p]
    for k, piece in enumerate(pieces):
        if piece.startswith("${"):
            no_slash = template and k < len(pieces) - 1 and _ID_VARIABLE.search(piece)
            out.append("+" if no_slash else "*")
        else:
            out.extend("*" if c == "*" and not template else c for c in piece.lower())
    return tuple(out)


_PIECES = re.compile(r"(\$\{[^}]*\})")
#: Catalogue variables that stand for an identifier: ``${InstanceId}``, ``${ClusterUuid}``...
_ID_VARIABLE = re.compile(r"(Id|ID|Uuid|UUID)\}$")


_ANY = frozenset("*+")


def _ends_agree(p: tuple[str, ...], q: tuple[str, ...]) -> bool:
    """The literal prefixes, and the literal suffixes, of both patterns are compatible.

    A string matching both starts with both prefixes and ends with both suffixes, so a
    mismatch there rules an intersection out without the quadratic search.
    """
    for a, b in zip(p, q, strict=False):
        if a in _ANY or b in _ANY:
            break
        if a != b and a != "?" and b != "?":
            return False
    for a, b in zip(reversed(p), reversed(q), strict=False):
        if a in _ANY or b in _ANY:
            break
        if a != b and a != "?" and b != "?":
            return False
    return True


def _follow(literal: tuple[str, ...], q: tuple[str, ...], prefix: bool) -> bool:
    """Whether some string matching ``q`` is ``literal`` (or, with ``prefix``, starts with it).

    The positions of ``q`` reachable after each character, as a set: linear in the
    ARN for the common ARN shapes (literal, or literal then one trailing ``*``).
    """
    m = len(q)

    def closure(states: set[int]) -> set[int]:
        out = set(states)
        for j in sorted(states):
            while j < m and q[j] in _ANY:
                j += 1
                out.add(j)
        return out

    states = closure({0})
    for c in literal:
        nxt = set()
        for j in states:
            if j == m:
                continue
            t = q[j]
            if t == "*" or (t == "+" and c != "/"):
                nxt.add(j)
            elif t == c or t == "?":
                nxt.add(j + 1)
        if not nxt:
            return False
        states = closure(nxt)
    return prefix or m in states


@functools.lru_cache(maxsize=65536)
def _intersects(p: tuple[str, ...], q: tuple[str, ...]) -> bool:
    """Whether two patterns ('*' any run, '?' one character) share a matching string."""
    if not _ends_agree(p, q):
        return False
    body = p[:-1] if p and p[-1] == "*" else p
    if "*" not in body and "?" not in body and "+" not in body:
        return _follow(body, q, prefix=len(body) < len(p))
    if not (_ANY & set(p)) and not (_ANY & set(q)):
        return len(p) == len(q) and all(a == b or "?" in (a, b) for a, b in zip(p, q, strict=True))
    return intersects_by_table(p, q)


def intersects_by_table(p: tuple[str, ...], q: tuple[str, ...]) -> bool:
    """The plain answer: a table of which suffixes of ``p`` and ``q`` can match together."""
    n, m = len(p), len(q)
    reach = [[False] * (m + 1) for _ in range(n + 1)]
    reach[n][m] = True
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            pi = p[i] if i < n else None
            qj = q[j] if j < m else None
            ok = False
            if pi == "*":
                ok = reach[i + 1][j] or (j < m and reach[i][j + 1])
            if not ok and qj == "*":
                ok = reach[i][j + 1] or (i < n and reach[i + 1][j])
            if not ok and qj == "+":
                ok = reach[i][j + 1] or (i < n and pi != "/" and reach[i + 1][j])
            if not ok and pi is not None and qj is not None and pi != "*" and qj not in "*+":
                ok = (pi == qj or pi == "?" or qj == "?") and reach[i + 1][j + 1]
            reach[i][j] = ok
    return reach[0][0]
