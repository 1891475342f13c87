"""A normal session, page after page and a few edits, logs no error in the browser console
(a failed request, a refused script or style, an uncaught exception)."""

from __future__ import annotations

import pytest
from browser_pages import BROKEN_POLICY, SIGNED_IN_IDS, SIGNED_IN_PAGES, site_data
from playwright.sync_api import expect


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    return errors


@pytest.mark.parametrize("site_page", SIGNED_IN_PAGES, ids=SIGNED_IN_IDS)
def test_opening_the_page_logs_no_console_error(
    site_page, console_errors, signed_in_page, live_server, browser_user
):
    data = site_data(browser_user)
    site_page.open(signed_in_page, live_server.url, data)
    signed_in_page.wait_for_load_state("networkidle")
    assert console_errors == []


def test_editing_in_the_builder_logs_no_console_error(console_errors, signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-users/")
    page.locator('input[name="scope"][value="instance"]').check()
    page.get_by_role("textbox", name="Amazon Connect instance").fill("not an instance")
    expect(page.locator("#error-instance")).not_to_be_empty()
    page.locator('input[name="scope"][value="account"]').check()
    page.get_by_label("Require MFA").check()
    expect(page.locator("#policy-json")).to_contain_text("aws:MultiFactorAuthPresent")
    page.get_by_role("heading", name="What this allows").click()
    page.wait_for_load_state("networkidle")
    assert console_errors == []


def test_fixing_a_policy_on_the_validate_page_logs_no_console_error(
    console_errors, signed_in_page, live_server, browser_user
):
    page = signed_in_page
    page.goto(f"{live_server.url}/validate/")
    page.get_by_label("Policy JSON").fill(BROKEN_POLICY)
    page.get_by_role("button", name="Check").click()
    page.get_by_role("button", name="Apply all fixes").click()
    expect(page.get_by_role("status").filter(has_text="applied")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert console_errors == []
