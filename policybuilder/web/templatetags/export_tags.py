"""The export formats for templates: core/exports.py's table (a constant; nothing is queried)."""

from __future__ import annotations

from django import template

from policybuilder.core import exports

register = template.Library()


@register.simple_tag
def export_formats() -> tuple[exports.Format, ...]:
    return exports.TABLE
