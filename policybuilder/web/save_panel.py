"""What the builders' "Save to team" panel offers, asked of the app that keeps saved templates.

The builders are this app's pages, the teams are the teams app's, which sits above this one:
it registers :func:`register`'s provider from its ``AppConfig.ready``, so the views here put
the teams in their context without importing it (and without a template tag that queries).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

#: The teams a user may save a new template to (editor or owner), lazily evaluated.
TeamsFor = Callable[[Any], Iterable[Any]]

_teams_for: TeamsFor | None = None


def register(teams_for: TeamsFor) -> None:
    global _teams_for
    _teams_for = teams_for


def save_teams(user: Any) -> Iterable[Any]:
    """The user's teams for the panel; a lazy QuerySet, read only if the panel is rendered."""
    if _teams_for is None or not getattr(user, "is_authenticated", False):
        return []
    return _teams_for(user)
