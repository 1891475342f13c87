"""Two live templates of one team cannot share a name (without regard to case)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from helpers import post_data

from policybuilder.teams import portability, services
from policybuilder.teams.models import AuditAction, AuditEntry, SavedTemplate

NAME = "Agents: own permissions"  # the ``saved`` fixture's


def url(name, template, **extra):
    return reverse(name, kwargs={"team_slug": template.team.slug, "pk": template.pk, **extra})


def create(team, author, scenario, name):
    return services.template_create(
        team=team, scenario=scenario, raw_values=scenario.example_values(), name=name, author=author
    )


def test_a_second_template_of_the_same_name_in_another_case_is_refused(
    saved, team, owner, scenario
):
    with pytest.raises(services.TemplateNameTaken):
        create(team, owner, scenario, NAME.upper())


def test_the_refusal_says_the_name_is_taken_in_the_team(saved, team, owner, scenario):
    with pytest.raises(services.TemplateNameTaken) as refused:
        create(team, owner, scenario, f"  {NAME} ")
    assert "Contact centre has a template named" in refused.value.errors["name"]


def test_another_team_may_use_the_same_name(saved, other_team, outsider, scenario):
    assert create(other_team, outsider, scenario, NAME).name == NAME


def test_a_name_in_the_trash_may_be_used_again(saved, team, owner, scenario):
    services.template_trash(template=saved, actor=owner)
    assert create(team, owner, scenario, NAME).name == NAME


def test_restoring_from_the_trash_is_refused_when_the_name_was_taken_since(
    saved, team, owner, scenario
):
    services.template_trash(template=saved, actor=owner)
    create(team, owner, scenario, NAME)
    with pytest.raises(services.TemplateNameTaken):
        services.template_untrash(template=saved, actor=owner)


def test_renaming_to_a_taken_name_is_refused(saved, team, owner, scenario):
    other = create(team, owner, scenario, "Other")
    with pytest.raises(services.TemplateNameTaken):
        services.template_rename(template=other, name=NAME.lower(), actor=owner)


def test_renaming_a_template_to_its_own_name_in_another_case_is_allowed(saved, owner):
    services.template_rename(template=saved, name=NAME.upper(), actor=owner)
    saved.refresh_from_db()
    assert saved.name == NAME.upper()


def test_a_rename_is_in_the_audit_log(saved, owner):
    services.template_rename(template=saved, name="Renamed", actor=owner)
    entry = AuditEntry.objects.filter(action=AuditAction.RENAMED).get()
    assert (entry.subject, entry.detail) == ("Renamed", f"from {NAME!r}")


def test_a_copy_given_a_taken_name_is_refused(saved, team, owner):
    with pytest.raises(services.TemplateNameTaken):
        services.template_copy(source=saved, target=team, actor=owner, name=NAME.lower())


def test_a_copy_without_a_name_takes_a_free_one(saved, team, owner):
    first = services.template_copy(source=saved, target=team, actor=owner)
    second = services.template_copy(source=saved, target=team, actor=owner)
    assert (first.name, second.name) == (f"{NAME} (copy)", f"{NAME} (copy 2)")


def test_the_copy_form_says_the_name_is_taken(client, editor, saved):
    client.force_login(editor)
    response = client.post(url("teams:copy", saved), {"team": "contact-centre", "name": NAME})
    assert response.status_code == 400
    assert "Give the copy a name of its own" in response.context["error"]


def test_the_builder_save_says_the_name_is_taken(client, editor, saved, scenario):
    client.force_login(editor)
    data = post_data(
        scenario, scenario.example_values(), **{"save-team": "contact-centre", "save-name": NAME}
    )
    response = client.post(reverse("teams:save", args=[scenario.slug]), data)
    assert response.status_code == 400
    assert "has a template named" in " ".join(response.context["save_errors"])


def test_the_api_refuses_a_taken_name_under_name(client, editor, saved, scenario):
    client.force_login(editor)
    body = {"scenario": scenario.slug, "name": NAME.lower(), "values": scenario.example_values()}
    response = client.post(
        "/api/teams/contact-centre/templates", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "has a template named" in response.json()["errors"]["name"]


def test_the_rename_page_action_says_the_name_is_taken(client, editor, saved, team, scenario):
    other = create(team, editor, scenario, "Other")
    client.force_login(editor)
    response = client.post(url("teams:rename", other), {"name": NAME})
    assert response.status_code == 400
    assert "has a template named" in response.context["error"]


def test_a_viewer_cannot_rename(client, viewer, saved):
    client.force_login(viewer)
    assert client.post(url("teams:rename", saved), {"name": "Mine"}).status_code == 403


def test_existing_duplicates_are_marked_in_the_team_list(client, owner, saved, team, scenario):
    other = create(team, owner, scenario, "Other")
    SavedTemplate.objects.filter(pk=other.pk).update(name=NAME.lower())  # from before the check
    client.force_login(owner)
    listed = client.get(reverse("teams:detail", args=[team.slug])).context["templates"]
    assert [t.has_namesake for t in listed] == [True, True]


def test_a_template_with_a_name_of_its_own_is_not_marked(client, owner, saved, team):
    client.force_login(owner)
    response = client.get(reverse("teams:detail", args=[team.slug]))
    assert [t.has_namesake for t in response.context["templates"]] == [False]
    assert "same name as another" not in response.content.decode()


def test_an_import_keeps_duplicates_and_names_them(saved, team, owner, scenario):
    other = create(team, owner, scenario, "Other")
    SavedTemplate.objects.filter(pk=other.pk).update(name=NAME.upper())
    result = portability.import_team(portability.export_team(team), slug="copy-of-team")
    assert (result.templates, [n.lower() for n in result.duplicate_names]) == (2, [NAME.lower()])
