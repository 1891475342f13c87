"""The validator's entry point: run the layers and locate each finding in the text.

``validate`` never raises on any text: an unexpected failure of a check is
itself reported (PB_INTERNAL_ERROR) rather than taking the page down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policybuilder.core.document import minified_size

from . import actions, arns, conditions, document_checks, grammar, statement_checks
from . import advice as advice_checks
from .advice import Advice
from .context import Context, Raw
from .findings import Finding, LazyFix, severity_of
from .fixes import render as dumps
from .parsing import ParseResult, parse
from .positions import child, line_column, line_columns, locate, scan

QUOTAS = document_checks.QUOTAS
_AFTER_REPAIR = " (found after repairing the text)"


def validate(text: str, *, quota: str | None = None, advice: bool = False) -> list[Finding]:
    """Validate an identity-based policy; findings ordered by position in the text.

    ``quota`` is how the policy will be attached (a key of :data:`QUOTAS`): over it,
    the policy is refused by IAM, an ERROR.  None (no quota chosen) grades the size as
    Access Analyzer does, which does not know the attachment: a WARNING only over the
    largest identity-policy quota.

    ``advice=True`` adds our least-privilege suggestions (:mod:`.advice`); they
    are opt-in so that callers that treat any finding as a defect keep working.
    """
    text = _checked(text, quota)
    try:
        return _validate(text, quota, advice)[0]
    except Exception as exc:  # noqa: BLE001 - a validator must report, not crash
        return [_internal_error(exc)]


@dataclass(frozen=True)
class Review:
    """One pass of the validator over a policy, with what a front end shows beside it."""

    #: ``validate(text, quota=quota)``: the least-privilege advice is not among them.
    findings: list[Finding]
    #: ``advice.advise(document)`` of the parsed document, in statement order.
    advice: list[Advice]
    #: ``minified_size(document)``: None when the text does not parse, or when a check failed.
    size: int | None


def review(text: str, *, quota: str | None = None) -> Review:
    """The findings, the advice as data and the size of a policy, from one pass.

    The builder's live preview shows all three on every change of the form. The advice
    layer reads the actions the action layer has already resolved for the findings, and
    the size check measures the document the grammar has read, so that neither is done a
    second time over the document (tests/core/test_validator_review.py holds each to the
    function it stands in for).
    """
    text = _checked(text, quota)
    try:
        findings, ctx = _validate(text, quota, collect_advice=True)
    except Exception as exc:  # noqa: BLE001 - as validate
        return Review([_internal_error(exc)], [], None)
    if ctx is None:
        return Review(findings, [], None)
    # The size check has not run when the document is not an object (the grammar's finding).
    size = ctx.size if ctx.size is not None else minified_size(ctx.document)
    return Review(findings, ctx.advice or [], size)


def _checked(text: str, quota: str | None) -> str:
    if quota is not None and quota not in QUOTAS:
        raise ValueError(f"quota must be None or one of {', '.join(QUOTAS)}, not {quota!r}")
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("utf-8", errors="replace")
    return str(text)


def _internal_error(exc: Exception) -> Finding:
    return Finding(
        severity_of("PB_INTERNAL_ERROR"),
        "PB_INTERNAL_ERROR",
        f"The validator failed on this text ({type(exc).__name__}); please report it.",
        "$",
    )


def apply_fix(
    text: str, finding_index: int, *, quota: str | None = None, advice: bool = False
) -> str | None:
    """The corrected document of one finding's fix, or None when it has none."""
    findings = validate(text, quota=quota, advice=advice)
    if 0 <= finding_index < len(findings):
        fix = findings[finding_index].fix
        return fix.document if fix else None
    return None


def _validate(
    text: str, quota: str | None, with_advice: bool = False, *, collect_advice: bool = False
) -> tuple[list[Finding], Context | None]:
    """The findings, and the checks' context (None when the text does not parse). With
    ``collect_advice``, the advice goes to ``ctx.advice`` as data, not among the findings."""
    result = parse(text)
    findings = _syntax_findings(text, result)
    findings.extend(_character_findings(text, result))
    if not result.ok:
        return _ordered(findings), None
    ctx = Context(result.document(), quota, advice=[] if collect_advice else None)
    _run_checks(ctx, with_advice or collect_advice)
    if ctx.items:
        findings.extend(_located(text, result, ctx.items))
    if result.has_duplicates:
        findings.extend(_duplicate_findings(text, result))
    return _ordered(findings), ctx


def _run_checks(ctx: Context, with_advice: bool = False) -> None:
    grammar.check(ctx)
    if not isinstance(ctx.document, dict):
        return
    statements = list(ctx.statements())
    for stmt in statements:
        resolved = actions.check(ctx, stmt)
        actions.check_redundant(ctx, stmt)
        actions.check_star_resources(ctx, stmt)
        arns.check(ctx, stmt, resolved)
        conditions.check(ctx, stmt, resolved)
        document_checks.check_empty_arrays(ctx, stmt)
        statement_checks.check(ctx, stmt)
        if with_advice:
            advice_checks.check(ctx, stmt, resolved)
    statement_checks.check_redundant(ctx, statements)
    document_checks.check_sids(ctx, statements)
    document_checks.check_variables(ctx, statements)
    document_checks.check_size(ctx)


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line or 0, f.column or 0))


def _syntax_findings(text: str, result: ParseResult) -> list[Finding]:
    fix = None
    if result.ok:
        document = result.document()
        fix = LazyFix("Use the repaired document.", lambda: dumps(document))
    out = []
    for problem in result.problems:
        line, column = line_column(text, problem.offset)
        out.append(
            Finding(
                severity_of(problem.code),
                problem.code,
                problem.message,
                "$",
                line,
                column,
                fix if problem.repaired else None,
            )
        )
    return out


def _character_findings(text: str, result: ParseResult) -> list[Finding]:
    if result.ok and not result.repaired and text.isascii():
        # Strict JSON holds no control character but tab and line breaks (json rejects
        # them in strings, and only those are whitespace): in ASCII, nothing IAM rejects.
        return []
    found = document_checks.unsupported_characters(text)
    if not found:
        return []
    fix = None
    if result.ok:
        document = result.document()
        fix = LazyFix(
            "Replace typographic characters by plain ones; drop the others.",
            lambda: dumps(document_checks.ascii_equivalent(document)),
        )
    out = []
    for offset, char, count in found:
        line, column = line_column(text, offset)
        times = f" ({count} times)" if count > 1 else ""
        out.append(
            Finding(
                severity_of("PB_UNSUPPORTED_CHARACTER"),
                "PB_UNSUPPORTED_CHARACTER",
                f"The character {char!r} (U+{ord(char):04X}){times} is not accepted by IAM, "
                "which takes only tab, line breaks and characters U+0020 to U+00FF.",
                "$",
                line,
                column,
                fix,
            )
        )
    return out


def _duplicate_findings(text: str, result: ParseResult) -> list[Finding]:
    positions = scan(result.text)
    out = []
    for path, offset in positions.duplicates:
        line, column = line_column(text, result.original_offset(offset))
        key = path.rsplit(".", 1)[-1]
        out.append(
            Finding(
                severity_of("PB_DUPLICATE_KEY"),
                "PB_DUPLICATE_KEY",
                f"The key {key!r} appears twice in the same object; only the last one would "
                "count. Merge them.",
                path,
                line,
                column,
            )
        )
    return out


def _located(text: str, result: ParseResult, items: list[Raw]) -> list[Finding]:
    """The findings of the checks, each with its JSON path and its line and column."""
    paths = [_path(raw.tokens) for raw in items]
    text_paths = [result.text_path(path) for path in paths]
    # Without duplicate keys, only the findings' paths are looked for (see locate).
    positions = scan(result.text) if result.has_duplicates else locate(result.text, text_paths)
    offsets = [positions.offset(p) for p in text_paths]
    original = [None if o is None else result.original_offset(o) for o in offsets]
    places = line_columns(text, [o for o in original if o is not None])
    suffix = _AFTER_REPAIR if result.repaired else ""
    out = []
    for raw, path, offset in zip(items, paths, original, strict=True):
        line, column = (None, None) if offset is None else places[offset]
        out.append(
            Finding(
                severity_of(raw.code), raw.code, raw.message + suffix, path, line, column, raw.fix
            )
        )
    return out


def _path(tokens: tuple[Any, ...]) -> str:
    path = "$"
    for token in tokens:
        path = child(path, token)
    return path
