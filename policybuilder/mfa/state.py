"""Whether this request's sign-in has passed multi-factor authentication."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from policybuilder.mfa.models import RecoveryCodeDevice

#: Set to True by the OpenID Connect sign-in when the identity provider's ID token says that
#: MFA was used there; nothing else sets it.
IDP_MFA_SESSION_KEY = "policybuilder_idp_mfa"
#: Wrong codes entered at the code step in this session.
FAILURES_SESSION_KEY = "policybuilder_mfa_failures"
#: Whether the user had a confirmed device when this session signed in (or first asked): the
#: code step is asked for then, without a query of every device table on every request.
DEVICE_SESSION_KEY = "policybuilder_mfa_device"


def mfa_satisfied(request: HttpRequest) -> bool:
    """A code of the user's device was entered in this session, or the identity provider
    vouched for MFA at sign-in."""
    user = request.user
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    return request.session.get(IDP_MFA_SESSION_KEY) is True


def signed_in_user(request: HttpRequest) -> User:
    """``request.user`` of a view or branch that only a signed-in user reaches."""
    return cast(User, request.user)


def has_device(user: User) -> bool:
    """The user has a confirmed authenticator app: a code is asked for at sign-in. (Recovery
    codes alone are not one: an administrator who deletes a lost app's device in the admin lets
    its owner sign in with the password and set up a new one.)"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_has_device(request: HttpRequest) -> bool:
    """Whether this session's user has a device, as recorded at sign-in (see the apps module)."""
    known = request.session.get(DEVICE_SESSION_KEY)
    if not isinstance(known, bool):
        known = has_device(signed_in_user(request))
        request.session[DEVICE_SESSION_KEY] = known
    return known


def record_device(request: HttpRequest, present: bool) -> None:
    request.session[DEVICE_SESSION_KEY] = present


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user: User) -> RecoveryCodeDevice | None:
    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
