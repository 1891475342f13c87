"""AWS's "Amazon Connect resource-level policy examples", pasted into the validator as published.

Each example is kept verbatim under tests/fixtures/scenarios/resource-level/source/:
``NAME.json`` as the page shows it today, ``NAME-older.json`` where the older
version of the page (the awsdocs/amazon-connect-admin-guide repository) differs.
The page marks placeholders in italics inside the code; the text here is what
a reader copying from the browser gets, without that markup.  Each must yield
exactly the errors a careful reader would point out, and each broken example
its specific problem.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from policybuilder.core.validator import Severity, validate

SOURCE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "resource-level" / "source"
)


def findings(name: str):
    return validate((SOURCE / name).read_text(encoding="utf-8"))


def error_codes(name: str) -> Counter[str]:
    return Counter(f.code for f in findings(name) if f.severity is Severity.ERROR)


def codes(name: str) -> set[str]:
    return {f.code for f in findings(name)}


EXPECTED_ERRORS = {
    "deny-instance-by-id.json": {},
    "deny-instance-by-arn.json": {},
    "deny-user-delete-update.json": {},
    "integrations-by-name.json": {},
    "integrations-by-name-older.json": {"INVALID_SERVICE_IN_ACTION": 1},
    "create-users-deny-security-profile.json": {},
    "create-users-deny-security-profile-older.json": {"JSON_SYNTAX_ERROR": 2},
    "contact-recording.json": {},
    "contact-recording-older.json": {"INVALID_ARN_ACCOUNT": 1},
    "contact-recording-every-instance.json": {},
    "queue-deny-create-queue.json": {},
    "queue-allow-update-caller-config.json": {},
    "view-event-integration.json": {},
    "view-event-integration-older.json": {"INVALID_ARN_ACCOUNT": 1},
    "customer-profiles-full.json": {},
    "customer-profiles-read-only.json": {},
    "customer-profiles-read-only-older.json": {"INVALID_ACTION": 1, "INVALID_ARN_ACCOUNT": 1},
    "q-in-connect-query-assistant.json": {},
    "q-in-connect-query-assistant-older.json": {"INVALID_ACTION": 1, "INVALID_ARN_ACCOUNT": 1},
    "voice-id-full.json": {},
    "campaign-full-access.json": {
        "PB_MISSING_POLICY_WRAPPER": 1,
        "JSON_SYNTAX_ERROR": 2,
        "INVALID_ACTION": 2,
        "INVALID_ARN_ACCOUNT": 1,
    },
    "campaign-full-access-older.json": {
        "PB_MISSING_POLICY_WRAPPER": 1,
        "JSON_SYNTAX_ERROR": 2,
        "INVALID_SERVICE_IN_ACTION": 1,
        "INVALID_ACTION": 2,
        "INVALID_ARN_ACCOUNT": 1,
    },
    "contact-lens-search-restriction.json": {},
}


def test_every_kept_example_has_its_expected_errors_and_none_is_orphaned():
    assert sorted(p.name for p in SOURCE.glob("*.json")) == sorted(EXPECTED_ERRORS)


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_ERRORS.items()))
def test_each_resource_level_example_yields_exactly_the_expected_errors(name, expected):
    assert error_codes(name) == Counter(expected)


def test_older_integrations_example_misspelt_service_is_corrected_to_app_integrations():
    bad = next(f for f in findings("integrations-by-name-older.json") if f.code.startswith("INV"))
    assert bad.path == "$.Statement[0].Action[4]"
    assert "Did you mean 'app-integrations'" in bad.message


def test_older_integrations_example_arn_of_service_appintegrations_matches_no_integration():
    mismatched = [
        f
        for f in findings("integrations-by-name-older.json")
        if f.code == "PB_RESOURCE_TYPE_MISMATCH"
    ]
    assert [f.path for f in mismatched] == [f"$.Statement[0].Action[{i}]" for i in (1, 2, 3)]


def test_older_create_users_example_trailing_commas_are_located_after_each_resource():
    syntax = [
        f
        for f in findings("create-users-deny-security-profile-older.json")
        if f.code == "JSON_SYNTAX_ERROR"
    ]
    assert [(f.line, "Trailing comma" in f.message) for f in syntax] == [(9, True), (16, True)]


def test_create_users_example_deny_arn_is_reported_as_still_a_placeholder():
    found = findings("create-users-deny-security-profile.json")
    placeholder = next(f for f in found if f.code == "PB_PLACEHOLDER_IN_ARN")
    assert placeholder.path == "$.Statement[1].Resource"


@pytest.mark.parametrize(
    "name",
    [
        "contact-recording-older.json",
        "view-event-integration-older.json",
        "customer-profiles-read-only-older.json",
        "q-in-connect-query-assistant-older.json",
        "campaign-full-access.json",
    ],
)
def test_the_account_id_placeholder_account_id_is_refused_as_an_account(name):
    bad = next(f for f in findings(name) if f.code == "INVALID_ARN_ACCOUNT")
    assert "'accountID' is not an AWS account ID" in bad.message


@pytest.mark.parametrize(
    ("name", "placeholder"),
    [
        ("contact-recording.json", "'instanceId'"),
        ("contact-lens-search-restriction.json", "'instance-id'"),
    ],
)
def test_an_instance_id_placeholder_is_named_in_the_warning(name, placeholder):
    warnings = [f for f in findings(name) if f.code == "PB_PLACEHOLDER_IN_ARN"]
    assert warnings and all(placeholder in f.message for f in warnings)


def test_older_read_only_profiles_example_names_the_real_object_listing_action():
    bad = next(
        f for f in findings("customer-profiles-read-only-older.json") if f.code == "INVALID_ACTION"
    )
    assert "'ListObjects'" in bad.message and "profile:ListProfileObjects" in bad.message


def test_older_q_in_connect_example_action_with_a_trailing_space_is_refused():
    bad = next(
        f for f in findings("q-in-connect-query-assistant-older.json") if f.code == "INVALID_ACTION"
    )
    assert "'wisdom:QueryAssistant '" in bad.message and "spaces" in bad.message


def test_campaign_example_fragment_is_wrapped_into_a_complete_policy():
    wrapper = next(
        f for f in findings("campaign-full-access.json") if f.code == "PB_MISSING_POLICY_WRAPPER"
    )
    document = json.loads(wrapper.fix.document)
    assert document["Version"] == "2012-10-17"
    assert document["Statement"][0]["Sid"] == "AllowConnectCampaignsOperations"


def test_campaign_example_missing_comma_and_trailing_comma_are_both_located():
    syntax = [f for f in findings("campaign-full-access.json") if f.code == "JSON_SYNTAX_ERROR"]
    assert [(f.line, f.column) for f in syntax] == [(8, 45), (15, 84)]


def test_campaign_example_invalid_actions_suggest_the_campaign_names():
    invalid = [f for f in findings("campaign-full-access.json") if f.code == "INVALID_ACTION"]
    assert "UpdateCampaignOutboundCallConfig" in invalid[0].message
    assert "UpdateCampaignDialerConfig" in invalid[1].message


def test_older_campaign_example_misspelt_service_suggests_connect_campaigns():
    bad = next(
        f
        for f in findings("campaign-full-access-older.json")
        if f.code == "INVALID_SERVICE_IN_ACTION"
    )
    assert (
        "'connect-camapigns'" in bad.message and "Did you mean 'connect-campaigns'" in bad.message
    )


@pytest.mark.parametrize(
    "name",
    ["deny-instance-by-id.json", "deny-instance-by-arn.json", "deny-user-delete-update.json"],
)
def test_the_deny_examples_are_accepted_as_deny_statements(name):
    assert not [
        f for f in findings(name) if f.severity in (Severity.ERROR, Severity.SECURITY_WARNING)
    ]
