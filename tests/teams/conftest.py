"""The teams tests' own fixtures (the actors themselves are in tests/conftest.py)."""

from __future__ import annotations

import pytest

from policybuilder.teams import services
from policybuilder.teams.models import SavedTemplate


@pytest.fixture
def saved_twice(saved, editor, scenario) -> SavedTemplate:
    """A template at version 2: version 2 dropped all but two actions."""
    values = scenario.example_values() | {"actions": ["iam:GetUser", "iam:ListUsers"]}
    services.template_save_version(
        template=saved, raw_values=values, base_version=1, author=editor, note="fewer actions"
    )
    saved.refresh_from_db()
    return saved


@pytest.fixture
def as_actor(client, request):
    """Sign the client in as a named actor fixture ("anonymous" stays signed out)."""

    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in
