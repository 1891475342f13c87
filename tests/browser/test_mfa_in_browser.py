"""Multi-factor authentication in headless Chromium: an authenticator app set up from the header
link (its secret read off the page, its codes made by pyotp), then a sign-in with password and
code."""

from __future__ import annotations

import time

import pyotp
from playwright.sync_api import expect

#: The browser user's password (tests/browser/conftest.py).
PASSWORD = "browser-test-pass-1"


def test_a_user_sets_up_an_authenticator_app_and_signs_in_with_its_code(
    signed_in_page, live_server, browser_user
):
    page = signed_in_page
    page.get_by_role("link", name="Multi-factor authentication").click()
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    app = pyotp.TOTP(page.locator("#mfa-secret").inner_text().replace(" ", ""))
    page.get_by_label("Code").fill(app.now())
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill(browser_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    # The set-up used this time step's code, and a code is good once: the app's next one.
    page.get_by_label("Code").fill(app.at(time.time() + 30))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Teams")).to_be_visible()


def test_a_wrong_code_at_sign_in_is_refused_in_the_page(signed_in_page, live_server, browser_user):
    page = signed_in_page
    page.goto(f"{live_server.url}/account/mfa/setup/")
    app = pyotp.TOTP(page.locator("#mfa-secret").inner_text().replace(" ", ""))
    page.get_by_label("Code").fill(app.now())
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill(browser_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    near = {app.at(time.time() + step * 30) for step in range(-2, 3)}
    page.get_by_label("Code").fill(next(c for c in ("000000", "111111", "222222") if c not in near))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
