"""What the web pages show of the validator's findings."""

from __future__ import annotations

from dataclasses import dataclass

from policybuilder.core.document import minified_size
from policybuilder.core.validator import QUOTAS, Finding, errors_among, validate
from policybuilder.core.validator.document_checks import percent, size_sentence

QUOTA_LABELS = {
    "managed": "Managed policy (6,144 characters)",
    "user": "Inline, on a user (2,048 in all)",
    "group": "Inline, on a group (5,120 in all)",
    "role": "Inline, on a role (10,240 in all)",
}


def quota_from(value: str | None, default: str | None = "managed") -> str | None:
    """The quota chosen in a form; ``default`` when none (None: graded as Access Analyzer)."""
    return value if value in QUOTAS else default


@dataclass
class Report:
    findings: list[Finding]
    quota: str | None
    size: int | None = None

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


def report_for(
    text: str, *, quota: str | None, document: object | None = None, advice: bool = False
) -> Report:
    """The validator's report; ``advice`` adds our least-privilege suggestions."""
    size = minified_size(document) if document is not None else None
    return Report(findings=validate(text, quota=quota, advice=advice), quota=quota, size=size)
