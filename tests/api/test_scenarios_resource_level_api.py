"""The resource-level scenarios over the API, the exports, team templates and the combine page."""

from __future__ import annotations

import json

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from policybuilder.core import scenarios
from policybuilder.teams import values as stored_values
from policybuilder.teams.models import SavedTemplate

DENY_SCENARIO = "deny-user-delete-update"
SECOND_PAGE = [s.slug for s in scenarios.SCENARIOS if s.page == scenarios.RESOURCE_LEVEL_PAGE]


def post(client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def example(slug: str) -> dict:
    return scenarios.get(slug).example_values()


@pytest.fixture
def api(api_as, owner):
    return api_as("owner")


@pytest.fixture
def browser(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def test_the_api_lists_every_scenario_of_the_second_page(api):
    listed = [s["slug"] for s in api.get("/api/scenarios").json()]
    assert len(SECOND_PAGE) == 13 and set(SECOND_PAGE) <= set(listed)


def test_the_api_describes_a_resource_level_scenarios_typed_fields(api):
    described = api.get("/api/scenarios/queue-phone-number-replica").json()
    types = {p["name"]: p["type"] for p in described["parameters"]}
    assert (types["phone_number"], types["phone_region"]) == ("resource_id", "region")


def test_the_api_renders_a_deny_scenario_as_the_engine_does(api):
    body = post(api, f"/api/scenarios/{DENY_SCENARIO}/render", {"values": example(DENY_SCENARIO)})
    document = body.json()["document"]
    assert (
        document == scenarios.render(scenarios.get(DENY_SCENARIO), example(DENY_SCENARIO)).document
    )
    assert document["Statement"][0]["Effect"] == "Deny"


def test_a_deny_scenario_exports_as_cloudformation_with_its_deny(api):
    body = {
        "scenario": DENY_SCENARIO,
        "values": example(DENY_SCENARIO),
        "format": "cloudformation-yaml",
    }
    content = post(api, "/api/exports", body).json()["content"]
    (resource,) = yaml.safe_load(content)["Resources"].values()
    assert resource["Properties"]["PolicyDocument"]["Statement"][0]["Effect"] == "Deny"


def test_the_combine_api_accepts_a_deny_scenario_next_to_an_allow_one(api):
    parts = [
        {"scenario": "view-users"},
        {
            "scenario": "create-users-deny-security-profile",
            "values": example("create-users-deny-security-profile"),
        },
    ]
    response = post(api, "/api/combine", {"parts": parts})
    assert response.status_code == 200
    effects = [s["Effect"] for s in response.json()["document"]["Statement"]]
    assert effects.count("Deny") == 1 and "Allow" in effects


def test_the_combine_api_notes_that_a_deny_applies_to_the_whole_policy(api):
    parts = [
        {"scenario": "view-users"},
        {"scenario": DENY_SCENARIO, "values": example(DENY_SCENARIO)},
    ]
    (note,) = post(api, "/api/combine", {"parts": parts}).json()["notes"]
    assert note.startswith("Part 2 (deny-user-delete-update) has Deny statements")


def test_the_combine_api_has_no_note_without_a_deny(api):
    assert post(api, "/api/combine", {"parts": [{"scenario": "view-users"}]}).json()["notes"] == []


def test_an_editor_saves_a_deny_scenario_as_a_team_template(api_as, team):
    body = {
        "scenario": "deny-instance",
        "name": "No production",
        "values": example("deny-instance"),
    }
    response = post(api_as("editor"), "/api/teams/contact-centre/templates", body)
    assert response.status_code == 201
    assert SavedTemplate.objects.get(pk=response.json()["id"]).scenario_slug == "deny-instance"


def combine_form(*slugs: str) -> dict:
    data: dict = {"part": list(slugs)}
    for index, slug in enumerate(slugs):
        scenario = scenarios.get(slug)
        for key, items in stored_values.to_form_data(scenario, scenario.example_values()).lists():
            data[f"p{index}-{key}"] = items
    return data


def test_the_combine_page_says_a_deny_applies_to_the_whole_combined_policy(browser):
    response = browser.post(reverse("combine"), combine_form("view-users", DENY_SCENARIO))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Part 2 (deny-user-delete-update) has Deny statements" in body
    assert "whole combined policy" in body


def test_the_combine_page_without_a_deny_has_no_deny_note(browser):
    body = browser.post(reverse("combine"), combine_form("view-users")).content.decode()
    assert "has Deny statements" not in body


@pytest.mark.parametrize("slug", SECOND_PAGE)
def test_every_resource_level_builder_page_names_its_source_page_and_section(browser, slug):
    body = browser.get(reverse("builder", args=[slug])).content.decode()
    assert "Amazon Connect resource-level policy examples" in body
    assert scenarios.get(slug).source_section.replace("'", "&#x27;").replace('"', "&quot;") in body
