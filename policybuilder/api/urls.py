"""Mounted at the site root: ``/api/…`` (the JSON API and the tokens page)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path

from policybuilder.api import views
from policybuilder.api.api import api
from policybuilder.api.limits import limited_patterns

_patterns, _app_name, _namespace = api.urls


def _own_auth(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """The API's views, exempt from the site's sign-in redirect: django-ninja authenticates
    every request itself (a token or the session) and answers 401 JSON, never a redirect."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            login_not_required(pattern.callback)
    return patterns


urlpatterns = [
    path("api/tokens/", views.tokens_page, name="api_tokens"),
    path("api/tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("api/", (_own_auth(limited_patterns(_patterns)), _app_name, _namespace)),
]
