"""Guardrails and least-privilege advice as an admin uses them, in headless Chromium."""

from __future__ import annotations

from helpers import check_instance_field_follows_its_switch
from playwright.sync_api import expect

UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"


def test_switching_on_mfa_updates_the_preview_without_a_page_load(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/wisdom-assistants/")
    page.evaluate("window.__marker = 'same page'")
    page.get_by_label("Require MFA").check()
    expect(page.locator("#policy-json")).to_contain_text('"aws:MultiFactorAuthPresent": "true"')
    assert page.evaluate("window.__marker") == "same page"


def test_choosing_regions_adds_the_requested_region_condition(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/wisdom-assistants/")
    page.get_by_label("Restrict to regions").select_option(["us-east-1", "eu-west-2"])
    expect(page.locator("#policy-json")).to_contain_text("aws:RequestedRegion")
    expect(page.locator("#policy-json")).to_contain_text("eu-west-2")


def test_instance_fields_appear_only_while_the_instance_guardrail_is_on(
    signed_in_page, live_server
):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/users-by-resource-tag/")
    check_instance_field_follows_its_switch(page)


def test_advice_button_restricts_the_policy_to_the_instance(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/users-by-resource-tag/")
    page.get_by_label("Tag key 1").fill("Department")
    page.get_by_label("Tag value 1").fill("Test")
    page.get_by_role("button", name="Restrict to the instance").click()
    expect(page.get_by_label("Restrict to an instance")).to_be_checked()
    page.get_by_role("textbox", name="Amazon Connect instance").fill(
        f"arn:aws:connect:eu-west-2:111122223333:instance/{UUID}"
    )
    expect(page.locator("#policy-json")).to_contain_text(
        f"arn:aws:connect:eu-west-2:111122223333:instance/{UUID}/agent/*"
    )


def test_advice_button_unchecks_the_unconditioned_write_actions(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/wisdom-assistants/")
    expect(page.locator("#policy-json")).to_contain_text("wisdom:DeleteAssistant")
    page.get_by_role("button", name="Uncheck these 2 actions").click()
    expect(page.locator("#policy-json")).not_to_contain_text("wisdom:DeleteAssistant")
    expect(page.get_by_role("checkbox", name="wisdom:CreateAssistant")).not_to_be_checked()


def test_guardrail_notes_explain_a_skipped_global_statement(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/scenarios/view-own-permissions/")
    page.get_by_label("Restrict to regions").select_option(["us-east-1"])
    expect(page.locator("#guard-notes")).to_contain_text("is a global service")
