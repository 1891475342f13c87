"""The trash: delete moves there, editors restore, only owners empty it."""

from __future__ import annotations

from django.urls import reverse

from policybuilder.teams.models import SavedTemplate, TemplateVersion


def test_deleting_moves_the_template_to_the_trash(client, editor, saved):
    client.force_login(editor)
    client.post(reverse("teams:delete", args=[saved.team.slug, saved.pk]))
    saved.refresh_from_db()
    assert saved.deleted_at is not None
    assert saved.deleted_by == editor


def test_a_trashed_template_leaves_the_team_page_and_shows_in_the_trash(client, editor, saved):
    client.force_login(editor)
    client.post(reverse("teams:delete", args=[saved.team.slug, saved.pk]))
    assert (
        saved
        not in client.get(reverse("teams:detail", args=[saved.team.slug])).context["templates"]
    )
    assert saved in client.get(reverse("teams:trash", args=[saved.team.slug])).context["trashed"]


def test_restoring_from_the_trash_brings_back_the_template_with_its_history(
    client, editor, saved_twice
):
    client.force_login(editor)
    client.post(reverse("teams:delete", args=[saved_twice.team.slug, saved_twice.pk]))
    client.post(reverse("teams:untrash", args=[saved_twice.team.slug, saved_twice.pk]))
    saved_twice.refresh_from_db()
    assert saved_twice.deleted_at is None
    assert saved_twice.versions.count() == 2


def test_an_editor_cannot_empty_the_trash(client, editor, saved):
    client.force_login(editor)
    client.post(reverse("teams:delete", args=[saved.team.slug, saved.pk]))
    response = client.post(reverse("teams:trash_empty", args=[saved.team.slug]))
    assert response.status_code == 403
    assert SavedTemplate.objects.filter(pk=saved.pk).exists()


def test_an_owner_empties_the_trash_for_good(client, owner, saved):
    client.force_login(owner)
    client.post(reverse("teams:delete", args=[saved.team.slug, saved.pk]))
    response = client.post(reverse("teams:trash_empty", args=[saved.team.slug]))
    assert response.status_code == 302
    assert not SavedTemplate.objects.filter(pk=saved.pk).exists()
    assert not TemplateVersion.objects.filter(template_id=saved.pk).exists()


def test_emptying_the_trash_leaves_live_templates_alone(client, owner, saved):
    client.force_login(owner)
    client.post(reverse("teams:trash_empty", args=[saved.team.slug]))
    assert SavedTemplate.objects.filter(pk=saved.pk).exists()


def test_a_trashed_template_cannot_get_a_new_version(client, editor, saved, scenario):
    from helpers import post_data

    client.force_login(editor)
    client.post(reverse("teams:delete", args=[saved.team.slug, saved.pk]))
    data = post_data(scenario, scenario.example_values(), **{"save-expected_version": "1"})
    response = client.post(reverse("teams:save_version", args=[saved.team.slug, saved.pk]), data)
    assert response.status_code == 404
