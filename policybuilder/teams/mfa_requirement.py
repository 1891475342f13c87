"""Who must have multi-factor authentication (MFA) before seeing team data, and whether they have.

The rule, with ``MFA_REQUIRED_FOR_ALL`` (the administrator's) counting as every team's:

* a page of one team's data (the team's own pages, its templates and their versions, downloads
  and exports, also when shared with another team or published) needs MFA when that team
  requires it (``Team.mfa_required``): :func:`require_mfa_for_team`, no query (the team is
  loaded already);
* a page across teams (the list of teams, the library, comparisons, saving to a team) needs MFA
  when any of the user's teams requires it: :func:`require_mfa`, one query, and only for a user
  without MFA.

Every helper of ``teams.access`` calls one of them, so every team URL and team API endpoint is
covered. ``MfaRequired`` is a 403 (the API's JSON answer says why) that ``policybuilder.mfa``'s
middleware turns into a redirect to set MFA up, or to enter a code, on a page.

Whether a user's MFA is satisfied is written on the user object by whoever authenticated it:
``policybuilder.mfa``'s middleware for a browser session (a code was entered in this session, or
the identity provider vouched for MFA), ``policybuilder.api`` for a token
(:func:`token_backed_by_mfa`). A user object that nobody marked counts as without MFA.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_totp.models import TOTPDevice

from policybuilder.teams.models import Membership, Team

#: The attribute on ``request.user`` that says whether its MFA is satisfied (True or False).
SATISFIED_ATTR = "policybuilder_mfa_satisfied"


class MfaRequired(PermissionDenied):
    """A page or API call that needs MFA, asked for by a user without it; the message says why."""

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(
            f"{why} Set up an authenticator app at /account/mfa/ and enter its code; an API "
            "token counts only when it was made after its user set up an authenticator app."
        )


def mark(user: User, satisfied: bool) -> None:
    setattr(user, SATISFIED_ATTR, bool(satisfied))


def is_satisfied(user: User) -> bool:
    return getattr(user, SATISFIED_ATTR, False) is True


def token_backed_by_mfa(user: User, token_created_at: datetime) -> bool:
    """A token counts as MFA when its user had a confirmed authenticator app when it was made.

    A session of a user with a device must enter a code before any page (the tokens page
    included), so such a token was made in a verified session. A token made before the device
    was set up does not count: make a new one.
    """
    return TOTPDevice.objects.filter(
        user=user, confirmed=True, created_at__lte=token_created_at
    ).exists()


def reason(user: User) -> str | None:
    """Why this user needs MFA they lack, or None when nothing requires it (or it is satisfied)."""
    if not user.is_authenticated or is_satisfied(user):
        return None
    if settings.MFA_REQUIRED_FOR_ALL:
        return "This site requires multi-factor authentication for everyone."
    team = (
        Membership.objects.filter(user=user, team__mfa_required=True)
        .select_related("team")
        .order_by("team__name")
        .first()
    )
    if team is None:
        return None
    return f"The team {team.team.name} requires multi-factor authentication of its members."


def require_mfa_for_team(user: User, team: Team) -> None:
    """Raise :class:`MfaRequired` when this team's data needs MFA the user lacks."""
    if is_satisfied(user):
        return
    if settings.MFA_REQUIRED_FOR_ALL:
        raise MfaRequired("This site requires multi-factor authentication for everyone.")
    if team.mfa_required:
        raise MfaRequired(f"The team {team.name} requires multi-factor authentication.")


def require_mfa(user: User) -> None:
    """Raise :class:`MfaRequired` when a page across teams needs MFA the user lacks."""
    why = reason(user)
    if why is not None:
        raise MfaRequired(why)
