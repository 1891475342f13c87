"""The policy JSON's highlighting: Pygments' own markup, written faster, always escaped."""

from __future__ import annotations

import pytest
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import JsonLexer

from policybuilder.core import scenarios
from policybuilder.core.scenarios import render
from policybuilder.web import highlight as module
from policybuilder.web.highlight import highlight_json


def pygments_html(text: str) -> str:
    return highlight(text, JsonLexer(), HtmlFormatter(nowrap=True))


def example_texts() -> list[str]:
    rendered = (render(s, s.example_values()) for s in scenarios.SCENARIOS)
    return [r.text for r in rendered if r.text]


def test_every_scenarios_policy_is_highlighted_as_pygments_highlights_it():
    texts = example_texts()
    assert [str(highlight_json(t)) for t in texts] == [pygments_html(t) for t in texts]


@pytest.mark.parametrize(
    "text",
    [
        '{"Key": "value", "List": [], "Map": {}}',
        '{"n": 12, "f": -1.5e+3, "e": 2E5, "flags": [true, false, null]}',
        '{"escaped": "a\\"b\\\\c\\u00e9\\n"}',
        '{"spaced" :\n  "colon on its own"  }\n\n',
        "\n\n[1, 2]",
        '{\t"tabs":\t1\t}',
        "",
    ],
)
def test_json_of_any_shape_is_highlighted_as_pygments_highlights_it(text):
    assert str(highlight_json(text)) == pygments_html(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1} // a comment',
        '{"a": tru}',
        '{"a": 1.}',
        '{"a": "\\u12"}',
        '{"a":\r\n 1}',
        '{"a": "raw\nnewline"}',
        "<b>not json</b>",
    ],
)
def test_text_that_is_not_plain_json_is_left_to_pygments(text):
    assert str(highlight_json(text)) == pygments_html(text)


def test_markup_in_a_value_is_escaped():
    html = str(highlight_json('{"Sid": "</code><script>alert(1)</script>&"}'))
    assert "<script>" not in html
    assert "&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in html


def test_a_plain_policy_is_highlighted_without_pygments(monkeypatch):
    text = example_texts()[0]
    expected = pygments_html(text)

    def refuse(*args, **kwargs):
        raise AssertionError("Pygments was called")

    monkeypatch.setattr(module, "highlight", refuse)
    assert str(highlight_json(text)) == expected
