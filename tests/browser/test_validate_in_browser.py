"""The validate page in headless Chromium: paste AWS's broken example, fix it, download."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

# AWS's event-integrations example as published: a double colon and a trailing comma.
EVENT_INTEGRATIONS_AS_PUBLISHED = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "app-integrations:CreateEventIntegration",
                "app-integrations:GetEventIntegration",
                "app-integrations::ListEventIntegrations",
            ],
            "Resource": "*"
        }
    ]
}
"""


def test_broken_source_example_is_fixed_and_downloaded(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/validate/")
    page.get_by_label("Policy JSON").fill(EVENT_INTEGRATIONS_AS_PUBLISHED)
    page.get_by_role("button", name="Check").click()
    results = page.locator("#results")
    expect(results).to_contain_text("JSON_SYNTAX_ERROR")
    expect(page.locator(".code-lines li.marked").first).to_be_visible()

    # Apply fixes until no finding offers one; each round re-validates the text.
    for _ in range(5):
        buttons = page.get_by_role("button", name="Apply fix")
        if buttons.count() == 0:
            break
        buttons.first.click()
        expect(page.get_by_role("status").first).to_contain_text("Fix applied")
    expect(results).not_to_contain_text("JSON_SYNTAX_ERROR")
    expect(results).not_to_contain_text("INVALID_ACTION")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download JSON").click()
    document = json.loads(Path(info.value.path()).read_text())
    assert "app-integrations:ListEventIntegrations" in document["Statement"][0]["Action"]


def test_download_with_errors_is_refused_in_the_page(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/validate/")
    page.get_by_label("Policy JSON").fill(EVENT_INTEGRATIONS_AS_PUBLISHED)
    page.get_by_role("button", name="Download JSON").click()
    expect(page.get_by_role("alert")).to_contain_text("Only a policy without errors")
