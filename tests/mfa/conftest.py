"""The MFA tests' own fixtures: a user with a confirmed authenticator app and recovery codes,
and the authenticator app itself (pyotp, from the device's secret)."""

from __future__ import annotations

import pyotp
import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from mfa_helpers import PASSWORD, app_for

from policybuilder.mfa.models import RecoveryCodeDevice


@pytest.fixture
def device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.fixture
def app(device) -> pyotp.TOTP:
    return app_for(device)


@pytest.fixture
def recovery_codes(user, device) -> list[str]:
    recovery = RecoveryCodeDevice.objects.create(user=user, name="codes", confirmed=True)
    return recovery.replace_codes()


@pytest.fixture
def password_step(client, user, device):
    """The client after the password step (Django's LoginView, through django-axes)."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def verified(signed_in, device):
    """A session of the user that entered a code of its app (as the code step leaves it)."""
    session = signed_in.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return signed_in
