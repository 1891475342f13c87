from __future__ import annotations

import html
import json
from typing import Any

from django import template
from django.forms import BaseForm, BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from policybuilder.core import scenarios

register = template.Library()


@register.filter
def safe_json(value: Any) -> SafeString:
    """JSON for an HTML attribute value: built with json, then HTML-escaped."""
    return mark_safe(escape(json.dumps(value)))  # noqa: S308


@register.filter
def describedby(field: BoundField) -> str:
    """Render a field's widget tied to its help and error text, marked invalid when it is."""
    attrs = {"aria-describedby": f"help-{field.name} error-{field.name}"}
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
_OOB = ' hx-swap-oob="true"'


@register.simple_tag
def field_error(field: BoundField, *, oob: bool = False) -> SafeString:
    """The paragraph under a field that holds its errors (empty, hence hidden, when none).

    Every field has one, so that a live preview can replace it out of band: ``oob`` adds
    htmx's ``hx-swap-oob``. Built here, with every value escaped, rather than in a template
    loop or with format_html: the preview sends one per field on every keystroke, and this
    is ten times cheaper.
    """
    errors = "".join(_ERROR_ICON + html.escape(str(error)) for error in field.errors)
    return mark_safe(  # noqa: S308 - the only values, name and errors, are escaped above
        f'<p class="field-error" id="error-{html.escape(field.name)}" role="alert"'
        f"{_OOB if oob else ''}>{errors}</p>"
    )


@register.simple_tag
def field_errors_oob(form: BaseForm) -> SafeString:
    """Every field's error paragraph, out of band: clears the fixed ones, shows the new."""
    return mark_safe("".join(field_error(field, oob=True) for field in form))  # noqa: S308
