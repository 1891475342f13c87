"""Helpers shared by the teams and API tests (imported by name: tests/ is not a package,
and pytest puts it on sys.path for tests/conftest.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from policybuilder.teams import values as stored_values

SCENARIO = "view-own-permissions"


def make_user(username: str):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="a-long-test-pass-1"
    )


def post_data(scenario, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The builder form's POST data for these values, plus extra fields."""
    data = dict(stored_values.to_form_data(scenario, values).lists())
    return data | extra
