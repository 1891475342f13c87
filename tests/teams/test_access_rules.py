"""Team rules in the service layer: every write of a template's document checks them."""

from __future__ import annotations

import pytest
from helpers import add_access_rule

from policybuilder.core import scenarios
from policybuilder.core.params import EXAMPLE_ACCOUNT
from policybuilder.teams import services
from policybuilder.teams.models import AccessRule, AuditAction, AuditEntry, SavedTemplate

WISDOM = "wisdom-assistants"
ONBOARDING = "campaigns-onboarding"


def _create(team, owner, slug, **changes):
    scenario = scenarios.get(slug)
    return services.template_create(
        team=team,
        scenario=scenario,
        raw_values=scenario.example_values() | changes,
        name=f"{slug} template",
        author=owner,
    )


def test_a_rule_blocks_a_new_template_that_grants_its_action(team, owner):
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    with pytest.raises(services.AccessRuleViolated) as refused:
        _create(team, owner, WISDOM)
    assert refused.value.violation.witness.action == "wisdom:DeleteAssistant"
    assert not SavedTemplate.objects.filter(team=team).exists()


def test_the_refusal_names_the_rule_and_the_witness_request(team, owner):
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:Delete*"])
    with pytest.raises(services.AccessRuleViolated) as refused:
        _create(team, owner, WISDOM)
    message = refused.value.errors["document"]
    assert message.startswith("This policy grants wisdom:DeleteAssistant on ")
    assert message.endswith("which the team's rule 'No assistant deletion' forbids.")


def test_a_refused_save_is_a_template_invalid_error_for_every_caller(team, owner):
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    with pytest.raises(services.TemplateInvalid):
        _create(team, owner, WISDOM)


def test_a_rule_the_policy_does_not_grant_lets_the_save_through(team, owner):
    add_access_rule(team, owner, "No instance deletion", ["connect:DeleteInstance"])
    template = _create(team, owner, WISDOM)
    assert template.version == 1


def test_another_teams_rule_does_not_apply(team, owner, other_team, outsider):
    add_access_rule(other_team, outsider, "No assistant deletion", ["wisdom:DeleteAssistant"])
    assert _create(team, owner, WISDOM).pk


def test_a_new_version_that_grants_the_forbidden_action_is_refused(team, owner):
    template = _create(team, owner, WISDOM, actions=["wisdom:GetAssistant"])
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    values = scenarios.get(WISDOM).example_values()
    with pytest.raises(services.AccessRuleViolated):
        services.template_save_version(
            template=template, raw_values=values, base_version=1, author=owner
        )
    template.refresh_from_db()
    assert template.version == 1


def test_a_new_version_without_the_forbidden_action_is_saved(team, owner):
    template = _create(team, owner, WISDOM)
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    values = scenarios.get(WISDOM).example_values() | {"actions": ["wisdom:GetAssistant"]}
    version = services.template_save_version(
        template=template, raw_values=values, base_version=1, author=owner
    )
    assert version.number == 2


def test_restoring_a_version_that_breaks_a_rule_is_refused(team, owner):
    template = _create(team, owner, WISDOM)
    values = scenarios.get(WISDOM).example_values() | {"actions": ["wisdom:GetAssistant"]}
    services.template_save_version(
        template=template, raw_values=values, base_version=1, author=owner
    )
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    with pytest.raises(services.AccessRuleViolated):
        services.template_restore_version(
            template=template, old=template.versions.get(number=1), base_version=2, author=owner
        )
    assert template.versions.count() == 2


def test_copying_into_a_team_whose_rule_the_template_breaks_is_refused(
    team, owner, other_team, outsider
):
    source = _create(team, owner, WISDOM)
    add_access_rule(other_team, outsider, "No assistant deletion", ["wisdom:DeleteAssistant"])
    with pytest.raises(services.AccessRuleViolated):
        services.template_copy(source=source, target=other_team, actor=outsider)
    assert not SavedTemplate.objects.filter(team=other_team).exists()


def test_a_combined_policy_is_checked_against_the_rules(team, owner):
    from helpers import combined_values

    from policybuilder.core import combine

    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    with pytest.raises(services.AccessRuleViolated):
        services.template_create(
            team=team,
            scenario=combine.COMBINED,
            raw_values=combined_values("view-users", WISDOM),
            name="Mixed",
            author=owner,
        )


def test_a_rule_on_any_resource_blocks_a_grant_on_one_named_resource(team, owner):
    # The onboarding policy grants kms:CreateGrant on one key only, not on "*".
    add_access_rule(team, owner, "No KMS grants", ["kms:CreateGrant"], ["*"])
    with pytest.raises(services.AccessRuleViolated) as refused:
        _create(team, owner, ONBOARDING)
    assert refused.value.violation.witness.resource.startswith("arn:aws:kms:us-east-1:")


def test_a_rule_on_other_resources_lets_a_grant_on_one_named_resource_through(team, owner):
    add_access_rule(
        team, owner, "No grants on admin keys", ["kms:CreateGrant"], ["arn:aws:kms:*:*:key/admin-*"]
    )
    assert _create(team, owner, ONBOARDING).pk


def test_a_rule_on_the_resource_the_policy_names_blocks_it(team, owner):
    key = f"arn:aws:kms:us-east-1:{EXAMPLE_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    add_access_rule(team, owner, "No grants on the campaign key", ["kms:CreateGrant"], [key])
    with pytest.raises(services.AccessRuleViolated) as refused:
        _create(team, owner, ONBOARDING)
    assert refused.value.violation.witness.resource == key


# Writing rules ------------------------------------------------------------------------------


def test_adding_a_rule_is_in_the_audit_log(team, owner):
    add_access_rule(team, owner, "No PassRole", ["iam:PassRole"])
    entry = AuditEntry.objects.filter(team=team, action=AuditAction.RULE_ADDED).get()
    assert (entry.actor, entry.subject, entry.detail) == (owner, "No PassRole", "iam:PassRole on *")


def test_changing_a_rule_is_in_the_audit_log_with_before_and_after(team, owner):
    rule = add_access_rule(team, owner, "No PassRole", ["iam:PassRole"])
    services.access_rule_update(
        rule=rule,
        actor=owner,
        name="No PassRole of admins",
        actions=["iam:PassRole"],
        resources=["arn:aws:iam::*:role/Admin*"],
    )
    entry = AuditEntry.objects.filter(team=team, action=AuditAction.RULE_CHANGED).get()
    assert entry.detail == (
        "No PassRole: iam:PassRole on * → No PassRole of admins: "
        "iam:PassRole on arn:aws:iam::*:role/Admin*"
    )


def test_removing_a_rule_is_in_the_audit_log(team, owner):
    rule = add_access_rule(team, owner, "No PassRole", ["iam:PassRole"])
    services.access_rule_delete(rule=rule, actor=owner)
    assert not AccessRule.objects.exists()
    entry = AuditEntry.objects.filter(team=team, action=AuditAction.RULE_REMOVED).get()
    assert entry.subject == "No PassRole"


def test_a_rule_with_an_unknown_service_is_refused_naming_the_field(team, owner):
    with pytest.raises(services.RuleInvalid) as refused:
        add_access_rule(team, owner, "Typo", ["conect:DeleteInstance"])
    assert "no service 'conect'" in refused.value.errors["actions"]


def test_a_rule_with_an_empty_resource_pattern_is_refused_naming_the_field(team, owner):
    with pytest.raises(services.RuleInvalid) as refused:
        add_access_rule(team, owner, "Blank", ["iam:PassRole"], [" "])
    assert "cannot be empty" in refused.value.errors["resources"]


def test_two_rules_of_a_team_cannot_share_a_name(team, owner):
    add_access_rule(team, owner, "No PassRole", ["iam:PassRole"])
    with pytest.raises(services.RuleInvalid) as refused:
        add_access_rule(team, owner, "No PassRole", ["connect:DeleteInstance"])
    assert "already" in refused.value.errors["name"]


def test_the_demo_team_has_rules_that_its_templates_keep(db, owner):
    from django.core.management import call_command

    call_command("seed_demo", username=owner.get_username())
    call_command("seed_demo", username=owner.get_username())
    names = sorted(AccessRule.objects.values_list("name", flat=True))
    assert names == ["No instance deletion", "No passing roles"]
