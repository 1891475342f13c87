"""The parameters' faster cleaning (issue #18's live preview) answers as the plain rule does."""

from __future__ import annotations

import unicodedata

import pytest

from policybuilder.core import scenarios
from policybuilder.core.params import TAG_PUNCTUATION, ParamError, _tag_text_problem


def plain_rule(text: str) -> bool:
    """The character rule, one character at a time: whether the text is acceptable."""
    for ch in text:
        if ord(ch) > 0xFF:
            return False
        if ch in TAG_PUNCTUATION:
            continue
        category = unicodedata.category(ch)
        if not (category[0] in "LN" or category == "Zs"):
            return False
    return True


@pytest.mark.parametrize("code", range(0x180))
def test_each_character_is_judged_as_by_the_plain_rule(code):
    text = f"Dept{chr(code)}1"
    assert (_tag_text_problem(text) is None) == plain_rule(text)


def test_a_refused_character_is_still_named():
    assert "a double quote" in (_tag_text_problem('a"b') or "")
    assert _tag_text_problem("Café Team-1") is None


ACTIONS = scenarios.get("users-by-resource-tag").actions_param


def plain_clean(raw: list[str]) -> tuple[str, ...] | str:
    wanted = [p.strip() for item in raw for p in str(item).split(",") if p.strip()]
    by_lower = {c.lower(): c for c in ACTIONS.choices}
    unknown = [w for w in wanted if w.lower() not in by_lower]
    if unknown:
        return "unknown: " + ", ".join(unknown)
    chosen = {by_lower[w.lower()] for w in wanted}
    if not chosen:
        return "none"
    return tuple(c for c in ACTIONS.choices if c in chosen)


@pytest.mark.parametrize(
    "raw",
    [
        ["connect:DescribeUser"],
        ["CONNECT:describeuser, connect:UpdateUserHierarchy", " connect:DescribeUser "],
        [","],
        ["connect:DescribeUser,,", "connect:Nope", "other:Thing"],
        [" , "],
    ],
)
def test_the_checklist_is_cleaned_as_before(raw):
    try:
        ours: tuple[str, ...] | str = ACTIONS.clean(raw)
    except ParamError as error:
        message = str(error)
        ours = (
            "none"
            if "at least one" in message
            else "unknown: " + message.split(": ", 1)[1].split(". Choose")[0]
        )
    assert ours == plain_clean(raw)
