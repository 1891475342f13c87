"""Invitations: an owner makes a link; the person who opens it joins the team with its role.

The writes are the service functions ``invitation_create``, ``invitation_revoke`` and
``invitation_accept`` (each in the team's audit log); ``invitation_for_token`` is the read the
public page makes. A link is single use and expires after ``INVITATION_DAYS``; only the
SHA-256 of its token is stored (``core.hashing.hash_token``, as for API tokens), so it is
shown once, when made, and e-mailed when the site has e-mail configured
(``settings.INVITATION_EMAIL``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from policybuilder.core.hashing import hash_token
from policybuilder.teams.models import AuditAction, Invitation, Membership, Role, Team
from policybuilder.teams.services import audit_record

#: How long a link works.
INVITATION_DAYS = 7
#: Marks our invitation tokens, as ``pb_`` marks API tokens.
TOKEN_PREFIX = "inv_"


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    #: The token of the link, the only time it exists.
    token: str
    #: Whether the link was e-mailed to ``invitation.email``.
    emailed: bool


class InvitationUnusable(Exception):
    """The link cannot be used; ``state`` is ``unknown``, ``expired``, ``accepted`` or
    ``revoked`` and the message says it in words."""

    def __init__(self, state: str, message: str) -> None:
        super().__init__(message)
        self.state = state


def _subject(invitation: Invitation) -> str:
    return invitation.email or f"invitation {invitation.pk}"


def invitation_create(
    *,
    team: Team,
    actor: User,
    role: str = Role.VIEWER,
    email: str = "",
    link_for: Callable[[str], str],
) -> Issued:
    """A new link for ``team``; ``link_for(token)`` makes its absolute URL for the e-mail."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    email = email.strip()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            team=team,
            role=Role(role),
            email=email,
            token_hash=hash_token(token),
            created_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit_record(
            team=team,
            actor=actor,
            action=AuditAction.INVITED,
            subject=invitation.role,
            detail=f"{_subject(invitation)}, until {invitation.expires_at:%Y-%m-%d %H:%M} UTC",
        )
    emailed = False
    if email and settings.INVITATION_EMAIL:
        send_mail(
            subject=f"You are invited to {team.name} on policybuilder",
            message=(
                f"{actor.get_username()} invites you to join the team {team.name} as "
                f"{invitation.get_role_display().lower()}.\n\n"
                f"Open this link to set your username and password and join:\n{link_for(token)}\n\n"
                f"The link works once, until {invitation.expires_at:%Y-%m-%d %H:%M} UTC."
            ),
            from_email=None,
            recipient_list=[email],
        )
        emailed = True
    return Issued(invitation, token, emailed)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    """Withdraw a pending link (one already used or expired is left as it is)."""
    changed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if changed:
        audit_record(
            team=invitation.team,
            actor=actor,
            action=AuditAction.INVITATION_REVOKED,
            subject=_subject(invitation),
            detail=f"as {invitation.role}",
        )


MESSAGES = {
    "unknown": "This invitation link is not valid. Check that you copied the whole link, or ask "
    "the team's owner for a new one.",
    "expired": "This invitation expired on {when} UTC. Ask an owner of {team} for a new link.",
    "accepted": "This invitation has been used already: each link works once. If it was you, "
    "sign in; otherwise ask an owner of {team} for a link of your own.",
    "revoked": "This invitation was withdrawn by an owner of {team}. Ask them for a new link if "
    "you should still join.",
}


def _unusable(invitation: Invitation | None, now) -> InvitationUnusable | None:
    if invitation is None:
        return InvitationUnusable("unknown", MESSAGES["unknown"])
    state = invitation.state(now)
    if state == "pending":
        return None
    message = MESSAGES[state].format(
        team=invitation.team.name, when=f"{invitation.expires_at:%Y-%m-%d %H:%M}"
    )
    return InvitationUnusable(state, message)


def invitation_for_token(token: str) -> Invitation:
    """The pending invitation of this link; raises InvitationUnusable saying why not."""
    found = None
    if token and len(token) <= 200:
        found = (
            Invitation.objects.filter(token_hash=hash_token(token))
            .select_related("team", "created_by")
            .first()
        )
    refused = _unusable(found, timezone.now())
    if refused is not None:
        raise refused
    assert found is not None  # _unusable refuses a missing invitation
    return found


def pending_invitations(team: Team) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        team=team,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("created_by")


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    username: str = "",
    password: str = "",
) -> Membership:
    """Use the link: ``user`` (signed in) joins, or a new account ``username``/``password``
    (already checked by the sign-up form) is made and joins. Raises InvitationUnusable, or
    ValidationError when the user is a member already. The link is spent in one conditional
    UPDATE, so two people opening it at once cannot both join."""
    invitation = invitation_for_token(token)
    team = invitation.team
    if user is not None and Membership.objects.filter(team=team, user=user).exists():
        raise ValidationError(f"You are a member of {team.name} already.")
    now = timezone.now()
    spent = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now)
    if not spent:
        invitation.refresh_from_db()
        refused = _unusable(invitation, now)
        assert refused is not None  # accepted, revoked or expired since it was read
        raise refused
    if user is None:
        user = get_user_model().objects.create_user(
            username=username, email=invitation.email, password=password
        )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    membership = Membership.objects.create(team=team, user=user, role=invitation.role)
    inviter = invitation.created_by.get_username() if invitation.created_by else "(deleted user)"
    audit_record(
        team=team,
        actor=user,
        action=AuditAction.JOINED,
        subject=user.get_username(),
        detail=f"as {invitation.role}, invited by {inviter} ({_subject(invitation)})",
    )
    return membership
