"""Helpers for the builder's save panel (display only: the views check again on POST)."""

from __future__ import annotations

from django import template

from policybuilder.teams import selectors
from policybuilder.teams.models import Role, SavedTemplate, role_at_least

register = template.Library()


@register.simple_tag
def editable_teams_for(user):
    """The teams where the user may save templates (editor or owner)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(selectors.editable_teams(user))


@register.simple_tag
def can_edit_template(user, saved_template: SavedTemplate | None) -> bool:
    if saved_template is None or not getattr(user, "is_authenticated", False):
        return False
    return role_at_least(selectors.role_in(user, saved_template.team), Role.EDITOR)
