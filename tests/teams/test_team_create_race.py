"""Two teams of one name created at the same moment: the slug is checked, then inserted, and on
PostgreSQL another server can insert the same slug in between. The second one takes the next free
slug instead of failing (tests/deployment/test_two_servers.py races two real servers)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from policybuilder.teams import services
from policybuilder.teams.models import Membership, Role, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def check_runs_before_the_other_insert(monkeypatch):
    """The first slug check answers as it would have just before another team named "Ops" was
    committed (that team exists: the check did not see it yet)."""
    real = services._unique_slug
    answers = iter(["ops"])
    monkeypatch.setattr(services, "_unique_slug", lambda name: next(answers, None) or real(name))


def test_a_team_whose_slug_was_taken_in_between_gets_the_next_free_slug(
    owner, outsider, check_runs_before_the_other_insert
):
    services.team_create(name="Ops", owner=outsider, slug="ops")
    team = services.team_create(name="Ops", owner=owner)
    assert team.slug == "ops-2"


def test_the_team_made_after_the_refused_insert_has_its_owner(
    owner, outsider, check_runs_before_the_other_insert
):
    services.team_create(name="Ops", owner=outsider, slug="ops")
    team = services.team_create(name="Ops", owner=owner)
    assert Membership.objects.get(team=team).user == owner
    assert Membership.objects.get(team=team).role == Role.OWNER


def test_the_team_created_first_keeps_its_slug_and_owner(
    owner, outsider, check_runs_before_the_other_insert
):
    first = services.team_create(name="Ops", owner=outsider, slug="ops")
    services.team_create(name="Ops", owner=owner)
    assert list(Team.objects.filter(slug="ops")) == [first]
    assert Membership.objects.get(team=first).user == outsider


def test_a_given_slug_that_is_taken_is_still_refused(owner, outsider):
    services.team_create(name="Ops", owner=outsider, slug="ops")
    with pytest.raises(IntegrityError):
        services.team_create(name="Ops", owner=owner, slug="ops")
