"""The scenarios of AWS's "Amazon Connect resource-level policy examples" page, table-driven.

The expected documents in ``tests/fixtures/scenarios/resource-level`` were
generated once from the engine and then read, one by one, against AWS's
examples and each scenario's corrections.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from policybuilder.core import combine, scenarios
from policybuilder.core.params import EXAMPLE_ACCOUNT
from policybuilder.core.scenarios import RESOURCE_LEVEL_PAGE, get, render, resource_level
from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import Request
from policybuilder.core.validator import Severity, validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "resource-level"
SLUGS = [
    "deny-instance",
    "deny-user-delete-update",
    "create-users-deny-security-profile",
    "contact-recording",
    "queue-phone-number-replica",
    "contact-lens-search-restriction",
    "integrations-by-name-prefix",
    "view-event-integration",
    "customer-profiles-full",
    "customer-profiles-read-only",
    "q-in-connect-query-assistant",
    "voice-id-full",
    "campaign-full-access",
]
UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
OTHER_UUID = "0f0e0d0c-0b0a-0908-0706-050403020100"
ACCOUNT = EXAMPLE_ACCOUNT
INSTANCE_ARN = f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{UUID}"
GRAVE = (Severity.ERROR, Severity.SECURITY_WARNING)
LEFTOVER_PLACEHOLDER = re.compile(r"(?<!\$)\{[A-Za-z_]+\}")


def rendering(slug: str, **overrides: Any):
    scenario = get(slug)
    return render(scenario, scenario.example_values() | overrides)


def statements(slug: str, **overrides: Any) -> dict[str, dict[str, Any]]:
    result = rendering(slug, **overrides)
    assert result.ok, result.errors
    return {s["Sid"]: s for s in result.document["Statement"]}


# --- The catalogue ---------------------------------------------------------------------------


def test_the_second_page_has_exactly_these_thirteen_scenarios_in_page_order():
    assert [s.slug for s in scenarios.SCENARIOS if s.page == RESOURCE_LEVEL_PAGE] == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_each_scenario_names_its_source_section_and_what_it_corrected(slug):
    scenario = get(slug)
    assert scenario.source_section and scenario.corrections and scenario.explanation


@pytest.mark.parametrize("slug", SLUGS)
def test_each_scenario_is_in_an_area_of_the_resource_level_page(slug):
    assert get(slug).area in resource_level.AREAS


def test_the_home_page_groups_show_the_second_page_after_the_first_with_its_areas():
    pages = scenarios.grouped()
    assert [page for page, _ in pages] == [scenarios.IDENTITY_PAGE, RESOURCE_LEVEL_PAGE]
    areas = [area for area, _ in pages[1][1]]
    assert areas == list(resource_level.AREAS)


def test_every_scenario_has_an_expected_document_and_no_fixture_is_orphaned():
    assert sorted(p.stem for p in FIXTURES.glob("*.json")) == sorted(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_example_values_render_the_expected_document(slug):
    result = rendering(slug)
    assert result.errors == {}
    assert result.text == (FIXTURES / f"{slug}.json").read_text(encoding="utf-8")


# --- Variants: what each choice and optional field does ---------------------------------------

VARIANTS: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    # (slug, overrides, Sid, expected subset of that statement)
    (
        "deny-instance",
        {"method": "condition"},
        "DenyEveryActionByInstanceId",
        {
            "Effect": "Deny",
            "Resource": "*",
            "Condition": {"StringEquals": {"connect:InstanceId": UUID}},
        },
    ),
    (
        "deny-instance",
        {"method": "arn"},
        "DenyEveryActionOnInstance",
        {"Effect": "Deny", "Resource": [INSTANCE_ARN, f"{INSTANCE_ARN}/*"]},
    ),
    (
        "deny-instance",
        {"method": "both"},
        "DenyActionsOnInstanceResources",
        {"Effect": "Deny", "Resource": [INSTANCE_ARN, f"{INSTANCE_ARN}/*"]},
    ),
    (
        "deny-instance",
        {"method": "both"},
        "DenyActionsCarryingInstanceId",
        {"Effect": "Deny", "Condition": {"StringEquals": {"connect:InstanceId": UUID}}},
    ),
    (
        "deny-user-delete-update",
        {
            "instance": f"arn:aws:connect:eu-west-2:444455556666:instance/{UUID}",
            "region": "",
            "account": "",
        },
        "DenyDeletingAndUpdatingUsers",
        {"Resource": [f"arn:aws:connect:eu-west-2:444455556666:instance/{UUID}/agent/*"]},
    ),
    (
        "create-users-deny-security-profile",
        {"security_profile": OTHER_UUID},
        "DenyCreatingUsersWithSecurityProfile",
        {"Effect": "Deny", "Resource": [f"{INSTANCE_ARN}/security-profile/{OTHER_UUID}"]},
    ),
    (
        "contact-recording",
        {"scope": "every-instance"},
        "AllowRecordingContactsInEveryInstance",
        {"Resource": [f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/*/contact/*"]},
    ),
    (
        "contact-recording",
        {"actions": ["connect:StartContactRecording", "connect:StopContactRecording"]},
        "AllowRecordingContacts",
        {"Action": ["connect:StartContactRecording", "connect:StopContactRecording"]},
    ),
    (
        "queue-phone-number-replica",
        {"effect": "allow"},
        "AllowQueueActionsOnlyForPhoneNumber",
        {
            "Effect": "Allow",
            "Resource": [
                f"arn:aws:connect:us-east-1:{ACCOUNT}:phone-number/c3d4e5f6-7890-12ab-cdef-0123456789ab",
                f"arn:aws:connect:us-west-2:{ACCOUNT}:instance/{UUID}/phone-number/"
                "c3d4e5f6-7890-12ab-cdef-0123456789ab",
                f"arn:aws:connect:us-west-2:{ACCOUNT}:instance/{UUID}/queue/*",
            ],
        },
    ),
    (
        "integrations-by-name-prefix",
        {"region": "", "account": ""},
        "AllowEventIntegrationsWithNamePrefix",
        {"Resource": ["arn:aws:app-integrations:*:*:event-integration/MyNamePrefix-*"]},
    ),
    (
        "customer-profiles-read-only",
        {"actions": ["profile:SearchProfiles", "profile:ListProfileObjects"]},
        "AllowListingProfileObjects",
        {
            "Resource": [
                f"arn:aws:profile:us-east-1:{ACCOUNT}:domains/amazon-connect-example/object-types/*"
            ]
        },
    ),
    (
        "voice-id-full",
        {"partition": "aws-us-gov", "region": "us-gov-west-1"},
        "AllowEveryActionOnVoiceIdDomain",
        {
            "Resource": [
                f"arn:aws-us-gov:voiceid:us-gov-west-1:{ACCOUNT}:domain/AbCdEfGhIjKlMnOpQrStUv"
            ]
        },
    ),
    (
        "campaign-full-access",
        {"actions": ["connect-campaigns:DescribeCampaign"]},
        "AllowConnectCampaignsOperations",
        {"Action": ["connect-campaigns:DescribeCampaign"]},
    ),
]


@pytest.mark.parametrize(("slug", "overrides", "sid", "expected"), VARIANTS)
def test_each_variant_renders_the_statement_it_promises(slug, overrides, sid, expected):
    statement = statements(slug, **overrides)[sid]
    assert {key: statement.get(key) for key in expected} == expected


@pytest.mark.parametrize(("slug", "overrides"), [(v[0], v[1]) for v in VARIANTS])
def test_each_variant_is_free_of_validator_errors_and_placeholders(slug, overrides):
    result = rendering(slug, **overrides)
    assert result.ok, result.errors
    assert [f.code for f in validate(result.text) if f.severity in GRAVE] == []
    assert not LEFTOVER_PLACEHOLDER.search(result.text)


def test_deny_instance_by_condition_alone_needs_no_region_or_account():
    result = rendering("deny-instance", method="condition", region="", account="")
    assert result.ok, result.errors


def test_deny_instance_by_arn_without_region_asks_for_it():
    result = rendering("deny-instance", method="arn", region="")
    assert "region" in result.errors


def test_queue_allow_mode_has_no_deny_and_deny_mode_no_allow():
    assert {
        s["Effect"] for s in statements("queue-phone-number-replica", effect="allow").values()
    } == {"Allow"}
    assert {
        s["Effect"] for s in statements("queue-phone-number-replica", effect="deny").values()
    } == {"Deny"}


def test_the_second_pages_scenarios_combine_into_one_policy_without_errors():
    parts = [combine.Part(slug, get(slug).example_values()) for slug in SLUGS]
    result = combine.combine(parts, "role")
    assert result.ok, result.errors
    sids = [s["Sid"] for s in result.document["Statement"]]
    assert len(sids) == len(set(sids))
    assert [f.code for f in result.findings if f.severity is Severity.ERROR] == []


# --- Each field's errors ----------------------------------------------------------------------

FIELD_ERRORS: list[tuple[str, str, Any, str]] = [
    # (slug, field, bad value, part of the message)
    ("deny-instance", "instance", "", "This field is required."),
    ("deny-instance", "instance", "not-an-instance", "Enter the instance ID"),
    ("deny-instance", "method", "guess", "Choose one of: condition, arn, both."),
    (
        "deny-user-delete-update",
        "instance",
        "arn:aws:kms:us-east-1:111122223333:key/x",
        "not an Amazon Connect instance",
    ),
    ("deny-user-delete-update", "account", "1234", "exactly 12 digits; this has 4"),
    ("deny-user-delete-update", "region", "mars-east-1", "is not an AWS region"),
    ("deny-user-delete-update", "partition", "aws-moon", "Partition must be one of"),
    ("create-users-deny-security-profile", "security_profile", "", "This field is required."),
    (
        "create-users-deny-security-profile",
        "security_profile",
        "11dtcggg1-123e-111e-93e3-11111bfbfcc17",
        "The security profile ID is a UUID",
    ),
    (
        "create-users-deny-security-profile",
        "security_profile",
        f"{INSTANCE_ARN}/security-profile/{OTHER_UUID}",
        f"Enter only the security profile ID, the last part of the ARN: {OTHER_UUID}.",
    ),
    ("contact-recording", "scope", "some", "Choose one of: instance, every-instance."),
    (
        "contact-recording",
        "actions",
        ["connect:ListContactFlows"],
        "Not an action of this scenario",
    ),
    ("contact-recording", "region", "", "Enter the region"),
    (
        "queue-phone-number-replica",
        "phone_number",
        "aaaaaaaa-eeee-ffff-gggg-0123456789012",
        "The phone number ID is a UUID",
    ),
    ("queue-phone-number-replica", "phone_region", "", "This field is required."),
    (
        "queue-phone-number-replica",
        "phone_region",
        "cn-north-1",
        "Region cn-north-1 is not in partition aws.",
    ),
    ("queue-phone-number-replica", "region", "", "This field is required."),
    ("queue-phone-number-replica", "effect", "maybe", "Choose one of: deny, allow."),
    ("contact-lens-search-restriction", "instance", "", "This field is required."),
    ("integrations-by-name-prefix", "name_prefix", "", "This field is required."),
    ("integrations-by-name-prefix", "name_prefix", "Team*", "without wildcards"),
    ("integrations-by-name-prefix", "name_prefix", "Team A", "' ' cannot be used"),
    (
        "integrations-by-name-prefix",
        "name_prefix",
        "x" * 256,
        "at most 255 characters; this has 256",
    ),
    ("view-event-integration", "integration_name", "a/b", "'/' cannot be used"),
    ("view-event-integration", "account", "", "This field is required."),
    ("customer-profiles-full", "domain", "my.domain", "'.' cannot be used"),
    ("customer-profiles-full", "domain", "d" * 65, "at most 64 characters; this has 65"),
    ("customer-profiles-read-only", "domain", "", "This field is required."),
    (
        "customer-profiles-read-only",
        "actions",
        ["profile:ListObjects"],
        "Not an action of this scenario",
    ),
    ("q-in-connect-query-assistant", "assistant", "assistantID", "The assistant ID is a UUID"),
    ("q-in-connect-query-assistant", "region", "", "This field is required."),
    ("voice-id-full", "domain_id", "domainName", "The Voice ID domain ID is 22 letters and digits"),
    ("voice-id-full", "domain_id", "", "This field is required."),
    ("campaign-full-access", "campaign", "campaignId", "The campaign ID is a UUID"),
    (
        "campaign-full-access",
        "actions",
        ["connect-campaigns:UpdateDialerConfig"],
        "Not an action of this scenario",
    ),
]


@pytest.mark.parametrize(("slug", "field", "value", "message"), FIELD_ERRORS)
def test_each_bad_field_value_is_refused_beside_its_field(slug, field, value, message):
    result = rendering(slug, **{field: value})
    assert result.document is None
    assert message in result.errors.get(field, ""), result.errors


@pytest.mark.parametrize("slug", SLUGS)
def test_every_own_field_of_every_scenario_has_an_error_case(slug):
    covered = {field for s, field, _, _ in FIELD_ERRORS if s == slug}
    own = {p.name for p in get(slug).params if p.required or p.name in {"region", "account"}}
    own -= {"partition"}
    # A field may be covered by another scenario of the same kind (region, account, partition).
    shared = {field for _, field, _, _ in FIELD_ERRORS}
    assert own - covered <= shared, f"{slug}: no error case for {sorted(own - covered - shared)}"


def test_a_resource_id_is_lowercased_as_aws_returns_it():
    upper = OTHER_UUID.upper()
    deny = statements("create-users-deny-security-profile", security_profile=upper)[
        "DenyCreatingUsersWithSecurityProfile"
    ]
    assert deny["Resource"] == [f"{INSTANCE_ARN}/security-profile/{OTHER_UUID}"]


# --- What the policies decide (our evaluator, AWS's logic for one identity-based policy) ------

CONTACT = f"{INSTANCE_ARN}/contact/{OTHER_UUID}"


def decision(slug: str, action: str, resource: str, context=None, **overrides: Any) -> str:
    result = rendering(slug, **overrides)
    assert result.ok, result.errors
    return evaluate(result.document, Request(action, resource, context or {})).decision


def test_deny_instance_by_condition_alone_does_not_refuse_recording_a_contact():
    # StartContactRecording does not carry connect:InstanceId (the IAM reference lists no such
    # key for it), so its request context has none and the condition is not met.
    got = decision("deny-instance", "connect:StartContactRecording", CONTACT, method="condition")
    assert got == "implicit_deny"


def test_deny_instance_by_condition_refuses_an_action_that_carries_the_instance_id():
    context = {"connect:InstanceId": UUID}
    got = decision("deny-instance", "connect:DeleteUser", "*", context, method="condition")
    assert got == "explicit_deny"


def test_deny_instance_by_default_refuses_recording_a_contact_of_the_instance():
    assert decision("deny-instance", "connect:StartContactRecording", CONTACT) == "explicit_deny"


def test_deny_instance_by_arn_leaves_another_instance_alone():
    other = f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{OTHER_UUID}/agent/{UUID}"
    assert decision("deny-instance", "connect:DeleteUser", other, method="arn") == "implicit_deny"


def test_creating_a_user_with_the_denied_security_profile_is_refused():
    profile = f"{INSTANCE_ARN}/security-profile/b2c3d4e5-6789-01ab-cdef-0123456789ab"
    assert (
        decision("create-users-deny-security-profile", "connect:CreateUser", profile)
        == "explicit_deny"
    )


def test_creating_a_user_with_another_security_profile_is_allowed():
    profile = f"{INSTANCE_ARN}/security-profile/{OTHER_UUID}"
    assert decision("create-users-deny-security-profile", "connect:CreateUser", profile) == "allow"


def test_the_security_profile_deny_still_refuses_with_require_mfa_on_and_no_mfa():
    profile = f"{INSTANCE_ARN}/security-profile/b2c3d4e5-6789-01ab-cdef-0123456789ab"
    context = {"aws:MultiFactorAuthPresent": "false"}
    got = decision(
        "create-users-deny-security-profile", "connect:CreateUser", profile, context, guard_mfa=True
    )
    assert got == "explicit_deny"


def test_searching_contacts_by_transcript_is_refused():
    context = {"connect:SearchContactsByContactAnalysis": ["Transcript"]}
    assert (
        decision("contact-lens-search-restriction", "connect:SearchContacts", INSTANCE_ARN, context)
        == "explicit_deny"
    )


def test_searching_contacts_without_transcripts_is_allowed():
    assert (
        decision("contact-lens-search-restriction", "connect:SearchContacts", INSTANCE_ARN)
        == "allow"
    )


def test_queue_allow_mode_allows_the_instances_queue_and_the_named_number():
    replica = f"arn:aws:connect:us-west-2:{ACCOUNT}:instance/{UUID}"
    queue = f"{replica}/queue/{OTHER_UUID}"
    v2 = f"arn:aws:connect:us-east-1:{ACCOUNT}:phone-number/c3d4e5f6-7890-12ab-cdef-0123456789ab"
    action = "connect:UpdateQueueOutboundCallerConfig"
    assert decision("queue-phone-number-replica", action, queue, effect="allow") == "allow"
    assert decision("queue-phone-number-replica", action, v2, effect="allow") == "allow"


def test_queue_allow_mode_does_not_allow_another_number():
    other = f"arn:aws:connect:us-east-1:{ACCOUNT}:phone-number/{OTHER_UUID}"
    got = decision("queue-phone-number-replica", "connect:CreateQueue", other, effect="allow")
    assert got == "implicit_deny"


def test_integrations_outside_the_prefix_are_not_allowed():
    arn = f"arn:aws:app-integrations:us-east-1:{ACCOUNT}:event-integration/OtherTeam-x"
    got = decision("integrations-by-name-prefix", "app-integrations:DeleteEventIntegration", arn)
    assert got == "implicit_deny"


def test_customer_profiles_full_access_reaches_the_domains_object_types():
    arn = f"arn:aws:profile:us-east-1:{ACCOUNT}:domains/amazon-connect-example/object-types/Order"
    assert decision("customer-profiles-full", "profile:GetProfileObjectType", arn) == "allow"
