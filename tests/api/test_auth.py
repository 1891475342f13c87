"""Who may call the API: a token acts as its user, the browser session needs CSRF to write."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from policybuilder.api import tokens
from policybuilder.api.models import ApiToken
from policybuilder.core import quotas

ENDPOINTS = [
    ("get", "/api/scenarios", None),
    ("get", "/api/scenarios/view-users", None),
    ("post", "/api/scenarios/view-users/render", {}),
    ("post", "/api/validate", {"text": "{}"}),
    ("post", "/api/exports", {"scenario": "view-users"}),
    ("post", "/api/combine", {"parts": [{"scenario": "view-users"}]}),
    ("get", "/api/teams/contact-centre/templates", None),
    ("post", "/api/teams/contact-centre/templates", {"scenario": "view-users", "name": "x"}),
    ("get", "/api/teams/contact-centre/templates/1", None),
    ("put", "/api/teams/contact-centre/templates/1", {"base_version": 1}),
    ("get", "/api/teams/contact-centre/templates/1/versions", None),
    ("get", "/api/teams/contact-centre/templates/1/versions/1", None),
    ("get", "/api/teams/contact-centre/templates/1/export", None),
]


def call(client: Client, method: str, url: str, body: dict | None, **headers):
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_anonymous_requests_get_401_json(db, method, url, body):
    response = call(Client(), method, url, body)
    assert response.status_code == 401 and "message" in response.json()


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_a_revoked_token_is_refused_everywhere(owner, token_for, method, url, body):
    token = token_for(owner)
    tokens.revoke(record=ApiToken.objects.get(token_hash=tokens.hash_token(token)))
    response = call(Client(), method, url, body, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_a_made_up_token_is_refused(db):
    response = Client().get("/api/scenarios", HTTP_AUTHORIZATION="Bearer pb_not-a-token")
    assert response.status_code == 401


def test_a_token_of_an_inactive_user_is_refused(owner, token_for):
    token = token_for(owner)
    owner.is_active = False
    owner.save()
    response = Client().get("/api/scenarios", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_a_token_authenticates(api_as, owner):
    assert api_as("owner").get("/api/scenarios").status_code == 200


def test_a_token_write_needs_no_csrf_token(api_as, team):
    client = api_as("owner")
    client.handler.enforce_csrf_checks = True
    response = call(client, "post", "/api/validate", {"text": "{}"})
    assert response.status_code == 200


def test_using_a_token_records_when_it_was_last_used(api_as, owner):
    api_as("owner").get("/api/scenarios")
    assert ApiToken.objects.get(user=owner).last_used_at is not None


def test_the_session_authenticates_reads(owner):
    client = Client()
    client.force_login(owner)
    assert client.get("/api/scenarios").status_code == 200


def test_a_session_write_without_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = call(client, "post", "/api/validate", {"text": "{}"})
    assert response.status_code == 403 and "CSRF" in response.json()["message"]


def test_a_session_write_with_the_csrf_token_is_accepted(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get("/api/tokens/")  # sets the CSRF cookie, as any page does
    token = client.cookies["csrftoken"].value
    response = call(client, "post", "/api/validate", {"text": "{}"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_the_openapi_schema_is_served(db):
    schema = Client().get("/api/openapi.json").json()
    assert "/api/scenarios/{slug}/render" in schema["paths"]


def test_the_docs_page_loads_no_asset_from_another_origin(db):
    page = Client().get("/api/docs").content.decode()
    assert "cdn" not in page.lower() and "/static/ninja/swagger-ui-bundle.js" in page


def test_the_openapi_schema_offers_the_quota_tables_names(db):
    schema = Client().get("/api/openapi.json").json()
    quota = schema["components"]["schemas"]["ValidateIn"]["properties"]["quota"]
    assert quota["enum"] == list(quotas.NAMES)
