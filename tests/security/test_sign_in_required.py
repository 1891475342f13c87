"""Every page needs a signed-in user unless it is on the allow-list below.

Sign-in is enforced once, by Django's ``LoginRequiredMiddleware``; a view is public only when it
is marked ``login_not_required``. These tests read every URL pattern from the resolver, so a view
added tomorrow is checked the day it is added: it redirects an anonymous visitor to sign-in, or
it is named here with the reason it is public.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

#: Routes anyone may open, by name, with the reason.
PUBLIC_ROUTES = {
    "login": "the sign-in page itself",
    "password_reset": "Django's password reset, for people who cannot sign in",
    "password_reset_done": "Django's password reset, for people who cannot sign in",
    "password_reset_confirm": "Django's password reset, for people who cannot sign in",
    "password_reset_complete": "Django's password reset, for people who cannot sign in",
    "invitation": "an invitation link is how a new person makes an account",
    "oidc_authentication_init": "single sign-on: sends the visitor to the identity provider",
    "oidc_authentication_callback": "single sign-on: the provider sends the visitor back here",
}
#: Namespaces with a sign-in of their own, with the reason.
PUBLIC_NAMESPACES = {
    "api": "django-ninja authenticates each request (token or session) and answers 401 JSON",
    "admin": "the admin sends a visitor to its own sign-in (staff only)",
}
#: A value for each kind of path converter: the middleware answers before any lookup.
SAMPLES = {"int": "1", "slug": "some-slug", "str": "something", "path": "some/path", "uuid": ""}


@dataclass(frozen=True)
class Route:
    name: str
    namespace: str
    path: str


def _path(route: str) -> str:
    def sample(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return SAMPLES[converter] or "00000000-0000-0000-0000-000000000000"

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(entry.name or "", namespace, prefix + str(entry.pattern))


def _public(route: Route) -> bool:
    return route.name in PUBLIC_ROUTES or route.namespace.split(":")[0] in PUBLIC_NAMESPACES


ROUTES = list(walk(get_resolver().url_patterns))
PRIVATE = [route for route in ROUTES if not _public(route)]
PUBLIC = [route for route in ROUTES if route.name in PUBLIC_ROUTES]


def _is_sign_in_redirect(response, path: str) -> bool:
    expected = f"{resolve_url(settings.LOGIN_URL)}?next={quote(path, safe='/')}"
    return response.status_code == 302 and response["Location"] == expected


def test_every_private_route_is_a_plain_path_the_walk_can_fill():
    assert [r.path for r in PRIVATE if "^" in r.path or "(?P" in r.path] == []


def test_the_walk_sees_the_site_s_pages():
    names = {route.name for route in PRIVATE}
    assert {"catalogue", "builder", "combine", "custom", "validate", "api_tokens"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("route", PRIVATE, ids=lambda r: r.name or r.path)
def test_an_anonymous_get_of_a_private_route_is_sent_to_sign_in(client, route):
    path = _path(route.path)
    assert _is_sign_in_redirect(client.get(path), path)


@pytest.mark.django_db
@pytest.mark.parametrize("route", PUBLIC, ids=lambda r: r.name)
def test_an_allow_listed_route_answers_an_anonymous_get_itself(client, route):
    path = _path(route.path)
    assert not _is_sign_in_redirect(client.get(path), path)


def test_every_allow_listed_route_exists():
    assert set(PUBLIC_ROUTES) <= {route.name for route in ROUTES}


@pytest.mark.django_db
def test_the_api_answers_an_anonymous_request_with_401_json_not_a_redirect(client):
    response = client.get("/api/scenarios")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
