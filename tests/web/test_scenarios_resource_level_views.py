"""The builder and home pages with the resource-level scenarios and their Deny statements."""

from __future__ import annotations

import html

import pytest

from policybuilder.core import scenarios
from policybuilder.teams import values as stored_values

pytestmark = pytest.mark.django_db

DENY_SCENARIO = "create-users-deny-security-profile"


def form(slug: str, **extra) -> dict:
    scenario = scenarios.get(slug)
    return dict(stored_values.to_form_data(scenario, scenario.example_values()).lists()) | extra


def test_the_home_page_heads_each_page_of_aws_before_its_areas(signed_in):
    body = html.unescape(signed_in.get("/").content.decode())
    first = body.index("Amazon Connect identity-based policy examples")
    second = body.index("Amazon Connect resource-level policy examples")
    assert first < body.index("Outbound campaigns") < second < body.index("Voice ID")


def test_the_home_page_filter_finds_a_scenario_by_its_page(signed_in):
    body = signed_in.get("/", {"q": "resource-level voice"}).content.decode()
    assert 'href="/scenarios/voice-id-full/"' in body
    assert 'href="/scenarios/view-users/"' not in body


def test_the_builder_preview_shows_the_deny_statement(signed_in):
    body = signed_in.post(f"/scenarios/{DENY_SCENARIO}/", form(DENY_SCENARIO)).content.decode()
    assert "DenyCreatingUsersWithSecurityProfile" in body and "Deny" in body


def test_the_builder_preview_says_the_guardrails_left_the_deny_alone(signed_in):
    data = form(DENY_SCENARIO, guard_tls="on")
    body = html.unescape(signed_in.post(f"/scenarios/{DENY_SCENARIO}/", data).content.decode())
    assert "Guardrails leave DenyCreatingUsersWithSecurityProfile as it is" in body


def test_a_deny_scenario_downloads_with_its_deny(signed_in):
    response = signed_in.post(f"/scenarios/{DENY_SCENARIO}/download", form(DENY_SCENARIO))
    assert response.status_code == 200
    assert b'"Effect": "Deny"' in response.content
