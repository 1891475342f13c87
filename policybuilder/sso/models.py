from django.conf import settings
from django.db import models


class Identity(models.Model):
    """A person at an identity provider (issuer, subject) and the account they sign in to.

    The subject never changes at a provider while the e-mail can: the next sign-in after a
    change finds the same account here instead of making a second one.
    """

    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "identities"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique"),
            # One identity per provider for each account: a second person at the same provider
            # cannot be linked to an account that is someone else's already.
            models.UniqueConstraint(fields=["issuer", "user"], name="sso_identity_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
