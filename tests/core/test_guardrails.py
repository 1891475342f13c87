"""Best-practice guardrails: each option alone, their merging, and every combination.

The combination test is the issue's promise: every scenario, with every subset
of the five options, renders a policy that the validator finds no ERROR or
SECURITY_WARNING in, and whose condition keys its actions support.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from policybuilder.core import global_condition_keys, guardrails, iam_catalog
from policybuilder.core.document import Statement
from policybuilder.core.params import EXAMPLE_ACCOUNT, ParamError
from policybuilder.core.scenarios import SCENARIOS, Scenario, get, render
from policybuilder.core.validator import Severity, validate

UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
ACCOUNT = EXAMPLE_ACCOUNT
INSTANCE_ARN = f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{UUID}"
TWO_REGIONS = ["us-east-1", "eu-west-2"]
GRAVE = (Severity.ERROR, Severity.SECURITY_WARNING)
OFF = {
    "guard_mfa": False,
    "guard_tls": False,
    "guard_regions": [],
    "guard_instance": False,
    "guard_via_service": False,
}


def rendered(slug: str, **overrides: Any) -> Any:
    """A scenario rendered from its example values with some overridden; must succeed."""
    scenario = get(slug)
    rendering = render(scenario, scenario.example_values() | overrides)
    assert rendering.ok, rendering.errors
    return rendering


def statements(slug: str, **overrides: Any) -> list[dict[str, Any]]:
    return rendered(slug, **overrides).document["Statement"]


def by_sid(slug: str, **overrides: Any) -> dict[str, dict[str, Any]]:
    return {s["Sid"]: s for s in statements(slug, **overrides)}


# --- Off by default ---------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.slug)
def test_every_scenario_offers_the_five_options(scenario: Scenario) -> None:
    names = {p.name for p in scenario.all_params}
    assert set(guardrails.NAMES) <= names


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.slug)
def test_options_left_off_change_nothing(scenario: Scenario) -> None:
    plain = render(scenario, scenario.example_values()).text
    explicit = render(scenario, scenario.example_values() | OFF).text
    assert explicit == plain


@pytest.mark.parametrize("param", guardrails.PARAMS, ids=lambda p: p.name)
def test_each_option_is_explained_in_one_sentence(param: Any) -> None:
    text = param.help.rstrip(".")
    assert param.help.endswith(".")
    assert ". " not in text


# --- Require MFA, require TLS -----------------------------------------------------------------


def test_require_mfa_adds_the_mfa_condition_to_every_statement() -> None:
    for statement in statements("campaigns-onboarding", guard_mfa=True):
        assert statement["Condition"]["Bool"] == {"aws:MultiFactorAuthPresent": "true"}


def test_require_mfa_explains_that_access_keys_stop_working() -> None:
    assert "long-lived access keys" in guardrails.MFA_HELP


def test_require_tls_adds_the_secure_transport_condition_to_every_statement() -> None:
    for statement in statements("view-own-permissions", guard_tls=True):
        assert statement["Condition"]["Bool"] == {"aws:SecureTransport": "true"}


def test_mfa_and_tls_share_one_bool_block() -> None:
    statement = statements("wisdom-assistants", guard_mfa=True, guard_tls=True)[0]
    assert statement["Condition"] == {
        "Bool": {"aws:MultiFactorAuthPresent": "true", "aws:SecureTransport": "true"}
    }


def test_guardrails_merge_into_an_existing_operator_block_without_losing_its_keys() -> None:
    statement = statements("users-by-resource-tag", guard_regions=["eu-west-2"])[0]
    assert statement["Condition"]["StringEquals"] == {
        "aws:ResourceTag/Department": "Test",
        "aws:RequestedRegion": "eu-west-2",
    }


def test_a_key_the_statement_already_conditions_on_is_never_overwritten() -> None:
    mine = Statement(
        effect="Allow",
        actions=("wisdom:ListAssistants",),
        sid="Mine",
        condition={"Bool": {"aws:SecureTransport": "false"}},
    )
    guarded = guardrails.apply([mine], guardrails.Options(tls=True))
    assert guarded.statements[0].condition == {"Bool": {"aws:SecureTransport": "false"}}
    assert "already has a aws:SecureTransport condition" in guarded.notes[0]


# --- Restrict to regions ----------------------------------------------------------------------


def test_regions_become_a_requested_region_condition() -> None:
    statement = statements("wisdom-assistants", guard_regions=TWO_REGIONS)[0]
    assert statement["Condition"] == {
        "StringEquals": {"aws:RequestedRegion": ["eu-west-2", "us-east-1"]}
    }


def test_one_region_is_written_as_a_single_value() -> None:
    statement = statements("wisdom-assistants", guard_regions=["eu-west-2"])[0]
    assert statement["Condition"]["StringEquals"]["aws:RequestedRegion"] == "eu-west-2"


def test_the_order_regions_are_chosen_in_does_not_change_the_output() -> None:
    one = rendered("wisdom-assistants", guard_regions=["us-east-1", "eu-west-2"]).text
    other = rendered("wisdom-assistants", guard_regions=["eu-west-2", "us-east-1"]).text
    assert one == other


def test_statements_of_global_services_are_left_without_a_region_condition() -> None:
    for statement in statements("view-own-permissions", guard_regions=TWO_REGIONS):
        assert "Condition" not in statement


def test_skipping_a_global_statement_is_explained_in_the_notes() -> None:
    notes = rendered("view-own-permissions", guard_regions=TWO_REGIONS).notes
    assert any("not applied to ViewOwnUserInfo, NavigateInConsole" in n for n in notes)


def test_a_statement_mixing_global_and_regional_actions_is_split() -> None:
    mixed = Statement(effect="Allow", actions=("iam:ListUsers", "connect:ListUsers"), sid="Mixed")
    guarded = guardrails.apply([mixed], guardrails.Options(regions=("us-east-1",)))
    assert [(s.sid, s.actions, bool(s.condition)) for s in guarded.statements] == [
        ("Mixed", ("connect:ListUsers",), True),
        ("MixedGlobal", ("iam:ListUsers",), False),
    ]


def test_iam_is_global_and_sts_and_connect_are_regional() -> None:
    assert guardrails.is_global("iam:GetUser", "aws")
    assert not guardrails.is_global("sts:GetCallerIdentity", "aws")
    assert not guardrails.is_global("connect:ListUsers", "aws")


def test_regions_of_two_partitions_are_refused() -> None:
    with pytest.raises(ParamError, match="one partition"):
        guardrails.PARAMS[2].clean(["us-east-1", "us-gov-west-1"])


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(ParamError, match="Not an AWS region: mars-1"):
        guardrails.PARAMS[2].clean(["mars-1"])


def test_regions_outside_the_policys_partition_are_refused_on_the_regions_field() -> None:
    scenario = get("view-own-permissions")
    rendering = render(scenario, {"partition": "aws-cn", "guard_regions": ["us-east-1"]})
    assert "not in partition aws-cn" in rendering.errors["guard_regions"]


def test_regions_may_be_given_as_comma_separated_text_as_on_the_command_line() -> None:
    assert guardrails.PARAMS[2].clean("us-east-1, eu-west-2") == ("eu-west-2", "us-east-1")


# --- Restrict to an instance ------------------------------------------------------------------


def test_instance_guard_replaces_star_with_the_instance_and_its_users() -> None:
    statement = statements(
        "view-users", guard_instance=True, instance=UUID, region="us-east-1", account=ACCOUNT
    )[0]
    assert statement["Resource"] == [INSTANCE_ARN, f"{INSTANCE_ARN}/agent/*"]


def test_instance_guard_asks_for_the_instance_in_a_scenario_without_one() -> None:
    scenario = get("users-by-resource-tag")
    rendering = render(scenario, {"tags": ["Department=Test"], "guard_instance": True})
    assert rendering.errors["instance"] == "Enter the Amazon Connect instance ID or ARN."


def test_instance_guard_narrows_tag_scoped_user_updates_to_the_users_and_their_resources() -> None:
    statement = statements("users-by-resource-tag", guard_instance=True)[0]
    assert statement["Resource"] == [
        INSTANCE_ARN,
        f"{INSTANCE_ARN}/agent-group/*",
        f"{INSTANCE_ARN}/agent/*",
        f"{INSTANCE_ARN}/routing-profile/*",
        f"{INSTANCE_ARN}/security-profile/*",
    ]


def test_instance_guard_keeps_the_tag_condition_on_the_narrowed_statement() -> None:
    statement = statements("users-by-resource-tag", guard_instance=True)[0]
    assert statement["Condition"] == {"StringEquals": {"aws:ResourceTag/Department": "Test"}}


def test_actions_that_only_work_on_star_move_to_a_statement_of_their_own() -> None:
    sids = by_sid("campaigns-onboarding", guard_instance=True)
    assert sids["OnboardOutboundCampaigns"]["Action"] == [
        "connect:DescribeInstanceAttribute",
        "connect:UpdateInstanceAttribute",
    ]
    assert sids["OnboardOutboundCampaignsAllResources"]["Resource"] == "*"
    assert "connect:ListInstances" in sids["OnboardOutboundCampaignsAllResources"]["Action"]


def test_no_action_is_lost_when_statements_are_split() -> None:
    def granted(docs: list[dict[str, Any]]) -> set[str]:
        return {a for s in docs for a in s["Action"]}

    before = granted(statements("campaigns-onboarding"))
    after = granted(statements("campaigns-onboarding", guard_instance=True))
    assert after == before


def test_an_action_that_also_acts_outside_an_instance_keeps_star() -> None:
    # connect:TagResource also tags phone numbers and traffic distribution groups.
    sids = by_sid("create-users-with-request-tag", guard_instance=True)
    assert sids["CreateTaggedUsersAllResources"]["Action"] == ["connect:TagResource"]


def test_instance_guard_in_a_scenario_without_connect_actions_says_nothing_changed() -> None:
    rendering = rendered("wisdom-assistants", guard_instance=True)
    assert rendering.text == rendered("wisdom-assistants").text
    assert "nothing changed" in rendering.notes[0]


def test_instance_fields_are_added_only_where_the_guard_can_narrow_something() -> None:
    assert "instance" in {p.name for p in get("users-by-resource-tag").all_params}
    assert "instance" not in {p.name for p in get("wisdom-assistants").all_params}


def test_view_users_every_instance_scope_asks_for_the_instance_when_the_guard_is_on() -> None:
    scenario = get("view-users")
    rendering = render(scenario, {"scope": "account", "guard_instance": True})
    assert "instance" in rendering.errors


def test_instance_resources_come_from_the_catalogue_formats() -> None:
    assert guardrails.instance_resources("connect:UpdateUserRoutingProfile") == (
        "/agent/*",
        "/routing-profile/*",
    )


# --- Only through a service -------------------------------------------------------------------


def test_via_service_limits_the_kms_key_statement_to_the_campaign_services_of_its_region() -> None:
    statement = by_sid("campaigns-onboarding", region="eu-west-2", guard_via_service=True)[
        "UseCampaignsKmsKey"
    ]
    assert statement["Condition"] == {
        "StringEquals": {
            "kms:ViaService": [
                "connect-campaigns.eu-west-2.amazonaws.com",
                "connect.eu-west-2.amazonaws.com",
            ]
        }
    }


def test_via_service_takes_the_region_from_the_key_arn() -> None:
    key = f"arn:aws:kms:ca-central-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    statement = by_sid(
        "campaigns-offboarding", kms_key=key, region="", account="", guard_via_service=True
    )["RetireCampaignsKmsGrant"]
    assert (
        "connect.ca-central-1.amazonaws.com"
        in statement["Condition"]["StringEquals"]["kms:ViaService"]
    )


def test_via_service_leaves_statements_people_call_directly_alone() -> None:
    sids = by_sid("campaigns-onboarding", guard_via_service=True)
    assert "Condition" not in sids["OnboardOutboundCampaigns"]


def test_via_service_without_a_kms_statement_explains_why_nothing_changed() -> None:
    rendering = rendered("app-integrations-full", guard_via_service=True)
    assert "Condition" not in rendering.document["Statement"][0]
    assert "nothing changed" in rendering.notes[0]


def test_via_service_uses_the_china_dns_suffix_in_aws_cn() -> None:
    assert guardrails.via_service_values("aws-cn", "cn-north-1") == (
        "connect-campaigns.cn-north-1.amazonaws.com.cn",
        "connect.cn-north-1.amazonaws.com.cn",
    )


# --- Output properties ------------------------------------------------------------------------


EVERYTHING_ON = {
    "guard_mfa": True,
    "guard_tls": True,
    "guard_regions": TWO_REGIONS,
    "guard_instance": True,
    "guard_via_service": True,
}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.slug)
def test_two_renders_with_every_option_are_byte_identical(scenario: Scenario) -> None:
    first = render(scenario, scenario.example_values() | EVERYTHING_ON).text
    assert render(scenario, scenario.example_values() | EVERYTHING_ON).text == first


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.slug)
def test_sids_stay_unique_and_alphanumeric_with_every_option(scenario: Scenario) -> None:
    sids = [s.get("Sid") for s in statements(scenario.slug, **EVERYTHING_ON)]
    assert len(sids) == len(set(sids))
    assert all(sid and sid.isalnum() for sid in sids)


def test_a_split_statement_whose_name_is_taken_gets_a_number_not_the_original() -> None:
    first = Statement(effect="Allow", actions=("iam:ListUsers", "connect:ListUsers"), sid="A")
    taken = Statement(effect="Allow", actions=("wisdom:ListAssistants",), sid="AGlobal")
    guarded = guardrails.apply([first, taken], guardrails.Options(regions=("us-east-1",)))
    assert [s.sid for s in guarded.statements] == ["A", "AGlobal2", "AGlobal"]


# --- Every scenario with every combination ----------------------------------------------------


def combinations() -> list[Any]:
    cases = []
    for scenario in SCENARIOS:
        for mfa, tls, regions_on, instance, via in itertools.product((False, True), repeat=5):
            options = {
                "guard_mfa": mfa,
                "guard_tls": tls,
                "guard_regions": TWO_REGIONS if regions_on else [],
                "guard_instance": instance,
                "guard_via_service": via,
            }
            label = "".join(k[6] if v else "-" for k, v in options.items())
            cases.append(pytest.param(scenario, options, id=f"{scenario.slug}-{label}"))
    return cases


def _supported(action: str, key: str) -> bool:
    """Tag keys must be in the catalogue for the action; other aws: keys are global.

    A wildcard action (connect:*) stands for the actions it matches: a key some of them
    carry is supported (a Deny on connect:InstanceId refuses those, as its scenario says).
    """
    found = iam_catalog.expand_action(action) if "*" in action else [iam_catalog.get_action(action)]
    assert found and None not in found
    if any(iam_catalog.action_supports_condition_key(a, key) for a in found):
        return True
    is_tag_key = key.lower().startswith(("aws:resourcetag/", "aws:requesttag/"))
    return not is_tag_key and global_condition_keys.lookup(key) is not None


@pytest.mark.parametrize(("scenario", "options"), combinations())
def test_every_combination_renders_cleanly_with_supported_condition_keys(
    scenario: Scenario, options: dict[str, Any]
) -> None:
    rendering = render(scenario, scenario.example_values() | options)
    assert rendering.ok, rendering.errors
    grave = [f"{f.code}: {f.message}" for f in validate(rendering.text) if f.severity in GRAVE]
    assert grave == []
    unsupported = [
        (statement.get("Sid"), action, key)
        for statement in rendering.document["Statement"]
        for block in statement.get("Condition", {}).values()
        for key in block
        for action in statement["Action"]
        if not _supported(action, key)
    ]
    assert unsupported == []
