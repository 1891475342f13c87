"""The validate page's colours mean what they usually mean: no error text on green."""

from __future__ import annotations

from browser_pages import BROKEN_POLICY

OK_GREEN = "rgb(230, 244, 234)"


def test_an_error_message_is_not_shown_on_green(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/validate/")
    page.get_by_label("Policy JSON").fill(BROKEN_POLICY)
    page.get_by_role("button", name="Check").click()
    message = page.locator(".finding.sev-error .message").first
    background = message.evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert background != OK_GREEN
