"""What the MFA tests share besides fixtures: the password, and the authenticator app."""

from __future__ import annotations

from base64 import b32encode

import pyotp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-test-pass-1"


def app_for(device: TOTPDevice) -> pyotp.TOTP:
    """The authenticator app: what it shows for the device's secret."""
    return pyotp.TOTP(b32encode(device.bin_key).decode("ascii"))
