"""Security headers on every page, whoever asks (development settings, as the tests run)."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.fixture
def builder_response(signed_in):
    return signed_in.get(reverse("builder", args=["view-own-permissions"]))


def test_content_security_policy_allows_only_our_own_origin(builder_response):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in builder_response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


def test_content_security_policy_has_no_unsafe_sources(builder_response):
    assert "unsafe" not in builder_response["Content-Security-Policy"]


def test_pages_forbid_content_sniffing(builder_response):
    assert builder_response["X-Content-Type-Options"] == "nosniff"


def test_pages_send_a_same_origin_referrer_policy(builder_response):
    assert builder_response["Referrer-Policy"] == "same-origin"


def test_pages_cannot_be_framed(builder_response):
    assert builder_response["X-Frame-Options"] == "DENY"


def test_htmx_partials_carry_the_same_policy(signed_in):
    response = signed_in.post(
        reverse("builder", args=["view-own-permissions"]), {}, headers={"HX-Request": "true"}
    )
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_sign_in_page_carries_the_policy(client):
    assert "default-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


def _htmx_config(response) -> dict:
    found = re.search(rb"<meta name=\"htmx-config\" content='([^']*)'>", response.content)
    assert found is not None
    return json.loads(found.group(1))


def test_htmx_is_told_not_to_inject_its_indicator_style(builder_response):
    assert _htmx_config(builder_response)["includeIndicatorStyles"] is False


def test_htmx_listens_to_swapped_in_content_at_once(builder_response):
    # No settle delay: the 20 ms in which a new form heard nothing (base.html says why).
    assert _htmx_config(builder_response)["defaultSettleDelay"] == 0


def test_sessions_expire_after_eight_hours_by_default():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_sign_in_sets_a_session_cookie_that_expires(client, user):
    response = client.post(
        reverse("login"), {"username": "alice", "password": "a-long-test-pass-1"}
    )
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
