"""Sign-in through the provider, its callback, the sign-in page and signing out."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib.auth.views import LoginView, LogoutView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from policybuilder.sso import discovery
from policybuilder.sso.backends import IDP_MFA_SESSION_KEY, SignInRefused

LOGGER = logging.getLogger(__name__)


def unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """The provider could not be reached or answered nonsense: say so, and offer the rest.
    The cause goes to the log, for the administrator."""
    LOGGER.warning("Single sign-on: the provider is unavailable: %s", error)
    return render(
        request,
        "sso/unavailable.html",
        {"provider": settings.OIDC_PROVIDER_NAME, "password_sign_in": settings.PASSWORD_SIGN_IN},
        status=503,
    )


def refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request,
        "sso/refused.html",
        {"provider": settings.OIDC_PROVIDER_NAME, "message": message},
        status=403,
    )


class SignInAtProviderView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with a state, a nonce and a PKCE challenge."""

    def __init__(self, **kwargs: Any) -> None:
        # The library reads the provider's endpoint from settings here; ours is discovered.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ISSUER:
            raise Http404("Single sign-on is not configured")
        try:
            endpoints = discovery.metadata()
        except discovery.ProviderUnavailable as error:
            return unavailable(request, error)
        self.OIDC_OP_AUTH_ENDPOINT = endpoints["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: the library checks the state and signs in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ISSUER:
            raise Http404("Single sign-on is not configured")
        try:
            return super().get(request)
        except SignInRefused as refusal:
            return refused(request, str(refusal))
        except requests.HTTPError:
            # The provider answered, and refused: the code was used already, or had expired.
            return self.login_failure()
        except (discovery.ProviderUnavailable, requests.RequestException) as error:
            return unavailable(request, error)

    def login_failure(self) -> HttpResponse:
        return refused(
            self.request,
            f"Signing in with {settings.OIDC_PROVIDER_NAME} did not complete, or the account "
            "here is disabled.",
        )

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        # Read by policybuilder/mfa: the provider did a second factor (its amr claim), so this
        # session needs no code of ours. Set either way, so that no earlier answer lingers.
        self.request.session[IDP_MFA_SESSION_KEY] = getattr(
            self.user, "_policybuilder_idp_mfa", False
        )
        return response


class SignInView(LoginView):
    """Django's sign-in page, which refuses passwords when PASSWORD_SIGN_IN is off."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PASSWORD_SIGN_IN:
            return refused(request, "Password sign-in is turned off on this site.")
        return super().post(request, *args, **kwargs)


class SignOutView(LogoutView):
    """Ends the session here and, for a single sign-on session, at the provider too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if not (id_token and settings.OIDC_ISSUER and settings.OIDC_SIGN_OUT_AT_PROVIDER):
            return response
        end_session = provider_sign_out_url()
        if end_session is None:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.OIDC_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(
                    resolve_url(settings.LOGOUT_REDIRECT_URL)
                ),
            }
        )
        return HttpResponseRedirect(f"{end_session}{'&' if '?' in end_session else '?'}{query}")


def provider_sign_out_url() -> str | None:
    """The provider's end_session_endpoint when it has one on the issuer's origin (the only
    other origin the sign-out form may be sent on to: settings' form-action)."""
    try:
        end_session = discovery.metadata().get("end_session_endpoint")
    except discovery.ProviderUnavailable:
        return None
    if end_session is None:
        return None
    issuer = urlsplit(settings.OIDC_ISSUER)
    endpoint = urlsplit(end_session)
    if (endpoint.scheme, endpoint.netloc) != (issuer.scheme, issuer.netloc):
        return None
    return end_session
