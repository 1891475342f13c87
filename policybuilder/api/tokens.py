"""Personal API tokens: made once, stored hashed, looked up by hash, revoked for good."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.utils import timezone

from policybuilder.api.models import ApiToken
from policybuilder.core.hashing import hash_token
from policybuilder.teams import mfa_requirement

#: Marks our tokens so secret scanners and people can recognise a leaked one.
TOKEN_PREFIX = "pb_"
VISIBLE_CHARS = 10


def issue(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user: the record, and the token text (the only time it exists)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        prefix=token[:VISIBLE_CHARS],
        token_hash=hash_token(token),
    )
    return record, token


def user_for(token: str) -> User | None:
    """The active user a live token belongs to, or None; records when it was last used."""
    if not token or len(token) > 200:
        return None
    record = (
        ApiToken.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    # Team endpoints ask whether the user has MFA (teams.mfa_requirement): a token has it when
    # it was made after its user set up an authenticator app, so in a session that entered a code.
    backed = mfa_requirement.token_backed_by_mfa(record.user, record.created_at)
    mfa_requirement.mark(record.user, backed)
    return record.user


def revoke(*, record: ApiToken) -> None:
    ApiToken.objects.filter(pk=record.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
