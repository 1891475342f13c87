""" "Did you mean" for services, actions and condition keys.

difflib alone misses the commonest mistake in AWS's own examples: a word
left out of an action name (``UpdateDialerConfig`` for
``UpdateCampaignDialerConfig``).  So action names are compared as sequences
of camel-case words first, and by spelling only when that finds nothing.
"""

from __future__ import annotations

import difflib
import functools
import re

from policybuilder.core import iam_catalog

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(name)) or (name.lower(),)


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


@functools.cache
def service(prefix: str) -> str | None:
    """The closest known service prefix to a misspelt one."""
    found = difflib.get_close_matches(prefix.lower(), iam_catalog.service_prefixes(), 1, 0.75)
    return found[0] if found else None


@functools.cache
def action(service_prefix: str, name: str) -> tuple[str, ...]:
    """Up to three action names close to ``name`` (missing words first, then spelling)."""
    names = [a.name for a in iam_catalog.actions(service_prefix).values()]
    wanted = _words(name)
    by_words = sorted(
        (len(_words(n)) - len(wanted), n)
        for n in names
        if _is_subsequence(wanted, _words(n)) and len(_words(n)) - len(wanted) <= 2
    )
    if by_words:
        return tuple(n for _, n in by_words[:3])
    lowered = {n.lower(): n for n in names}
    close = difflib.get_close_matches(name.lower(), lowered, 3, 0.75)
    return tuple(lowered[c] for c in close)


def condition_key(key: str, candidates: tuple[str, ...]) -> str | None:
    lowered = {c.lower(): c for c in candidates if "${" not in c}
    found = difflib.get_close_matches(key.lower(), lowered, 1, 0.8)
    return lowered[found[0]] if found else None
