"""What the web pages show of the validator's findings."""

from __future__ import annotations

from dataclasses import dataclass

from policybuilder.core.document import minified_size
from policybuilder.core.validator import QUOTAS, Finding, errors_among, validate

QUOTA_LABELS = {
    "managed": "Managed policy (6,144 characters)",
    "user": "Inline, on a user (2,048 in all)",
    "group": "Inline, on a group (5,120 in all)",
    "role": "Inline, on a role (10,240 in all)",
}


def quota_from(value: str | None) -> str:
    return value if value in QUOTAS else "managed"


@dataclass
class Report:
    findings: list[Finding]
    quota: str
    size: int | None = None

    @property
    def limit(self) -> int:
        return QUOTAS[self.quota]

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
    def size_percent(self) -> int:
        return min(100, round(100 * (self.size or 0) / self.limit))


def report_for(
    text: str, *, quota: str, document: object | None = None, advice: bool = False
) -> Report:
    """The validator's report; ``advice`` adds our least-privilege suggestions."""
    size = minified_size(document) if document is not None else None
    return Report(findings=validate(text, quota=quota, advice=advice), quota=quota, size=size)
