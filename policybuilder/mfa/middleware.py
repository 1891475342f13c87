"""The code step of the sign-in, and the redirect of pages that require MFA.

After OTPMiddleware (which gives ``request.user.is_verified()``) and MessageMiddleware:

* a signed-in user with a device who has not entered a code in this session sees only the code
  step (and can sign out): every other URL redirects there, the API answers 403 in JSON;
* with ``MFA_REQUIRED_FOR_ALL``, a signed-in user without a device sees only the set-up pages;
* every request's user is marked with whether its MFA is satisfied, for the team pages' rule
  (``teams.mfa_requirement``), whose ``MfaRequired`` becomes a redirect here with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from policybuilder.mfa.state import mfa_satisfied, session_has_device
from policybuilder.teams import mfa_requirement

STEP_MESSAGE = (
    "Enter the code from your authenticator app (or a recovery code) to finish signing in."
)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        # An htmx request would swap the next page into a fragment: have the browser go there.
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def _with_next(request: HttpRequest, url: str) -> str:
    if request.method == "GET" and not getattr(request, "htmx", False):
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


def _json_refusal(message: str) -> HttpResponse:
    body = json.dumps({"message": message, "errors": {}})
    return HttpResponse(body, status=403, content_type="application/json")


class MfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            satisfied = mfa_satisfied(request)
            mfa_requirement.mark(request.user, satisfied)
            if not satisfied:
                refused = self._refusal(request)
                if refused is not None:
                    return refused
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path_info
        static = "/" + settings.STATIC_URL.lstrip("/")
        if path.startswith(static) or path == reverse("logout"):
            return None
        api = path.startswith("/api/") and path != reverse("api_tokens")
        if session_has_device(request):
            verify = reverse("mfa:verify")
            if path == verify:
                return None
            if api:
                return _json_refusal(f"{STEP_MESSAGE} ({verify})")
            return _redirect(request, _with_next(request, verify))
        if settings.MFA_REQUIRED_FOR_ALL:
            if path.startswith(reverse("mfa:account")):
                return None
            why = "This site requires multi-factor authentication: set up an authenticator app."
            if api:
                return _json_refusal(why)
            messages.warning(request, why)
            return _redirect(request, reverse("mfa:setup"))
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, mfa_requirement.MfaRequired):
            return None
        messages.warning(request, f"{exception.why} Set up an authenticator app to go on.")
        if session_has_device(request):
            return _redirect(request, _with_next(request, reverse("mfa:verify")))
        return _redirect(request, reverse("mfa:setup"))
