"""Django's ``{# #}`` comment ends at the end of its line: one that runs on is printed into the
page as text (a multi-line one in base.html's head made every page wider than a phone)."""

from __future__ import annotations

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FILES = sorted(TEMPLATES.rglob("*.html"))


def test_the_templates_are_found():
    assert len(FILES) > 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_one_line_comment_closes_on_its_line(path):
    unclosed = [
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert unclosed == []
