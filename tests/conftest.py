"""Fixtures shared by the whole suite."""

from __future__ import annotations

import shutil

import pytest
from django.contrib.auth import get_user_model
from helpers import COMBINED_PARTS, SCENARIO, combined_values, make_user

from policybuilder.core import combine, scenarios
from policybuilder.teams import services
from policybuilder.teams.models import Membership, Role, SavedTemplate, Team


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(username="alice", password="a-long-test-pass-1")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashers cost ~1 s per user; tests check behaviour, not hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Real-browser tests (tests/browser, tests/security) use Debian's Chromium: Playwright cannot
# download its own browser here. `make browser-deps` installs it; `make test` runs that first.
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium package)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


# Fixed actors for the teams, API and security tests: an owner, an editor and a viewer of one
# team, and an outsider who owns a team of their own.


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
def combined(team, owner) -> SavedTemplate:
    """A combined policy saved by the team: view users, then campaigns read-only."""
    return services.template_create(
        team=team,
        scenario=combine.COMBINED,
        raw_values=combined_values(*COMBINED_PARTS),
        name="Ops roles",
        author=owner,
    )
