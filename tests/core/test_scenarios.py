"""The scenario catalogue against the source document and the IAM catalogue.

The expected documents in ``tests/fixtures/scenarios`` were generated once
from the engine and then read, one by one, against AWS's published examples
and each scenario's corrections; a change to any of them is a change in
what users get and must be reviewed the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from policybuilder.core import global_condition_keys, iam_catalog
from policybuilder.core.params import EXAMPLE_ACCOUNT
from policybuilder.core.scenarios import SCENARIOS, Scenario, UnknownScenario, definitions, get
from policybuilder.core.scenarios import render as render_scenario
from policybuilder.core.scenarios.engine import IDENTITY_PAGE, Cond, StatementSpec, TagConds

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scenarios"
SLUGS = [
    "view-own-permissions",
    "view-users",
    "app-integrations-full",
    "users-by-resource-tag",
    "create-users-with-request-tag",
    "event-integrations",
    "wisdom-assistants",
    "campaigns-onboarding",
    "campaigns-offboarding",
    "campaigns-management",
    "campaigns-read-only",
    "campaigns-tag-based",
]
UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"
ACCOUNT = EXAMPLE_ACCOUNT
INSTANCE_ARN = f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{UUID}"
LEFTOVER_PLACEHOLDER = re.compile(r"(?<!\$)\{[A-Za-z_]+\}")

#: Value combinations beyond the examples that every scenario must render cleanly.
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "view-own-permissions": [{"account": ""}, {"partition": "aws-cn"}],
    "view-users": [{"scope": "instance", "instance": INSTANCE_ARN}],
    "campaigns-onboarding": [{"iam_scope": "service-linked"}],
    "campaigns-offboarding": [{"iam_scope": "service-linked"}],
    "campaigns-management": [{"actions": ["connect-campaigns:StartCampaign"]}],
    "campaigns-tag-based": [
        {"actions": [*definitions.TAGGED_CAMPAIGN_ACTIONS, "connect-campaigns:ListCampaigns"]},
        {"tag_key": "Instance"},
    ],
}


def render(slug: str, **overrides: Any) -> Any:
    """Render a scenario from its example values with some overridden."""
    scenario = get(slug)
    return render_scenario(scenario, scenario.example_values() | overrides)


def every_rendering() -> list[Any]:
    """(id, scenario, rendering) for every example and every variant."""
    cases = []
    for scenario in SCENARIOS:
        cases.append(pytest.param(scenario, {}, id=f"{scenario.slug}-example"))
        for n, overrides in enumerate(VARIANTS.get(scenario.slug, ())):
            cases.append(pytest.param(scenario, overrides, id=f"{scenario.slug}-variant{n}"))
    return cases


def statement_actions(scenario: Scenario) -> list[tuple[StatementSpec, str]]:
    return [(spec, action) for spec in scenario.statements for action in spec.actions]


# --- The catalogue ---------------------------------------------------------------------------


def test_the_first_page_has_exactly_the_twelve_slugs_of_the_issue() -> None:
    assert [s.slug for s in SCENARIOS if s.page == IDENTITY_PAGE] == SLUGS


def test_an_unknown_slug_raises_unknown_scenario_listing_the_known_ones() -> None:
    with pytest.raises(UnknownScenario) as excinfo:
        get("no-such-scenario")
    assert "view-users" in str(excinfo.value)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.slug)
def test_every_scenario_explains_itself_and_its_corrections(scenario: Scenario) -> None:
    assert scenario.title and scenario.summary and scenario.explanation and scenario.corrections


def test_every_scenario_has_an_expected_document_and_no_fixture_is_orphaned() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.json")) == sorted(SLUGS)


# --- Expected documents ----------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_example_values_render_the_expected_document(slug: str) -> None:
    rendering = render(slug)
    assert rendering.errors == {}
    assert rendering.text == (FIXTURES / f"{slug}.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", SLUGS)
def test_two_renders_of_the_same_values_are_byte_identical(slug: str) -> None:
    assert render(slug).text.encode() == render(slug).text.encode()


@pytest.mark.parametrize(("scenario", "overrides"), every_rendering())
def test_no_placeholder_is_left_in_the_output(scenario: Scenario, overrides: dict) -> None:
    rendering = render(scenario.slug, **overrides)
    assert rendering.errors == {}
    assert not LEFTOVER_PLACEHOLDER.search(rendering.text)


@pytest.mark.parametrize(("scenario", "overrides"), every_rendering())
def test_rendered_sids_are_alphanumeric_and_unique(scenario: Scenario, overrides: dict) -> None:
    sids = [s["Sid"] for s in render(scenario.slug, **overrides).document["Statement"]]
    assert all(re.fullmatch(r"[A-Za-z0-9]+", sid) for sid in sids)
    assert len(sids) == len(set(sids))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.slug)
def test_declared_sids_are_alphanumeric_and_unique(scenario: Scenario) -> None:
    sids = [spec.sid for spec in scenario.statements]
    assert all(re.fullmatch(r"[A-Za-z0-9]+", sid) for sid in sids)
    assert len(sids) == len(set(sids))


# --- Against the IAM catalogue ---------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.slug)
def test_every_action_exists_in_the_iam_catalogue_with_its_exact_spelling(
    scenario: Scenario,
) -> None:
    for _, action in statement_actions(scenario):
        if action.endswith(":*"):  # a whole service: it must be one the catalogue knows
            assert iam_catalog.expand_action(action), f"{scenario.slug}: no actions match {action}"
            continue
        found = iam_catalog.get_action(action)
        assert found is not None, f"{scenario.slug}: {action} is not in the IAM catalogue"
        assert found.qualified_name.split(":")[1] == action.split(":")[1]


def _concrete_keys(spec: StatementSpec) -> list[str]:
    """The condition keys a statement can produce (tag keys stand in as ``Example``)."""
    keys = []
    for cond in spec.conditions:
        if isinstance(cond, TagConds):
            keys.append(f"{cond.prefix}Example")
        else:
            assert isinstance(cond, Cond)
            keys.append(cond.key.replace("{tag_key}", "Example"))
    return keys


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.slug)
def test_every_condition_key_is_supported_by_every_action_of_its_statement(
    scenario: Scenario,
) -> None:
    # Tag keys (aws:ResourceTag/..., aws:RequestTag/...) are global keys, but they only mean
    # something for actions whose resources carry tags, so they must be in the catalogue for
    # the action; only other global keys are accepted on their own.
    for spec, action in statement_actions(scenario):
        if action.endswith(":*"):
            # A Deny of a whole service on a condition refuses the actions that carry the key
            # (the scenario says the others are not refused): one of them must.
            matched = iam_catalog.expand_action(action)
            for key in _concrete_keys(spec):
                assert any(iam_catalog.action_supports_condition_key(a, key) for a in matched)
            continue
        found = iam_catalog.get_action(action)
        assert found is not None
        for key in _concrete_keys(spec):
            is_tag_key = key.lower().startswith(("aws:resourcetag/", "aws:requesttag/"))
            supported = iam_catalog.action_supports_condition_key(found, key) or (
                not is_tag_key and global_condition_keys.lookup(key) is not None
            )
            assert supported, f"{scenario.slug}/{spec.sid}: {action} does not support {key}"


#: Resources AWS's page says an action needs although the IAM reference does not list their
#: type for it: the V1 phone number ARN of a replica Region (queue-phone-number-replica).
_V1_PHONE = (
    f"arn:aws:connect:us-west-2:{ACCOUNT}:instance/{UUID}/phone-number/"
    "c3d4e5f6-7890-12ab-cdef-0123456789ab"
)
DOCUMENTED_EXTRA_RESOURCES = {
    "connect:CreateQueue": {_V1_PHONE},
    "connect:UpdateQueueOutboundCallerConfig": {_V1_PHONE},
}


def _arn_pattern(template: str) -> re.Pattern[str]:
    """A catalogue ARN format such as ``arn:${Partition}:connect:...`` as a regex."""
    parts = re.split(r"\$\{[^}]*\}", template)
    return re.compile(".+".join(re.escape(p) for p in parts))


@pytest.mark.parametrize(("scenario", "overrides"), every_rendering())
def test_every_specific_resource_is_an_arn_of_a_type_its_actions_accept(
    scenario: Scenario, overrides: dict
) -> None:
    for statement in render(scenario.slug, **overrides).document["Statement"]:
        resources = statement["Resource"]
        if resources == "*":
            continue
        actions = (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        for action in actions:
            # A whole service (connect:*) stands for every action it matches: each resource
            # must be of a type one of them takes.
            matched = (
                iam_catalog.expand_action(action)
                if "*" in action
                else [iam_catalog.get_action(action)]
            )
            assert matched and None not in matched
            formats = [
                iam_catalog.resource_types(found.service)[rt.name.lower()].arn
                for found in matched
                for rt in found.resource_types
            ]
            for resource in resources:
                if resource in DOCUMENTED_EXTRA_RESOURCES.get(action, set()):
                    continue
                assert any(_arn_pattern(f).fullmatch(resource) for f in formats), (
                    f"{action} cannot act on {resource}"
                )


def test_user_update_wildcard_expands_to_the_reviewed_actions() -> None:
    expanded = {a.qualified_name for a in iam_catalog.expand_action("connect:UpdateUser*")}
    reviewed = set(definitions.USER_UPDATE_ACTIONS) | set(definitions.USER_WILDCARD_EXCLUSIONS)
    assert {a.lower() for a in expanded} == {a.lower() for a in reviewed}, (
        "connect:UpdateUser* no longer matches the reviewed list. AWS added or removed an "
        f"action: new {sorted(expanded - reviewed)}, gone {sorted(reviewed - expanded)}. Review "
        "the users-by-resource-tag scenario: add a user action to USER_UPDATE_ACTIONS or, if it "
        "acts on another resource, to USER_WILDCARD_EXCLUSIONS with the reason."
    )


def test_users_by_resource_tag_grants_no_excluded_wildcard_action() -> None:
    actions = render("users-by-resource-tag").document["Statement"][0]["Action"]
    assert not set(actions) & set(definitions.USER_WILDCARD_EXCLUSIONS)


# --- Cross-field rules -----------------------------------------------------------------------


def test_instance_arn_region_conflicting_with_region_field_is_refused() -> None:
    rendering = render(
        "campaigns-tag-based",
        instance=f"arn:aws:connect:eu-west-2:{ACCOUNT}:instance/{UUID}",
        region="us-east-1",
    )
    assert rendering.document is None
    assert "region eu-west-2" in rendering.errors["instance"]


def test_instance_arn_account_conflicting_with_account_field_is_refused() -> None:
    rendering = render("campaigns-tag-based", instance=INSTANCE_ARN, account="444455556666")
    assert "account" in rendering.errors["instance"]


def test_instance_arn_alone_gives_region_and_account() -> None:
    arn = f"arn:aws:connect:eu-west-2:444455556666:instance/{UUID}"
    rendering = render("campaigns-tag-based", instance=arn, region="", account="")
    condition = rendering.document["Statement"][0]["Condition"]["StringEquals"]
    assert condition == {"aws:ResourceTag/owner": arn}


def test_instance_arn_alone_gives_its_partition_when_the_field_is_left_empty() -> None:
    arn = f"arn:aws-us-gov:connect:us-gov-west-1:{ACCOUNT}:instance/{UUID}"
    rendering = render("campaigns-tag-based", instance=arn, partition="", region="", account="")
    assert rendering.errors == {}


def test_region_outside_the_partition_is_refused() -> None:
    rendering = render("campaigns-tag-based", partition="aws-cn", region="us-east-1")
    assert rendering.errors == {"region": "Region us-east-1 is not in partition aws-cn."}


def test_instance_id_without_region_and_account_renders_nothing() -> None:
    rendering = render("campaigns-tag-based", instance=UUID, region="", account="")
    assert rendering.document is None
    assert rendering.errors


def test_instance_id_without_region_and_account_asks_for_region_and_account() -> None:
    rendering = render("campaigns-tag-based", instance=UUID, region="", account="")
    assert set(rendering.errors) == {"region", "account"}


def test_kms_key_id_takes_region_and_account_from_the_fields() -> None:
    rendering = render("campaigns-offboarding", region="eu-west-2", account="444455556666")
    assert rendering.document["Statement"][0]["Resource"] == [
        f"arn:aws:kms:eu-west-2:444455556666:key/{KEY}"
    ]


def test_kms_key_arn_in_another_region_than_the_field_is_refused() -> None:
    rendering = render(
        "campaigns-offboarding", kms_key=f"arn:aws:kms:eu-west-2:{ACCOUNT}:key/{KEY}"
    )
    assert "region eu-west-2" in rendering.errors["kms_key"]


def test_view_users_scoped_to_an_instance_requires_the_instance() -> None:
    rendering = render("view-users", scope="instance", instance="")
    assert rendering.errors["instance"] == "This field is required."


def test_view_users_scoped_to_an_instance_grants_its_users_and_the_instance() -> None:
    statements = render("view-users", scope="instance", instance=INSTANCE_ARN).document["Statement"]
    assert [(s["Action"], s["Resource"]) for s in statements] == [
        (["connect:DescribeUser"], [f"{INSTANCE_ARN}/agent/*"]),
        (["connect:ListUsers"], [INSTANCE_ARN]),
    ]


def test_view_users_for_every_instance_ignores_the_instance_fields() -> None:
    rendering = render("view-users", scope="account", instance="not an instance")
    assert rendering.errors == {}


def test_view_own_permissions_without_account_matches_any_account_as_aws_does() -> None:
    statement = render("view-own-permissions", account="").document["Statement"][0]
    assert statement["Resource"] == ["arn:aws:iam::*:user/${aws:username}"]


@pytest.mark.parametrize("slug", ["campaigns-onboarding", "campaigns-offboarding"])
def test_service_linked_scope_grants_iam_actions_only_on_the_service_linked_roles(
    slug: str,
) -> None:
    statements = render(slug, iam_scope="service-linked").document["Statement"]
    iam_resources = [
        resource
        for s in statements
        if any(a.startswith("iam:") for a in s["Action"])
        for resource in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])
    ]
    assert iam_resources
    assert all(
        re.fullmatch(
            rf"arn:aws:iam::{ACCOUNT}:role/aws-service-role/"
            r"(connect|connect-campaigns)\.amazonaws\.com/\*",
            r,
        )
        for r in iam_resources
    )


@pytest.mark.parametrize("slug", ["campaigns-onboarding", "campaigns-offboarding"])
def test_service_linked_scope_keeps_every_iam_action_of_aws_example(slug: str) -> None:
    def iam_actions(iam_scope: str) -> set[str]:
        statements = render(slug, iam_scope=iam_scope).document["Statement"]
        return {a for s in statements for a in s["Action"] if a.startswith("iam:")}

    assert iam_actions("service-linked") == iam_actions("any")


def test_onboarding_service_linked_role_creation_is_limited_to_outbound_campaigns() -> None:
    statements = render("campaigns-onboarding", iam_scope="service-linked").document["Statement"]
    create = next(s for s in statements if "iam:CreateServiceLinkedRole" in s["Action"])
    assert create["Condition"] == {
        "StringEquals": {"iam:AWSServiceName": "connect-campaigns.amazonaws.com"}
    }


def test_tag_based_untaggable_reads_are_absent_by_default() -> None:
    sids = [s["Sid"] for s in render("campaigns-tag-based").document["Statement"]]
    assert sids == ["AllowConnectCampaignsOperations"]


def test_tag_based_untaggable_reads_get_their_own_unconditioned_statement_when_checked() -> None:
    statements = render(
        "campaigns-tag-based",
        actions=["connect-campaigns:DescribeCampaign", "connect-campaigns:ListCampaigns"],
    ).document["Statement"]
    assert statements[1] == {
        "Sid": "AllowUntaggableCampaignReads",
        "Effect": "Allow",
        "Action": ["connect-campaigns:ListCampaigns"],
        "Resource": "*",
    }


def test_tag_based_with_only_untaggable_reads_has_no_tag_statement() -> None:
    statements = render(
        "campaigns-tag-based", actions=["connect-campaigns:GetCampaignStateBatch"]
    ).document["Statement"]
    assert [s["Sid"] for s in statements] == ["AllowUntaggableCampaignReads"]


def test_tag_based_uses_the_chosen_tag_key() -> None:
    condition = render("campaigns-tag-based", tag_key="Instance").document["Statement"][0][
        "Condition"
    ]
    assert condition == {"StringEquals": {"aws:ResourceTag/Instance": INSTANCE_ARN}}


def test_management_leaves_start_campaign_unchecked_by_default() -> None:
    actions = render("campaigns-management").document["Statement"][0]["Action"]
    assert "connect-campaigns:StartCampaign" not in actions


def test_unchecking_every_action_is_refused() -> None:
    assert "actions" in render("wisdom-assistants", actions=[""]).errors


def test_unchecked_actions_are_left_out() -> None:
    actions = render("wisdom-assistants", actions=["wisdom:GetAssistant"]).document["Statement"][0][
        "Action"
    ]
    assert actions == ["wisdom:GetAssistant"]


# --- Tags in the output ----------------------------------------------------------------------


def test_several_tags_become_one_condition_entry_each() -> None:
    condition = render("users-by-resource-tag", tags=["Department=Test", "Team=Blue"]).document[
        "Statement"
    ][0]["Condition"]
    assert condition == {
        "StringEquals": {"aws:ResourceTag/Department": "Test", "aws:ResourceTag/Team": "Blue"}
    }


@pytest.mark.parametrize("slug", ["users-by-resource-tag", "create-users-with-request-tag"])
def test_latin_1_tags_render_and_read_back_equal(slug: str) -> None:
    rendering = render(slug, tags=["Équipe=Café crème"])
    condition = json.loads(rendering.text)["Statement"][0]["Condition"]["StringEquals"]
    assert list(condition.items()) == [(f"{_tag_prefix(slug)}Équipe", "Café crème")]


def _tag_prefix(slug: str) -> str:
    return "aws:ResourceTag/" if slug == "users-by-resource-tag" else "aws:RequestTag/"


@pytest.mark.parametrize("value", ['a"b', "a\\b", "a\nb", "${aws:username}"])
def test_json_breaking_tag_values_are_refused_not_rendered(value: str) -> None:
    rendering = render("users-by-resource-tag", tags=[("Department", value)])
    assert rendering.document is None
    assert "tags" in rendering.errors
