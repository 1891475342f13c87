"""The builder's guardrail switches, their notes, and the advice panel's one-click changes."""

from __future__ import annotations

import json

import pytest
from django.http import QueryDict

from policybuilder.core import scenarios
from policybuilder.web.forms import ScenarioForm, apply_advice

pytestmark = pytest.mark.django_db

WISDOM = "/scenarios/wisdom-assistants/"
APPS = "/scenarios/app-integrations-full/"
TAGGED = "/scenarios/users-by-resource-tag/"
UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"


def policy_of(body: str) -> str:
    """The previewed policy JSON of a page (help texts name the same condition keys)."""
    return body.split('id="policy-json"')[1].split("</pre>")[0]


def apps_form(**extra):
    actions = scenarios.get("app-integrations-full").actions_param.defaults
    return {"actions": list(actions), **extra}


def wisdom_form(**extra):
    actions = scenarios.get("wisdom-assistants").actions_param.defaults
    return {"actions": list(actions), **extra}


def tag_form(**extra):
    actions = scenarios.get("users-by-resource-tag").actions_param.defaults
    return {"tags_key": ["Department"], "tags_value": ["Test"], "actions": list(actions), **extra}


def test_builder_has_a_best_practice_guardrails_fieldset(signed_in):
    body = signed_in.get(WISDOM).content.decode()
    assert "<legend>Best-practice guardrails</legend>" in body


def test_every_switch_is_off_on_a_new_form(signed_in):
    body = signed_in.get(WISDOM).content.decode()
    for name in ("guard_mfa", "guard_tls", "guard_instance", "guard_via_service"):
        assert f'name="{name}" aria-describedby' in body
    assert "checked" not in body.split("Best-practice guardrails")[1].split("</fieldset>")[0]


def test_each_switch_has_its_explanation_beside_it(signed_in):
    body = signed_in.get(WISDOM).content.decode()
    assert 'id="help-guard_mfa">Adds Bool aws:MultiFactorAuthPresent' in body


def test_region_multi_select_offers_the_partitions_regions(signed_in):
    body = signed_in.get(WISDOM).content.decode()
    assert 'name="guard_regions"' in body
    assert 'optgroup label="aws-us-gov: Amazon Connect regions"' in body
    assert "multiple" in body.split('name="guard_regions"')[1].split(">")[0]


def test_a_switch_that_cannot_apply_is_disabled_and_says_why(signed_in):
    body = signed_in.get(WISDOM).content.decode()
    instance_input = body.split('id="id_guard_instance"')[0].rsplit("<input", 1)[1]
    assert "disabled" in instance_input
    assert "none of this scenario&#x27;s actions can be limited to one instance" in body


def test_instance_fields_of_the_guardrail_are_shown_only_while_it_is_on(signed_in):
    body = signed_in.get(TAGGED).content.decode()
    assert 'id="field-instance" data-when-checked="guard_instance"' in body


def test_view_users_instance_field_is_also_shown_while_the_instance_guardrail_is_on(signed_in):
    body = signed_in.get("/scenarios/view-users/").content.decode()
    assert 'data-or-when-checked="guard_instance"' in body


def test_turning_on_mfa_adds_the_condition_to_the_preview(signed_in):
    body = signed_in.post(WISDOM, wisdom_form(guard_mfa="on")).content.decode()
    assert "aws:MultiFactorAuthPresent" in policy_of(body)


def test_chosen_regions_reach_the_preview(signed_in):
    form = wisdom_form(guard_regions=["eu-west-2", "us-east-1"])
    body = signed_in.post(WISDOM, form, HTTP_HX_REQUEST="true").content.decode()
    assert "aws:RequestedRegion" in policy_of(body)
    assert "eu-west-2" in policy_of(body)


def test_regions_of_two_partitions_are_refused_beside_the_field(signed_in):
    form = wisdom_form(guard_regions=["us-east-1", "cn-north-1"])
    body = signed_in.post(WISDOM, form, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="error-guard_regions" role="alert" hx-swap-oob="true"' in body
    assert "Choose regions of one partition" in body


def test_the_preview_says_what_the_guardrails_left_alone(signed_in):
    form = {"guard_regions": ["us-east-1"], "actions": ["iam:GetUser", "iam:ListUsers"]}
    body = signed_in.post("/scenarios/view-own-permissions/", form).content.decode()
    assert "What the guardrails did" in body
    assert "is a global service" in body


def test_download_carries_the_guardrails(signed_in):
    response = signed_in.post(WISDOM + "download", wisdom_form(guard_tls="on"))
    statement = json.loads(response.content)["Statement"][0]
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "true"}}


def test_advice_panel_lists_unconditioned_writes(signed_in):
    body = signed_in.get(APPS).content.decode()
    assert 'id="advice"' in body
    assert "PB_UNCONDITIONED_WRITE" in body


def test_advice_offers_to_require_mfa_for_unconditioned_writes(signed_in):
    body = signed_in.get(APPS).content.decode()
    assert 'name="advice_apply" value="check:guard_mfa"' in body


def test_advice_offers_to_restrict_to_the_instance_where_the_form_can(signed_in):
    body = signed_in.post(TAGGED, tag_form()).content.decode()
    assert 'value="check:guard_instance" data-advice-apply data-check="guard_instance"' in body


def test_advice_offers_the_service_linked_roles_choice_for_iam_on_every_role(signed_in):
    form = {
        "instance": UUID,
        "kms_key": "1234abcd-12ab-34cd-56ef-1234567890ab",
        "region": "us-east-1",
        "account": "111122223333",
        "iam_scope": "any",
        "actions": list(scenarios.get("campaigns-onboarding").actions_param.defaults),
    }
    body = signed_in.post("/scenarios/campaigns-onboarding/", form).content.decode()
    assert 'value="choose:iam_scope=service-linked"' in body


def test_advice_button_without_javascript_turns_the_switch_on(signed_in):
    body = signed_in.post(APPS, apps_form(advice_apply="check:guard_mfa")).content.decode()
    assert "aws:MultiFactorAuthPresent" in policy_of(body)


def test_advice_button_without_javascript_shows_the_switch_checked(signed_in):
    body = signed_in.post(APPS, apps_form(advice_apply="check:guard_mfa")).content.decode()
    switch = (
        body.split('id="id_guard_mfa"')[0].rsplit("<input", 1)[1]
        + body.split('id="id_guard_mfa"')[1].split(">")[0]
    )
    assert "checked" in switch


def test_advice_button_without_javascript_unchecks_the_actions(signed_in):
    actions = list(scenarios.get("wisdom-assistants").actions_param.defaults)
    form = {"actions": actions, "advice_apply": "uncheck:wisdom:DeleteAssistant"}
    body = signed_in.post(WISDOM, form).content.decode()
    assert "wisdom:DeleteAssistant" not in policy_of(body)


def test_advice_cannot_uncheck_every_action():
    scenario = scenarios.get("wisdom-assistants")
    data = QueryDict(mutable=True)
    data.setlist("actions", ["wisdom:DeleteAssistant"])
    data["advice_apply"] = "uncheck:wisdom:DeleteAssistant"
    assert apply_advice(scenario, data).getlist("actions") == ["wisdom:DeleteAssistant"]


def test_advice_cannot_switch_on_something_that_is_not_a_guardrail():
    scenario = scenarios.get("wisdom-assistants")
    data = QueryDict("advice_apply=check:is_admin")
    assert "is_admin" not in apply_advice(scenario, data)


def test_turning_on_a_guardrail_removes_the_advice_it_answers():
    scenario = scenarios.get("app-integrations-full")
    data = QueryDict(mutable=True)
    data.setlist("actions", list(scenario.actions_param.defaults))
    data["guard_tls"] = "on"
    form = ScenarioForm(scenario, data)
    assert form.is_valid()
    assert [item for item in form.advice if item.code == "PB_UNCONDITIONED_WRITE"] == []
