from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterable
from typing import Any, cast

from django import template
from django.forms import BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from policybuilder.core import scenarios
from policybuilder.web import fragments
from policybuilder.web.forms import ParamField, ScenarioForm

register = template.Library()


@register.simple_tag
def advice_block(items: Iterable[Any], help_text: str) -> SafeString:
    """The preview's least-privilege advice (web/_advice.html), kept per process for the same
    items and words: most keystrokes change the policy's values, not its advice."""
    return fragments.advice_html(items, help_text)


@register.filter
def safe_json(value: Any) -> SafeString:
    """JSON for an HTML attribute value: built with json, then HTML-escaped."""
    return mark_safe(escape(json.dumps(value)))  # noqa: S308


@register.filter
def describedby(field: BoundField) -> str:
    """Render a field's widget tied to its help and error text, marked invalid when it is."""
    # The HTML name: on the combine page a part's fields are prefixed (p0-account).
    attrs: dict[str, str | bool] = {
        "aria-describedby": f"help-{field.html_name} error-{field.html_name}"
    }
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def scenario_title(slug: str) -> str:
    """A scenario's title for people; the slug itself for one that no longer exists."""
    found = scenarios.BY_SLUG.get(slug)
    return found.title if found else slug


_ERROR_ICON = '<span class="icon" aria-hidden="true">\u26a0</span> '


def _error_paragraph(name: str, errors: Iterable[object], *, oob: bool) -> SafeString:
    """Built here, with every value escaped, rather than in a template loop or with
    format_html: the live preview sends one per field on every keystroke, ten times cheaper."""
    text = "".join(_ERROR_ICON + html.escape(str(error)) for error in errors)
    swap = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(  # noqa: S308 - the only values, name and errors, are escaped here
        f'<p class="field-error" id="error-{html.escape(name)}" role="alert"{swap}>{text}</p>'
    )


@register.simple_tag
def field_error(field: BoundField) -> SafeString:
    """The paragraph under a field that holds its errors (empty, hence hidden, when none).

    Every field has one, so that a live preview can replace it out of band. Its id follows
    the field's HTML name, unique also among the combine page's prefixed parts.
    """
    return _error_paragraph(field.html_name, field.errors, oob=False)


_WARNING_ICON = '<span class="icon" aria-hidden="true">\u26a0</span> '


def _warning_span(name: str, warning: str, *, oob: bool) -> SafeString:
    """Inside the field's help paragraph, which its aria-describedby already names: the
    warning about a placeholder in the field's value (empty, hence hidden, when none)."""
    text = _WARNING_ICON + html.escape(warning) if warning else ""
    swap = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(  # noqa: S308 - the only values, name and warning, are escaped here
        f'<span class="field-warning" id="warning-{html.escape(name)}"{swap}>{text}</span>'
    )


@register.simple_tag
def field_warning(field: BoundField) -> SafeString:
    """The placeholder warning of a builder field (``ScenarioForm.placeholder_warnings``)."""
    warnings = getattr(field.form, "placeholder_warnings", {})
    return _warning_span(field.html_name, warnings.get(field.name, ""), oob=False)


@functools.lru_cache(maxsize=1024)
def _empty_oob(html_name: str, *, warning: bool) -> SafeString:
    """A field's empty out-of-band paragraph (or warning span): the same for every preview of
    a field without errors, so built once per field name rather than on every keystroke."""
    if warning:
        return _warning_span(html_name, "", oob=True)
    return _error_paragraph(html_name, (), oob=True)


#: (slug, prefix, field names) -> (the scenario, every paragraph and span empty); see below.
_ALL_EMPTY: dict[tuple, tuple[Any, SafeString]] = {}


def _all_empty_oob(form: ScenarioForm) -> SafeString:
    """``field_errors_oob`` of a form without errors or warnings: the same for every preview of
    these fields, so joined once per scenario (checked by identity, as web/forms.py's fields)."""
    key = (form.scenario.slug, form.prefix, tuple(form.fields))
    found = _ALL_EMPTY.get(key)
    if found is not None and found[0] is form.scenario:
        return found[1]
    html = mark_safe(  # noqa: S308 - each paragraph is escaped by _error_paragraph
        "".join(_empty_oob(form.add_prefix(name), warning=False) for name in form.fields)
        + "".join(
            _empty_oob(form.add_prefix(name), warning=True)
            for name, field in form.fields.items()
            if not cast(ParamField, field).guard
        )
    )
    _ALL_EMPTY[key] = (form.scenario, html)
    return html


@register.simple_tag
def field_errors_oob(form: ScenarioForm) -> SafeString:
    """Every field's error paragraph, for htmx to swap out of band: the fixed ones cleared,
    the new ones shown, but only beside fields the admin has touched
    (``ScenarioForm.touched_fields``). The preview's "nothing to show yet" list names what
    the others still need. Then each field's placeholder warning, wherever it is."""
    warnings = form.placeholder_warnings
    if not form.rendering.errors and not warnings:
        # The common case while typing. A ScenarioForm's errors are its rendering's (its
        # clean() adds them, nothing else does), so there are none: without cleaning the form.
        return _all_empty_oob(form)
    touched = form.touched_fields()
    errors = form.errors
    # From the fields and the error dict, not BoundFields: a BoundField and an empty ErrorList
    # per field cost more than the paragraphs, and the live preview sends these every time.
    fields = [(name, form.add_prefix(name), field) for name, field in form.fields.items()]
    shown = {
        name: found
        for name, found in errors.items()
        if found and (touched is None or name in touched)
    }
    return mark_safe(  # noqa: S308 - each paragraph is escaped by _error_paragraph
        "".join(
            _error_paragraph(html_name, shown[name], oob=True)
            if name in shown
            else _empty_oob(html_name, warning=False)
            for name, html_name, _ in fields
        )
        + "".join(
            _warning_span(html_name, warnings[name], oob=True)
            if warnings.get(name)
            else _empty_oob(html_name, warning=True)
            for name, html_name, field in fields
            if not cast(ParamField, field).guard
        )
    )
