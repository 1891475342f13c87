"""The Content-Security-Policy in a real browser: htmx and our script work, nothing is refused.

Chromium reports every blocked inline script, inline style or foreign resource on the console
("Refused to ... because it violates the following Content Security Policy directive"), so a
page that needs something the policy forbids shows up here even when it still looks right.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import ConsoleMessage, Page, expect

PASSWORD = "csp-test-pass-1"

pytestmark = pytest.mark.browser


@pytest.fixture
def violations(page: Page) -> list[str]:
    found: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", collect)
    return found


@pytest.fixture
def signed_in(page: Page, live_server, transactional_db, violations) -> Page:
    get_user_model().objects.create_user(username="cora", password=PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("cora")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_live_preview_runs_under_the_policy_without_violations(signed_in, live_server, violations):
    page = signed_in
    page.goto(f"{live_server.url}/scenarios/users-by-resource-tag/")
    page.get_by_label("Tag key 1").fill("CostCentre")
    page.get_by_label("Tag value 1").fill("Blue")
    expect(page.locator("#policy-json")).to_contain_text('"aws:ResourceTag/CostCentre": "Blue"')
    page.get_by_role("button", name="Add tag").click()
    assert violations == []


def test_validate_and_teams_pages_load_without_violations(signed_in, live_server, violations):
    for path in ("/validate/", "/teams/", "/library/", "/"):
        signed_in.goto(f"{live_server.url}{path}")
        signed_in.wait_for_load_state("networkidle")
    assert violations == []


def test_an_inline_script_would_be_refused(signed_in, live_server, violations):
    """The check above can see a violation: inject one and watch it reported."""
    signed_in.goto(f"{live_server.url}/validate/")
    signed_in.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.append(s); }"
    )
    signed_in.wait_for_timeout(200)
    assert (signed_in.evaluate("() => window.__ran === true"), len(violations) > 0) == (False, True)
