"""Single sign-on in headless Chromium: from the sign-in page to a real OpenID Connect provider
on loopback (tests/oidc/provider.mjs) and back, then signing out of both."""

from __future__ import annotations

import pytest
from oidc_provider import ACCOUNTS, oidc_provider, sso  # noqa: F401  (fixtures)
from playwright.sync_api import expect


@pytest.fixture
def sso_page(page, live_server, transactional_db, sso):  # noqa: F811
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Sign in with Test IdP").click()
    page.get_by_label("Provider username").fill("alice")
    page.get_by_label("Provider password").fill(ACCOUNTS["alice"]["password"])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_signing_in_at_the_provider_comes_back_signed_in_to_the_catalogue(sso_page):
    expect(sso_page.locator(".signout .who")).to_have_text("alice")


def test_signing_out_signs_out_at_the_provider_and_here(sso_page, live_server, sso):  # noqa: F811
    sso_page.get_by_role("button", name="Sign out").click()
    sso_page.wait_for_url(f"{sso.issuer}/session/end**")
    sso_page.get_by_role("button", name="Yes, sign me out").click()
    sso_page.wait_for_url(f"{live_server.url}/accounts/login/")
    sso_page.goto(f"{live_server.url}/teams/")
    expect(sso_page).to_have_url(f"{live_server.url}/accounts/login/?next=/teams/")


def test_an_unverified_email_at_the_provider_is_refused_with_its_reason(
    page,
    live_server,
    transactional_db,
    sso,  # noqa: F811
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Sign in with Test IdP").click()
    page.get_by_label("Provider username").fill("una")
    page.get_by_label("Provider password").fill(ACCOUNTS["una"]["password"])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Test IdP has not verified the e-mail address una@example.org"
    )
