"""Invitations: owners make single-use, expiring links; a new person sets a password and joins."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from policybuilder.core.hashing import hash_token
from policybuilder.teams import invitations
from policybuilder.teams.models import AuditAction, AuditEntry, Invitation, Membership, Role

PASSWORD = "correct-horse-battery-9"


def link_for(token: str) -> str:
    return f"http://testserver{reverse('invitation', args=[token])}"


def invite(team, owner, role=Role.EDITOR, email=""):
    return invitations.invitation_create(
        team=team, actor=owner, role=role, email=email, link_for=link_for
    )


def signup(client, token, username="newton", password=PASSWORD):
    data = {"username": username, "password1": password, "password2": password}
    return client.post(reverse("invitation", args=[token]), data)


def test_an_owner_gets_the_link_once_on_the_members_page(client, owner, team):
    client.force_login(owner)
    response = client.post(
        reverse("teams:invitation_create", args=[team.slug]), {"invite-role": "editor"}
    )
    link = response.context["new_invitation_link"]
    assert re.fullmatch(r"http://testserver/invitations/inv_[\w-]+/", link)
    assert response["Cache-Control"] == "no-store"


def test_only_the_hash_of_the_token_is_stored(team, owner):
    issued = invite(team, owner)
    stored = Invitation.objects.get()
    assert stored.token_hash == hash_token(issued.token)
    assert issued.token not in stored.token_hash


def test_an_editor_cannot_invite(client, editor, team):
    client.force_login(editor)
    response = client.post(
        reverse("teams:invitation_create", args=[team.slug]), {"invite-role": "owner"}
    )
    assert response.status_code == 403


def test_a_new_person_sets_a_password_and_joins_with_the_chosen_role(client, team, owner):
    issued = invite(team, owner, role=Role.EDITOR)
    signup(client, issued.token)
    user = get_user_model().objects.get(username="newton")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(team=team, user=user).role == Role.EDITOR


def test_after_signing_up_the_person_is_sent_to_sign_in(client, team, owner):
    response = signup(client, invite(team, owner).token)
    assert response["Location"] == f"{reverse('login')}?next=/teams/{team.slug}/"


def test_the_password_validators_refuse_a_weak_password(client, team, owner):
    response = signup(client, invite(team, owner).token, password="12345678")
    assert response.status_code == 400
    assert "This password is entirely numeric." in response.content.decode()
    assert not get_user_model().objects.filter(username="newton").exists()


def test_a_taken_username_is_refused(client, team, owner):
    response = signup(client, invite(team, owner).token, username=owner.username)
    assert response.status_code == 400
    assert Invitation.objects.get().accepted_at is None


def test_a_link_works_once(client, team, owner):
    issued = invite(team, owner)
    signup(client, issued.token)
    response = signup(client, issued.token, username="second")
    assert response.status_code == 410
    assert "has been used already" in response.context["message"]


def test_an_expired_link_says_so(client, team, owner):
    issued = invite(team, owner)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("invitation", args=[issued.token]))
    assert response.status_code == 410
    assert "This invitation expired on" in response.context["message"]


def test_a_link_expires_after_seven_days(team, owner):
    invite(team, owner)
    lifetime = Invitation.objects.get().expires_at - timezone.now()
    assert timedelta(days=6, hours=23) < lifetime <= timedelta(days=7)


def test_a_withdrawn_link_says_so(client, team, owner):
    issued = invite(team, owner)
    client.force_login(owner)
    client.post(reverse("teams:invitation_revoke", args=[team.slug, issued.invitation.pk]), {})
    client.logout()
    response = signup(client, issued.token)
    assert response.status_code == 410
    assert "was withdrawn" in response.context["message"]


def test_an_unknown_link_is_a_404_with_a_message(client, db):
    response = client.get(reverse("invitation", args=["inv_nothing"]))
    assert response.status_code == 404
    assert "not valid" in response.context["message"]


def test_a_signed_in_user_accepts_with_their_account(client, team, owner, outsider):
    issued = invite(team, owner, role=Role.VIEWER)
    client.force_login(outsider)
    response = client.post(reverse("invitation", args=[issued.token]))
    assert response["Location"] == reverse("teams:detail", args=[team.slug])
    assert Membership.objects.get(team=team, user=outsider).role == Role.VIEWER


def test_a_member_accepting_is_told_and_the_link_stays_unused(client, team, owner, viewer):
    issued = invite(team, owner)
    client.force_login(viewer)
    response = client.post(reverse("invitation", args=[issued.token]))
    assert "a member of Contact centre already" in response.context["error"]
    assert Invitation.objects.get().accepted_at is None


def test_pending_invitations_are_listed_for_owners(client, owner, team):
    invite(team, owner, email="new@example.org")
    client.force_login(owner)
    response = client.get(reverse("teams:members", args=[team.slug]))
    assert [i.email for i in response.context["invitations"]] == ["new@example.org"]


def test_the_invitation_is_emailed_when_email_is_configured(settings, team, owner):
    settings.INVITATION_EMAIL = True
    issued = invite(team, owner, email="new@example.org")
    (message,) = mail.outbox
    assert (message.to, link_for(issued.token) in message.body) == (["new@example.org"], True)


def test_no_email_is_sent_without_email_configured(settings, team, owner):
    settings.INVITATION_EMAIL = False
    issued = invite(team, owner, email="new@example.org")
    assert (mail.outbox, issued.emailed) == ([], False)


def test_the_new_account_gets_the_invitation_address(client, team, owner):
    signup(client, invite(team, owner, email="new@example.org").token)
    assert get_user_model().objects.get(username="newton").email == "new@example.org"


@pytest.mark.parametrize(
    "step, action",
    [("invite", AuditAction.INVITED), ("join", AuditAction.JOINED), ("revoke", None)],
)
def test_each_step_is_in_the_audit_log(client, team, owner, step, action):
    issued = invite(team, owner)
    if step == "join":
        signup(client, issued.token)
    if step == "revoke":
        invitations.invitation_revoke(invitation=issued.invitation, actor=owner)
        action = AuditAction.INVITATION_REVOKED
    assert AuditEntry.objects.filter(team=team, action=action).count() == 1
