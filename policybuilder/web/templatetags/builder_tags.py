from __future__ import annotations

import json
from typing import Any

from django import template
from django.forms import BoundField
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
