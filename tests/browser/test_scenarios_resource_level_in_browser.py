"""A Deny scenario of the resource-level page as an admin uses it, in headless Chromium."""

from __future__ import annotations

import json

from playwright.sync_api import expect

UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
PROFILE = "b2c3d4e5-6789-01ab-cdef-0123456789ab"


def open_filled(page, base: str) -> None:
    page.goto(f"{base}/scenarios/create-users-deny-security-profile/")
    page.locator("#id_instance").fill(UUID)
    page.locator("#id_security_profile").fill(PROFILE)
    page.locator("#id_region").select_option("us-east-1")
    page.locator("#id_account").fill("444455556666")


def test_filling_a_deny_scenario_previews_its_deny_statement(signed_in_page, live_server):
    page = signed_in_page
    open_filled(page, live_server.url)
    preview = page.locator("#policy-json")
    expect(preview).to_contain_text("DenyCreatingUsersWithSecurityProfile")
    expect(preview).to_contain_text(f"security-profile/{PROFILE}")


def test_require_tls_leaves_the_deny_alone_and_says_so(signed_in_page, live_server):
    page = signed_in_page
    open_filled(page, live_server.url)
    expect(page.locator("#policy-json")).to_contain_text("DenyCreatingUsersWithSecurityProfile")
    page.get_by_label("Require TLS").check()
    expect(page.locator("#guard-notes")).to_contain_text(
        "Guardrails leave DenyCreatingUsersWithSecurityProfile as it is"
    )
    document = json.loads(page.locator("#policy-json").inner_text())
    allow, deny = document["Statement"]
    assert allow["Condition"]["Bool"] == {"aws:SecureTransport": "true"}
    assert deny["Effect"] == "Deny" and "Condition" not in deny
