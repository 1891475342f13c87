"""Team memberships from the provider's groups claim (OIDC_GROUPS_CLAIM, OIDC_GROUP_TEAMS)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from oidc_provider import ACCOUNTS, sign_in_at_provider

from policybuilder.sso.models import Identity
from policybuilder.teams.models import AuditAction, AuditEntry, Membership, Role, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(settings, sso):
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_GROUP_TEAMS = [
        ("policy-admins", "connect", "owner"),
        ("everyone", "connect", "viewer"),
        ("everyone", "library-readers", "viewer"),
    ]
    return Team.objects.create(name="Connect", slug="connect")


def sso_sign_in(client, username: str) -> None:
    start = client.get("/oidc/authenticate/")
    back = urlsplit(
        sign_in_at_provider(start["Location"], username, ACCOUNTS[username]["password"])
    )
    client.get(f"{back.path}?{back.query}")


def role_in(team: Team, username: str) -> str:
    return Membership.objects.get(team=team, user__username=username).role


def test_a_mapped_group_makes_the_person_a_member_with_its_role(client, groups):
    sso_sign_in(client, "otto")
    assert role_in(groups, "otto") == Role.VIEWER


def test_the_highest_role_of_the_persons_groups_wins(client, groups):
    sso_sign_in(client, "alice")
    assert role_in(groups, "alice") == Role.OWNER


def test_a_membership_from_a_group_is_in_the_teams_audit_log(client, groups):
    sso_sign_in(client, "otto")
    entry = AuditEntry.objects.get(team=groups, action=AuditAction.MEMBER_ADDED)
    assert (entry.actor, entry.subject, entry.detail) == (
        None,
        "otto",
        "as viewer, from a group at Test IdP",
    )


def existing_member(sso, team: Team, role: str, username: str = "alice"):
    """Someone known from an earlier sign-in, already a member of the team with ``role``."""
    claims = ACCOUNTS[username]["claims"]
    user = get_user_model().objects.create_user(username=username, email=claims["email"])
    Identity.objects.create(issuer=sso.issuer, subject=claims["sub"], user=user)
    return Membership.objects.create(team=team, user=user, role=role)


def test_a_group_raises_a_lower_role(client, sso, groups):
    existing_member(sso, groups, Role.VIEWER)
    sso_sign_in(client, "alice")
    assert role_in(groups, "alice") == Role.OWNER


def test_a_group_never_lowers_a_role(client, sso, groups):
    existing_member(sso, groups, Role.OWNER, username="otto")
    sso_sign_in(client, "otto")
    assert role_in(groups, "otto") == Role.OWNER


def test_a_group_never_removes_a_membership_it_did_not_give(client, sso, groups):
    other = Team.objects.create(name="Other", slug="other")
    existing_member(sso, other, Role.EDITOR)
    sso_sign_in(client, "alice")
    assert role_in(other, "alice") == Role.EDITOR


def test_a_mapped_team_that_does_not_exist_is_skipped(client, groups):
    sso_sign_in(client, "otto")
    assert list(Membership.objects.values_list("team__slug", flat=True)) == ["connect"]


def test_without_a_groups_claim_configured_no_membership_is_made(client, groups, settings):
    settings.OIDC_GROUPS_CLAIM = ""
    sso_sign_in(client, "otto")
    assert not Membership.objects.exists()
