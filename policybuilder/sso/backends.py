"""The OpenID Connect backend: mozilla-django-oidc's, with endpoints from discovery, the ID
token's issuer and audience checked, and accounts made or found from verified claims only."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from policybuilder.sso import discovery, groups
from policybuilder.sso.models import Identity

#: Authentication method references (RFC 8176) that say the provider asked for a second factor.
MFA_METHODS = frozenset({"mfa", "otp", "hwk", "swk", "sms", "fpt"})
#: The session key that policybuilder/mfa reads: this sign-in's MFA was done at the provider.
IDP_MFA_SESSION_KEY = "policybuilder_idp_mfa"


class SignInRefused(Exception):
    """The provider signed the person in, but this site will not: the message says why."""


def not_a_password_attempt(request: Any, credentials: dict | None) -> bool:
    """django-axes' whitelist: only a username and password sign-in counts towards a lockout.

    The provider's callback authenticates with a code, a nonce and a PKCE verifier; recording
    its failures would lock the (no username, address) pair out of single sign-on.
    """
    return "username" not in (credentials or {})


def idp_did_mfa(id_token_claims: dict[str, Any]) -> bool:
    methods = id_token_claims.get("amr")
    if not isinstance(methods, list):
        return False
    return any(method in MFA_METHODS for method in methods if isinstance(method, str))


def is_verified(value: Any) -> bool:
    # Most providers send a JSON true; a few (Amazon Cognito among them) send the string.
    return value is True or value == "true"


def split_name(name: str) -> tuple[str, str]:
    """A display name as first and last name: the last word is the last name."""
    first, _, last = name.strip().rpartition(" ")
    if not first:
        return last[:150], ""
    return first.strip()[:150], last[:150]


def username_for(email: str) -> str:
    """The part of the e-mail before the @, made of the characters Django's usernames allow,
    followed by -2, -3... when an account has it already."""
    User = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0].lower())[:140] or "user"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class OIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads its endpoints from settings here. Django makes a backend for every
        # request of a signed-in person (get_user), so discovery waits for a callback instead.
        self.UserModel = get_user_model()
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: Any, **kwargs: Any) -> AbstractBaseUser | None:
        if request is None or not settings.OIDC_ISSUER or "username" in kwargs:
            return None
        endpoints = discovery.metadata()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = endpoints["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_CLIENT_SECRET
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature (RS256, the provider's keys), expiry and nonce;
        the issuer and audience are checked here (OpenID Connect Core 3.1.3.7)."""
        payload = super().verify_token(token, **kwargs)
        if payload.get("iss") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("The ID token was issued by another provider")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is meant for another client")
        if len(audiences) > 1 and payload.get("azp") != settings.OIDC_CLIENT_ID:
            raise SuspiciousOperation("The ID token's authorised party is another client")
        if "exp" not in payload or not payload.get("sub"):
            raise SuspiciousOperation("The ID token has no expiry or no subject")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractBaseUser | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload["sub"]:
            # OpenID Connect Core 5.3.2: otherwise the answer may be about someone else.
            raise SuspiciousOperation("The user information is about another subject")
        user = self.account_for(payload["iss"], payload["sub"], claims)
        groups.sync_memberships(user, claims)
        user._policybuilder_idp_mfa = idp_did_mfa(payload)
        return user

    @transaction.atomic
    def account_for(self, issuer: str, subject: str, claims: dict[str, Any]) -> Any:
        """The account of (issuer, subject): known already, linked, or made now."""
        provider = settings.OIDC_PROVIDER_NAME
        email = claims.get(settings.OIDC_EMAIL_CLAIM)
        email = email.strip() if isinstance(email, str) else ""
        verified = bool(email) and is_verified(claims.get("email_verified"))
        name = claims.get(settings.OIDC_NAME_CLAIM)
        name = name if isinstance(name, str) else ""

        identity = (
            Identity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is not None:
            identity.save(update_fields=["last_sign_in_at"])
            self.update_details(identity.user, email if verified else "", name)
            return identity.user

        if not email:
            raise SignInRefused(
                f"{provider} did not give an e-mail address (the {settings.OIDC_EMAIL_CLAIM} "
                "claim), so no account can be made for you."
            )
        if not verified:
            raise SignInRefused(
                f"{provider} has not verified the e-mail address {email}. Verify it there "
                "first, then sign in again."
            )
        existing = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if len(existing) > 1:
            raise SignInRefused(
                f"More than one account here has the e-mail address {email}; ask your "
                "administrator to sort them out."
            )
        if existing:
            user = existing[0]
            if not settings.OIDC_LINK_EXISTING_ACCOUNTS:
                raise SignInRefused(
                    f"An account here already has the e-mail address {email}. Sign in with "
                    "its password, or ask your administrator to allow linking accounts to "
                    f"{provider} (OIDC_LINK_EXISTING_ACCOUNTS)."
                )
            if Identity.objects.filter(issuer=issuer, user=user).exists():
                raise SignInRefused(
                    f"The account with the e-mail address {email} is linked to someone else "
                    f"at {provider} already."
                )
        else:
            first, last = split_name(name)
            user = self.UserModel.objects.create_user(
                username_for(email), email=email, first_name=first, last_name=last
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Identity.objects.create(issuer=issuer, subject=subject, user=user)
        return user

    def update_details(self, user: Any, email: str, name: str) -> None:
        """The provider's name, and its verified e-mail unless another account has it."""
        changed = []
        if name:
            first, last = split_name(name)
            if (user.first_name, user.last_name) != (first, last):
                user.first_name, user.last_name = first, last
                changed += ["first_name", "last_name"]
        if (
            email
            and email.lower() != user.email.lower()
            and not self.UserModel.objects.filter(email__iexact=email).exists()
        ):
            user.email = email
            changed.append("email")
        if changed:
            user.save(update_fields=changed)
