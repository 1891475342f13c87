"""The API refuses template writes and exports that break a team rule: a 400 naming it.

400, as for the validator's errors (the body is refused for what its policy says; resending
it fails again), not 409, which the API keeps for a stale ``base_version``.
"""

from __future__ import annotations

import json

import pytest
from helpers import add_access_rule, combined_values

from policybuilder.core import scenarios
from policybuilder.teams.models import SavedTemplate

LIST = "/api/teams/contact-centre/templates"
WISDOM = "wisdom-assistants"


def send(client, method: str, path: str, body: dict):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def rule(team, owner):
    return add_access_rule(team, owner, "No assistant deletion", ["wisdom:Delete*"])


def wisdom_body(**values) -> dict:
    return {
        "scenario": WISDOM,
        "name": "Assistants",
        "values": scenarios.get(WISDOM).example_values() | values,
    }


def test_creating_a_template_that_breaks_a_rule_is_a_400_naming_the_rule(api_as, rule):
    response = send(api_as("editor"), "post", LIST, wisdom_body())
    assert response.status_code == 400
    assert response.json()["errors"]["rule"] == {
        "name": "No assistant deletion",
        "actions": ["wisdom:Delete*"],
        "resources": ["*"],
    }


def test_the_400_carries_the_witness_request(api_as, rule):
    witness = send(api_as("editor"), "post", LIST, wisdom_body()).json()["errors"]["witness"]
    assert witness["action"] == "wisdom:DeleteAssistant"
    assert set(witness) == {"action", "resource", "context"}


def test_the_400_message_says_what_is_granted_and_which_rule_forbids_it(api_as, rule):
    body = send(api_as("editor"), "post", LIST, wisdom_body()).json()
    assert body["message"].startswith("This policy grants wisdom:DeleteAssistant on ")
    assert body["message"].endswith("which the team's rule 'No assistant deletion' forbids.")
    assert body["errors"]["document"] == body["message"]


def test_a_refused_create_saves_nothing(api_as, rule):
    send(api_as("editor"), "post", LIST, wisdom_body())
    assert not SavedTemplate.objects.exists()


def test_creating_a_template_the_rule_does_not_concern_is_a_201(api_as, rule):
    response = send(api_as("editor"), "post", LIST, wisdom_body(actions=["wisdom:GetAssistant"]))
    assert response.status_code == 201


def test_a_combined_policy_that_breaks_a_rule_is_refused(api_as, rule):
    body = {"scenario": "combined", "name": "Ops", "values": combined_values("view-users", WISDOM)}
    response = send(api_as("editor"), "post", LIST, body)
    assert response.status_code == 400
    assert response.json()["errors"]["rule"]["name"] == "No assistant deletion"


def test_updating_a_template_to_break_a_rule_is_a_400_and_keeps_the_version(api_as, rule):
    created = send(api_as("editor"), "post", LIST, wisdom_body(actions=["wisdom:GetAssistant"]))
    path = f"{LIST}/{created.json()['id']}"
    update = {"values": wisdom_body()["values"], "base_version": 1}
    response = send(api_as("editor"), "put", path, update)
    assert response.status_code == 400
    assert response.json()["errors"]["witness"]["action"] == "wisdom:DeleteAssistant"
    assert api_as("viewer").get(path).json()["version"] == 1


def test_exporting_a_template_saved_before_the_rule_is_a_400(api_as, team, owner):
    created = send(api_as("editor"), "post", LIST, wisdom_body())
    add_access_rule(team, owner, "No assistant deletion", ["wisdom:DeleteAssistant"])
    path = f"{LIST}/{created.json()['id']}/export"
    response = api_as("viewer").get(path, {"format": "terraform"})
    assert response.status_code == 400
    assert response.json()["errors"]["rule"]["name"] == "No assistant deletion"


def test_exporting_a_template_that_breaks_no_rule_is_a_200(api_as, team, owner):
    created = send(api_as("editor"), "post", LIST, wisdom_body())
    add_access_rule(team, owner, "No instance deletion", ["connect:DeleteInstance"])
    response = api_as("viewer").get(f"{LIST}/{created.json()['id']}/export")
    assert response.status_code == 200
