"""The catalogue, builder and download views."""

from __future__ import annotations

import json
import re

import pytest

from policybuilder.core import scenarios

pytestmark = pytest.mark.django_db

TAGGED = "/scenarios/users-by-resource-tag/"


def tag_form(key="Department", value="Test", **extra):
    """What the browser submits: one tag row and every default action checked."""
    actions = scenarios.get("users-by-resource-tag").actions_param.defaults
    return {"tags_key": [key], "tags_value": [value], "actions": list(actions), **extra}


def test_catalogue_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_builder_requires_sign_in(client):
    response = client.get(TAGGED)
    assert response.status_code == 302


def test_download_requires_sign_in(client):
    response = client.post(TAGGED + "download", tag_form())
    assert response.status_code == 302


def test_catalogue_lists_every_scenario(signed_in):
    body = signed_in.get("/").content.decode()
    for scenario in scenarios.SCENARIOS:
        assert f'href="/scenarios/{scenario.slug}/"' in body


@pytest.mark.parametrize("slug", [s.slug for s in scenarios.SCENARIOS])
def test_every_builder_page_opens(signed_in, slug):
    assert signed_in.get(f"/scenarios/{slug}/").status_code == 200


def test_unknown_scenario_is_404(signed_in):
    assert signed_in.get("/scenarios/no-such-thing/").status_code == 404


def test_builder_without_parameters_previews_immediately(signed_in):
    body = signed_in.get("/scenarios/wisdom-assistants/").content.decode()
    assert "wisdom:CreateAssistant" in body
    assert 'id="policy-json"' in body


def test_post_renders_the_policy(signed_in):
    body = signed_in.post(TAGGED, tag_form(value="Prod")).content.decode()
    assert "aws:ResourceTag/Department" in body
    assert "Prod" in body


def test_htmx_post_returns_only_the_preview_fragment(signed_in):
    response = signed_in.post(TAGGED, tag_form(), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="preview"')
    assert "<html" not in body


def test_htmx_post_with_a_bad_value_sends_the_message_out_of_band(signed_in):
    response = signed_in.post(TAGGED, tag_form(key="aws:team"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="error-tags" role="alert" hx-swap-oob="true"' in body
    assert "reserved for AWS" in body
    assert 'id="policy-json"' not in body


def test_htmx_error_messages_quote_the_bad_value_escaped(signed_in):
    response = signed_in.post(TAGGED, tag_form(key="<img src=x>"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    beside_field = re.search(r'<p class="field-error" id="error-tags"[^>]*>(.*?)</p>', body)
    assert "&#x27;&lt;&#x27; is not allowed in tags" in beside_field.group(1)


def test_htmx_post_clears_the_message_of_a_fixed_field(signed_in):
    response = signed_in.post(TAGGED, tag_form(), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert '<p class="field-error" id="error-tags" role="alert" hx-swap-oob="true"></p>' in body


ONBOARDING = "/scenarios/campaigns-onboarding/"
INSTANCE_ARN = (
    "arn:aws:connect:eu-west-2:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
)


def error_beside(body: str, name: str) -> str:
    """The content of the out-of-band error paragraph of field ``name``."""
    found = re.search(rf'<p class="field-error" id="error-{name}"[^>]*>(.*?)</p>', body)
    assert found, f"no error paragraph for {name}"
    return found.group(1)


def test_live_preview_keeps_back_the_error_of_a_field_not_yet_touched(signed_in):
    form = {"instance": INSTANCE_ARN, "kms_key": "", "touched": "instance"}
    body = signed_in.post(ONBOARDING, form, HTTP_HX_REQUEST="true").content.decode()
    assert error_beside(body, "kms_key") == ""


def test_live_preview_still_says_what_an_untouched_field_needs(signed_in):
    form = {"instance": INSTANCE_ARN, "kms_key": "", "touched": "instance"}
    body = signed_in.post(ONBOARDING, form, HTTP_HX_REQUEST="true").content.decode()
    assert '<a href="#field-kms_key">' in body


def test_live_preview_shows_the_error_of_a_touched_field(signed_in):
    form = {"instance": INSTANCE_ARN, "kms_key": "alias/mine", "touched": "instance kms_key"}
    body = signed_in.post(ONBOARDING, form, HTTP_HX_REQUEST="true").content.decode()
    assert "An alias cannot be used here" in error_beside(body, "kms_key")


def test_page_after_a_submission_counts_every_field_as_touched(signed_in):
    body = signed_in.post(ONBOARDING, {"instance": "nope"}).content.decode()
    touched = re.search(r'name="touched" value="([^"]*)"', body).group(1).split()
    assert {"instance", "kms_key"} <= set(touched)


def test_a_new_page_has_touched_nothing_yet(signed_in):
    body = signed_in.get(ONBOARDING).content.decode()
    assert 'name="touched" value=""' in body


def test_plain_post_with_a_bad_value_marks_the_field(signed_in):
    body = signed_in.post(
        "/scenarios/campaigns-onboarding/", {"instance": "nope", "kms_key": "alias/mine"}
    ).content.decode()
    assert "An alias cannot be used here" in body
    assert 'aria-invalid="true"' in body


def test_tag_values_are_escaped_in_the_page(signed_in):
    body = signed_in.post(TAGGED, tag_form(value="<b>x</b>")).content.decode()
    assert "<b>x</b>" not in body


def test_download_returns_the_document_as_an_attachment(signed_in):
    response = signed_in.post(TAGGED + "download", tag_form())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="users-by-resource-tag.json"'
    document = json.loads(response.content)
    condition = document["Statement"][0]["Condition"]
    assert condition == {"StringEquals": {"aws:ResourceTag/Department": "Test"}}


def test_download_uses_the_name_the_user_gave_made_safe(signed_in):
    response = signed_in.post(TAGGED + "download", tag_form(filename="../my team policy"))
    assert response["Content-Disposition"] == 'attachment; filename="my_team_policy.json"'


def test_download_of_a_bad_form_is_refused_with_the_reason(signed_in):
    response = signed_in.post(TAGGED + "download", tag_form(key=""))
    assert response.status_code == 400
    assert "Fix the fields marked below" in response.content.decode()


def test_download_opened_directly_leads_to_the_builder(signed_in):
    response = signed_in.get(TAGGED + "download")
    assert (response.status_code, response["Location"]) == (303, TAGGED)


def test_unchecking_every_action_is_an_error_not_the_defaults(signed_in):
    body = signed_in.post(TAGGED, {**tag_form(), "actions": []}).content.decode()
    assert "Keep at least one action" in body


def test_csrf_is_enforced_on_download(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(TAGGED + "download", tag_form()).status_code == 403


def test_catalogue_filter_keeps_only_matching_scenarios(signed_in):
    body = signed_in.get("/", {"q": "campaigns tag"}).content.decode()
    assert 'href="/scenarios/campaigns-tag-based/"' in body
    assert 'href="/scenarios/wisdom-assistants/"' not in body


def test_catalogue_filter_with_no_match_says_so(signed_in):
    body = signed_in.get("/", {"q": "<script>nothing</script>"}).content.decode()
    assert "No scenario matches" in body
    assert "<script>nothing" not in body
