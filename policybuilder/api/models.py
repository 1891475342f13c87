"""Personal API tokens.

A token is stored only as its SHA-256: a database leak gives no usable
token, and a token shown once cannot be shown again.  (Combined policies are
saved templates of the teams app; migration 0002 moved the ones this app kept.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    #: The first characters of the token, shown in the list so people can tell tokens apart.
    prefix = models.CharField(max_length=16)
    #: Hex SHA-256 of the whole token; the token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
