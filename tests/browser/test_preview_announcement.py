"""The live preview is announced politely: a polite status region that stays in the page (a
replaced live region is not announced) says what each update brought."""

from __future__ import annotations

from playwright.sync_api import expect


def test_a_preview_update_is_announced_in_a_polite_status_that_stays_in_the_page(
    signed_in_page, live_server
):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-own-permissions/")
    status = page.locator('[role="status"][aria-live="polite"]#preview-status')
    status.evaluate("(el) => { el.dataset.original = 'yes'; }")
    page.get_by_label("Require MFA").check()
    expect(status).to_have_text("Policy updated.")
    assert status.get_attribute("data-original") == "yes"


def test_an_update_with_errors_is_announced_with_the_number_of_fields_to_fix(
    signed_in_page, live_server
):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-users/")
    page.locator('input[name="scope"][value="instance"]').check()
    page.get_by_role("textbox", name="Amazon Connect instance").fill("nonsense")
    expect(page.locator("#preview-status")).to_have_text("Nothing to show yet: 1 field to fix.")
