"""The sign-in page with single sign-on, password sign-in turned off, and signing out."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from oidc_provider import ACCOUNTS, CLIENT_ID, sign_in_at_provider

pytestmark = pytest.mark.django_db


def sso_sign_in(client, username: str):
    start = client.get("/oidc/authenticate/")
    back = urlsplit(
        sign_in_at_provider(start["Location"], username, ACCOUNTS[username]["password"])
    )
    return client.get(f"{back.path}?{back.query}")


def test_the_sign_in_page_offers_the_provider_when_configured(client, sso):
    assert b"Sign in with Test IdP" in client.get("/accounts/login/").content


def test_the_sign_in_page_keeps_where_to_go_next_for_the_provider(client, sso):
    page = client.get("/accounts/login/?next=/teams/").content.decode()
    assert 'href="/oidc/authenticate/?next=/teams/"' in page


def test_the_sign_in_page_offers_no_provider_when_none_is_configured(client):
    assert b"Sign in with" not in client.get("/accounts/login/").content


def test_password_sign_in_off_hides_the_password_form(client, sso, settings):
    settings.PASSWORD_SIGN_IN = False
    assert b'name="password"' not in client.get("/accounts/login/").content


def test_password_sign_in_off_refuses_a_username_and_password(client, sso, settings):
    settings.PASSWORD_SIGN_IN = False
    get_user_model().objects.create_user(username="pat", password="a-long-test-pass-1")
    response = client.post(
        "/accounts/login/", {"username": "pat", "password": "a-long-test-pass-1"}
    )
    assert response.status_code == 403 and SESSION_KEY not in client.session


def test_password_sign_in_still_works_beside_single_sign_on(client, sso):
    get_user_model().objects.create_user(username="pat", password="a-long-test-pass-1")
    client.post("/accounts/login/", {"username": "pat", "password": "a-long-test-pass-1"})
    assert SESSION_KEY in client.session


def test_signing_out_of_a_single_sign_on_session_goes_on_to_the_provider(client, sso):
    sso_sign_in(client, "alice")
    response = client.post("/accounts/logout/")
    target = urlsplit(response["Location"])
    query = parse_qs(target.query)
    assert (f"{target.scheme}://{target.netloc}{target.path}", query["client_id"]) == (
        f"{sso.issuer}/session/end",
        [CLIENT_ID],
    )
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]


def test_signing_out_ends_the_session_here(client, sso):
    sso_sign_in(client, "alice")
    client.post("/accounts/logout/")
    assert client.get("/teams/")["Location"].startswith("/accounts/login/")


def test_signing_out_stays_here_when_the_provider_sign_out_is_turned_off(client, sso, settings):
    settings.OIDC_SIGN_OUT_AT_PROVIDER = False
    sso_sign_in(client, "alice")
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"


def test_signing_out_of_a_password_session_stays_here(client, sso):
    get_user_model().objects.create_user(username="pat", password="a-long-test-pass-1")
    client.post("/accounts/login/", {"username": "pat", "password": "a-long-test-pass-1"})
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
