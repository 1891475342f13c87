"""The Content-Security-Policy allows no inline script or style, so the templates carry none.

A template that needs behaviour adds it to static/js/builder.js (event delegation on data-*
attributes); one that needs a look adds a class to a stylesheet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "policybuilder").glob("*/templates"))]
TEMPLATES = sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
HTMX_EVAL = re.compile(r"\shx-on[:-]|\b(hx-vals|hx-vars)\s*=\s*['\"]\s*js:", re.IGNORECASE)


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 10


@pytest.mark.parametrize("path", TEMPLATES, ids=ids(TEMPLATES))
def test_template_has_no_inline_script(path):
    assert INLINE_SCRIPT.findall(path.read_text()) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=ids(TEMPLATES))
def test_template_has_no_event_handler_attributes(path):
    assert EVENT_HANDLER.findall(path.read_text()) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=ids(TEMPLATES))
def test_template_has_no_style_attributes_or_elements(path):
    text = path.read_text()
    assert STYLE_ATTRIBUTE.findall(text) + STYLE_ELEMENT.findall(text) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=ids(TEMPLATES))
def test_template_has_no_javascript_urls_or_htmx_eval(path):
    text = path.read_text()
    assert JAVASCRIPT_URL.findall(text) + HTMX_EVAL.findall(text) == []


def test_the_scanner_finds_what_it_is_meant_to_find():
    sample = '<script>x()</script><a onclick="x()" style="color:red" href="javascript:x()">'
    found = (
        INLINE_SCRIPT.findall(sample)
        + EVENT_HANDLER.findall(sample)
        + STYLE_ATTRIBUTE.findall(sample)
        + JAVASCRIPT_URL.findall(sample)
    )
    assert len(found) == 4
