"""The builder as an admin uses it, in headless Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect


def test_signing_in_shows_the_catalogue(signed_in_page):
    expect(
        signed_in_page.get_by_role("heading", name="Amazon Connect policy scenarios")
    ).to_be_visible()


def test_tag_scenario_preview_follows_typing_without_a_page_load(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/users-by-resource-tag/")
    page.evaluate("window.__marker = 'same page'")
    page.get_by_label("Tag key 1").fill("CostCentre")
    page.get_by_label("Tag value 1").fill("Blue")
    expect(page.locator("#policy-json")).to_contain_text('"aws:ResourceTag/CostCentre": "Blue"')
    assert page.evaluate("window.__marker") == "same page"


def test_a_second_tag_row_can_be_added_and_removed(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/users-by-resource-tag/")
    page.get_by_label("Tag key 1").fill("Team")
    page.get_by_label("Tag value 1").fill("A")
    page.get_by_role("button", name="Add tag").click()
    page.get_by_label("Tag key 1").nth(1).fill("Env")
    page.get_by_label("Tag value 1").nth(1).fill("Prod")
    expect(page.locator("#policy-json")).to_contain_text("aws:ResourceTag/Env")
    page.get_by_role("button", name="Remove").nth(1).click()
    expect(page.locator("#policy-json")).not_to_contain_text("aws:ResourceTag/Env")


def test_bad_value_shows_inline_error_then_recovers(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/users-by-resource-tag/")
    page.get_by_label("Tag key 1").fill("aws:owner")
    error = page.locator("#error-tags")
    expect(error).to_contain_text("reserved for AWS")
    expect(page.locator("#policy-json")).to_have_count(0)
    page.get_by_label("Tag key 1").fill("owner")
    page.get_by_label("Tag value 1").fill("me")
    expect(error).to_be_empty()
    expect(page.locator("#policy-json")).to_contain_text("aws:ResourceTag/owner")


def test_typing_one_field_does_not_mark_the_empty_ones_below_it(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/campaigns-onboarding/")
    page.get_by_role("textbox", name="Amazon Connect instance").fill(
        "arn:aws:connect:eu-west-2:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
    )
    expect(page.locator("#preview")).to_contain_text("Nothing to show yet")
    expect(page.locator("#preview a[href='#field-kms_key']")).to_be_visible()
    expect(page.locator("#error-kms_key")).to_be_empty()
    page.get_by_role("textbox", name="KMS key").fill("alias/mine")
    expect(page.locator("#error-kms_key")).to_contain_text("An alias cannot be used here")


def test_a_checkbox_change_counts_as_touching_its_field(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/app-integrations-full/")
    boxes = page.locator("input[name=actions]")
    # All but the first unchecked without events, then the first by hand: one change event.
    boxes.evaluate_all("(all) => all.slice(1).forEach((box) => { box.checked = false; })")
    boxes.first.uncheck()
    expect(page.locator("#error-actions")).to_contain_text("Keep at least one action")


def test_kms_and_instance_scenario_downloads_valid_json(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/campaigns-onboarding/")
    page.get_by_role("textbox", name="Amazon Connect instance").fill(
        "arn:aws:connect:eu-west-2:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
    )
    page.get_by_role("textbox", name="KMS key").fill("mrk-0123456789abcdef0123456789abcdef")
    expect(page.locator("#policy-json")).to_contain_text(
        "arn:aws:kms:eu-west-2:111122223333:key/mrk-0123456789abcdef0123456789abcdef"
    )
    with page.expect_download() as info:
        page.get_by_role("button", name="Download JSON").click()
    download = info.value
    assert download.suggested_filename == "campaigns-onboarding.json"
    document = json.loads(Path(download.path()).read_text())
    assert document["Statement"][1]["Resource"] == [
        "arn:aws:connect:eu-west-2:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
    ]


def test_unchecking_an_action_removes_it_from_the_preview(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/app-integrations-full/")
    expect(page.locator("#policy-json")).to_contain_text("DeleteDataIntegration")
    page.get_by_role("checkbox", name="app-integrations:DeleteDataIntegration").uncheck()
    expect(page.locator("#policy-json")).not_to_contain_text("DeleteDataIntegration")


def test_catalogue_filter_hides_cards_while_typing(signed_in_page):
    page = signed_in_page
    page.get_by_label("Filter scenarios").fill("wisdom")
    expect(
        page.get_by_role("link", name="Create and view Amazon Connect Wisdom Assistants")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Manage outbound campaigns: onboarding")).to_be_hidden()


def test_the_live_preview_shows_a_placeholder_account_beside_the_instance_field(
    signed_in_page, live_server
):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/campaigns-onboarding/")
    page.get_by_role("textbox", name="KMS key").fill("0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b")
    instance = page.get_by_role("textbox", name="Amazon Connect instance")
    instance.fill(
        "arn:aws:connect:us-east-1:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
    )
    warning = page.locator("#field-instance #warning-instance")
    expect(warning).to_have_text(
        "⚠ 111122223333 is a placeholder account from AWS's documentation examples: enter your own."
    )
    expect(instance).to_have_accessible_description(re.compile("111122223333 is a placeholder"))
    instance.fill(
        "arn:aws:connect:us-east-1:402961837514:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
    )
    expect(warning).to_be_empty()


def test_copy_puts_the_downloaded_policy_on_the_clipboard(signed_in_page, live_server):
    # Copy takes the highlighted policy's text: the page no longer sends the policy twice.
    page = signed_in_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/scenarios/users-by-resource-tag/")
    page.get_by_label("Tag key 1").fill("CostCentre")
    page.get_by_label("Tag value 1").fill("Blue")
    expect(page.locator("#policy-json")).to_contain_text('"aws:ResourceTag/CostCentre": "Blue"')
    # Leaving the field sends one more preview (its change event): let it land first.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_label("Tag value 1").press("Tab")
    expect(page.locator("#policy-json")).to_contain_text('"aws:ResourceTag/CostCentre": "Blue"')
    page.locator("#preview").get_by_role("button", name="Copy").click()
    # A preview landing after the click may replace the button (and its "Copied"): wait for
    # the clipboard instead.
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    assert copied == Path(download.value.path()).read_text(encoding="utf-8")
    assert json.loads(copied)["Statement"][0]["Condition"]["StringEquals"] == {
        "aws:ResourceTag/CostCentre": "Blue"
    }


def test_copy_puts_a_new_api_token_on_the_clipboard(signed_in_page, live_server):
    # The same button on the tokens page: it copied nothing while it read the policy's copy.
    page = signed_in_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/api/tokens/")
    page.get_by_label("Name (what it is for)").fill("CI pipeline")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").inner_text().strip()
    assert token
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == token
