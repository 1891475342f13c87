"""export_team / import_team: a team's templates and their whole history round-trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from policybuilder.teams import services
from policybuilder.teams.models import (
    AuditEntry,
    SavedTemplate,
    Team,
    TemplateShare,
    TemplateVersion,
)
from policybuilder.teams.portability import export_team

#: Keys that name the export or the team's new home, not the team's content.
NOT_CONTENT = ("exported_at",)


@pytest.fixture
def rich_team(team, saved_twice, owner, editor, scenario):
    """Two versions with notes and authors, one template in the trash, one published."""
    trashed = services.template_create(
        team=team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="Old draft",
        author=editor,
        note="first try",
    )
    services.template_trash(template=trashed, actor=editor)
    services.template_publish(template=saved_twice, actor=owner)
    # Back-date one version so that the timestamps are not all "now".
    TemplateVersion.objects.filter(template=saved_twice, number=1).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    return team


def content(data: dict) -> dict:
    trimmed = {k: v for k, v in data.items() if k not in NOT_CONTENT}
    trimmed["team"] = {k: v for k, v in data["team"].items() if k != "slug"}
    return trimmed


def export_to(tmp_path: Path, slug: str, *options: str) -> Path:
    path = tmp_path / f"{slug}.json"
    call_command("export_team", slug, str(path), *options)
    return path


def edited_export(tmp_path: Path, slug: str, edit: Callable[[dict], object]) -> Path:
    """The team's export file after ``edit`` has changed its data in place."""
    path = export_to(tmp_path, slug)
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    return path


def test_round_trip_keeps_every_template_version_and_timestamp(rich_team, tmp_path):
    path = export_to(tmp_path, rich_team.slug, "--audit")
    call_command("import_team", str(path), "--rename", "copy-of-team")
    again = export_team(Team.objects.get(slug="copy-of-team"), audit=True)
    assert content(again) == content(json.loads(path.read_text()))


def test_round_trip_keeps_the_trash_state(rich_team, tmp_path):
    call_command("import_team", str(export_to(tmp_path, rich_team.slug)), "--rename", "copy")
    imported = SavedTemplate.objects.get(team__slug="copy", name="Old draft")
    assert (imported.in_trash, imported.deleted_by.username) == (True, "eddie")


def test_round_trip_keeps_authors_and_notes_of_each_version(rich_team, tmp_path):
    call_command("import_team", str(export_to(tmp_path, rich_team.slug)), "--rename", "copy")
    template = SavedTemplate.objects.get(team__slug="copy", name="Agents: own permissions")
    history = [(v.number, v.author.username, v.note) for v in template.versions.order_by("number")]
    assert history == [(1, "olivia", "Created"), (2, "eddie", "fewer actions")]


def test_round_trip_keeps_members_and_their_roles(rich_team, tmp_path):
    call_command("import_team", str(export_to(tmp_path, rich_team.slug)), "--rename", "copy")
    roles = dict(Team.objects.get(slug="copy").memberships.values_list("user__username", "role"))
    assert roles == {"olivia": "owner", "eddie": "editor", "vera": "viewer"}


def test_audit_log_is_left_out_unless_asked_for(rich_team, tmp_path):
    call_command("import_team", str(export_to(tmp_path, rich_team.slug)), "--rename", "copy")
    assert not AuditEntry.objects.filter(team__slug="copy").exists()


def test_audit_log_comes_along_when_asked_for(rich_team, tmp_path):
    path = export_to(tmp_path, rich_team.slug, "--audit")
    call_command("import_team", str(path), "--rename", "copy")
    original = AuditEntry.objects.filter(team=rich_team).count()
    assert AuditEntry.objects.filter(team__slug="copy").count() == original


def test_export_of_an_unknown_slug_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no team with the slug 'nope'"):
        call_command("export_team", "nope", str(tmp_path / "x.json"))


def test_import_refuses_an_existing_slug(rich_team, tmp_path):
    with pytest.raises(CommandError, match="exists already; import under another slug"):
        call_command("import_team", str(export_to(tmp_path, rich_team.slug)))


def test_a_refused_import_writes_nothing(rich_team, tmp_path):
    path = export_to(tmp_path, rich_team.slug)
    before = SavedTemplate.objects.count()
    with pytest.raises(CommandError):
        call_command("import_team", str(path))
    assert SavedTemplate.objects.count() == before


def test_import_refuses_a_file_that_is_not_json(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "policybuilder-team",')
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_team", str(path))


def test_import_refuses_json_that_is_not_an_export(db, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"Version": "2012-10-17", "Statement": []}')
    with pytest.raises(CommandError, match="not a policybuilder team export"):
        call_command("import_team", str(path))


def test_import_names_the_damaged_field(rich_team, tmp_path):
    def damage(data):
        data["templates"][0]["versions"][0]["number"] = "one"

    path = edited_export(tmp_path, rich_team.slug, damage)
    with pytest.raises(CommandError, match=r"templates\[0\]\.versions\[0\]\.number: expected int"):
        call_command("import_team", str(path), "--rename", "copy")


def test_import_refuses_a_history_without_the_current_version(rich_team, tmp_path):
    def cut(data):
        data["templates"][0]["versions"] = data["templates"][0]["versions"][:1]

    path = edited_export(tmp_path, rich_team.slug, cut)
    with pytest.raises(CommandError, match="must be unique and include the current one"):
        call_command("import_team", str(path), "--rename", "copy")


def test_import_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_team", str(tmp_path / "absent.json"))


def test_import_refuses_an_invalid_new_slug(rich_team, tmp_path):
    with pytest.raises(CommandError, match="not a valid team slug"):
        call_command("import_team", str(export_to(tmp_path, rich_team.slug)), "--rename", "A B")


def test_authors_without_an_account_are_dropped_and_named(rich_team, tmp_path, capsys):
    def ghost(data):
        data["templates"][0]["versions"][0]["author"] = "ghost"

    path = edited_export(tmp_path, rich_team.slug, ghost)
    call_command("import_team", str(path), "--rename", "copy")
    assert "No account here for ghost" in capsys.readouterr().err


@pytest.fixture
def shared_team(rich_team, saved_twice, other_team, owner):
    services.template_share(template=saved_twice, target_slug=other_team.slug, actor=owner)
    return rich_team


def test_round_trip_keeps_shares_with_teams_that_exist_here(shared_team, tmp_path):
    path = export_to(tmp_path, shared_team.slug)
    call_command("import_team", str(path), "--rename", "copy", "--restore-shares")
    shares = TemplateShare.objects.filter(template__team__slug="copy")
    assert [(s.template.name, s.team.slug, s.shared_by.username) for s in shares] == [
        ("Agents: own permissions", "elsewhere", "olivia")
    ]


def test_shares_with_teams_missing_here_are_named_and_left_out(shared_team, tmp_path, capsys):
    def elsewhere(data):
        for template in data["templates"]:
            for share in template["shared_with"]:
                share["team"] = "gone-elsewhere"

    path = edited_export(tmp_path, shared_team.slug, elsewhere)
    call_command("import_team", str(path), "--rename", "copy")
    assert "No team here for gone-elsewhere" in capsys.readouterr().err
    assert not TemplateShare.objects.filter(template__team__slug="copy").exists()


def test_round_trip_keeps_a_copy_linked_to_its_original_in_the_team(
    rich_team, saved_twice, owner, tmp_path
):
    services.template_copy(source=saved_twice, target=rich_team, actor=owner, name="Copy")
    call_command("import_team", str(export_to(tmp_path, rich_team.slug)), "--rename", "copy")
    copy = SavedTemplate.objects.get(team__slug="copy", name="Copy")
    assert (copy.copied_from.team.slug, copy.copied_from.name) == (
        "copy",
        "Agents: own permissions",
    )


def test_a_copy_of_another_teams_template_is_exported_without_the_link(
    saved_twice, other_team, outsider
):
    services.template_copy(source=saved_twice, target=other_team, actor=outsider)
    exported = export_team(other_team)
    assert [t["copied_from"] for t in exported["templates"]] == [None]


def test_import_refuses_a_copy_of_a_template_not_in_the_file(rich_team, tmp_path):
    def dangling(data):
        data["templates"][0]["copied_from"] = 99

    path = edited_export(tmp_path, rich_team.slug, dangling)
    with pytest.raises(CommandError, match=r"templates\[0\]\.copied_from: no template has id 99"):
        call_command("import_team", str(path), "--rename", "copy")


def test_a_file_written_before_shares_were_carried_still_imports(shared_team, tmp_path):
    def older(data):
        for template in data["templates"]:
            del template["shared_with"], template["copied_from"]

    call_command(
        "import_team", str(edited_export(tmp_path, shared_team.slug, older)), "--rename", "copy"
    )
    assert (
        SavedTemplate.objects.filter(team__slug="copy").count()
        == SavedTemplate.objects.filter(team=shared_team).count()
    )
