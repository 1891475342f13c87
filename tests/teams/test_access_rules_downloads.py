"""Every way a saved policy leaves or is written from a page obeys the team's rules."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from helpers import add_access_rule, combine_post_data, combined_values, post_data

from policybuilder.core import combine, scenarios
from policybuilder.teams import services
from policybuilder.teams.models import AuditAction, AuditEntry, SavedTemplate

WISDOM = "wisdom-assistants"
FORBIDS = "which the team&#x27;s rule &#x27;No assistant deletion&#x27; forbids."


@pytest.fixture
def wisdom(team, owner) -> SavedTemplate:
    """A template that grants wisdom:DeleteAssistant, saved before the rule against it."""
    scenario = scenarios.get(WISDOM)
    return services.template_create(
        team=team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="Assistants",
        author=owner,
    )


@pytest.fixture
def forbidden(team, owner, wisdom):
    return add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])


def page(response) -> str:
    return response.content.decode()


def test_downloading_a_template_that_breaks_a_rule_is_refused_with_the_witness(
    as_actor, wisdom, forbidden
):
    response = as_actor("viewer").get(reverse("teams:download", args=[wisdom.team.slug, wisdom.pk]))
    assert response.status_code == 400
    assert "This policy grants wisdom:DeleteAssistant on " in page(response)
    assert FORBIDS in page(response)


def test_a_refused_download_is_not_recorded_as_a_download(as_actor, wisdom, forbidden):
    as_actor("viewer").get(reverse("teams:download", args=[wisdom.team.slug, wisdom.pk]))
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOADED).exists()


def test_downloading_a_template_that_breaks_no_rule_is_allowed(as_actor, team, owner, wisdom):
    add_access_rule(team, owner, "No instance deletion", ["connect:DeleteInstance"])
    response = as_actor("viewer").get(reverse("teams:download", args=[team.slug, wisdom.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_downloading_an_old_version_that_breaks_a_rule_is_refused(as_actor, team, owner, wisdom):
    values = scenarios.get(WISDOM).example_values() | {"actions": ["wisdom:GetAssistant"]}
    services.template_save_version(template=wisdom, raw_values=values, base_version=1, author=owner)
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    client = as_actor("viewer")
    old = client.get(reverse("teams:version_download", args=[team.slug, wisdom.pk, 1]))
    new = client.get(reverse("teams:version_download", args=[team.slug, wisdom.pk, 2]))
    assert (old.status_code, new.status_code) == (400, 200)


def test_the_teams_zip_is_refused_naming_the_template_that_breaks_a_rule(
    as_actor, team, wisdom, forbidden
):
    response = as_actor("viewer").get(reverse("teams:zip", args=[team.slug]))
    assert response.status_code == 400
    assert "Assistants (in the team&#x27;s zip) was not downloaded." in page(response)


@pytest.mark.parametrize("fmt", ["cloudformation-yaml", "terraform", "aws-cli"])
def test_an_export_of_a_template_that_breaks_a_rule_is_refused(
    as_actor, team, wisdom, forbidden, fmt
):
    url = reverse("export_template", args=[team.slug, wisdom.pk])
    response = as_actor("viewer").get(url, {"format": fmt})
    assert response.status_code == 400
    assert FORBIDS in page(response)


def test_a_shared_template_obeys_the_rules_of_its_own_team(
    as_actor, team, owner, wisdom, forbidden, other_team
):
    services.template_share(template=wisdom, target_slug=other_team.slug, actor=owner)
    response = as_actor("outsider").get(reverse("teams:download", args=[team.slug, wisdom.pk]))
    assert response.status_code == 400


# Writes from the pages ----------------------------------------------------------------------


def test_the_builders_save_to_team_is_refused_with_the_rule_and_witness(as_actor, team, owner):
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    scenario = scenarios.get(WISDOM)
    fields = {"save-team": team.slug, "save-name": "Mine"}
    response = as_actor("editor").post(
        reverse("teams:save", args=[WISDOM]),
        post_data(scenario, scenario.example_values(), **fields),
    )
    assert response.status_code == 400
    assert f"{FORBIDS} Nothing was saved." in page(response)
    assert not SavedTemplate.objects.exists()


def test_the_builders_new_version_is_refused_with_the_rule(as_actor, team, wisdom, forbidden):
    scenario = scenarios.get(WISDOM)
    data = post_data(scenario, scenario.example_values(), **{"save-expected_version": "1"})
    response = as_actor("editor").post(
        reverse("teams:save_version", args=[team.slug, wisdom.pk]), data
    )
    assert response.status_code == 400
    assert FORBIDS in page(response)


def test_the_combine_pages_save_is_refused_with_the_rule(as_actor, team, owner):
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    values = combined_values("view-users", WISDOM)
    data = combine_post_data(values, save="1", **{"save-team": team.slug, "save-name": "Ops"})
    response = as_actor("editor").post(reverse("combine"), data)
    assert response.status_code == 400
    assert FORBIDS in page(response)
    assert not SavedTemplate.objects.exists()


def test_a_new_version_of_a_combined_policy_is_refused_with_the_rule(as_actor, combined, owner):
    add_access_rule(combined.team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    values = combined_values("view-users", WISDOM)
    data = combine_post_data(values, **{"save-expected_version": "1"})
    url = reverse("teams:save_version", args=[combined.team.slug, combined.pk])
    response = as_actor("editor").post(url, data)
    assert response.status_code == 400
    assert FORBIDS in page(response)
    combined.refresh_from_db()
    assert combined.version == 1


def test_restoring_a_version_that_breaks_a_rule_says_so_on_the_page(as_actor, team, owner, wisdom):
    values = scenarios.get(WISDOM).example_values() | {"actions": ["wisdom:GetAssistant"]}
    services.template_save_version(template=wisdom, raw_values=values, base_version=1, author=owner)
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    url = reverse("teams:version_restore", args=[team.slug, wisdom.pk, 1])
    response = as_actor("editor").post(url, {"expected_version": "2"})
    assert response.status_code == 400
    assert f"{FORBIDS} Version 1 was not restored." in page(response)


def test_copying_into_a_team_whose_rule_it_breaks_is_refused_on_the_page(
    as_actor, team, owner, wisdom, other_team, outsider
):
    services.template_publish(template=wisdom, actor=owner)
    add_access_rule(other_team, outsider, "No assistant deletion", ["wisdom:DeleteAssistant"])
    url = reverse("teams:copy", args=[team.slug, wisdom.pk])
    response = as_actor("outsider").post(url, {"team": other_team.slug})
    assert response.status_code == 400
    assert html.unescape(FORBIDS) in html.unescape(page(response))
    assert not SavedTemplate.objects.filter(team=other_team).exists()


def test_a_combined_policy_saved_before_the_rule_is_not_downloaded(as_actor, team, owner):
    template = services.template_create(
        team=team,
        scenario=combine.COMBINED,
        raw_values=combined_values(WISDOM),
        name="Combined assistants",
        author=owner,
    )
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    response = as_actor("viewer").get(reverse("teams:download", args=[team.slug, template.pk]))
    assert response.status_code == 400


def test_a_refused_download_shows_the_witness_context_values(as_actor, team, owner, saved):
    # view-own-permissions grants iam:GetUser on user/${aws:username}: the witness needs one.
    add_access_rule(team, owner, "No reading users", ["iam:GetUser"])
    response = as_actor("viewer").get(reverse("teams:download", args=[team.slug, saved.pk]))
    assert response.status_code == 400
    assert "<code>aws:username</code> = <code>" in page(response)
