"""Recovery codes as a django-otp device, kept as SHA-256 digests only.

django-otp's own ``otp_static`` plugin stores its codes as they are; these are random enough
(80 bits each) that a digest without salt cannot be reversed, like the API tokens' hashes, and
nobody can read a code back from the database.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

#: Codes made at a time; each works once.
RECOVERY_CODE_COUNT = 10
#: Crockford's base32 without the letters people misread; 16 characters are 80 bits.
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_LENGTH = 16


def normalise(code: str) -> str:
    """What a person typed, without spaces, dashes and case."""
    return "".join(code.split()).replace("-", "").lower()


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("utf-8")).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _LENGTH, 4))


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """The user's set of single-use recovery codes (one device per user)."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"
        verbose_name_plural = "recovery codes"

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1)

    def verify_token(self, token: object) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed or not isinstance(token, str) or len(token) > 64:
            return False
        used, _ = self.codes.filter(code_hash=digest(token)).delete()
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False

    def remaining(self) -> int:
        return self.codes.count()

    @transaction.atomic
    def replace_codes(self) -> list[str]:
        """New codes instead of all the old ones; the only time the codes themselves exist."""
        self.codes.all().delete()
        codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, code_hash=digest(code)) for code in codes
        )
        return codes


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="mfa_one_code_per_device")
        ]

    def __str__(self) -> str:
        return f"recovery code of {self.device.user}"
