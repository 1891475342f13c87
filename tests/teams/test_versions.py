"""Saving new versions, optimistic locking, history, diff, restore and downloads."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse
from helpers import post_data

from policybuilder.core import scenarios
from policybuilder.core.validator import Finding, Severity
from policybuilder.teams import services
from policybuilder.teams.models import AuditEntry, SavedTemplate, TemplateVersion


def url(name, template, **extra):
    return reverse(name, kwargs={"team_slug": template.team.slug, "pk": template.pk, **extra})


def save_data(scenario, expected: int, note: str = "", **values):
    return post_data(
        scenario,
        scenario.example_values() | values,
        **{"save-expected_version": str(expected), "save-note": note},
    )


def test_saving_from_the_builder_writes_a_new_version(client, editor, saved, scenario):
    client.force_login(editor)
    data = save_data(scenario, 1, "only two actions", actions=["iam:GetUser", "iam:ListUsers"])
    response = client.post(url("teams:save_version", saved), data)
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.version == 2
    assert saved.values["actions"] == ["iam:GetUser", "iam:ListUsers"]
    latest = saved.versions.get(number=2)
    assert (latest.author, latest.note) == (editor, "only two actions")
    assert latest.document == saved.document


def test_the_first_version_is_kept_unchanged_after_a_save(saved_twice):
    first = saved_twice.versions.get(number=1)
    assert "iam:ListPolicies" in first.document
    assert "iam:ListPolicies" not in saved_twice.document


def test_a_save_based_on_an_old_version_is_a_conflict_not_an_overwrite(
    client, owner, saved_twice, scenario
):
    client.force_login(owner)
    data = save_data(scenario, 1, "my change", account="444455556666")
    response = client.post(url("teams:save_version", saved_twice), data)
    assert response.status_code == 409
    saved_twice.refresh_from_db()
    assert saved_twice.version == 2
    assert "444455556666" not in saved_twice.document
    assert saved_twice.versions.count() == 2


def test_the_conflict_message_links_to_the_diff_of_the_other_change(
    client, owner, saved_twice, scenario
):
    client.force_login(owner)
    response = client.post(url("teams:save_version", saved_twice), save_data(scenario, 1))
    conflict = response.context["save_conflict"]
    assert conflict["diff_url"] == url("teams:diff", saved_twice) + "?a=1&b=2"
    assert "version 1" in conflict["message"]
    assert "now at version 2" in conflict["message"]


def test_the_service_refuses_a_stale_base_version(saved_twice, owner, scenario):
    with pytest.raises(services.VersionConflict) as caught:
        services.template_save_version(
            template=saved_twice,
            raw_values=scenario.example_values(),
            base_version=1,
            author=owner,
        )
    assert caught.value.current_version == 2


def test_two_saves_from_the_same_base_let_only_the_first_through(saved, owner, editor, scenario):
    stale_copy = SavedTemplate.objects.get(pk=saved.pk)
    services.template_save_version(
        template=saved, raw_values=scenario.example_values(), base_version=1, author=editor
    )
    with pytest.raises(services.VersionConflict):
        services.template_save_version(
            template=stale_copy, raw_values=scenario.example_values(), base_version=1, author=owner
        )
    assert list(saved.versions.values_list("number", flat=True).order_by("number")) == [1, 2]


def test_invalid_values_are_refused_with_field_messages(client, editor, saved, scenario):
    client.force_login(editor)
    response = client.post(url("teams:save_version", saved), save_data(scenario, 1, account="12"))
    assert response.status_code == 400
    assert "12 digits" in " ".join(response.context["form"].errors["account"])
    saved.refresh_from_db()
    assert saved.version == 1


def test_only_validated_values_are_stored(saved, owner, scenario):
    with pytest.raises(services.TemplateInvalid) as caught:
        services.template_save_version(
            template=saved,
            raw_values=scenario.example_values() | {"account": "nope"},
            base_version=1,
            author=owner,
        )
    assert "account" in caught.value.errors
    assert TemplateVersion.objects.filter(template=saved).count() == 1


def test_restoring_an_old_version_makes_a_new_version(client, editor, saved_twice):
    client.force_login(editor)
    response = client.post(
        url("teams:version_restore", saved_twice, number=1), {"expected_version": "2"}
    )
    assert response.status_code == 302
    saved_twice.refresh_from_db()
    assert saved_twice.version == 3
    restored = saved_twice.versions.get(number=3)
    assert restored.document == saved_twice.versions.get(number=1).document
    assert restored.note == "Restored version 1"
    assert saved_twice.versions.count() == 3


def test_restoring_a_version_leaves_out_a_parameter_the_scenario_no_longer_has(editor, saved_twice):
    old = saved_twice.versions.get(number=1)
    old.values = old.values | {"retired_parameter": "x"}
    old.save()
    services.template_restore_version(template=saved_twice, old=old, base_version=2, author=editor)
    assert "retired_parameter" not in saved_twice.versions.get(number=3).values


def test_a_version_the_validator_finds_errors_in_is_not_saved(monkeypatch, editor, saved, scenario):
    # As after a catalogue update that retires an action the scenario still offers.
    retired = Finding(Severity.ERROR, "INVALID_ACTION", "No such action.", "Statement[0]")
    monkeypatch.setattr(services, "validate", lambda document: [retired])
    with pytest.raises(services.TemplateInvalid) as refused:
        services.template_save_version(
            template=saved, raw_values=scenario.example_values(), base_version=1, author=editor
        )
    assert "INVALID_ACTION" in refused.value.errors["document"]


def test_the_builder_says_the_validator_refused_the_save(
    monkeypatch, client, editor, saved, scenario
):
    retired = Finding(Severity.ERROR, "INVALID_ACTION", "No such action.", "Statement[0]")
    monkeypatch.setattr(services, "validate", lambda document: [retired])
    client.force_login(editor)
    response = client.post(url("teams:save_version", saved), save_data(scenario, 1))
    assert response.status_code == 400
    assert "validator finds errors in the policy: INVALID_ACTION" in response.content.decode()


def test_restoring_from_a_stale_page_is_a_conflict(client, editor, saved_twice):
    client.force_login(editor)
    response = client.post(
        url("teams:version_restore", saved_twice, number=1), {"expected_version": "1"}
    )
    assert response.status_code == 409
    saved_twice.refresh_from_db()
    assert saved_twice.version == 2


def test_the_history_lists_author_and_note_of_each_version(client, viewer, saved_twice):
    client.force_login(viewer)
    response = client.get(url("teams:template", saved_twice))
    assert [(v.number, v.author.username, v.note) for v in response.context["versions"]] == [
        (2, "eddie", "fewer actions"),
        (1, "olivia", "Created"),
    ]
    assert b"fewer actions" in response.content


def test_the_diff_shows_the_removed_and_added_lines(client, viewer, saved_twice):
    client.force_login(viewer)
    response = client.get(url("teams:diff", saved_twice) + "?a=1&b=2")
    lines = response.context["lines"]
    removed = [line.text.strip() for line in lines if line.kind == "removed"]
    assert '"iam:ListPolicies",' in removed
    assert all(line.kind != "added" or "ListPolicies" not in line.text for line in lines)
    assert b"diff-removed" in response.content


def test_the_diff_of_a_missing_version_is_a_404(client, viewer, saved_twice):
    client.force_login(viewer)
    assert client.get(url("teams:diff", saved_twice) + "?a=1&b=9").status_code == 404
    assert client.get(url("teams:diff", saved_twice) + "?a=x").status_code == 404


def test_downloading_the_current_version_gives_its_document(client, viewer, saved_twice):
    client.force_login(viewer)
    response = client.get(url("teams:download", saved_twice))
    assert response["Content-Type"] == "application/json"
    assert (
        response["Content-Disposition"] == 'attachment; filename="agents-own-permissions-v2.json"'
    )
    assert response.content.decode() == saved_twice.document


def test_downloading_an_earlier_version_gives_that_version(client, viewer, saved_twice):
    client.force_login(viewer)
    response = client.get(url("teams:version_download", saved_twice, number=1))
    assert json.loads(response.content) == json.loads(saved_twice.versions.get(number=1).document)
    assert 'filename="agents-own-permissions-v1.json"' in response["Content-Disposition"]


def test_the_team_zip_holds_each_current_document(client, viewer, team, saved_twice, owner):
    scenario_b = scenarios.get("app-integrations-full")
    other = services.template_create(
        team=team, scenario=scenario_b, raw_values={}, name="AppIntegrations", author=owner
    )
    trashed = services.template_create(
        team=team, scenario=scenario_b, raw_values={}, name="Gone", author=owner
    )
    services.template_trash(template=trashed, actor=owner)
    client.force_login(viewer)
    response = client.get(reverse("teams:zip", args=[team.slug]))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        contents = {name: archive.read(name).decode() for name in archive.namelist()}
    assert contents == {
        f"agents-own-permissions-{saved_twice.pk}.json": saved_twice.document,
        f"appintegrations-{other.pk}.json": other.document,
    }


def test_the_same_save_arriving_twice_is_answered_with_the_version_it_wrote(
    saved, editor, scenario
):
    """A double click, or a browser re-sending a POST whose answer it never received."""
    first = services.template_save_version(
        template=saved, raw_values=scenario.example_values(), base_version=1, author=editor
    )
    again = services.template_save_version(
        template=SavedTemplate.objects.get(pk=saved.pk),
        raw_values=scenario.example_values(),
        base_version=1,
        author=editor,
    )
    assert (again.pk, saved.versions.count()) == (first.pk, 2)


def test_the_same_save_arriving_twice_is_audited_once(saved, editor, scenario):
    for _ in range(2):
        services.template_save_version(
            template=SavedTemplate.objects.get(pk=saved.pk),
            raw_values=scenario.example_values(),
            base_version=1,
            author=editor,
        )
    assert AuditEntry.objects.filter(template=saved, detail__startswith="version 2").count() == 1


def test_the_same_values_with_another_note_from_a_stale_base_are_a_conflict(
    saved, editor, scenario
):
    services.template_save_version(
        template=saved, raw_values=scenario.example_values(), base_version=1, author=editor
    )
    with pytest.raises(services.VersionConflict):
        services.template_save_version(
            template=SavedTemplate.objects.get(pk=saved.pk),
            raw_values=scenario.example_values(),
            base_version=1,
            author=editor,
            note="a second thought",
        )


def test_a_form_posted_twice_saves_once_and_both_answers_say_saved(client, editor, saved, scenario):
    client.force_login(editor)
    data = save_data(scenario, 1, "purple agents", tags=["Team=Purple"])
    answers = [client.post(url("teams:save_version", saved), data) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [302, 302]
    assert saved.versions.count() == 2
