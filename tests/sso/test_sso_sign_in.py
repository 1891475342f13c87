"""Signing in through a real OpenID Connect provider on loopback (tests/oidc/provider.mjs),
driven with the test client and requests: accounts, links, refusals and the MFA hint."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, authenticate, get_user_model
from django.test import RequestFactory
from oidc_provider import ACCOUNTS, configure, running_provider, sign_in_at_provider

from policybuilder.sso import discovery
from policybuilder.sso.backends import IDP_MFA_SESSION_KEY
from policybuilder.sso.models import Identity

pytestmark = pytest.mark.django_db

User = get_user_model()


def sso_sign_in(client, username: str, next_url: str = ""):
    start = client.get("/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.content
    back = sign_in_at_provider(start["Location"], username, ACCOUNTS[username]["password"])
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def signed_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def test_the_sign_in_request_carries_state_nonce_and_a_pkce_challenge(client, sso):
    start = client.get("/oidc/authenticate/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert (
        query["state"][0]
        and query["nonce"][0]
        and query["code_challenge_method"] == ["S256"]
        and query["scope"] == ["openid email profile"]
    )


def test_first_sign_in_makes_an_account_from_the_verified_email_and_name(client, sso):
    response = sso_sign_in(client, "alice")
    assert response.status_code == 302 and response["Location"] == "/"
    user = signed_in_user(client)
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "alice",
        "alice@example.org",
        "Alice",
        "Example",
    )


def test_an_account_made_by_single_sign_on_has_no_password(client, sso):
    sso_sign_in(client, "alice")
    assert not signed_in_user(client).has_usable_password()


def test_the_account_is_linked_to_the_issuer_and_subject(client, sso):
    sso_sign_in(client, "alice")
    identity = Identity.objects.get()
    assert (identity.issuer, identity.subject, identity.user) == (
        sso.issuer,
        "alice-0001",
        signed_in_user(client),
    )


def test_signing_in_again_finds_the_same_account(client, sso):
    sso_sign_in(client, "alice")
    client.post("/accounts/logout/")
    sso_sign_in(client, "alice")
    assert User.objects.filter(email="alice@example.org").count() == 1


def test_the_username_gets_a_number_when_the_email_name_is_taken(client, sso):
    User.objects.create_user(username="alice", email="someone.else@example.org")
    sso_sign_in(client, "alice")
    assert signed_in_user(client).username == "alice-2"


def test_the_sign_in_goes_back_to_the_page_asked_for(client, sso):
    response = sso_sign_in(client, "alice", next_url="/teams/")
    assert response["Location"] == "/teams/"


def test_a_changed_email_at_the_provider_keeps_the_same_account(client, sso):
    carol = User.objects.create_user(username="carol", email="carol.old@example.org")
    Identity.objects.create(issuer=sso.issuer, subject="carol-0004", user=carol)
    sso_sign_in(client, "carol")
    carol.refresh_from_db()
    assert (signed_in_user(client), carol.email, User.objects.count()) == (
        carol,
        "carol.new@example.org",
        1,
    )


def test_an_unverified_email_is_refused_with_a_clear_message(client, sso):
    response = sso_sign_in(client, "una")
    assert response.status_code == 403
    assert b"has not verified the e-mail address una@example.org" in response.content


def test_an_unverified_email_makes_no_account(client, sso):
    sso_sign_in(client, "una")
    assert not User.objects.filter(email="una@example.org").exists()


def test_an_existing_account_with_the_same_email_is_not_linked_by_default(client, sso):
    User.objects.create_user(username="alice.old", email="alice@example.org", password="pw-1-x")
    response = sso_sign_in(client, "alice")
    assert response.status_code == 403
    assert b"An account here already has the e-mail address" in response.content
    assert (signed_in_user(client), Identity.objects.count()) == (None, 0)


def test_an_existing_account_with_the_same_email_is_linked_when_allowed(client, sso, settings):
    settings.OIDC_LINK_EXISTING_ACCOUNTS = True
    existing = User.objects.create_user(username="alice.old", email="Alice@Example.org")
    sso_sign_in(client, "alice")
    assert (signed_in_user(client), Identity.objects.get().user) == (existing, existing)


def test_an_account_linked_to_another_person_at_the_provider_is_not_linked_again(
    client, sso, settings
):
    settings.OIDC_LINK_EXISTING_ACCOUNTS = True
    existing = User.objects.create_user(username="alice.old", email="alice@example.org")
    Identity.objects.create(issuer=sso.issuer, subject="somebody-else", user=existing)
    response = sso_sign_in(client, "alice")
    assert response.status_code == 403 and signed_in_user(client) is None


def test_a_disabled_account_is_not_signed_in(client, sso):
    sso_sign_in(client, "alice")
    User.objects.filter(username="alice").update(is_active=False)
    client.post("/accounts/logout/")
    response = sso_sign_in(client, "alice")
    assert response.status_code == 403 and signed_in_user(client) is None


def test_a_second_factor_at_the_provider_is_recorded_for_mfa(client, sso):
    sso_sign_in(client, "otto")
    assert client.session[IDP_MFA_SESSION_KEY] is True


def test_a_password_alone_at_the_provider_is_not_mfa(client, sso):
    sso_sign_in(client, "alice")
    assert client.session[IDP_MFA_SESSION_KEY] is False


def test_a_callback_with_a_state_the_site_never_sent_signs_nobody_in(client, sso):
    response = client.get("/oidc/callback/?code=made-up&state=made-up")
    assert response.status_code == 403 and signed_in_user(client) is None


def test_a_code_used_twice_signs_nobody_in_the_second_time(client, sso):
    start = client.get("/oidc/authenticate/")
    back = urlsplit(sign_in_at_provider(start["Location"], "alice", "alice-at-the-idp"))
    client.get(f"{back.path}?{back.query}")
    client.post("/accounts/logout/")
    # A new sign-in puts a fresh state in the session; the old code is replayed with it.
    client.get("/oidc/authenticate/")
    state = next(iter(client.session["oidc_states"]))
    code = parse_qs(back.query)["code"][0]
    response = client.get(f"/oidc/callback/?code={code}&state={state}")
    assert response.status_code == 403 and signed_in_user(client) is None


def test_an_unreachable_provider_gives_a_clear_page(client, sso, settings):
    from oidc_provider import free_port

    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503
    assert b"Test IdP is not answering" in response.content


def test_a_provider_that_stops_answering_before_the_callback_gives_the_clear_page(client, settings):
    with running_provider(["http://testserver"]) as provider:
        configure(settings, provider)
        discovery.forget()
        start = client.get("/oidc/authenticate/")
        back = urlsplit(sign_in_at_provider(start["Location"], "alice", "alice-at-the-idp"))
    response = client.get(f"{back.path}?{back.query}")
    discovery.forget()
    assert response.status_code == 503 and signed_in_user(client) is None


def test_a_discovery_document_for_another_issuer_gives_the_same_clear_page(client, sso, settings):
    settings.OIDC_ISSUER = sso.issuer + "/"
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503


def test_the_discovery_document_is_fetched_once_per_process(sso):
    assert discovery.metadata() is discovery.metadata()


def test_single_sign_on_pages_are_not_found_when_it_is_not_configured(client):
    assert client.get("/oidc/authenticate/").status_code == 404


def test_a_callback_without_a_username_is_not_counted_by_axes(sso):
    request = RequestFactory().get("/oidc/callback/")
    user = authenticate(request=request, nonce="n", code_verifier="v")
    assert (user, AccessAttempt.objects.count()) == (None, 0)


def test_a_wrong_password_is_still_counted_by_axes(sso):
    User.objects.create_user(username="pat", password="right-pass-1")
    request = RequestFactory().post("/accounts/login/")
    authenticate(request=request, username="pat", password="wrong")
    assert AccessAttempt.objects.filter(username="pat").count() == 1
