"""Three scenarios end to end: live preview, inline error and recovery, download.

One with tags, one with a KMS key and an instance, one driven by the action
checklist; each in the same page, never reloaded.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

INSTANCE_ARN = (
    "arn:aws:connect:eu-west-2:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
)


def open_builder(page: Page, live_server, slug: str) -> None:
    page.goto(f"{live_server.url}/scenarios/{slug}/")
    page.evaluate("window.__notReloaded = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__notReloaded") is True


def download_json(page: Page) -> dict:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download JSON").click()
    return json.loads(Path(info.value.path()).read_text())


def test_tags_scenario(signed_in_page, live_server):
    page = signed_in_page
    open_builder(page, live_server, "create-users-with-request-tag")
    page.get_by_label("Tag key 1").fill("Owner")
    page.get_by_label("Tag value 1").fill("TeamB")
    expect(page.locator("#policy-json")).to_contain_text('"aws:RequestTag/Owner": "TeamB"')

    page.get_by_label("Tag value 1").fill('Team"B')
    expect(page.locator("#error-tags")).to_contain_text("double quote")
    page.get_by_label("Tag value 1").fill("TeamC")
    expect(page.locator("#error-tags")).to_be_empty()
    expect(page.locator("#policy-json")).to_contain_text('"aws:RequestTag/Owner": "TeamC"')
    assert_not_reloaded(page)

    document = download_json(page)
    assert document["Statement"][0]["Condition"] == {
        "StringEquals": {"aws:RequestTag/Owner": "TeamC"}
    }


def test_kms_key_and_instance_scenario(signed_in_page, live_server):
    page = signed_in_page
    open_builder(page, live_server, "campaigns-onboarding")
    page.get_by_role("textbox", name="Amazon Connect instance").fill(INSTANCE_ARN)
    page.get_by_role("textbox", name="KMS key").fill("alias/campaigns")
    expect(page.locator("#error-kms_key")).to_contain_text("An alias cannot be used here")
    expect(page.locator("#policy-json")).to_have_count(0)

    page.get_by_role("textbox", name="KMS key").fill("1234abcd-12ab-34cd-56ef-1234567890ab")
    expect(page.locator("#error-kms_key")).to_be_empty()
    expect(page.locator("#policy-json")).to_contain_text(
        "arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    )
    assert_not_reloaded(page)

    document = download_json(page)
    resources = [s["Resource"] for s in document["Statement"]]
    assert ["arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"] in (
        resources
    )
    assert [INSTANCE_ARN] in resources


def test_action_checklist_scenario(signed_in_page, live_server):
    page = signed_in_page
    open_builder(page, live_server, "wisdom-assistants")
    expect(page.locator("#policy-json")).to_contain_text("wisdom:DeleteAssistant")
    boxes = page.locator('input[name="actions"]')
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    expect(page.locator("#error-actions")).to_contain_text("Keep at least one action")
    expect(page.locator("#policy-json")).to_have_count(0)

    page.get_by_role("checkbox", name="wisdom:GetAssistant").check()
    page.get_by_role("checkbox", name="wisdom:ListAssistants").check()
    expect(page.locator("#error-actions")).to_be_empty()
    expect(page.locator("#policy-json")).not_to_contain_text("DeleteAssistant")
    assert_not_reloaded(page)

    document = download_json(page)
    assert document["Statement"][0]["Action"] == ["wisdom:GetAssistant", "wisdom:ListAssistants"]
