"""Changing one's password in headless Chromium, from the header link to the next sign-in."""

from __future__ import annotations

from playwright.sync_api import expect

#: The browser user's password (tests/browser/conftest.py).
PASSWORD = "browser-test-pass-1"
NEW = "a-brand-new-pass-42"


def test_a_user_changes_the_password_from_the_header_and_signs_in_with_it(
    signed_in_page, live_server, browser_user
):
    page = signed_in_page
    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill(browser_user.username)
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_text(browser_user.username, exact=True)).to_be_visible()
