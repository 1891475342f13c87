"""Layer 3, whole-document checks: Sids, empty arrays, policy variables, size, characters."""

from __future__ import annotations

import re
from typing import Any

from policybuilder.core import quotas
from policybuilder.core.document import VERSION, minified_size

from .context import Context, StatementView
from .fixes import Tokens, delete_at, set_at

#: Each size quota's limit by name (core/quotas.py's table).
QUOTAS: dict[str, int] = quotas.LIMITS
#: PolicyDocument's pattern in the IAM API: tab, line feed, carriage return, U+0020-U+00FF.
UNSUPPORTED_CHAR = re.compile(r"[^\t\n\r\u0020-\u00ff]")
_ASCII_EQUIVALENTS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": "'",
        "\u201d": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)


def check_sids(ctx: Context, statements: list[StatementView]) -> None:
    seen: dict[str, Tokens] = {}
    for stmt in statements:
        sid = stmt.raw.get("Sid")
        if not isinstance(sid, str):
            continue
        tokens = (*stmt.tokens, "Sid")
        if sid == "":
            ctx.add(
                "EMPTY_SID_VALUE",
                "The Sid is empty; remove it or give the statement a name.",
                tokens,
                ctx.fix("Remove the empty Sid.", lambda d, t=tokens: delete_at(d, t)),
            )
            continue
        if sid in seen:
            new = _unique(sid, seen)
            ctx.add(
                "UNIQUE_SIDS_REQUIRED",
                f"Another statement already has the Sid {sid!r}; Sids must be unique.",
                tokens,
                ctx.fix(f"Rename it {new!r}.", lambda d, t=tokens, n=new: set_at(d, t, n)),
            )
        seen.setdefault(sid, tokens)


def _unique(sid: str, seen: dict[str, Tokens]) -> str:
    n = 2
    while f"{sid}{n}" in seen:
        n += 1
    return f"{sid}{n}"


def check_empty_arrays(ctx: Context, stmt: StatementView) -> None:
    for key, code in (
        ("Action", "EMPTY_ARRAY_ACTION"),
        ("NotAction", "EMPTY_ARRAY_ACTION"),
        ("Resource", "EMPTY_ARRAY_RESOURCE"),
        ("NotResource", "EMPTY_ARRAY_RESOURCE"),
    ):
        if stmt.raw.get(key) == []:
            ctx.add(
                code, f"{key} is an empty list: the statement matches nothing.", (*stmt.tokens, key)
            )


_VAR = re.compile(r"\$\{([^{}]*)\}")
_OPEN_ONLY = re.compile(r"\$\{[^}]*$")
_NO_OPEN = re.compile(r"(?<![$\w])\$(?!\{)[A-Za-z][\w-]*:[\w/-]+\}")


def check_variables(ctx: Context, statements: list[StatementView]) -> None:
    """Policy variables: syntax, and the Version they need."""
    first: Tokens | None = None
    for stmt in statements:
        for tokens, value in _variable_strings(stmt):
            if "$" not in value:
                continue
            if _check_variable_syntax(ctx, tokens, value) and first is None:
                first = tokens
    version = ctx.document.get("Version") if isinstance(ctx.document, dict) else None
    if first is not None and version != VERSION:
        ctx.add(
            "VARIABLE_UNSUPPORTED_IN_VERSION",
            f"Policy variables such as ${{aws:username}} are replaced only with Version "
            f'"{VERSION}"; with {"no Version" if version is None else repr(version)} they are '
            "matched literally.",
            first,
            ctx.fix(f'Set Version to "{VERSION}".', lambda d: d.update({"Version": VERSION})),
        )


def _variable_strings(stmt: StatementView) -> list[tuple[Tokens, str]]:
    """The Resource and Condition strings that hold a "$" (only those can use a variable)."""
    key = stmt.resource_key
    out = [(stmt.path(key, k), v) for k, v in enumerate(stmt.values(key)) if "$" in v]
    for op, block in stmt.condition.items():
        if not isinstance(block, dict):
            continue
        for key, value in block.items():
            if isinstance(value, str):
                if "$" in value:
                    out.append(((*stmt.tokens, "Condition", op, key), value))
            elif isinstance(value, list):
                base = (*stmt.tokens, "Condition", op, key)
                out.extend(
                    (base + (i,), v) for i, v in enumerate(value) if isinstance(v, str) and "$" in v
                )
    return out


def _check_variable_syntax(ctx: Context, tokens: Tokens, value: str) -> bool:
    """Report malformed variables; True when the value uses a variable at all."""
    used = False
    for m in _VAR.finditer(value):
        used = True
        name, _, default = m.group(1).partition(",")
        if not name.strip():
            ctx.add("EMPTY_VARIABLE", f"{value!r} contains an empty variable ${{}}.", tokens)
        elif name != name.strip() or " " in name.strip():
            fixed = value.replace(
                m.group(0), "${" + name.replace(" ", "") + ("," + default if default else "") + "}"
            )
            ctx.add(
                "UNSUPPORTED_SPACE_IN_VARIABLE",
                f"The variable {m.group(0)!r} contains spaces; write {fixed!r}.",
                tokens,
                ctx.fix(f"Write {fixed!r}.", lambda d, t=tokens, f=fixed: set_at(d, t, f)),
            )
        if default and not re.fullmatch(r"\s*'[^']*'\s*", default):
            ctx.add(
                "MISSING_QUOTE_IN_VARIABLE",
                f"The default value of {m.group(0)!r} must be in single quotes.",
                tokens,
            )
    rest = _VAR.sub("", value)
    if _OPEN_ONLY.search(rest) or _NO_OPEN.search(rest):
        used = True
        ctx.add(
            "MISSING_BRACE_IN_VARIABLE",
            f"{value!r} has a policy variable with a missing brace: write ${{aws:username}}.",
            tokens,
        )
    return used


#: With no quota chosen, the size is graded as Access Analyzer grades it: it does not
#: know how the policy will be attached, and reports no AWS managed policy under the
#: largest identity-policy quota (a role's inline policies, 10,240 characters).
LARGEST_QUOTA = quotas.LARGEST.limit


def size_sentence(size: int, quota: str) -> str:
    """'2,153 characters without whitespace: 105 % of the 2,048 allowed for ...'."""
    limit = QUOTAS[quota]
    return (
        f"{size:,} characters without whitespace: {percent(size, limit)} of the {limit:,} "
        f"allowed for {quotas.BY_NAME[quota].attached_to}"
    )


def percent(size: int, limit: int) -> str:
    """The real share of the quota ('105 %'), rounded, never '100 %' when over it."""
    share = round(100 * size / limit)
    if size > limit and share <= 100:
        return "just over 100 %"
    return f"{share} %"


def check_size(ctx: Context) -> None:
    ctx.size = size = minified_size(ctx.document)
    if ctx.quota is None:
        if size > LARGEST_QUOTA:
            ctx.add(
                "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
                f"The policy has {size:,} characters without whitespace, more than any "
                f"identity policy may have (at most {LARGEST_QUOTA:,}, for "
                f"{quotas.LARGEST.attached_to}). Split it, or use wildcards where that grants "
                "nothing unintended.",
                (),
            )
        return
    if size > QUOTAS[ctx.quota]:
        ctx.add(
            "PB_POLICY_SIZE_EXCEEDS_QUOTA",
            f"The policy has {size_sentence(size, ctx.quota)}, so IAM refuses it. Split it, "
            "or use wildcards where that grants nothing unintended.",
            (),
        )


def unsupported_characters(text: str) -> list[tuple[int, str, int]]:
    """(first offset, character, count) for each character IAM's API rejects."""
    found: dict[str, list[int]] = {}
    for m in UNSUPPORTED_CHAR.finditer(text):
        found.setdefault(m.group(0), []).append(m.start())
    return [(offsets[0], char, len(offsets)) for char, offsets in found.items()]


def ascii_equivalent(document: Any) -> Any:
    """The document with typographic characters replaced and other rejected ones removed."""
    from .fixes import copy_document

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return UNSUPPORTED_CHAR.sub("", value.translate(_ASCII_EQUIVALENTS))
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    return clean(copy_document(document))
