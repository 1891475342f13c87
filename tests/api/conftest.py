"""Actors for the API tests: an owner, editor and viewer of one team, an outsider with a team of
their own, a saved template, and a token per actor."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from policybuilder.api import tokens
from policybuilder.core import scenarios
from policybuilder.teams import services
from policybuilder.teams.models import Membership, Role, SavedTemplate, Team

SCENARIO = "view-own-permissions"


def make_user(username: str):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="a-long-test-pass-1"
    )


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
def example_values(scenario) -> dict:
    return scenario.example_values()


@pytest.fixture
def saved(team, owner, scenario, example_values) -> SavedTemplate:
    return services.template_create(
        team=team,
        scenario=scenario,
        raw_values=example_values,
        name="Agents: own permissions",
        author=owner,
    )


@pytest.fixture
def token_for(db):
    """A function that issues a token for a user and returns the token text."""

    def issue(user) -> str:
        return tokens.issue(user=user, name="test")[1]

    return issue


@pytest.fixture
def api_as(token_for, request):
    """A client that sends the named actor's token ("anonymous": none)."""

    def make(name: str) -> Client:
        if name == "anonymous":
            return Client()
        token = token_for(request.getfixturevalue(name))
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make
