"""The custom statement builder's pages: /custom/, its download and save, a saved one reopened."""

from __future__ import annotations

import json

import pytest

from policybuilder.core import custom
from policybuilder.teams import services
from policybuilder.teams.models import SavedTemplate

INSTANCE = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
USER_ID = "b2c3d4e5-6789-01ab-cdef-0123456789ab"


def form_data(**extra: str) -> dict[str, str | list[str]]:
    """One Allow statement: connect:DescribeUser on one user, with a tag condition."""
    return {
        "count": "1",
        "s0-effect": "Allow",
        "s0-actions": ["connect:DescribeUser"],
        "s0-rcount": "1",
        "s0-r0-type": "connect:user",
        "s0-r0-Partition": "aws",
        "s0-r0-Region": "us-east-1",
        "s0-r0-Account": "111122223333",
        "s0-r0-InstanceId": INSTANCE,
        "s0-r0-UserId": USER_ID,
        "s0-ccount": "1",
        "s0-c0-key": "aws:ResourceTag/Department",
        "s0-c0-operator": "StringEquals",
        "s0-c0-values": "Test",
        "quota": "managed",
        **extra,
    }


USER_ARN = f"arn:aws:connect:us-east-1:111122223333:instance/{INSTANCE}/agent/{USER_ID}"


def stored_values() -> dict:
    return {
        "quota": "managed",
        "statements": [
            {
                "effect": "Allow",
                "actions": ["connect:DescribeUser"],
                "resources": [
                    {
                        "type": "connect:user",
                        "Partition": "aws",
                        "Region": "us-east-1",
                        "Account": "111122223333",
                        "InstanceId": INSTANCE,
                        "UserId": USER_ID,
                    }
                ],
                "conditions": [],
            }
        ],
    }


@pytest.fixture
def saved_custom(team, owner) -> SavedTemplate:
    return services.template_create(
        team=team,
        scenario=custom.CUSTOM,
        raw_values=stored_values(),
        name="Describe one agent",
        author=owner,
    )


def test_the_custom_builder_requires_signing_in(client):
    response = client.get("/custom/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_new_custom_builder_shows_one_empty_statement(signed_in):
    response = signed_in.get("/custom/")
    assert response.status_code == 200
    assert b'name="s0-action_new"' in response.content
    assert b'name="s1-action_new"' not in response.content


def test_the_preview_shows_the_composed_statement(signed_in):
    response = signed_in.post(
        "/custom/", form_data(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="preview"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="preview"' in text
    assert "custom-form" not in text
    assert USER_ARN in text
    assert "aws:ResourceTag/Department" in text


def test_the_preview_names_a_wrong_field(signed_in):
    data = form_data(**{"s0-r0-Account": "12345"})
    response = signed_in.post("/custom/", data, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="preview")
    assert "exactly 12 digits; this has 5" in response.content.decode()


def test_a_wrong_field_is_marked_beside_it_without_javascript(signed_in):
    response = signed_in.post("/custom/", form_data(**{"s0-r0-UserId": "bob"}))
    assert b'id="error-s0-r0-UserId">The user ID is a UUID' in response.content


def test_the_live_preview_refreshes_the_error_beside_a_field(signed_in):
    data = form_data(**{"s0-r0-Account": "12345"})
    response = signed_in.post("/custom/", data, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="preview")
    text = response.content.decode()
    assert 'id="error-s0-r0-Account" hx-swap-oob="true">An AWS account ID has exactly' in text


def test_the_live_preview_clears_the_error_beside_a_fixed_field(signed_in):
    response = signed_in.post(
        "/custom/", form_data(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="preview"
    )
    assert 'id="error-s0-r0-Account" hx-swap-oob="true"></p>' in response.content.decode()


def test_a_wildcard_is_shown_expanded(signed_in):
    data = form_data(**{"s0-actions": ["connect:DescribeUser", "connect:DescribeUserHierarchy*"]})
    response = signed_in.post("/custom/", data)
    assert b"connect:DescribeUserHierarchyGroup" in response.content
    assert b"connect:DescribeUserHierarchyStructure" in response.content


def test_adding_a_statement_without_javascript_shows_a_second_one(signed_in):
    response = signed_in.post("/custom/", form_data(op="add-statement"))
    assert b'name="s1-action_new"' in response.content


def test_removing_a_condition_takes_it_out_of_the_policy(signed_in):
    response = signed_in.post("/custom/", form_data(op="remove-condition:0:0"))
    assert b"aws:ResourceTag/Department" not in response.content


def test_searching_without_javascript_lists_matching_actions_to_check(signed_in):
    response = signed_in.post(
        "/custom/", form_data(**{"s0-q": "routing profile queues", "op": "search:0"})
    )
    checkbox = b'type="checkbox" name="s0-actions" value="connect:AssociateRoutingProfileQueues"'
    assert checkbox in response.content


def test_the_action_search_fragment_groups_actions_by_access_level(signed_in):
    response = signed_in.get("/custom/actions", {"statement": "0", "s0-q": "DescribeQueue"})
    text = response.content.decode()
    assert "<legend>Read</legend>" in text
    assert 'value="connect:DescribeQueue"' in text


def test_the_download_is_the_previewed_policy(signed_in):
    response = signed_in.post("/custom/download", form_data(filename="agents"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agents.json"'
    assert json.loads(response.content)["Statement"][0]["Resource"] == [USER_ARN]


def test_the_download_is_refused_while_a_field_is_wrong(signed_in):
    response = signed_in.post("/custom/download", form_data(**{"s0-r0-Region": "mars-1"}))
    assert response.status_code == 400
    assert b"Fix the fields marked below" in response.content


def test_the_download_is_refused_while_the_validator_finds_an_error(signed_in):
    # Every field is right, but 80 actions take the policy over a user's inline quota: the
    # validator's ERROR, not a field's.
    data = form_data(quota="user", **{"s0-actions": [f"connect:{n}" for n in LONG_ACTIONS]})
    data["s0-rcount"] = "0"
    response = signed_in.post("/custom/download", data)
    assert response.status_code == 400
    assert b"The validator found errors" in response.content


#: Enough Read actions of Amazon Connect to take a policy over a user's inline quota.
LONG_ACTIONS = sorted(
    a.name for a in custom.all_actions() if a.service == "connect" and a.access_level == "Read"
)[:80]


def test_saving_makes_a_custom_template_of_the_team(client, editor, team):
    client.force_login(editor)
    data = form_data(**{"save-team": team.slug, "save-name": "Describe one agent"})
    response = client.post("/custom/save", data)
    template = SavedTemplate.objects.get(name="Describe one agent")
    assert response.status_code == 302
    assert template.scenario_slug == "custom"
    assert template.values["statements"][0]["actions"] == ["connect:DescribeUser"]


def test_a_save_with_a_wrong_field_is_refused(client, editor, team):
    client.force_login(editor)
    data = form_data(**{"save-team": team.slug, "save-name": "Bad", "s0-r0-Account": "x"})
    response = client.post("/custom/save", data)
    assert response.status_code == 400
    assert not SavedTemplate.objects.filter(name="Bad").exists()


def test_a_saved_custom_policy_reopens_on_the_custom_builder(client, owner, saved_custom):
    client.force_login(owner)
    response = client.get(f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/open/")
    text = response.content.decode()
    assert response.status_code == 200
    assert f'value="{USER_ID}"' in text
    assert "Save new version" in text


def test_saving_a_new_version_of_a_custom_policy(client, editor, saved_custom):
    client.force_login(editor)
    url = f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/save/"
    data = form_data(**{"save-expected_version": "1", "s0-effect": "Deny"})
    response = client.post(url, data)
    saved_custom.refresh_from_db()
    assert response.status_code == 302
    assert saved_custom.version == 2
    assert json.loads(saved_custom.document)["Statement"][0]["Effect"] == "Deny"


def test_a_foreign_teams_custom_policy_is_not_found(client, outsider, other_team, saved_custom):
    client.force_login(outsider)
    response = client.get(f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/open/")
    assert response.status_code == 404


def test_a_custom_policy_restores_an_old_version(client, editor, saved_custom):
    services.template_save_version(
        template=saved_custom,
        raw_values=stored_values() | {"quota": "role"},
        base_version=1,
        author=editor,
    )
    client.force_login(editor)
    url = f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/versions/1/restore/"
    response = client.post(url, {"expected_version": "2"})
    saved_custom.refresh_from_db()
    assert response.status_code == 302
    assert saved_custom.version == 3
    assert saved_custom.values["quota"] == "managed"


def test_a_custom_policy_exports_to_terraform(client, owner, saved_custom):
    client.force_login(owner)
    url = f"/exports/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/"
    response = client.get(url, {"format": "terraform"})
    assert response.status_code == 200
    assert USER_ARN.encode() in response.content


def test_the_template_page_of_a_custom_policy_opens_it_in_the_custom_builder(
    client, owner, saved_custom
):
    client.force_login(owner)
    response = client.get(f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/")
    assert b"Open in the custom builder" in response.content


def test_the_home_page_links_the_custom_builder(signed_in):
    assert b'href="/custom/"' in signed_in.get("/").content


def test_the_builder_exports_the_previewed_policy_to_cloudformation(signed_in):
    data = form_data(export_format="cloudformation-yaml", filename="agents")
    response = signed_in.post("/custom/export", data)
    assert response.status_code == 200
    assert b"AWS::IAM::ManagedPolicy" in response.content


def test_an_export_is_refused_while_a_field_is_wrong(signed_in):
    data = form_data(export_format="terraform", **{"s0-r0-Region": ""})
    response = signed_in.post("/custom/export", data)
    assert response.status_code == 400
    assert b"then export again" in response.content


def test_the_preview_gives_least_privilege_advice_for_a_star_resource(signed_in):
    data = form_data(**{"s0-actions": ["connect:DeleteUser"], "s0-rcount": "0", "s0-ccount": "0"})
    response = signed_in.post("/custom/", data, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="preview")
    assert b"Least-privilege advice" in response.content


def test_what_this_allows_summarises_the_composed_statements(signed_in):
    response = signed_in.post("/custom/access", form_data(), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert "<code>connect:DescribeUser</code>" in text


def test_what_this_allows_without_javascript_is_the_page_with_the_panel_open(signed_in):
    response = signed_in.post("/custom/access", form_data())
    text = response.content.decode()
    assert 'id="custom-form"' in text
    assert "data-access-panel open" in text


def test_a_post_without_the_statement_count_still_shows_a_statement(signed_in):
    response = signed_in.post("/custom/", {"quota": "managed"})
    assert b'name="s0-action_new"' in response.content


def test_a_save_based_on_a_replaced_version_is_refused_with_409(client, editor, saved_custom):
    client.force_login(editor)
    url = f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/save/"
    client.post(url, form_data(**{"save-expected_version": "1", "s0-effect": "Deny"}))
    response = client.post(url, form_data(**{"save-expected_version": "1"}))
    assert response.status_code == 409
    assert b"See the other change (version 1" in response.content


def test_a_viewer_reads_a_custom_policy_but_cannot_save_it(client, viewer, saved_custom):
    client.force_login(viewer)
    response = client.get(f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/open/")
    assert b"You can read this template; you cannot change it." in response.content


def test_a_viewer_cannot_save_a_new_version_of_a_custom_policy(client, viewer, saved_custom):
    client.force_login(viewer)
    url = f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/save/"
    response = client.post(url, form_data(**{"save-expected_version": "1"}))
    assert response.status_code == 403


def test_a_viewer_cannot_save_a_custom_policy_to_the_team(client, viewer, team):
    client.force_login(viewer)
    data = form_data(**{"save-team": team.slug, "save-name": "Not mine"})
    response = client.post("/custom/save", data)
    assert response.status_code == 403
    assert not SavedTemplate.objects.filter(name="Not mine").exists()


def test_a_wrong_field_is_marked_invalid_and_described_by_its_error(signed_in):
    response = signed_in.post("/custom/", form_data(**{"s0-r0-Account": "1"}))
    text = response.content.decode()
    assert 'aria-describedby="error-s0-r0-Account" aria-invalid="true"' in text


def test_an_editors_team_page_links_the_custom_builder(client, editor, team):
    client.force_login(editor)
    assert b'href="/custom/"' in client.get(f"/teams/{team.slug}/").content


def test_a_copy_of_a_custom_policy_opens_on_the_custom_builder(
    client, outsider, other_team, owner, saved_custom
):
    services.template_publish(template=saved_custom, actor=owner)
    client.force_login(outsider)
    url = f"/teams/{saved_custom.team.slug}/templates/{saved_custom.pk}/copy/"
    response = client.post(url, {"team": other_team.slug})
    copy = SavedTemplate.objects.get(team=other_team)
    assert copy.scenario_slug == "custom"
    assert response["Location"] == f"/teams/{other_team.slug}/templates/{copy.pk}/open/"


def test_a_condition_on_a_date_key_says_how_to_write_a_date(signed_in):
    data = form_data(**{"s0-c0-key": "aws:CurrentTime", "s0-c0-operator": "DateLessThan"})
    response = signed_in.post("/custom/", data)
    assert b"such as 2026-12-31T23:59:59Z" in response.content
