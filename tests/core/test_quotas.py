"""The one table of size quotas, and what must agree with it outside the code."""

from __future__ import annotations

from pathlib import Path

from policybuilder.core import quotas

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_states_each_quota_with_the_tables_limit():
    text = README.read_text(encoding="utf-8")
    missing = [q.name for q in quotas.ALL if f"`{q.name}` {q.limit:,}" not in text]
    assert missing == []


def test_an_inline_quota_is_labelled_as_counting_all_the_inline_policies():
    assert quotas.BY_NAME["user"].label == "Inline, on a user (2,048 in all)"


def test_the_largest_quota_is_a_roles():
    assert (quotas.LARGEST.name, quotas.LARGEST.limit) == ("role", 10240)
