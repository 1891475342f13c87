"""The export downloads of the builder and the saved-template page, and the combine page."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from policybuilder.core import combine, scenarios
from policybuilder.teams import values as stored_values
from policybuilder.teams.models import AuditEntry, SavedTemplate


def form_data(scenario, values: dict, **extra) -> dict:
    return dict(stored_values.to_form_data(scenario, values).lists()) | extra


@pytest.fixture
def browser(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def test_the_builder_exports_cloudformation_yaml_of_the_form(browser, scenario, example_values):
    data = form_data(scenario, example_values, export_format="cloudformation-yaml")
    response = browser.post(reverse("export_scenario", args=[scenario.slug]), data)
    (resource,) = yaml.safe_load(response.content)["Resources"].values()
    expected = scenarios.render(scenario, example_values).document
    assert resource["Properties"]["PolicyDocument"] == expected


def test_the_builder_export_is_an_attachment_named_from_the_file_name(
    browser, scenario, example_values
):
    data = form_data(scenario, example_values, export_format="terraform", filename="agents")
    response = browser.post(reverse("export_scenario", args=[scenario.slug]), data)
    assert response["Content-Disposition"] == 'attachment; filename="agents.tf"'


def test_the_builder_export_with_bad_values_is_refused_on_the_builder_page(
    browser, scenario, example_values
):
    data = form_data(scenario, example_values | {"account": "12"}, export_format="terraform")
    response = browser.post(reverse("export_scenario", args=[scenario.slug]), data)
    assert response.status_code == 400 and b"Fix the fields" in response.content


def test_the_builder_export_needs_sign_in(db, scenario):
    response = Client().post(reverse("export_scenario", args=[scenario.slug]), {})
    assert response.status_code == 302


def test_a_saved_template_downloads_as_the_aws_cli_command(browser, saved):
    path = reverse("export_template", args=[saved.team.slug, saved.pk]) + "?format=aws-cli"
    assert browser.get(path).content.decode().startswith("aws iam create-policy")


def test_a_saved_template_export_is_audited(browser, saved):
    browser.get(reverse("export_template", args=[saved.team.slug, saved.pk]) + "?format=terraform")
    assert AuditEntry.objects.filter(template=saved, detail__contains="Terraform").exists()


def test_an_outsider_cannot_export_a_saved_template(saved, outsider):
    client = Client()
    client.force_login(outsider)
    path = reverse("export_template", args=[saved.team.slug, saved.pk]) + "?format=json"
    assert client.get(path).status_code == 404


def test_the_exports_include_offers_links_for_a_saved_template(saved, rf):
    from django.template.loader import render_to_string

    html = render_to_string("web/_exports.html", {"export_template": saved})
    assert (
        reverse("export_template", args=[saved.team.slug, saved.pk]) + "?format=terraform" in html
    )


def test_the_exports_include_posts_the_builder_form(scenario):
    from django.template.loader import render_to_string

    html = render_to_string("web/_exports.html", {"scenario": scenario})
    assert 'form="scenario-form"' in html and reverse("export_scenario", args=[scenario.slug])


def combine_data(*slugs: str, **extra) -> dict:
    data: dict = {"part": list(slugs)}
    for index, slug in enumerate(slugs):
        scenario = scenarios.get(slug)
        for key, items in stored_values.to_form_data(scenario, scenario.example_values()).lists():
            data[f"p{index}-{key}"] = items
    return data | extra


def test_the_combine_page_starts_empty(browser):
    assert b"Add a scenario to start" in browser.get(reverse("combine")).content


def test_adding_a_scenario_adds_a_part(browser):
    response = browser.post(reverse("combine"), {"add": "1", "add_scenario": "view-users"})
    assert response.content.count(b'name="part"') == 1


def test_a_new_part_starts_with_the_scenarios_default_actions(browser):
    response = browser.post(reverse("combine"), {"add": "1", "add_scenario": "campaigns-read-only"})
    assert b"Keep at least one action" not in response.content
    assert b"connect-campaigns:ListCampaigns" in response.content


def test_removing_a_part_keeps_the_others(browser):
    data = combine_data("view-users", "campaigns-read-only", remove="0")
    response = browser.post(reverse("combine"), data)
    assert b'value="campaigns-read-only"' in response.content
    assert b'name="part" value="view-users"' not in response.content


def test_a_parts_error_sits_beside_that_parts_own_field(browser):
    data = combine_data("users-by-resource-tag", "users-by-resource-tag")
    data["p1-tags_key"] = ["aws:team"]
    body = browser.post(reverse("combine"), data).content.decode()
    first = re.search(r'<p class="field-error" id="error-p0-tags"[^>]*>(.*?)</p>', body)
    second = re.search(r'<p class="field-error" id="error-p1-tags"[^>]*>(.*?)</p>', body)
    assert (first.group(1), "reserved for AWS" in second.group(1)) == ("", True)


def test_the_preview_shows_the_merged_document(browser):
    response = browser.post(reverse("combine"), combine_data("view-users", "campaigns-read-only"))
    assert b"ListUsers" in response.content and b"connect-campaigns" in response.content


def test_the_combined_download_carries_the_merged_document(browser):
    data = combine_data("view-users", "campaigns-read-only", download="json")
    document = json.loads(browser.post(reverse("combine"), data).content)
    assert len(document["Statement"]) == 2


def test_over_the_quota_the_page_proposes_a_split(browser):
    slugs = [s.slug for s in scenarios.SCENARIOS]
    response = browser.post(reverse("combine"), combine_data(*slugs, quota="user"))
    assert b"split into" in response.content


def test_the_split_proposal_names_the_scenarios_by_title(browser):
    slugs = [s.slug for s in scenarios.SCENARIOS]
    response = browser.post(reverse("combine"), combine_data(*slugs, quota="user"))
    proposal = response.content.decode().split('id="split-proposal"')[1].split("</div>")[0]
    assert f"({scenarios.SCENARIOS[0].title})" in proposal


def test_a_split_document_downloads_on_its_own(browser):
    slugs = [s.slug for s in scenarios.SCENARIOS]
    data = combine_data(*slugs, quota="user", download_split="0")
    document = json.loads(browser.post(reverse("combine"), data).content)
    assert len(json.dumps(document, separators=(",", ":"))) <= 2048


def save_data(*slugs: str, team, name: str = "Ops", **extra) -> dict:
    return combine_data(*slugs, save="1", **{"save-team": team.slug, "save-name": name}) | extra


def test_a_combined_policy_is_saved_as_a_team_template(browser, team):
    browser.post(reverse("combine"), save_data("view-users", "campaigns-read-only", team=team))
    saved = SavedTemplate.objects.get(team=team)
    assert (saved.scenario_slug, saved.values["parts"][1]["scenario"]) == (
        combine.COMBINED,
        "campaigns-read-only",
    )


def test_saving_a_combined_policy_opens_it_at_its_own_url(browser, team):
    response = browser.post(reverse("combine"), save_data("view-users", team=team))
    saved = SavedTemplate.objects.get(team=team)
    assert response["Location"] == reverse("teams:open", args=[team.slug, saved.pk])


def test_saving_a_combined_policy_is_audited(browser, team):
    browser.post(reverse("combine"), save_data("view-users", team=team))
    entry = AuditEntry.objects.get(team=team, subject="Ops")
    assert entry.detail == "combined policy of 1 scenario(s)"


def test_a_combined_policy_needs_a_name_to_be_saved(browser, team):
    response = browser.post(reverse("combine"), save_data("view-users", team=team, name=""))
    assert response.status_code == 400 and not SavedTemplate.objects.exists()


def test_a_saved_combined_policy_opens_with_its_parts(browser, team):
    browser.post(reverse("combine"), save_data("view-users", "campaigns-read-only", team=team))
    saved = SavedTemplate.objects.get(team=team)
    page = browser.get(reverse("teams:open", args=[team.slug, saved.pk])).content
    assert page.count(b'name="part"') == 2


def test_the_combine_page_lists_the_teams_combined_policies(browser, team):
    browser.post(reverse("combine"), save_data("view-users", team=team, name="Ops roles"))
    saved = SavedTemplate.objects.get(team=team)
    page = browser.get(reverse("combine")).content.decode()
    assert reverse("teams:open", args=[team.slug, saved.pk]) in page and "Ops roles" in page


def test_the_combine_page_leaves_trashed_combined_policies_out(browser, team, owner):
    from policybuilder.teams import services

    browser.post(reverse("combine"), save_data("view-users", team=team, name="Ops roles"))
    saved = SavedTemplate.objects.get(team=team)
    services.template_trash(template=saved, actor=owner)
    page = browser.get(reverse("combine")).content.decode()
    assert reverse("teams:open", args=[team.slug, saved.pk]) not in page


def test_the_combine_page_leaves_other_teams_combined_policies_out(browser, team, outsider):
    browser.post(reverse("combine"), save_data("view-users", team=team, name="Ops roles"))
    client = Client()
    client.force_login(outsider)
    assert b"Ops roles" not in client.get(reverse("combine")).content


def test_a_viewer_cannot_save_a_combined_policy(team, viewer):
    client = Client()
    client.force_login(viewer)
    assert client.post(reverse("combine"), save_data("view-users", team=team)).status_code == 403


def test_an_outsider_cannot_save_into_a_team(team, outsider):
    client = Client()
    client.force_login(outsider)
    assert client.post(reverse("combine"), save_data("view-users", team=team)).status_code == 404


def test_an_outsider_cannot_open_a_teams_combined_policy(browser, team, outsider):
    browser.post(reverse("combine"), save_data("view-users", team=team))
    client = Client()
    client.force_login(outsider)
    saved = SavedTemplate.objects.get(team=team)
    assert client.get(reverse("teams:open", args=[team.slug, saved.pk])).status_code == 404


def test_each_part_marks_its_fields_with_its_form_prefix(browser):
    response = browser.post(reverse("combine"), combine_data("view-users", "view-users"))
    html = response.content.decode()
    assert 'data-field-prefix="p0-"' in html and 'data-field-prefix="p1-"' in html


def test_a_parts_guardrail_fields_carry_their_visibility_rules(browser):
    response = browser.post(reverse("combine"), combine_data("users-by-resource-tag"))
    assert b'data-when-checked="guard_instance"' in response.content
