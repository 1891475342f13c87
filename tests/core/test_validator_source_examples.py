"""AWS's own Amazon Connect examples (the source document), broken as published.

Each example is kept verbatim under tests/fixtures/validator/source/ and must
yield exactly the problems a careful reader would point out.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from policybuilder.core.validator import Severity, validate

SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "validator" / "source"


def findings(name: str):
    return validate((SOURCE / name).read_text(encoding="utf-8"))


def error_codes(name: str) -> Counter[str]:
    return Counter(f.code for f in findings(name) if f.severity is Severity.ERROR)


EXPECTED_ERRORS = {
    "app-integrations-full.json": {"INVALID_SERVICE_IN_ACTION": 2},
    "event-integrations.json": {"JSON_SYNTAX_ERROR": 1, "INVALID_ACTION": 1},
    "wisdom.json": {"JSON_SYNTAX_ERROR": 1},
    "onboarding.json": {
        "PB_MISSING_POLICY_WRAPPER": 1,
        "INVALID_ARN_REGION": 2,
        "INVALID_ARN_ACCOUNT": 2,
    },
    "disabling.json": {"JSON_SYNTAX_ERROR": 1, "INVALID_ARN_REGION": 1, "INVALID_ARN_ACCOUNT": 1},
    "management.json": {
        "JSON_SYNTAX_ERROR": 1,
        "PB_MISSING_POLICY_WRAPPER": 1,
        "INVALID_ACTION": 2,
    },
    "read-only.json": {"JSON_SYNTAX_ERROR": 1, "PB_MISSING_POLICY_WRAPPER": 1},
    "tag-based.json": {"PB_MISSING_POLICY_WRAPPER": 1},
    "users-by-resource-tag.json": {},
    "view-own-permissions.json": {},
    "view-users.json": {},
    "create-users-by-request-tag.json": {},
}


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_ERRORS.items()))
def test_each_source_example_yields_exactly_the_expected_errors(name, expected):
    assert error_codes(name) == Counter(expected)


def test_misspelt_service_is_corrected_to_app_integrations():
    found = [f for f in findings("app-integrations-full.json")]
    assert all("Did you mean 'app-integrations'" in f.message for f in found)
    assert "app-integrations:DeleteEventIntegration" in found[0].fix.document


def test_double_colon_action_fix_removes_the_extra_colon():
    bad = next(f for f in findings("event-integrations.json") if f.code == "INVALID_ACTION")
    assert bad.path == "$.Statement[0].Action[2]"
    assert '"app-integrations:ListEventIntegrations"' in bad.fix.document


def test_trailing_comma_is_located_and_repaired():
    syntax = next(f for f in findings("wisdom.json") if f.code == "JSON_SYNTAX_ERROR")
    assert (syntax.line, syntax.column) == (10, 41)
    assert json.loads(syntax.fix.document)["Statement"][0]["Action"][-1] == "wisdom:DeleteAssistant"


def test_onboarding_fragment_is_wrapped_into_a_complete_policy():
    wrapper = next(f for f in findings("onboarding.json") if f.code == "PB_MISSING_POLICY_WRAPPER")
    document = json.loads(wrapper.fix.document)
    assert document["Version"] == "2012-10-17"
    assert [s["Sid"] for s in document["Statement"]] == [
        "VisualEditor0",
        "VisualEditor1",
        "VisualEditor2",
    ]


def test_onboarding_placeholders_are_reported_on_both_arns():
    placeholders = [f for f in findings("onboarding.json") if f.code == "PB_PLACEHOLDER_IN_ARN"]
    assert [f.path for f in placeholders] == [
        "$.Statement[0].Resource[0]",
        "$.Statement[1].Resource[0]",
    ]
    assert "'key-id'" in placeholders[0].message
    assert "'instance-id'" in placeholders[1].message


def test_missing_closing_brace_is_reported_at_the_end():
    syntax = next(f for f in findings("disabling.json") if f.code == "JSON_SYNTAX_ERROR")
    assert "'}'" in syntax.message
    assert json.loads(syntax.fix.document)["Version"] == "2012-10-17"


def test_management_missing_comma_then_invalid_actions_suggest_the_campaign_names():
    found = findings("management.json")
    invalid = [f for f in found if f.code == "INVALID_ACTION"]
    assert "UpdateCampaignOutboundCallConfig" in invalid[0].message
    assert "UpdateCampaignDialerConfig" in invalid[1].message
    assert all("found after repairing" in f.message for f in invalid)
    comma = next(f for f in found if f.code == "JSON_SYNTAX_ERROR")
    assert (comma.line, comma.column) == (9, 45)


def test_tag_based_example_has_placeholders_in_the_condition_value():
    found = findings("tag-based.json")
    placeholder = next(f for f in found if f.code == "PB_PLACEHOLDER_IN_ARN")
    assert "customer_account_id" in placeholder.message
    assert not [f for f in found if "TAG_CONDITION_KEY" in f.code]


def test_users_by_resource_tag_wildcard_action_is_accepted():
    assert not [f for f in findings("users-by-resource-tag.json") if "ACTION" in f.code]
