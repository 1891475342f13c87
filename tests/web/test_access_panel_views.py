"""'What this allows' and 'Try a request' on the builder and the validate page."""

from __future__ import annotations

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from helpers import post_data

from policybuilder.core import scenarios
from policybuilder.web.access_panel import ContextError, parse_context

pytestmark = pytest.mark.django_db

SLUG = "users-by-resource-tag"
BUILDER_ACCESS = f"/scenarios/{SLUG}/access"
HTMX = {"HTTP_HX_REQUEST": "true"}

#: Describe and update users tagged Department=Test; never delete one.
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TaggedUsers",
                "Effect": "Allow",
                "Action": ["connect:DescribeUser", "connect:DeleteUser"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:ResourceTag/Department": "Test"}},
            },
            {"Sid": "NoDeletes", "Effect": "Deny", "Action": "connect:DeleteUser", "Resource": "*"},
        ],
    }
)
USER_ARN = "arn:aws:connect:us-east-1:111122223333:instance/abc/agent/def"


@pytest.fixture
def builder_data():
    scenario = scenarios.get(SLUG)
    return post_data(scenario, scenario.example_values())


def _try(**fields):
    return {f"try_{name}": value for name, value in fields.items()}


# The pages ------------------------------------------------------------------------------------


def test_builder_page_has_the_panel_closed_and_empty(signed_in):
    body = signed_in.get(f"/scenarios/{SLUG}/").content.decode()
    assert 'id="access-panel"' in body
    assert "data-access-empty" in body
    assert '<details class="card access-panel" id="access-panel" data-access-panel open' not in body


def test_builder_page_states_what_the_panel_does_not_consider(signed_in):
    body = signed_in.get(f"/scenarios/{SLUG}/").content.decode()
    assert "permission boundaries" in body
    assert "resource-based policies are not considered" in body


def test_builder_preview_fragment_has_no_access_summary(signed_in, builder_data):
    body = signed_in.post(f"/scenarios/{SLUG}/", builder_data, **HTMX).content.decode()
    assert "access-table" not in body
    assert "access-panel" not in body


def test_validate_page_has_the_panel(signed_in):
    body = signed_in.get("/validate/").content.decode()
    assert 'hx-post="/validate/access"' in body
    assert 'hx-include="#validate-form"' in body


def test_panel_views_require_sign_in(client, builder_data):
    assert client.post(BUILDER_ACCESS, builder_data).status_code == 302
    assert client.post("/validate/access", {"policy": POLICY}).status_code == 302


def test_panel_views_refuse_get(signed_in):
    assert signed_in.get(BUILDER_ACCESS).status_code == 405
    assert signed_in.get("/validate/access").status_code == 405


def test_panel_of_an_unknown_scenario_is_404(signed_in):
    assert signed_in.post("/scenarios/no-such/access", {}).status_code == 404


# The summary ----------------------------------------------------------------------------------


def test_builder_panel_lists_the_scenarios_actions_by_service(signed_in, builder_data):
    response = signed_in.post(BUILDER_ACCESS, builder_data, **HTMX, HTTP_HX_TARGET="access-body")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="access-body"')
    assert "Amazon Connect" in body
    assert "<code>connect:DescribeUser</code>" in body


def test_builder_panel_names_the_condition_of_each_action(signed_in, builder_data):
    body = signed_in.post(BUILDER_ACCESS, builder_data, **HTMX).content.decode()
    assert "aws:ResourceTag/" in body


def test_validate_panel_shows_what_a_deny_takes_away(signed_in):
    body = signed_in.post("/validate/access", {"policy": POLICY}, **HTMX).content.decode()
    assert "taken away by a Deny" in body
    assert "<code>connect:DeleteUser</code>" in body


def test_panel_shows_a_conditional_deny_beside_the_grant_it_limits(signed_in):
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "connect:DescribeUser", "Resource": "*"},
                {
                    "Sid": "NoMfaNoAccess",
                    "Effect": "Deny",
                    "Action": "connect:*",
                    "Resource": "*",
                    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
                },
            ],
        }
    )
    body = signed_in.post("/validate/access", {"policy": policy}, **HTMX).content.decode()
    assert "except when aws:MultiFactorAuthPresent" in body
    assert "NoMfaNoAccess" in body


def test_panel_shows_not_action_as_everything_except(signed_in):
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}],
        }
    )
    body = signed_in.post("/validate/access", {"policy": policy}, **HTMX).content.decode()
    assert "every action of every service except iam:*" in body


def test_try_select_offers_the_allowed_and_the_denied_actions(signed_in):
    body = signed_in.post("/validate/access", {"policy": POLICY}, **HTMX).content.decode()
    assert '<option value="connect:DescribeUser">' in body
    assert '<option value="connect:DeleteUser">' in body


def test_panel_of_broken_json_says_it_cannot_be_evaluated(signed_in):
    body = signed_in.post("/validate/access", {"policy": "{"}, **HTMX).content.decode()
    assert "cannot be evaluated" in body


def test_panel_of_an_empty_text_asks_for_a_policy(signed_in):
    body = signed_in.post("/validate/access", {"policy": ""}, **HTMX).content.decode()
    assert "There is no policy yet" in body


def test_panel_escapes_what_the_policy_says(signed_in):
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "connect:DescribeUser",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "<b>x</b>"}},
                }
            ],
        }
    )
    body = signed_in.post("/validate/access", {"policy": policy}, **HTMX).content.decode()
    assert "<b>x</b>" not in body
    assert "&lt;b&gt;x&lt;/b&gt;" in body


# Try a request --------------------------------------------------------------------------------


def test_tried_request_that_matches_the_condition_is_allowed(signed_in):
    data = {"policy": POLICY} | _try(
        action="connect:DescribeUser",
        resource=USER_ARN,
        context="aws:ResourceTag/Department=Test",
    )
    response = signed_in.post("/validate/access", data, **HTMX, HTTP_HX_TARGET="try-result")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="try-result"')
    assert "decision-allow" in body
    assert "Statement 0 (&quot;TaggedUsers&quot;)" in body


def test_tried_request_with_another_tag_is_denied_with_the_reason(signed_in):
    data = {"policy": POLICY} | _try(
        action="connect:DescribeUser",
        resource=USER_ARN,
        context="aws:ResourceTag/Department=Prod",
    )
    body = signed_in.post(
        "/validate/access", data, **HTMX, HTTP_HX_TARGET="try-result"
    ).content.decode()
    assert "decision-implicit_deny" in body
    assert "Prod" in body


def test_tried_request_of_a_denied_action_is_an_explicit_deny(signed_in):
    data = {"policy": POLICY} | _try(
        action="connect:DeleteUser", context="aws:ResourceTag/Department=Test"
    )
    body = signed_in.post(
        "/validate/access", data, **HTMX, HTTP_HX_TARGET="try-result"
    ).content.decode()
    assert "decision-explicit_deny" in body
    assert "Statement 1 (&quot;NoDeletes&quot;)" in body


def test_tried_request_with_a_bad_context_line_names_the_line(signed_in):
    data = {"policy": POLICY} | _try(action="connect:DescribeUser", context="no equals sign")
    body = signed_in.post(
        "/validate/access", data, **HTMX, HTTP_HX_TARGET="try-result"
    ).content.decode()
    assert "Line 1" in body
    assert "decision-" not in body


def test_tried_request_with_a_bad_action_names_the_action(signed_in):
    data = {"policy": POLICY} | _try(action="DescribeUser")
    body = signed_in.post(
        "/validate/access", data, **HTMX, HTTP_HX_TARGET="try-result"
    ).content.decode()
    assert "action must be an action" in body


def test_builder_try_request_evaluates_the_current_values(signed_in, builder_data):
    data = builder_data | _try(action="connect:DescribeUser", resource=USER_ARN)
    body = signed_in.post(
        BUILDER_ACCESS, data, **HTMX, HTTP_HX_TARGET="try-result"
    ).content.decode()
    assert "decision-implicit_deny" in body


def _tried_request(body: str) -> list:
    shown = body.split('<pre class="witness"><code>', 1)[1].split("</code>", 1)[0]
    return json.loads(html.unescape(shown))


def test_a_typed_action_is_tried_instead_of_the_chosen_one(signed_in):
    data = {"policy": POLICY} | _try(action="connect:DescribeUser", other_action="iam:PassRole")
    response = signed_in.post("/validate/access", data, **HTMX, HTTP_HX_TARGET="try-result")
    body = response.content.decode()
    assert _tried_request(body)[0]["action"] == "iam:PassRole"
    assert "decision-implicit_deny" in body


def test_the_tried_request_is_shown_as_json_for_the_command_line(signed_in):
    data = {"policy": POLICY} | _try(action="connect:DescribeUser", context="aws:TagKeys=a,b")
    response = signed_in.post("/validate/access", data, **HTMX, HTTP_HX_TARGET="try-result")
    assert _tried_request(response.content.decode()) == [
        {"action": "connect:DescribeUser", "resource": "*", "context": {"aws:TagKeys": ["a", "b"]}}
    ]


# Without JavaScript -------------------------------------------------------------------------


def test_plain_post_returns_the_builder_with_the_panel_open(signed_in, builder_data):
    response = signed_in.post(BUILDER_ACCESS, builder_data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="scenario-form"' in body
    assert "data-access-panel open" in body
    assert "<code>connect:DescribeUser</code>" in body


def test_plain_post_of_a_try_returns_the_decision_and_keeps_what_was_typed(signed_in):
    data = {"policy": POLICY} | _try(
        action="connect:DescribeUser", resource=USER_ARN, context="aws:ResourceTag/Department=Test"
    )
    body = signed_in.post("/validate/access", data).content.decode()
    assert 'id="validate-form"' in body
    assert "decision-allow" in body
    assert f'value="{USER_ARN}"' in body
    assert '<option value="connect:DescribeUser" selected>' in body


def test_plain_post_of_an_uploaded_file_summarises_the_file(signed_in):
    upload = SimpleUploadedFile("p.json", POLICY.encode(), content_type="application/json")
    body = signed_in.post("/validate/access", {"policy": "", "upload": upload}).content.decode()
    assert "<code>connect:DescribeUser</code>" in body


# The context syntax ---------------------------------------------------------------------------


def test_context_line_sets_a_single_value():
    assert parse_context("aws:MultiFactorAuthPresent=true") == {
        "aws:MultiFactorAuthPresent": "true"
    }


def test_context_comma_makes_a_list():
    assert parse_context("aws:TagKeys=Owner, Env") == {"aws:TagKeys": ["Owner", "Env"]}


def test_context_brackets_make_an_empty_list_or_a_list_of_one():
    assert parse_context("aws:TagKeys=[]\naws:CalledVia=[kms.amazonaws.com]") == {
        "aws:TagKeys": [],
        "aws:CalledVia": ["kms.amazonaws.com"],
    }


def test_context_value_keeps_equals_signs_after_the_first():
    assert parse_context("aws:ResourceTag/x=a=b") == {"aws:ResourceTag/x": "a=b"}


def test_context_blank_and_comment_lines_are_ignored():
    assert parse_context("\n# a note\n  \n") == {}


def test_context_key_given_twice_is_refused():
    with pytest.raises(ContextError, match="given twice"):
        parse_context("aws:TagKeys=a\nAWS:TagKeys=b")


# A saved template's builder page --------------------------------------------------------------


def template_access_url(template):
    return f"/teams/{template.team.slug}/templates/{template.pk}/access/"


def test_saved_templates_page_loads_the_panel_from_its_own_url(client, viewer, saved):
    client.force_login(viewer)
    body = client.get(f"/teams/{saved.team.slug}/templates/{saved.pk}/open/").content.decode()
    assert f'hx-post="{template_access_url(saved)}"' in body


def test_saved_templates_plain_post_keeps_its_save_panel(client, editor, saved, scenario):
    client.force_login(editor)
    response = client.post(
        template_access_url(saved), post_data(scenario, scenario.example_values())
    )
    assert response.context["saved_template"] == saved
    assert "data-access-panel open" in response.content.decode()


def test_saved_templates_panel_lists_its_actions(client, viewer, saved, scenario):
    client.force_login(viewer)
    data = post_data(scenario, scenario.example_values())
    body = client.post(template_access_url(saved), data, **HTMX).content.decode()
    assert "<code>iam:GetUser</code>" in body


def test_another_teams_templates_panel_is_404(client, outsider, saved, scenario):
    client.force_login(outsider)
    data = post_data(scenario, scenario.example_values())
    assert client.post(template_access_url(saved), data, **HTMX).status_code == 404


def test_a_combined_policys_panel_is_404(client, viewer, combined):
    client.force_login(viewer)
    assert client.post(template_access_url(combined), {}, **HTMX).status_code == 404
