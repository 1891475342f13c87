from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from helpers import make_user

from policybuilder.teams.models import Membership, Role, SavedTemplate, Team, TemplateVersion


def test_seed_demo_creates_the_demo_team_owned_by_the_admin(db):
    admin = make_user("admin")
    call_command("seed_demo")
    team = Team.objects.get(slug="contact-centre-admins")
    assert team.name == "Contact centre admins"
    assert Membership.objects.get(team=team, user=admin).role == Role.OWNER
    assert SavedTemplate.objects.filter(team=team).count() == 4


def test_seed_demo_includes_a_combined_policy(db):
    make_user("admin")
    call_command("seed_demo")
    combined = SavedTemplate.objects.get(scenario_slug="combined")
    assert [p["scenario"] for p in combined.values["parts"]] == [
        "users-by-resource-tag",
        "campaigns-read-only",
    ]


def test_seed_demo_twice_changes_nothing(db):
    make_user("admin")
    call_command("seed_demo")
    counts = (Team.objects.count(), SavedTemplate.objects.count(), TemplateVersion.objects.count())
    call_command("seed_demo")
    assert (
        Team.objects.count(),
        SavedTemplate.objects.count(),
        TemplateVersion.objects.count(),
    ) == counts


def test_seed_demo_without_the_admin_asks_for_bootstrap(db):
    with pytest.raises(CommandError, match="bootstrap"):
        call_command("seed_demo")
