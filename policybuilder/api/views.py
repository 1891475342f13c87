"""The API app's one HTML page: personal tokens, made, listed and revoked by their owner."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from policybuilder.api import tokens
from policybuilder.api.models import ApiToken
from policybuilder.web.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def tokens_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """List the user's tokens; a POST makes one and shows it this once."""
    new_token = None
    if request.method == "POST":
        _, new_token = tokens.issue(user=request.user, name=request.POST.get("name", ""))
    context = {
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_token": new_token,
    }
    response = render(request, "api/tokens.html", context)
    # The page with a new token must not be kept by any cache or the back button.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke(record=record)
    messages.success(request, f"Revoked the token {record.name}; scripts using it now get 401.")
    return redirect("api_tokens")
