"""In the builder, a placeholder warning stands beside the field that holds the value and
names only the part that is a placeholder (issue #15)."""

from __future__ import annotations

import html
import re

import pytest

from policybuilder.core import scenarios
from policybuilder.core.params import EXAMPLE_ACCOUNT

pytestmark = pytest.mark.django_db

OWN = "/scenarios/view-own-permissions/"
ONBOARDING = "/scenarios/campaigns-onboarding/"
UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
KEY = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
DOC_ACCOUNT = "111122223333"
PLACEHOLDER_ARN = f"arn:aws:connect:us-east-1:{DOC_ACCOUNT}:instance/{UUID}"


def own(account: str) -> dict:
    """What the browser submits for view-own-permissions: the account, every action checked."""
    actions = scenarios.get("view-own-permissions").actions_param.defaults
    return {"account": account, "actions": list(actions)}


def onboarding(instance: str, **extra: str) -> dict:
    """What the browser submits for campaigns-onboarding: instance, key, every action."""
    actions = scenarios.get("campaigns-onboarding").actions_param.defaults
    return {"instance": instance, "kms_key": KEY, "actions": list(actions), **extra}


def help_of(body: str, name: str) -> str:
    """The help paragraph of field ``name``, which its control's aria-describedby names."""
    found = re.search(rf'<div class="help" id="help-{name}">(.*?)</div>', body, re.S)
    assert found, f"no help paragraph for {name}"
    return found.group(1)


def warning_in(markup: str, name: str) -> str:
    """The text of field ``name``'s placeholder warning in some markup ('' when none)."""
    found = re.search(
        rf'<span class="field-warning" id="warning-{name}"[^>]*>((?:<span[^>]*>[^<]*</span>)?[^<]*)'
        "</span>",
        markup,
    )
    assert found, f"no warning for {name}"
    text = re.sub(r"<[^>]+>", "", found.group(1)).replace("\u26a0", "")
    return html.unescape(text).strip()


def test_a_placeholder_account_is_named_in_the_account_fields_help(signed_in):
    body = signed_in.post(OWN, own(DOC_ACCOUNT)).content.decode()
    warning = warning_in(help_of(body, "account"), "account")
    assert warning.startswith(f"{DOC_ACCOUNT} is a placeholder account")


def test_the_account_fields_control_is_described_by_the_paragraph_holding_the_warning(signed_in):
    body = signed_in.post(OWN, own(DOC_ACCOUNT)).content.decode()
    control = re.search(r'<input[^>]*name="account"[^>]*>', body).group(0)
    assert "help-account" in control.split('aria-describedby="')[1].split('"')[0]


def test_a_real_account_brings_no_placeholder_warning(signed_in):
    body = signed_in.post(OWN, own(EXAMPLE_ACCOUNT)).content.decode()
    assert warning_in(help_of(body, "account"), "account") == ""


def test_an_instance_arn_in_a_placeholder_account_names_the_account_not_the_arn(signed_in):
    form = onboarding(PLACEHOLDER_ARN)
    body = signed_in.post(ONBOARDING, form).content.decode()
    warning = warning_in(help_of(body, "instance"), "instance")
    assert DOC_ACCOUNT in warning
    assert "arn:" not in warning
    assert UUID not in warning


def test_a_field_that_did_not_hold_the_placeholder_gets_no_warning(signed_in):
    # The key's ARN takes the instance ARN's account, but the key field held only the key ID.
    form = onboarding(PLACEHOLDER_ARN)
    body = signed_in.post(ONBOARDING, form).content.decode()
    assert warning_in(help_of(body, "kms_key"), "kms_key") == ""


def test_the_live_preview_sends_the_warning_out_of_band_beside_the_field(signed_in):
    form = onboarding(PLACEHOLDER_ARN, touched="instance kms_key")
    body = signed_in.post(ONBOARDING, form, HTTP_HX_REQUEST="true").content.decode()
    oob = re.search(r'<span class="field-warning" id="warning-instance" hx-swap-oob="true">', body)
    assert oob
    assert DOC_ACCOUNT in warning_in(body, "instance")


def test_the_live_preview_clears_the_warning_once_the_account_is_real(signed_in):
    arn = PLACEHOLDER_ARN.replace(DOC_ACCOUNT, EXAMPLE_ACCOUNT)
    form = onboarding(arn, touched="instance kms_key")
    body = signed_in.post(ONBOARDING, form, HTTP_HX_REQUEST="true").content.decode()
    assert warning_in(body, "instance") == ""
