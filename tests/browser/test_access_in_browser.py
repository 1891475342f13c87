"""'What this allows', 'Try a request' and the compare page in headless Chromium."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import ConsoleMessage, expect

USER_ARN = "arn:aws:iam::111122223333:user/bella"


@pytest.fixture
def refused(page) -> list[str]:
    """What the Content-Security-Policy refused on the page (Chromium says so on the console)."""
    found: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", collect)
    return found


def test_scenario_panel_opens_and_a_tried_request_gets_its_decision(
    refused, signed_in_page, live_server
):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-own-permissions/")
    body = page.locator("#access-body")
    expect(body).not_to_contain_text("iam:GetUser")

    page.locator("#access-panel > summary").click()
    expect(body.locator("table.access-table")).to_contain_text("iam:GetUser")
    expect(body).to_contain_text("arn:aws:iam::*:user/${aws:username}")

    page.locator("#try-action").select_option("iam:GetUser")
    page.locator("#try-resource").fill(USER_ARN)
    page.locator("#try-context").fill("aws:username=bella")
    result = page.locator("#try-result")
    expect(result.locator(".decision")).to_contain_text("Allowed")

    page.locator("#try-context").fill("aws:username=someone-else")
    expect(result.locator(".decision")).to_contain_text("no Allow statement matches")
    # Typing in the panel never replaced it: the values are still there.
    expect(page.locator("#try-resource")).to_have_value(USER_ARN)
    assert refused == []


def test_an_open_panel_follows_the_form(refused, signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-own-permissions/")
    page.locator("#access-panel > summary").click()
    table = page.locator("table.access-table")
    expect(table).to_contain_text("iam:ListUsers")

    page.get_by_role("checkbox", name="iam:ListUsers").uncheck()
    expect(page.locator("#policy-json")).not_to_contain_text("iam:ListUsers")
    expect(table).not_to_contain_text("iam:ListUsers")
    assert refused == []


def test_compare_page_shows_the_verdict_and_the_witness(refused, signed_in_page, live_server):
    page = signed_in_page
    page.get_by_role("link", name="Compare", exact=True).click()
    old = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "connect:ListUsers", "Resource": "*"}],
    }
    new = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["connect:ListUsers", "connect:DeleteUser"],
                "Resource": "*",
            }
        ],
    }
    page.locator("#id_old_text").fill(json.dumps(old))
    page.locator("#id_new_text").fill(json.dumps(new))
    page.get_by_role("button", name="Compare", exact=True).click()
    result = page.locator("#compare-result")
    expect(result).to_contain_text("Policy B is broader than policy A")
    expect(result.locator(".witness").first).to_contain_text("connect:DeleteUser")
    expect(result.locator(".decision-allow")).to_have_count(1)
    assert refused == []
