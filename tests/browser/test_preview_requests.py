"""Toggling a checkbox sends one preview request, not two (a checkbox fires both input and
change)."""

from __future__ import annotations

from playwright.sync_api import expect


def _previews(page, live_server, slug: str) -> list[str]:
    seen: list[str] = []
    page.on(
        "request",
        lambda r: (
            seen.append(r.url)
            if r.method == "POST" and r.url == f"{live_server.url}/scenarios/{slug}/"
            else None
        ),
    )
    return seen


def test_toggling_a_guardrail_sends_one_preview_request(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-own-permissions/")
    seen = _previews(page, live_server, "view-own-permissions")
    page.get_by_label("Require MFA").check()
    expect(page.locator("#policy-json")).to_contain_text("aws:MultiFactorAuthPresent")
    page.wait_for_timeout(600)  # longer than the typing delay: a second request would be sent
    assert len(seen) == 1


def test_unchecking_an_action_sends_one_preview_request(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-users/")
    seen = _previews(page, live_server, "view-users")
    page.get_by_label("connect:ListUsers").uncheck()
    expect(page.locator("#policy-json")).not_to_contain_text("connect:ListUsers")
    page.wait_for_timeout(600)
    assert len(seen) == 1
