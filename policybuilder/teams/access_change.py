"""What a new version changes in access, in one line: for the diff page, the save banner and
the audit log of every new version.

``between(old, new)`` runs ``core.semantics.compare`` on the two documents (a combined
policy's are its merged documents) and words its verdict: "Version 2 is narrower than
version 1: …". Versions never change, so the answer is cached by the two texts: the diff page
opened right after a save reuses what the save computed.

An analysis must never stop a save: a document the model cannot read, or a comparison that
fails, is the verdict ``unknown`` with the reason (the failure is logged).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from policybuilder.core import iam_catalog
from policybuilder.core.semantics import compare as comparing
from policybuilder.core.semantics.model import PolicyError, load_policy
from policybuilder.teams.models import SavedTemplate, TemplateVersion

logger = logging.getLogger(__name__)

#: The verdicts under which the new document allows a request the old one does not.
BROADENING = frozenset({"broader", "incomparable"})

_CACHE_SECONDS = 24 * 3600
#: The audit entry's detail holds 500 characters: the summary gets at most this many of them.
_AUDIT_WORDS = 320


@dataclass(frozen=True)
class AccessChange:
    verdict: str
    #: The whole line, e.g. "Version 2 is narrower than version 1: connect:ListUsers is no
    #: longer allowed."
    sentence: str
    #: The difference in words, from compare's summary.
    summary: tuple[str, ...] = ()
    #: Why the verdict is unknown; empty otherwise.
    reason: str = ""
    #: Requests in the command line's shape (``Request.to_dict()``), or None.
    broader_witness: dict[str, Any] | None = None
    narrower_witness: dict[str, Any] | None = None
    new_label: str = "the new version"
    old_label: str = "the old version"
    #: (what it shows, the request, the request as indented JSON) for each witness.
    witnesses: tuple[tuple[str, dict[str, Any], str], ...] = field(default=())

    @property
    def broadens(self) -> bool:
        return self.verdict in BROADENING

    @property
    def audit_text(self) -> str:
        """How the audit log names the change: "broadens access: …" when it does."""
        words = "; ".join(self.summary)
        if self.verdict == "unknown":
            return f"access change unknown: {self.reason}"
        if self.verdict == "equivalent":
            return "access unchanged"
        prefix = "broadens access" if self.broadens else "narrows access"
        if len(words) > _AUDIT_WORDS:
            words = words[: _AUDIT_WORDS - 1].rstrip() + "…"
        return f"{prefix}: {words}" if words else prefix


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(verdict: str, summary: tuple[str, ...], reason: str, old: str, new: str) -> str:
    words = "; ".join(summary)
    tail = f": {words}." if words else "."
    if verdict == "equivalent":
        return f"{_capital(new)} allows exactly what {old} allows{tail}"
    if verdict == "narrower":
        return f"{_capital(new)} is narrower than {old}{tail}"
    if verdict == "broader":
        also = f" ({reason})" if reason else ""
        return f"{_capital(new)} is broader than {old}{tail[:-1]}{also}."
    if verdict == "incomparable":
        return f"{_capital(new)} allows some requests that {old} does not, and the reverse{tail}"
    return f"Whether {new} allows more than {old} is unknown: {reason or 'no reason given'}."


def _unknown(reason: str, old: str, new: str) -> AccessChange:
    return AccessChange(
        verdict="unknown",
        sentence=_sentence("unknown", (), reason, old, new),
        reason=reason,
        old_label=old,
        new_label=new,
    )


def _key(old_document: str, new_document: str, old: str, new: str) -> str:
    """The cache key: the two texts, their labels and the catalogue the answer depends on."""
    digest = hashlib.sha256()
    for part in (old_document, new_document, old, new, iam_catalog.data_version()):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return f"access-change:{digest.hexdigest()}"


def between(
    old_document: str,
    new_document: str,
    *,
    old_label: str = "the old version",
    new_label: str = "the new version",
) -> AccessChange:
    """The access change from ``old_document`` to ``new_document``, worded with the labels."""
    key = _key(old_document, new_document, old_label, new_label)
    cached = cache.get(key)
    if isinstance(cached, AccessChange):
        return cached
    change = _between(old_document, new_document, old_label, new_label)
    cache.set(key, change, _CACHE_SECONDS)
    return change


def _between(old_document: str, new_document: str, old: str, new: str) -> AccessChange:
    try:
        old_policy = load_policy(old_document)
    except PolicyError as exc:
        return _unknown(f"{_capital(old)} cannot be read as a policy ({exc.message})", old, new)
    try:
        new_policy = load_policy(new_document)
    except PolicyError as exc:
        return _unknown(f"{_capital(new)} cannot be read as a policy ({exc.message})", old, new)
    try:
        comparison = comparing.compare(old_policy, new_policy)
    except Exception:  # an analysis must not stop a save or a page; the log has the cause
        logger.exception("compare() failed between two versions")
        return _unknown("the comparison failed on these documents", old, new)
    summary = tuple(str(s) for s in (comparison.summary or ()))
    reason = str(comparison.reason or "")
    broader = comparison.broader_witness
    narrower = comparison.narrower_witness
    witnesses = []
    for request, label in (
        (broader, f"A request {new} allows and {old} does not"),
        (narrower, f"A request {old} allows and {new} does not"),
    ):
        if request is not None:
            shape = request.to_dict()
            witnesses.append((label, shape, json.dumps(shape, indent=2, ensure_ascii=False)))
    return AccessChange(
        verdict=comparison.verdict,
        sentence=_sentence(comparison.verdict, summary, reason, old, new),
        summary=summary,
        reason=reason,
        broader_witness=broader.to_dict() if broader is not None else None,
        narrower_witness=narrower.to_dict() if narrower is not None else None,
        old_label=old,
        new_label=new,
        witnesses=tuple(witnesses),
    )


def between_versions(old_document: str, new_document: str, old: int, new: int) -> AccessChange:
    """The change from version ``old`` to version ``new`` of one template."""
    return between(
        old_document, new_document, old_label=f"version {old}", new_label=f"version {new}"
    )


def prepare_access_change(template: SavedTemplate, base_version: int, document: str) -> None:
    """Work out, ahead of the write, what a save of ``document`` on ``base_version`` changes,
    so that ``version_access_change`` finds it in the cache (it is the same question)."""
    previous = (
        TemplateVersion.objects.filter(template_id=template.pk, number=base_version)
        .values_list("document", flat=True)
        .first()
    )
    if previous is not None:
        between_versions(previous, document, base_version, base_version + 1)


def version_access_change(version: TemplateVersion) -> AccessChange | None:
    """What a newly written version changes against the one before it (None for version 1)."""
    if version.number <= 1:
        return None
    previous = (
        TemplateVersion.objects.filter(template_id=version.template_id, number=version.number - 1)
        .values_list("document", flat=True)
        .first()
    )
    if previous is None:
        return None
    return between_versions(previous, version.document, version.number - 1, version.number)


def with_access_change(detail: str, change: AccessChange | None) -> str:
    """An audit entry's detail with the access change after it: "version 3 (narrows access: …)"."""
    return f"{detail} ({change.audit_text})" if change is not None else detail


def save_banner(text: str, version: TemplateVersion) -> str:
    """A save's banner (``text``, e.g. "Saved X as version 3.") with the version's access
    change after it; a save that broadens access says so first."""
    change = getattr(version, "access_change", None)
    if change is None:
        return text
    if change.broadens:
        return f"{text} This save broadens access: {change.sentence}"
    return f"{text} {change.sentence}"
