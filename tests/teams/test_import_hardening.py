"""import_team on damaged files: every damage is refused with the field that is wrong, never a
traceback, and nothing is written; shares are restored only when asked (--restore-shares)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from policybuilder.teams import services
from policybuilder.teams.models import SavedTemplate, Team, TemplateShare, TemplateVersion

pytestmark = pytest.mark.django_db

NEW_SLUG = "imported"


@pytest.fixture
def exported(team, saved_twice, other_team, owner, tmp_path) -> Path:
    """The team's export: one template at version 2, shared with the outsider's team."""
    services.template_share(template=saved_twice, target_slug=other_team.slug, actor=owner)
    path = tmp_path / "team.json"
    call_command("export_team", team.slug, str(path))
    return path


def damaged(path: Path, edit: Callable[[dict], object]) -> Path:
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    return path


def first_template(data: dict) -> dict:
    return data["templates"][0]


def first_version(data: dict) -> dict:
    return data["templates"][0]["versions"][0]


def nested(depth: int) -> object:
    value: object = "Department=Test"
    for _ in range(depth):
        value = [value]
    return value


def edited_document(data: dict) -> None:
    """The first version's document with one more action, as a hand edit would leave it."""
    version = first_version(data)
    document = json.loads(version["document"])
    document["Statement"].append(
        {"Effect": "Allow", "Action": "connect:DeleteInstance", "Resource": "*"}
    )
    version["document"] = json.dumps(document, indent=4)


def set_version_numbers(number: int) -> Callable[[dict], None]:
    """The current version and the history's last one both become ``number``."""

    def edit(data: dict) -> None:
        first_template(data)["version"] = number
        first_template(data)["versions"][-1]["number"] = number

    return edit


#: (damage, how the file is changed, what the refusal must say)
DAMAGES: list[tuple[str, Callable[[dict], object], str]] = [
    (
        "an impossible date",
        lambda d: first_version(d).update(created_at="2026-02-30T09:00:00+00:00"),
        r"templates\[0\]\.versions\[0\]\.created_at: '2026-02-30T09:00:00\+00:00' is not a "
        r"possible date",
    ),
    (
        "an impossible time",
        lambda d: d["team"].update(created_at="2026-01-10T25:61:00+00:00"),
        r"team\.created_at: '2026-01-10T25:61:00\+00:00' is not a possible date",
    ),
    (
        "a date before year 1 in UTC",
        lambda d: first_template(d).update(updated_at="0001-01-01T00:00:00+05:00"),
        r"templates\[0\]\.updated_at: '0001-01-01T00:00:00\+05:00' is out of range",
    ),
    (
        "values nested too deeply",
        lambda d: first_template(d)["values"].update(tags=nested(100)),
        r"templates\[0\]\.values: nested deeper than 20 levels",
    ),
    (
        "version values nested too deeply",
        lambda d: first_version(d)["values"].update(tags=nested(100)),
        r"templates\[0\]\.versions\[0\]\.values: nested deeper than 20 levels",
    ),
    (
        "a negative version number",
        lambda d: first_version(d).update(number=-1),
        r"templates\[0\]\.versions\[0\]\.number: -1 is not between 1 and 2147483647",
    ),
    (
        "a version number of zero",
        lambda d: first_version(d).update(number=0),
        r"templates\[0\]\.versions\[0\]\.number: 0 is not between 1 and 2147483647",
    ),
    (
        "a huge version number",
        set_version_numbers(10**20),
        r"templates\[0\]\.version: 100000000000000000000 is not between 1 and 2147483647",
    ),
    (
        "a negative current version",
        set_version_numbers(-5),
        r"templates\[0\]\.version: -5 is not between 1 and 2147483647",
    ),
    (
        "a NUL character in a name",
        lambda d: first_template(d).update(name="Agents\u0000"),
        r"templates\[0\]\.name: contains a NUL character",
    ),
    (
        "a NUL character inside the values",
        lambda d: first_template(d)["values"].update(partition="aws\u0000"),
        r"templates\[0\]\.values\.partition: contains a NUL character",
    ),
    (
        "half of a UTF-16 surrogate pair in a note",
        lambda d: first_version(d).update(note="\ud800"),
        r"templates\[0\]\.versions\[0\]\.note: is not valid Unicode text",
    ),
    (
        "an infinite number inside the values",
        lambda d: first_version(d)["values"].update(account=float("inf")),
        r"templates\[0\]\.versions\[0\]\.values\.account: not a finite number",
    ),
    (
        "a document that is not JSON",
        lambda d: first_template(d).update(document='{"Version": "2012-10-17",'),
        r"templates\[0\]\.document: is not JSON",
    ),
    (
        "a version's document that is not a JSON object",
        lambda d: first_version(d).update(document="[1, 2]"),
        r"templates\[0\]\.versions\[0\]\.document: is not a policy document",
    ),
    (
        "a member listed twice",
        lambda d: d["members"].append(dict(d["members"][0])),
        r"members\[3\]\.username: 'olivia' is listed twice",
    ),
    (
        "a team shared with twice",
        lambda d: first_template(d)["shared_with"].append(
            dict(first_template(d)["shared_with"][0])
        ),
        r"templates\[0\]\.shared_with\[1\]\.team: 'elsewhere' is listed twice",
    ),
    (
        "a version's document edited by hand",
        edited_document,
        r"templates\[0\]\.versions\[0\]\.document: is not what '[a-z-]+' renders",
    ),
    (
        "a version's values the scenario does not have",
        lambda d: first_version(d)["values"].update(no_such_parameter="x"),
        r"templates\[0\]\.versions\[0\]\.values\.no_such_parameter: ",
    ),
    (
        "a template's document that is not its current version's",
        lambda d: first_template(d).update(document=first_template(d)["versions"][0]["document"]),
        r"templates\[0\]\.document: is not the document of its current version \(2\)",
    ),
    (
        "two templates with one id",
        lambda d: d["templates"].append(dict(first_template(d), name="Another")),
        r"templates\[1\]\.id: 1 is used twice",
    ),
]


@pytest.mark.parametrize(
    ("edit", "message"),
    [pytest.param(edit, message, id=name) for name, edit, message in DAMAGES],
)
def test_a_damaged_file_is_refused_naming_the_field(exported, edit, message):
    path = damaged(exported, edit)
    with pytest.raises(CommandError, match=message):
        call_command("import_team", str(path), "--rename", NEW_SLUG)


@pytest.mark.parametrize("edit", [pytest.param(edit, id=name) for name, edit, _ in DAMAGES])
def test_a_damaged_file_writes_nothing(exported, edit):
    before = (SavedTemplate.objects.count(), TemplateVersion.objects.count(), Team.objects.count())
    with pytest.raises(CommandError):
        call_command("import_team", str(damaged(exported, edit)), "--rename", NEW_SLUG)
    after = (SavedTemplate.objects.count(), TemplateVersion.objects.count(), Team.objects.count())
    assert after == before


def test_json_nested_too_deeply_to_read_is_refused_without_a_traceback(db, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match="nested too deeply to read"):
        call_command("import_team", str(path))


def test_a_number_too_long_to_read_is_refused_without_a_traceback(db, tmp_path):
    path = tmp_path / "long.json"
    path.write_text('{"format": "policybuilder-team", "format_version": ' + "9" * 5000 + "}")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_team", str(path))


# Shares with teams of this installation ------------------------------------------------------


def test_shares_are_not_restored_without_restore_shares(exported):
    call_command("import_team", str(exported), "--rename", NEW_SLUG)
    assert not TemplateShare.objects.filter(template__team__slug=NEW_SLUG).exists()


def test_the_import_names_the_local_teams_that_restore_shares_would_give_read_access(
    exported, capsys
):
    call_command("import_team", str(exported), "--rename", NEW_SLUG)
    err = capsys.readouterr().err
    assert "elsewhere (1 template)" in err and "--restore-shares" in err


def test_restore_shares_gives_the_named_local_teams_read_access(exported):
    call_command("import_team", str(exported), "--rename", NEW_SLUG, "--restore-shares")
    shares = TemplateShare.objects.filter(template__team__slug=NEW_SLUG)
    assert [(share.template.name, share.team.slug) for share in shares] == [
        ("Agents: own permissions", "elsewhere")
    ]


def test_restore_shares_says_which_local_teams_received_read_access(exported, capsys):
    call_command("import_team", str(exported), "--rename", NEW_SLUG, "--restore-shares")
    assert "Shared with elsewhere (1 template)" in capsys.readouterr().out
