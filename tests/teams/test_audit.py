"""The audit log records who did what to which template, and only owners read it."""

from __future__ import annotations

from django.urls import reverse
from helpers import post_data

from policybuilder.teams import services
from policybuilder.teams.models import AuditAction, AuditEntry


def actions(team):
    return list(
        AuditEntry.objects.filter(team=team).order_by("pk").values_list("action", "actor__username")
    )


def test_creating_a_template_is_recorded(saved, team):
    assert (AuditAction.CREATED, "olivia") in actions(team)


def test_saving_downloading_and_deleting_are_recorded(client, editor, saved, scenario, team):
    client.force_login(editor)
    data = post_data(scenario, scenario.example_values(), **{"save-expected_version": "1"})
    client.post(reverse("teams:save_version", args=[team.slug, saved.pk]), data)
    client.get(reverse("teams:download", args=[team.slug, saved.pk]))
    client.get(reverse("teams:zip", args=[team.slug]))
    client.post(reverse("teams:delete", args=[team.slug, saved.pk]))
    client.post(reverse("teams:untrash", args=[team.slug, saved.pk]))
    assert actions(team)[-5:] == [
        (AuditAction.CHANGED, "eddie"),
        (AuditAction.DOWNLOADED, "eddie"),
        (AuditAction.DOWNLOADED_ZIP, "eddie"),
        (AuditAction.DELETED, "eddie"),
        (AuditAction.UNDELETED, "eddie"),
    ]


def test_restoring_a_version_is_recorded(client, editor, saved_twice, team):
    client.force_login(editor)
    client.post(
        reverse("teams:version_restore", args=[team.slug, saved_twice.pk, 1]),
        {"expected_version": "2"},
    )
    entry = AuditEntry.objects.filter(team=team).first()
    assert entry.action == AuditAction.RESTORED_VERSION
    assert entry.detail.startswith("version 1 as version 3 (")  # then the access change


def test_sharing_and_unsharing_are_recorded(owner, saved, other_team, team):
    share = services.template_share(template=saved, target_slug="elsewhere", actor=owner)
    services.template_unshare(share=share, actor=owner)
    assert actions(team)[-2:] == [(AuditAction.SHARED, "olivia"), (AuditAction.UNSHARED, "olivia")]


def test_a_download_by_another_team_is_recorded_in_the_owning_team(
    client, owner, outsider, saved, other_team, team
):
    services.template_share(template=saved, target_slug="elsewhere", actor=owner)
    client.force_login(outsider)
    client.get(reverse("teams:download", args=[team.slug, saved.pk]))
    assert actions(team)[-1] == (AuditAction.DOWNLOADED, "oscar")


def test_an_emptied_template_keeps_its_name_in_the_log(owner, saved, team):
    services.template_trash(template=saved, actor=owner)
    services.trash_empty(team=team, actor=owner)
    entry = AuditEntry.objects.filter(team=team).first()
    assert (entry.action, entry.subject, entry.template) == (
        AuditAction.PURGED,
        "Agents: own permissions",
        None,
    )


def test_member_changes_are_recorded(client, owner, team):
    from helpers import make_user

    make_user("nina")
    client.force_login(owner)
    client.post(reverse("teams:member_add", args=[team.slug]), {"identifier": "nina"})
    entry = AuditEntry.objects.filter(team=team).first()
    assert (entry.action, entry.subject) == (AuditAction.MEMBER_ADDED, "nina")


def test_the_owner_reads_the_audit_log(client, owner, saved, team):
    client.force_login(owner)
    response = client.get(reverse("teams:audit", args=[team.slug]))
    assert response.status_code == 200
    assert b"Agents: own permissions" in response.content
    assert b"olivia" in response.content
