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


def test_a_forms_field_copy_is_what_copy_copy_makes():
    import copy

    from policybuilder.web.forms import _copy_field, _fields_for

    for field in _fields_for(scenarios.get("users-by-resource-tag")).values():
        ours, theirs = _copy_field(field), copy.copy(field)
        assert type(ours) is type(theirs) is type(field)
        assert ours is not field
        assert ours.__dict__ == theirs.__dict__
        assert ours.widget is field.widget


def _named_patterns(patterns, namespace=""):
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_named_url_resolves_as_it_did_with_the_web_patterns_last():
    """policybuilder/urls.py tries the web app's patterns first: that hides no other's."""
    import types

    from django.urls import NoReverseMatch, get_resolver, resolve, reverse

    from policybuilder import urls

    web_first = urls.urlpatterns[0]
    assert web_first.urlconf_name.__name__ == "policybuilder.web.urls"
    web_last = types.ModuleType("web_last")
    web_last.urlpatterns = [*urls.urlpatterns[1:], web_first]  # type: ignore[attr-defined]
    samples = {"int": 7, "slug": "a-slug", "str": "a-token", "path": "a/b"}
    checked = 0
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {
            key: samples.get(type(c).__name__.removesuffix("Converter").lower(), "x")
            for key, c in converters.items()
        }
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        now, before = resolve(url), resolve(url, urlconf=web_last)
        assert (now.func, now.kwargs, now.view_name) == (
            before.func,
            before.kwargs,
            before.view_name,
        ), url
        checked += 1
    assert checked > 50


def _advice_form():
    scenario = scenarios.get("users-by-resource-tag")
    form = _form(scenario, scenario.example_values())
    assert form.advice, "the example values get advice, with a button"
    return form


def test_the_kept_advice_is_what_the_template_renders():
    from django.template.loader import render_to_string

    from policybuilder.web import fragments

    fragments.clear()
    items = _advice_form().advice
    rendered = render_to_string(
        "web/_advice.html", {"advice_items": items, "advice_help": "Words."}
    ).strip()
    assert fragments.advice_html(items, "Words.") == rendered
    assert 'data-check="guard_instance"' in rendered
    assert fragments.advice_html(_advice_form().advice, "Words.") is fragments.advice_html(
        items, "Words."
    )
    assert fragments.advice_html(items, "Other words.") != rendered
    fragments.clear()


def test_kept_advice_escapes_what_it_shows():
    from policybuilder.web import fragments
    from policybuilder.web.forms import AdviceButton, AdviceItem

    fragments.clear()
    hostile = AdviceItem(
        "PB_X", "<script>m</script>", "<b>sid</b>", (AdviceButton('"><i>', "check:x"),)
    )
    html = fragments.advice_html([hostile], "<u>help</u>")
    for raw in ("<script>", "<b>", "<i>", "<u>"):
        assert raw not in html
    assert "&lt;script&gt;m&lt;/script&gt;" in html
    custom = fragments.advice_html([{"code": "PB_X", "message": "<em>", "sid": None}], "w")
    assert "&lt;em&gt;" in custom
    fragments.clear()


def test_a_form_without_errors_gets_every_paragraph_and_span_empty():
    scenario = scenarios.get("users-by-resource-tag")
    form = _form(scenario, scenario.example_values())
    html = builder_tags.field_errors_oob(form)
    assert not form.errors and not form.placeholder_warnings
    expected = "".join(
        f'<p class="field-error" id="error-{name}" role="alert" hx-swap-oob="true"></p>'
        for name in form.fields
    ) + "".join(
        f'<span class="field-warning" id="warning-{name}" hx-swap-oob="true"></span>'
        for name, field in form.fields.items()
        if not field.guard
    )
    assert html == expected
    assert builder_tags.field_errors_oob(_form(scenario, scenario.example_values())) is html


def test_a_form_with_an_error_does_not_get_the_kept_empty_paragraphs():
    scenario = scenarios.get("users-by-resource-tag")
    values = scenario.example_values()
    data = to_form_data(scenario, values)
    data["tags_key"] = ""
    form = ScenarioForm(scenario, QueryDict(data.urlencode()))
    html = builder_tags.field_errors_oob(form)
    assert form.errors.get("tags")
    assert 'id="error-tags" role="alert" hx-swap-oob="true"><span class="icon"' in html
