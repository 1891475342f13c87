"""A team's saved templates over the API: the same isolation, roles and locking as the pages."""

from __future__ import annotations

import json

import pytest
from helpers import COMBINED_PARTS, combined_values

from policybuilder.teams.models import SavedTemplate, TemplateVersion

LIST = "/api/teams/contact-centre/templates"


def url(saved, tail: str = "") -> str:
    return f"/api/teams/{saved.team.slug}/templates/{saved.pk}{tail}"


def send(client, method: str, path: str, body: dict):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def new_template(example_values) -> dict:
    return {"scenario": "view-own-permissions", "name": "From a script", "values": example_values}


@pytest.mark.parametrize("actor", ["owner", "editor", "viewer"])
def test_members_list_their_teams_templates(api_as, saved, actor):
    listed = api_as(actor).get(LIST).json()
    assert [t["id"] for t in listed] == [saved.pk]


def test_an_outsider_gets_404_for_the_teams_list(api_as, saved, other_team):
    assert api_as("outsider").get(LIST).status_code == 404


def test_an_outsider_gets_404_for_a_template(api_as, saved, other_team):
    assert api_as("outsider").get(url(saved)).status_code == 404


def test_an_outsider_gets_404_for_a_templates_versions(api_as, saved, other_team):
    assert api_as("outsider").get(url(saved, "/versions")).status_code == 404


def test_an_outsider_gets_404_when_updating(api_as, saved, other_team, example_values):
    body = {"values": example_values, "base_version": 1}
    assert send(api_as("outsider"), "put", url(saved), body).status_code == 404


def test_an_outsider_gets_404_when_creating(api_as, team, other_team, new_template):
    assert send(api_as("outsider"), "post", LIST, new_template).status_code == 404


def test_a_template_of_another_team_is_404_under_the_wrong_team_slug(api_as, saved, other_team):
    path = f"/api/teams/elsewhere/templates/{saved.pk}"
    assert api_as("outsider").get(path).status_code == 404


def test_a_viewer_reads_a_template(api_as, saved):
    assert api_as("viewer").get(url(saved)).json()["document"] == saved.document


def test_a_viewer_gets_403_when_creating(api_as, team, new_template):
    response = send(api_as("viewer"), "post", LIST, new_template)
    assert response.status_code == 403 and response.json()["message"]


def test_a_viewer_gets_403_when_updating(api_as, saved, example_values):
    body = {"values": example_values, "base_version": 1}
    assert send(api_as("viewer"), "put", url(saved), body).status_code == 403


def test_an_editor_creates_a_template(api_as, team, new_template):
    response = send(api_as("editor"), "post", LIST, new_template)
    assert response.status_code == 201
    assert SavedTemplate.objects.get(pk=response.json()["id"]).name == "From a script"


def test_creating_with_bad_values_is_400_per_field(api_as, team, new_template):
    body = new_template | {"values": new_template["values"] | {"account": "12"}}
    response = send(api_as("editor"), "post", LIST, body)
    assert response.status_code == 400 and "account" in response.json()["errors"]


def test_creating_with_an_unknown_scenario_is_404(api_as, team, new_template):
    response = send(api_as("editor"), "post", LIST, new_template | {"scenario": "nope"})
    assert response.status_code == 404


def test_an_update_saves_a_new_version(api_as, saved, example_values):
    body = {"values": example_values | {"actions": ["iam:GetUser"]}, "base_version": 1}
    response = send(api_as("editor"), "put", url(saved), body)
    assert response.status_code == 200 and response.json()["version"] == 2


def test_an_update_on_a_stale_version_is_409(api_as, saved, example_values):
    body = {"values": example_values | {"actions": ["iam:GetUser"]}, "base_version": 1}
    send(api_as("editor"), "put", url(saved), body)
    response = send(api_as("owner"), "put", url(saved), body)
    assert response.status_code == 409 and "version 2" in response.json()["message"]


def test_a_stale_update_writes_no_version(api_as, saved, example_values):
    body = {"values": example_values, "base_version": 1}
    send(api_as("editor"), "put", url(saved), body)
    send(api_as("owner"), "put", url(saved), body)
    assert TemplateVersion.objects.filter(template=saved).count() == 2


def test_an_update_with_bad_values_is_400(api_as, saved, example_values):
    body = {"values": example_values | {"account": "x"}, "base_version": 1}
    assert send(api_as("editor"), "put", url(saved), body).status_code == 400


def test_versions_are_listed_newest_first(api_as, saved, example_values):
    send(api_as("editor"), "put", url(saved), {"values": example_values, "base_version": 1})
    listed = api_as("viewer").get(url(saved, "/versions")).json()
    assert [v["number"] for v in listed] == [2, 1]


def test_a_version_is_read_by_number(api_as, saved):
    assert api_as("viewer").get(url(saved, "/versions/1")).json()["note"] == "Created"


def test_a_missing_version_is_404(api_as, saved):
    assert api_as("viewer").get(url(saved, "/versions/9")).status_code == 404


def test_a_template_exports_as_terraform(api_as, saved):
    body = api_as("viewer").get(url(saved, "/export?format=terraform")).json()
    assert body["content"].startswith('resource "aws_iam_policy"')


def test_a_template_shared_with_the_outsiders_team_is_readable_by_them(
    api_as, saved, other_team, owner
):
    from policybuilder.teams import services

    services.template_share(template=saved, target_slug="elsewhere", actor=owner)
    assert api_as("outsider").get(url(saved)).status_code == 200


def test_a_shared_template_is_still_not_writable_by_the_other_team(
    api_as, saved, other_team, owner, example_values
):
    from policybuilder.teams import services

    services.template_share(template=saved, target_slug="elsewhere", actor=owner)
    body = {"values": example_values, "base_version": 1}
    assert send(api_as("outsider"), "put", url(saved), body).status_code == 403


# Combined policies: templates with the scenario "combined" -------------------------


@pytest.fixture
def new_combined() -> dict:
    return {
        "scenario": "combined",
        "name": "Ops roles from a script",
        "values": combined_values(*COMBINED_PARTS, quota="role"),
    }


def test_an_editor_creates_a_combined_template(api_as, team, new_combined):
    response = send(api_as("editor"), "post", LIST, new_combined)
    assert response.status_code == 201
    body = response.json()
    assert (body["scenario"], body["values"]) == ("combined", new_combined["values"])


def test_a_combined_template_is_read_with_its_parts(api_as, combined):
    body = api_as("viewer").get(url(combined)).json()
    assert [part["scenario"] for part in body["values"]["parts"]] == list(COMBINED_PARTS)


def test_a_combined_template_is_listed_like_any_template(api_as, saved, combined):
    listed = api_as("viewer").get(LIST).json()
    assert {t["scenario"] for t in listed} == {"view-own-permissions", "combined"}


def test_creating_a_combined_template_with_a_bad_part_is_400_under_that_part(
    api_as, team, new_combined
):
    new_combined["values"]["parts"][1]["values"]["guard_regions"] = ["mars-1"]
    response = send(api_as("editor"), "post", LIST, new_combined)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["parts.1"]
    assert "guard_regions" in response.json()["errors"]["parts.1"]


def test_creating_a_combined_template_without_parts_is_400(api_as, team, new_combined):
    body = new_combined | {"values": {"quota": "managed"}}
    response = send(api_as("editor"), "post", LIST, body)
    assert response.status_code == 400 and "parts" in response.json()["errors"]


def test_a_viewer_gets_403_when_creating_a_combined_template(api_as, team, new_combined):
    assert send(api_as("viewer"), "post", LIST, new_combined).status_code == 403


def test_an_update_of_a_combined_template_saves_version_2(api_as, combined):
    body = {"values": combined_values("view-users"), "base_version": 1, "note": "one part"}
    response = send(api_as("editor"), "put", url(combined), body)
    assert response.status_code == 200
    assert (response.json()["version"], len(response.json()["values"]["parts"])) == (2, 1)


def test_an_update_of_a_combined_template_with_a_bad_part_is_400(api_as, combined):
    values = combined_values(*COMBINED_PARTS)
    values["parts"][0]["values"]["scope"] = "instance"
    values["parts"][0]["values"]["instance"] = "x"
    response = send(api_as("editor"), "put", url(combined), {"values": values, "base_version": 1})
    assert response.status_code == 400 and "instance" in response.json()["errors"]["parts.0"]


def test_a_stale_update_of_a_combined_template_is_409(api_as, combined):
    body = {"values": combined_values("view-users"), "base_version": 1}
    send(api_as("editor"), "put", url(combined), body)
    response = send(api_as("owner"), "put", url(combined), body)
    assert response.status_code == 409 and "base_version" in response.json()["errors"]


def test_a_combined_templates_versions_carry_their_values(api_as, combined):
    send(
        api_as("editor"),
        "put",
        url(combined),
        {"values": combined_values("view-users"), "base_version": 1},
    )
    listed = api_as("viewer").get(url(combined, "/versions")).json()
    assert [len(v["values"]["parts"]) for v in listed] == [1, 2]


def test_an_outsider_gets_404_for_a_combined_template(api_as, combined, other_team):
    assert api_as("outsider").get(url(combined)).status_code == 404
