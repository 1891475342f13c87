"""Scenarios, rendering, validation, exports and combined policies over the API."""

from __future__ import annotations

import io
import json

import pytest
import yaml

from policybuilder.core import scenarios
from policybuilder.core.validator import cli


def post(client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def api(api_as, owner):
    return api_as("owner")


def test_scenarios_are_listed_with_their_parameters(api):
    listed = api.get("/api/scenarios").json()
    assert [s["slug"] for s in listed] == [s.slug for s in scenarios.SCENARIOS]


def test_a_scenario_lists_its_parameters_by_name(api):
    described = api.get("/api/scenarios/view-own-permissions").json()
    assert "account" in [p["name"] for p in described["parameters"]]


def test_an_unknown_scenario_is_404_json(api):
    response = api.get("/api/scenarios/nope")
    assert response.status_code == 404 and response.json()["message"]


def test_rendering_returns_the_engines_document(api, scenario, example_values):
    body = post(api, f"/api/scenarios/{scenario.slug}/render", {"values": example_values}).json()
    assert body["document"] == scenarios.render(scenario, example_values).document


def test_rendering_refuses_a_misspelt_parameter_name(api, scenario, example_values):
    values = example_values | {"acount": "111122223333"}
    response = post(api, f"/api/scenarios/{scenario.slug}/render", {"values": values})
    assert response.status_code == 400
    assert "acount" in response.json()["errors"]


def test_rendering_returns_the_validators_findings(api, scenario, example_values):
    values = example_values | {"account": "111122223333"}
    body = post(api, f"/api/scenarios/{scenario.slug}/render", {"values": values}).json()
    # 111122223333 is AWS's documentation placeholder: a warning.
    assert [f["code"] for f in body["findings"]] == ["PB_PLACEHOLDER_IN_ARN"]


def test_rendering_the_examples_brings_no_finding(api, scenario, example_values):
    body = post(api, f"/api/scenarios/{scenario.slug}/render", {"values": example_values}).json()
    assert body["findings"] == []


def test_rendering_returns_the_size_against_the_quota(api, scenario, example_values):
    body = post(api, f"/api/scenarios/{scenario.slug}/render", {"values": example_values}).json()
    assert 0 < body["size"] <= body["limit"] == 6144


def test_bad_values_are_400_with_an_error_per_field(api, scenario, example_values):
    values = example_values | {"account": "12"}
    response = post(api, f"/api/scenarios/{scenario.slug}/render", {"values": values})
    assert response.status_code == 400
    assert "12 digits" in response.json()["errors"]["account"]


def test_a_value_of_the_wrong_json_type_is_400_not_a_crash(api, scenario):
    response = post(api, f"/api/scenarios/{scenario.slug}/render", {"values": {"actions": True}})
    assert response.status_code == 400 and "actions" in response.json()["errors"]


def test_a_malformed_body_is_400_naming_the_field(api, scenario):
    response = post(api, f"/api/scenarios/{scenario.slug}/render", {"quota": "huge"})
    assert response.status_code == 400 and "quota" in response.json()["errors"]


def test_validation_gives_the_same_findings_as_the_cli(api, tmp_path):
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Nope"}]}'
    path = tmp_path / "p.json"
    path.write_text(text)
    out = io.StringIO()
    cli.main([str(path), "--format", "json"], io.StringIO(), out)
    expected = json.loads(out.getvalue())[0]["findings"]
    assert post(api, "/api/validate", {"text": text}).json()["findings"] == expected


def test_a_scenario_exports_as_cloudformation_yaml_with_the_same_document(
    api, scenario, example_values
):
    body = {"scenario": scenario.slug, "values": example_values, "format": "cloudformation-yaml"}
    content = post(api, "/api/exports", body).json()["content"]
    (resource,) = yaml.safe_load(content)["Resources"].values()
    expected = scenarios.render(scenario, example_values).document
    assert resource["Properties"]["PolicyDocument"] == expected


def test_a_document_exports_as_it_is(api):
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}
    body = {"document": document, "format": "json", "name": "mine"}
    exported = post(api, "/api/exports", body).json()
    assert json.loads(exported["content"]) == document and exported["filename"] == "mine.json"


def test_an_export_with_an_invalid_policy_name_is_400(api):
    body = {"document": {"Version": "2012-10-17"}, "format": "json", "name": "no spaces"}
    response = post(api, "/api/exports", body)
    assert response.status_code == 400 and "name" in response.json()["errors"]


def test_an_export_needs_a_scenario_or_a_document(api):
    assert post(api, "/api/exports", {"format": "json"}).status_code == 400


def test_combining_two_scenarios_returns_one_document(api):
    parts = [{"scenario": "view-users"}, {"scenario": "campaigns-read-only"}]
    body = post(api, "/api/combine", {"parts": parts}).json()
    assert len(body["document"]["Statement"]) == 2 and body["split"] is None


def test_combining_over_the_quota_proposes_a_split_that_fits(api):
    first_page = [s for s in scenarios.SCENARIOS if s.page == scenarios.IDENTITY_PAGE]
    parts = [{"scenario": s.slug, "values": s.example_values()} for s in first_page]
    body = post(api, "/api/combine", {"parts": parts, "quota": "user"}).json()
    assert body["over_quota"] and all(b["fits"] for b in body["split"])


def test_a_combined_part_with_bad_values_is_400_under_its_index(api):
    parts = [
        {"scenario": "view-users"},
        {"scenario": "view-own-permissions", "values": {"account": "12"}},
    ]
    response = post(api, "/api/combine", {"parts": parts})
    assert response.status_code == 400 and "parts.1" in response.json()["errors"]


def test_a_request_body_over_the_limit_is_413_json(api):
    response = post(api, "/api/validate", {"text": "x" * (300 * 1024)})
    assert response.status_code == 413 and "KB" in response.json()["message"]


def test_the_body_limit_holds_before_authentication(db):
    from django.test import Client

    response = post(Client(), "/api/validate", {"text": "x" * (300 * 1024)})
    assert response.status_code == 413
