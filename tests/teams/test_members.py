"""Team management: owners add, re-role and remove members; the last owner stays."""

from __future__ import annotations

from django.urls import reverse
from helpers import make_user

from policybuilder.teams.models import Membership, Role


def test_an_owner_adds_an_existing_user_by_username(client, owner, team):
    newcomer = make_user("nina")
    client.force_login(owner)
    response = client.post(
        reverse("teams:member_add", args=[team.slug]), {"identifier": "nina", "role": "editor"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(team=team, user=newcomer).role == Role.EDITOR


def test_an_owner_adds_an_existing_user_by_email(client, owner, team):
    newcomer = make_user("nina")
    client.force_login(owner)
    client.post(
        reverse("teams:member_add", args=[team.slug]),
        {"identifier": "NINA@example.org", "role": "viewer"},
    )
    assert Membership.objects.get(team=team, user=newcomer).role == Role.VIEWER


def test_adding_an_unknown_user_says_so(client, owner, team):
    client.force_login(owner)
    response = client.post(
        reverse("teams:member_add", args=[team.slug]), {"identifier": "ghost", "role": "viewer"}
    )
    assert response.status_code == 400
    assert "No single user" in response.context["error"]


def test_adding_a_member_twice_is_refused(client, owner, team):
    client.force_login(owner)
    response = client.post(
        reverse("teams:member_add", args=[team.slug]), {"identifier": "vera", "role": "editor"}
    )
    assert response.status_code == 400
    assert "already a member" in response.context["error"]


def test_an_owner_changes_a_role(client, owner, viewer, team):
    membership = Membership.objects.get(team=team, user=viewer)
    client.force_login(owner)
    client.post(reverse("teams:member_role", args=[team.slug, membership.pk]), {"role": "editor"})
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_an_owner_removes_a_member(client, owner, viewer, team):
    membership = Membership.objects.get(team=team, user=viewer)
    client.force_login(owner)
    client.post(reverse("teams:member_remove", args=[team.slug, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_owner_cannot_be_demoted(client, owner, team):
    membership = Membership.objects.get(team=team, user=owner)
    client.force_login(owner)
    response = client.post(
        reverse("teams:member_role", args=[team.slug, membership.pk]), {"role": "editor"}
    )
    assert response.status_code == 400
    assert "last owner" in response.context["error"]
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_the_last_owner_cannot_be_removed(client, owner, team):
    membership = Membership.objects.get(team=team, user=owner)
    client.force_login(owner)
    response = client.post(reverse("teams:member_remove", args=[team.slug, membership.pk]))
    assert response.status_code == 400
    assert b"last owner" in response.content
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_owner_can_step_down_once_there_is_another_owner(client, owner, editor, team):
    Membership.objects.filter(team=team, user=editor).update(role=Role.OWNER)
    membership = Membership.objects.get(team=team, user=owner)
    client.force_login(owner)
    response = client.post(
        reverse("teams:member_role", args=[team.slug, membership.pk]), {"role": "viewer"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_a_membership_of_another_team_is_a_404(client, owner, team, other_team):
    foreign = Membership.objects.get(team=other_team)
    client.force_login(owner)
    response = client.post(reverse("teams:member_remove", args=[team.slug, foreign.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_a_user_may_belong_to_several_teams(client, editor, team, other_team):
    Membership.objects.create(team=other_team, user=editor, role=Role.VIEWER)
    client.force_login(editor)
    response = client.get(reverse("teams:list"))
    assert [m.team.slug for m in response.context["memberships"]] == ["contact-centre", "elsewhere"]


def test_creating_a_team_makes_the_creator_its_owner(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("teams:create"), {"name": "Night shift"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider, team__name="Night shift")
    assert membership.role == Role.OWNER
    assert membership.team.slug == "night-shift"


def test_a_team_never_gets_a_slug_used_by_the_fixed_urls(client, outsider):
    client.force_login(outsider)
    client.post(reverse("teams:create"), {"name": "New"})
    assert Membership.objects.get(user=outsider).team.slug == "new-team"
