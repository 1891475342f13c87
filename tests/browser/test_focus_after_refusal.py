"""After a refused submission the page comes back with focus on the first error, so a keyboard
or screen-reader user lands where the fix is needed."""

from __future__ import annotations

from playwright.sync_api import expect


def test_a_refused_download_focuses_the_first_field_in_error(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-users/")
    page.locator('input[name="scope"][value="instance"]').check()
    page.get_by_role("textbox", name="Amazon Connect instance").fill("not an instance")
    page.get_by_role("button", name="Download JSON").click()
    page.wait_for_load_state()
    expect(page.get_by_role("textbox", name="Amazon Connect instance")).to_be_focused()


def test_a_refused_validate_download_focuses_the_reason(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/validate/")
    page.get_by_label("Policy JSON").fill('{"Version": "2012-10-17", "Statement": [}')
    page.get_by_role("button", name="Download JSON").click()
    page.wait_for_load_state()
    expect(
        page.get_by_role("alert").filter(has_text="Only a policy without errors")
    ).to_be_focused()
