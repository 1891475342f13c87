"""What the web pages show of the validator's findings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import overload

from policybuilder.core import quotas
from policybuilder.core.document import minified_size
from policybuilder.core.validator import QUOTAS, Finding, errors_among, review, validate
from policybuilder.core.validator.advice import CODES as ADVICE_CODES
from policybuilder.core.validator.advice import Advice
from policybuilder.core.validator.document_checks import percent, size_sentence

#: The forms' quota choices, by name.
QUOTA_LABELS = {q.name: q.label for q in quotas.ALL}


@overload
def quota_from(value: str | None, default: str = "managed") -> str: ...
@overload
def quota_from(value: str | None, default: None) -> str | None: ...
def quota_from(value: str | None, default: str | None = "managed") -> str | None:
    """The quota chosen in a form; ``default`` when none (None: graded as Access Analyzer)."""
    return value if value in QUOTAS else default


@dataclass
class Report:
    findings: list[Finding]
    quota: str | None
    size: int | None = None
    #: The submitted text, when the page says what each fix changes (the validate page).
    described_text: str | None = None
    #: The least-privilege advice as data, when the validator's pass collected it (a
    #: rendering's report: the builder turns it into one-click changes of the form).
    advice_items: list[Advice] | None = None

    @property
    def rows(self) -> list[Row]:
        return rows_of(self, self.described_text)

    @property
    def fixable(self) -> bool:
        """Whether "Apply all fixes" has something to apply (the advice is left out)."""
        return any(
            f.fix is not None and f.code not in ADVICE_CODES and f.fix.document
            for f in self.findings
        )

    @property
    def limit(self) -> int | None:
        return QUOTAS[self.quota] if self.quota else None

    @property
    def errors(self) -> list[Finding]:
        return errors_among(self.findings)

    @property
    def blocking(self) -> bool:
        return bool(self.errors)

    @property
    def marked_lines(self) -> set[int]:
        return {f.line for f in self.findings if f.line}

    @property
    def size_percent(self) -> str:
        """The real share of the quota, over 100 % when over it."""
        return percent(self.size or 0, self.limit) if self.limit else ""

    @property
    def size_line(self) -> str:
        """'Size: 2,153 characters without whitespace: 105 % of the 2,048 allowed for ...'."""
        if self.size is None or self.quota is None:
            return ""
        return f"Size: {size_sentence(self.size, self.quota)}."


#: "Apply all fixes" stops after this many fixes: each is applied to the text the last left.
MAX_FIXES = 50


def apply_all_fixes(text: str, *, quota: str | None) -> tuple[str, int]:
    """The text with every validator fix applied, one after the other (each fix is a whole
    corrected document, so the findings are read again after each), and how many were applied.
    Least-privilege advice is not applied: it changes what the policy grants."""
    applied = 0
    for _ in range(MAX_FIXES):
        fix = next((f.fix for f in validate(text, quota=quota) if f.fix and f.fix.document), None)
        if fix is None or fix.document is None or fix.document == text:
            break
        text = fix.document
        applied += 1
    return text, applied


def report_for(
    text: str, *, quota: str | None, document: object | None = None, advice: bool = False
) -> Report:
    """The validator's report; ``advice`` adds our least-privilege suggestions.

    With the ``document`` that ``text`` was rendered from (a scenario's or the custom
    builder's), the report also has the size and the advice as data, from the validator's
    own pass (``core.validator.review``) rather than from a second walk of the document.
    """
    if document is None or advice:
        size = minified_size(document) if document is not None else None
        return Report(findings=validate(text, quota=quota, advice=advice), quota=quota, size=size)
    reviewed = review(text, quota=quota)
    size = reviewed.size if reviewed.size is not None else minified_size(document)
    return Report(findings=reviewed.findings, quota=quota, size=size, advice_items=reviewed.advice)


@dataclass(frozen=True)
class Row:
    """A finding as the pages list it: ``index`` is its place in the validator's list, which
    "Apply fix" sends back; ``fix_text`` says what the fix changes."""

    index: int
    finding: Finding
    fix_text: str | None


def rows_of(report: Report, text: str | None = None) -> list[Row]:
    """The findings by severity (errors first), in text order within a severity. With the
    submitted ``text`` (the validate page), each fix says what it will change."""
    described = _fix_texts(report.findings, text) if text is not None else {}
    rows = [
        Row(i, f, described.get(i, f.fix.description if f.fix else None))
        for i, f in enumerate(report.findings)
    ]
    return sorted(rows, key=lambda row: -row.finding.severity.gravity)


_SYNTAX_CODES = {"JSON_SYNTAX_ERROR", "PB_MISSING_POLICY_WRAPPER"}


def _fix_texts(findings: list[Finding], text: str) -> dict[int, str]:
    syntax = [i for i, f in enumerate(findings) if f.code in _SYNTAX_CODES and f.fix]
    out: dict[int, str] = {}
    for i, f in enumerate(findings):
        if f.fix is None:
            continue
        sentence = _syntax_change(f, text) if i in syntax else f.fix.description
        if i in syntax and len(syntax) > 1:
            others = len(syntax) - 1
            which = "syntax repair" if others == 1 else f"{others} syntax repairs"
            sentence += f" The same fix makes the other {which} listed here."
        if f.fix.document:
            sentence += _condition_change(text, f.fix.document)
        out[i] = sentence
    return out


def _before(text: str, line: int | None, column: int | None) -> str:
    """The few characters that end just before line/column (1-based), for people to find."""
    lines = text.splitlines()
    if not line or line > len(lines):
        return ""
    head = "\n".join(lines[: line - 1] + [lines[line - 1][: max((column or 1) - 1, 0)]])
    words = head.rstrip().rsplit("\n", 1)[-1].split()
    tail = words[-1] if words else ""
    return tail if len(tail) <= 40 else "…" + tail[-39:]


def _syntax_change(f: Finding, text: str) -> str:
    message = f.message
    where = f" on line {f.line}" if f.line else ""
    if message.startswith("Missing comma"):
        lines = text.splitlines()
        line = lines[f.line - 1] if f.line and f.line <= len(lines) else ""
        # The comma goes right after the previous value, which may end the line.
        after = _before(text, f.line, min((f.column or 1) + 1, len(line) + 1))
        return f"Insert a comma after {after}{where}." if after else f"Insert a comma{where}."
    if message.startswith("Trailing comma"):
        after = _before(text, f.line, f.column)
        return f"Remove the comma after {after}{where}." if after else f"Remove the comma{where}."
    if message.startswith("Unquoted key"):
        key = message.split("'")[1] if "'" in message else "the key"
        return f"Put double quotes around the key {key}{where}."
    if "inside a quoted string" in message:
        what = "tab" if " tab " in message else "line break"
        return f"Replace the {what} inside the string{where} by a space (the value changes)."
    if message.startswith("The text ends before"):
        closers = message.split(":", 1)[1].split(" is missing")[0].split(" are missing")[0]
        return f"Add {closers.strip()} at the end."
    if message.startswith("JSON does not allow comments"):
        return "Remove the comments."
    if message.startswith("Typographic quote"):
        return "Replace the typographic quotes by straight double quotes."
    if message.startswith("Single quotes"):
        return "Replace the single quotes by double quotes."
    if "byte order mark" in message:
        return "Remove the invisible byte order mark at the start."
    if f.code == "PB_MISSING_POLICY_WRAPPER":
        return 'Wrap the text in {"Version": "2012-10-17", "Statement": [ ... ]}.'
    return "Use the repaired document."


def _condition_values(document: object) -> dict[tuple, str]:
    """Every condition value by (statement, operator, key, item)."""
    found: dict[tuple, str] = {}
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    for s, statement in enumerate(statements if isinstance(statements, list) else []):
        condition = statement.get("Condition") if isinstance(statement, dict) else None
        for operator, block in (condition or {}).items() if isinstance(condition, dict) else ():
            for key, value in block.items() if isinstance(block, dict) else ():
                items = value if isinstance(value, list) else [value]
                for n, item in enumerate(items):
                    found[(s, operator, key, n)] = str(item)
    return found


def _condition_change(text: str, fixed: str) -> str:
    """A warning when the fix changes a condition value: the condition then matches other
    requests than the text asked for."""
    from policybuilder.core.validator.parsing import parse

    parsed = parse(text)
    if not parsed.ok:
        return ""
    before = _condition_values(parsed.document())
    try:
        after = _condition_values(json.loads(fixed))
    except ValueError:
        return ""
    for place, value in before.items():
        if place in after and after[place] != value:
            return (
                f" It changes the value {json.dumps(value)} of the condition on {place[2]} to "
                f"{json.dumps(after[place])}: the condition then matches different requests, "
                "so check that this is the value you meant."
            )
    return ""
