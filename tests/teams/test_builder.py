"""The builder and saved templates: save to team, open, save again, scenario changes."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from helpers import SCENARIO, post_data

from policybuilder.core import scenarios
from policybuilder.core.params import EXAMPLE_ACCOUNT
from policybuilder.teams import selectors
from policybuilder.teams.access import TemplateAccess
from policybuilder.teams.models import Membership, Role, SavedTemplate
from policybuilder.web.save_panel import save_teams


def save_new(client, scenario, values, **extra):
    fields = {"save-team": "contact-centre", "save-name": "Mine", "save-note": "first"} | extra
    return client.post(
        reverse("teams:save", args=[scenario.slug]), post_data(scenario, values, **fields)
    )


def test_saving_to_a_team_creates_version_one_with_the_rendered_document(
    client, editor, team, scenario
):
    client.force_login(editor)
    response = save_new(client, scenario, scenario.example_values(), **{"save-description": "d"})
    template = SavedTemplate.objects.get(name="Mine")
    assert response.status_code == 302
    assert response["Location"] == reverse("teams:open", args=[team.slug, template.pk])
    assert (template.team, template.version, template.description) == (team, 1, "d")
    assert template.document == scenarios.render(scenario, scenario.example_values()).text
    first = template.versions.get()
    assert (first.number, first.author, first.note) == (1, editor, "first")


def test_saving_invalid_values_shows_the_field_errors_and_saves_nothing(
    client, editor, team, scenario
):
    client.force_login(editor)
    response = save_new(client, scenario, scenario.example_values() | {"account": "123"})
    assert response.status_code == 400
    assert "account" in response.context["form"].errors
    assert not SavedTemplate.objects.exists()


def test_saving_without_a_name_is_refused(client, editor, team, scenario):
    client.force_login(editor)
    response = save_new(client, scenario, scenario.example_values(), **{"save-name": ""})
    assert response.status_code == 400
    assert response.context["save_errors"]
    assert not SavedTemplate.objects.exists()


def test_saving_an_unknown_scenario_is_a_404(client, editor, team):
    client.force_login(editor)
    response = client.post(reverse("teams:save", args=["no-such-scenario"]), {})
    assert response.status_code == 404


def test_opening_a_template_fills_the_builder_with_its_values(client, viewer, saved_twice):
    client.force_login(viewer)
    response = client.get(reverse("teams:open", args=[saved_twice.team.slug, saved_twice.pk]))
    assert response.status_code == 200
    assert response.templates[0].name == "web/builder.html"
    assert response.context["saved_template"] == saved_twice
    form = response.context["form"]
    assert form["account"].value() == EXAMPLE_ACCOUNT
    assert form["actions"].value() == ["iam:GetUser", "iam:ListUsers"]
    assert response.context["policy_text"] == saved_twice.document
    assert response.context["scenario_changes"] == []


def test_a_template_with_tags_reopens_with_its_tag_rows(client, owner, team):
    from policybuilder.teams import services

    scenario = scenarios.get("users-by-resource-tag")
    template = services.template_create(
        team=team, scenario=scenario, raw_values=scenario.example_values(), name="T", author=owner
    )
    client.force_login(owner)
    response = client.get(reverse("teams:open", args=[team.slug, template.pk]))
    assert response.context["policy_text"] == template.document
    assert response.context["form"].errors == {}


def test_a_template_saved_from_the_form_with_tag_rows_round_trips(client, editor, team):
    scenario = scenarios.get("users-by-resource-tag")
    client.force_login(editor)
    data = {
        "tags_key": ["Department", "Team"],
        "tags_value": ["Support", "Blue"],
        "actions": list(scenario.actions_param.defaults),
        "save-team": "contact-centre",
        "save-name": "Tagged",
    }
    client.post(reverse("teams:save", args=[scenario.slug]), data)
    template = SavedTemplate.objects.get(name="Tagged")
    assert template.values["tags"] == [["Department", "Support"], ["Team", "Blue"]]
    response = client.get(reverse("teams:open", args=[team.slug, template.pk]))
    assert response.context["policy_text"] == template.document


def test_a_template_whose_scenario_changed_still_opens_and_says_what_changed(client, editor, saved):
    stale = saved.values | {"old_param": "x", "actions": ["iam:GetUser", "iam:DeleteUser"]}
    SavedTemplate.objects.filter(pk=saved.pk).update(values=stale)
    client.force_login(editor)
    response = client.get(reverse("teams:open", args=[saved.team.slug, saved.pk]))
    assert response.status_code == 200
    changes = response.context["scenario_changes"]
    assert "The parameter 'old_param' no longer exists in this scenario." in changes
    assert "The action iam:DeleteUser was removed from this scenario." in changes
    assert "actions" in response.context["form"].errors


def test_a_template_whose_scenario_gained_a_required_parameter_says_so(client, editor, team):
    from policybuilder.teams import services

    scenario = scenarios.get("campaigns-onboarding")
    template = services.template_create(
        team=team, scenario=scenario, raw_values=scenario.example_values(), name="C", author=editor
    )
    values = dict(template.values)
    del values["kms_key"]
    SavedTemplate.objects.filter(pk=template.pk).update(values=values)
    client.force_login(editor)
    response = client.get(reverse("teams:open", args=[team.slug, template.pk]))
    assert response.status_code == 200
    assert any(
        "new parameter" in c and "kms_key" in c for c in response.context["scenario_changes"]
    )
    assert "kms_key" in response.context["form"].errors


def test_a_template_whose_document_would_now_differ_says_so(client, editor, saved):
    SavedTemplate.objects.filter(pk=saved.pk).update(document='{"Version": "old"}')
    client.force_login(editor)
    response = client.get(reverse("teams:open", args=[saved.team.slug, saved.pk]))
    assert any("different document" in c for c in response.context["scenario_changes"])


def test_a_template_of_a_removed_scenario_sends_you_to_its_page(client, editor, saved):
    SavedTemplate.objects.filter(pk=saved.pk).update(scenario_slug="retired-scenario")
    client.force_login(editor)
    response = client.get(reverse("teams:open", args=[saved.team.slug, saved.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("teams:template", args=[saved.team.slug, saved.pk])
    assert client.get(response["Location"]).status_code == 200


def _panel(user, **context):
    """The panel with the context its views give it (the teams, the opened template's access)."""
    request = RequestFactory().get("/")
    request.user = user
    scenario = scenarios.get(SCENARIO)
    saved = context.get("saved_template")
    if saved is not None:
        context["saved_access"] = TemplateAccess(saved, selectors.role_in(user, saved.team))
    context.setdefault("save_teams", save_teams(user))
    return render_to_string(
        "teams/builder_save_panel.html",
        {"scenario": scenario, "user": user, "request": request, **context},
        request=request,
    )


def test_the_save_panel_offers_only_teams_where_i_am_editor_or_owner(editor, team, other_team):
    Membership.objects.create(team=other_team, user=editor, role=Role.VIEWER)
    html = _panel(editor)
    assert 'value="contact-centre"' in html
    assert 'value="elsewhere"' not in html
    assert 'form="scenario-form"' in html
    assert f'formaction="{reverse("teams:save", args=[SCENARIO])}"' in html


def test_the_save_panel_tells_a_viewer_they_cannot_save(viewer, team):
    html = _panel(viewer)
    assert "Save to team</button>" not in html
    assert "be an editor or owner" in html


def test_the_save_panel_of_an_opened_template_carries_the_version_it_is_based_on(
    editor, saved_twice
):
    html = _panel(editor, saved_template=saved_twice)
    assert 'name="save-expected_version" value="2"' in html
    assert "Save new version" in html


def test_the_save_panel_of_a_read_only_template_offers_no_save(outsider, saved):
    html = _panel(outsider, saved_template=saved)
    assert "Save new version" not in html
    assert "cannot change it" in html


def test_the_save_panel_shows_a_conflict_with_a_link_to_the_diff(editor, saved_twice):
    conflict = {
        "message": "Changed since you opened it.",
        "diff_url": "/teams/contact-centre/templates/1/diff/?a=1&b=2",
        "base_version": 1,
        "current_version": 2,
    }
    html = _panel(editor, saved_template=saved_twice, save_conflict=conflict)
    assert 'href="/teams/contact-centre/templates/1/diff/?a=1&amp;b=2"' in html


def test_the_save_panel_lists_what_changed_in_the_scenario(editor, saved):
    html = _panel(
        editor,
        saved_template=saved,
        scenario_changes=["The action iam:DeleteUser was removed from this scenario."],
    )
    assert "This scenario changed since the template was saved" in html
    assert "The action iam:DeleteUser was removed from this scenario." in html


def test_updating_the_preview_of_a_saved_template_keeps_its_save_panel(client, editor, saved):
    client.force_login(editor)
    scenario = scenarios.get(saved.scenario_slug)
    data = post_data(scenario, scenario.example_values() | {"account": "444455556666"})
    response = client.post(reverse("teams:open", args=[saved.team.slug, saved.pk]), data)
    assert response.status_code == 200
    assert response.context["saved_template"] == saved
    assert "444455556666" in response.context["policy_text"]


def test_previewing_a_saved_template_writes_nothing(client, editor, saved):
    client.force_login(editor)
    scenario = scenarios.get(saved.scenario_slug)
    data = post_data(scenario, scenario.example_values() | {"account": "444455556666"})
    client.post(reverse("teams:open", args=[saved.team.slug, saved.pk]), data)
    saved.refresh_from_db()
    assert (saved.version, "444455556666" in saved.document) == (1, False)


def test_a_saved_templates_builder_previews_through_its_own_url(client, editor, saved):
    client.force_login(editor)
    url = reverse("teams:open", args=[saved.team.slug, saved.pk])
    assert f'hx-post="{url}"' in client.get(url).content.decode()


def test_a_refused_save_keeps_the_name_description_and_note_typed(client, editor, team):
    client.force_login(editor)
    scenario = scenarios.get(SCENARIO)
    typed = {
        "save-team": team.slug,
        "save-name": "",
        "save-description": "Typed description",
        "save-note": "Typed note",
    }
    response = client.post(
        reverse("teams:save", args=[SCENARIO]),
        post_data(scenario, scenario.example_values(), **typed),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="Typed description"' in body and 'value="Typed note"' in body
