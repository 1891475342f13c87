"""The tokens page: a token is shown once, stored only as a hash, and can be revoked."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client

from policybuilder.api.models import ApiToken

TOKEN_RE = re.compile(r"pb_[A-Za-z0-9_-]{43}")


@pytest.fixture
def browser(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def create(browser: Client, name: str = "CI") -> str:
    page = browser.post("/api/tokens/", {"name": name}).content.decode()
    return TOKEN_RE.search(page).group(0)


def test_the_page_needs_sign_in(db):
    assert Client().get("/api/tokens/").status_code == 302


def test_a_new_token_is_shown_on_the_page(browser):
    assert create(browser).startswith("pb_")


def test_a_new_token_is_not_shown_again(browser):
    token = create(browser)
    assert token not in browser.get("/api/tokens/").content.decode()


def test_the_page_with_a_new_token_is_not_cached(browser):
    assert browser.post("/api/tokens/", {"name": "CI"})["Cache-Control"] == "no-store"


def test_only_the_sha256_of_a_token_is_stored(browser):
    token = create(browser)
    record = ApiToken.objects.get()
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_the_token_text_is_in_no_column(browser):
    token = create(browser)
    record = ApiToken.objects.get()
    assert all(token not in str(getattr(record, f.attname)) for f in ApiToken._meta.fields)


def test_the_list_shows_the_tokens_visible_prefix(browser):
    token = create(browser)
    assert token[:10] in browser.get("/api/tokens/").content.decode()


def test_a_token_works_with_the_api(browser):
    token = create(browser)
    response = Client().get("/api/scenarios", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_a_revoked_token_no_longer_works(browser):
    token = create(browser)
    browser.post(f"/api/tokens/{ApiToken.objects.get().pk}/revoke/")
    response = Client().get("/api/scenarios", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_nobody_else_can_revoke_a_token(browser, outsider):
    create(browser)
    other = Client()
    other.force_login(outsider)
    response = other.post(f"/api/tokens/{ApiToken.objects.get().pk}/revoke/")
    assert response.status_code == 404 and ApiToken.objects.get().revoked_at is None


def test_the_list_shows_only_the_users_own_tokens(browser, outsider):
    create(browser, name="mine-only")
    other = Client()
    other.force_login(outsider)
    assert "mine-only" not in other.get("/api/tokens/").content.decode()
