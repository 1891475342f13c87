"""Fixed actors for the teams tests: an owner, an editor and a viewer of one team, and an
outsider who owns a team of their own."""

from __future__ import annotations

import pytest
from teams_helpers import SCENARIO, make_user

from policybuilder.core import scenarios
from policybuilder.teams import services
from policybuilder.teams.models import Membership, Role, SavedTemplate, Team


@pytest.fixture
def owner(db):
    return make_user("olivia")


@pytest.fixture
def editor(db):
    return make_user("eddie")


@pytest.fixture
def viewer(db):
    return make_user("vera")


@pytest.fixture
def outsider(db):
    return make_user("oscar")


@pytest.fixture
def team(owner, editor, viewer) -> Team:
    team = services.team_create(name="Contact centre", owner=owner, slug="contact-centre")
    Membership.objects.create(team=team, user=editor, role=Role.EDITOR)
    Membership.objects.create(team=team, user=viewer, role=Role.VIEWER)
    return team


@pytest.fixture
def other_team(outsider) -> Team:
    return services.team_create(name="Elsewhere", owner=outsider, slug="elsewhere")


@pytest.fixture
def scenario():
    return scenarios.get(SCENARIO)


@pytest.fixture
def saved(team, owner, scenario) -> SavedTemplate:
    return services.template_create(
        team=team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="Agents: own permissions",
        author=owner,
    )


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
