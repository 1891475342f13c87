"""The live preview's shortcuts (issue #18) build what the general paths build, escaped."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import JsonLexer

from policybuilder.core import scenarios
from policybuilder.teams.values import to_form_data
from policybuilder.web.forms import ScenarioForm
from policybuilder.web.highlight import highlight_json
from policybuilder.web.templatetags import builder_tags


def pygments_html(text: str) -> str:
    return highlight(text, JsonLexer(), HtmlFormatter(nowrap=True))


@pytest.mark.parametrize(
    "text",
    [
        '{"key"\n  : "a colon opening a line makes the string before it a key"}',
        '{"key"\n\n:\n1}',
        '{"a": "one line", "b": [\n  "two", "three"\n]}',
    ],
)
def test_a_key_whose_colon_opens_the_next_line_is_still_a_key(text):
    assert str(highlight_json(text)) == pygments_html(text)


def test_lines_seen_before_are_highlighted_as_the_first_time():
    text = '{\n    "Sid": "Same",\n    "Effect": "Allow"\n}\n'
    first = str(highlight_json(text))
    assert str(highlight_json(text)) == first == pygments_html(text)


def test_a_hostile_value_in_a_line_comes_out_escaped():
    text = '{\n    "Sid": "<script>alert(1)</script>&amp;"\n}\n'
    html = str(highlight_json(text))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;" in html
    assert html == pygments_html(text)


def _form(scenario, values):
    data = to_form_data(scenario, values)
    return ScenarioForm(scenario, QueryDict(data.urlencode()))


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS[:12], ids=lambda s: s.slug)
def test_the_forms_cleaned_data_is_what_djangos_field_cleaning_gives(scenario):
    ours = _form(scenario, scenario.example_values())
    ours.is_valid()
    django = _form(scenario, scenario.example_values())
    django.cleaned_data = {}
    forms.Form._clean_fields(django)
    assert ours.cleaned_data == django.cleaned_data


def test_a_disabled_field_cleans_to_its_initial_value_as_in_django():
    scenario = next(
        s for s in scenarios.SCENARIOS if any(f.disabled for f in ScenarioForm(s).fields.values())
    )
    form = _form(scenario, scenario.example_values())
    form.is_valid()
    name = next(n for n, f in form.fields.items() if f.disabled)
    assert form.cleaned_data[name] == form.get_initial_for_field(form.fields[name], name)


def test_the_kept_empty_error_paragraphs_are_the_ones_built_each_time():
    for name in ("account", "p0-account", 'x"><script>'):
        assert builder_tags._empty_oob(name, warning=False) == builder_tags._error_paragraph(
            name, (), oob=True
        )
        assert builder_tags._empty_oob(name, warning=True) == builder_tags._warning_span(
            name, "", oob=True
        )
    assert "<script>" not in builder_tags._empty_oob('x"><script>', warning=False)


def test_the_out_of_band_errors_show_an_escaped_error_beside_a_touched_field():
    scenario = scenarios.get("users-by-resource-tag")
    values = scenario.example_values()
    data = to_form_data(scenario, values)
    data["instance"] = "<b>not an instance</b>"
    data["guard_instance"] = "on"
    data["touched"] = "instance"
    form = ScenarioForm(scenario, QueryDict(data.urlencode()))
    html = builder_tags.field_errors_oob(form)
    assert form.errors.get("instance")
    assert '<p class="field-error" id="error-instance" role="alert" hx-swap-oob="true">' in html
    assert "<b>" not in html
    # Untouched fields with errors are cleared, not shown.
    assert '<p class="field-error" id="error-account" role="alert" hx-swap-oob="true"></p>' in html
