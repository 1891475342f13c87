"""CSRF on every POST, htmx requests included (the token travels in hx-headers on <body>)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

BUILDER = reverse("builder", args=["view-own-permissions"])


@pytest.fixture
def strict(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token_from_page(client: Client) -> str:
    html = client.get(BUILDER).content.decode()
    match = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert match, "the page must carry the CSRF token in hx-headers"
    return match.group(1)


def test_htmx_post_without_a_token_is_refused(strict):
    response = strict.post(BUILDER, {}, headers={"HX-Request": "true"})
    assert response.status_code == 403


def test_htmx_post_with_the_token_from_hx_headers_is_accepted(strict):
    token = token_from_page(strict)
    response = strict.post(BUILDER, {}, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200


def test_plain_form_post_without_a_token_is_refused(strict):
    assert strict.post(reverse("validate"), {"policy": "{}"}).status_code == 403


def test_team_creation_without_a_token_is_refused(strict):
    assert strict.post(reverse("teams:create"), {"name": "Sneaky"}).status_code == 403
