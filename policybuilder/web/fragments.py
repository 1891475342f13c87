"""Pieces of the live preview rendered once per process for the values they show.

The preview is rendered again on every keystroke, and from one keystroke to the next the
validator's findings are most often the same (none, or the same few) while the policy text
changes. ``findings_html`` keeps the last ``SIZE`` renderings of web/_findings.html in the
builder's context, keyed on everything that template reads there: the quota, the size, the
catalogue's version and, of each finding, all that it shows (severity, code, message, path,
line, column and the fix's description; not the fix's corrected document, which the builder
never shows, and whose computation is what a lazy fix puts off).

The key holds every value the HTML is made from, so two requests share an entry only when
their HTML is the same, byte for byte: nothing of one user's reaches another that they would
not have rendered themselves. Pages that add the validate page's "Apply fix" buttons
(``fix_action``) do not use it.

``advice_html`` does the same for web/_advice.html, keyed on every value of each advice item.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from policybuilder.web.validation import Report

#: Renderings kept per process: a few hundred bytes to a few KB each.
SIZE = 256

_cache: OrderedDict[tuple, SafeString] = OrderedDict()
_lock = threading.Lock()


def _key(report: Report, data_version: str) -> tuple:
    return (
        report.quota,
        report.size,
        data_version,
        tuple(
            (
                f.severity,
                f.code,
                f.message,
                f.path,
                f.line,
                f.column,
                None if f.fix is None else f.fix.description,
            )
            for f in report.findings
        ),
    )


def findings_html(report: Report, data_version: str) -> SafeString:
    """web/_findings.html for the builder's preview (no "Apply fix" buttons)."""
    key = _key(report, data_version)
    return _kept(
        _cache,
        key,
        lambda: mark_safe(  # noqa: S308 - the template escapes; this only keeps its output
            render_to_string("web/_findings.html", {"report": report, "data_version": data_version})
        ),
    )


def _kept(
    cache: OrderedDict[tuple, SafeString], key: tuple, make: Callable[[], SafeString]
) -> SafeString:
    """``cache[key]``, made by ``make()`` when missing; the least recently used entries beyond
    SIZE dropped. Rendering happens outside the lock (two threads may render the same key
    once each; the HTML is the same)."""
    with _lock:
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            return found
    html = make()
    with _lock:
        cache[key] = html
        while len(cache) > SIZE:
            cache.popitem(last=False)
    return html


#: web/_advice.html's renderings, kept apart from the findings' (same size and order).
_advice_cache: OrderedDict[tuple, SafeString] = OrderedDict()


def _advice_key(item: Any) -> tuple:
    """All that web/_advice.html shows of an item: the builder's AdviceItem (a frozen
    dataclass, buttons included) or the custom builder's dict (no buttons)."""
    if isinstance(item, dict):
        return (item["code"], item["message"], item["sid"], ())
    return (item.code, item.message, item.sid, item.buttons)


def advice_html(items: Iterable[Any], help_text: str) -> SafeString:
    """web/_advice.html: the least-privilege advice, which most keystrokes leave unchanged
    (it depends on the actions and the guardrails, not on the values being typed)."""
    key = (help_text, tuple(_advice_key(item) for item in items))
    return _kept(
        _advice_cache,
        key,
        lambda: mark_safe(  # noqa: S308 - the template escapes; this only keeps its output
            render_to_string(
                "web/_advice.html", {"advice_items": items, "advice_help": help_text}
            ).strip()  # the include's own indentation and line ends stay in web/_policy.html
        ),
    )


def clear() -> None:
    with _lock:
        _cache.clear()
        _advice_cache.clear()
