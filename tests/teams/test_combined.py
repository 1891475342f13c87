"""Combined policies saved as team templates: versions, locking, access, sharing, history."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from helpers import COMBINED_PARTS, combine_post_data, combined_values

from policybuilder.core import combine, scenarios
from policybuilder.teams import services
from policybuilder.teams.models import AuditEntry, SavedTemplate, Team, TemplateVersion


def url(name, template, **extra):
    return reverse(name, kwargs={"team_slug": template.team.slug, "pk": template.pk, **extra})


def save_version_data(values: dict, expected: int, note: str = "") -> dict:
    return combine_post_data(values, **{"save-expected_version": str(expected), "save-note": note})


@pytest.fixture
def combined_twice(combined, editor) -> SavedTemplate:
    """The combined policy at version 2: version 2 checks against the role quota."""
    services.template_save_version(
        template=combined,
        raw_values=combined_values(*COMBINED_PARTS, quota="role"),
        base_version=1,
        author=editor,
        note="role quota",
    )
    combined.refresh_from_db()
    return combined


# Saving ---------------------------------------------------------------------


def test_a_combined_policy_is_saved_as_version_1(combined):
    assert (combined.version, combined.versions.get().number) == (1, 1)


def test_a_combined_templates_document_is_the_merged_policy(combined):
    result = combine.combine(
        [combine.Part(p["scenario"], p["values"]) for p in combined.values["parts"]]
    )
    assert combined.document == result.text


def test_saving_from_the_combine_page_with_the_right_base_writes_version_2(
    client, editor, combined
):
    client.force_login(editor)
    values = combined_values(*COMBINED_PARTS, quota="role")
    response = client.post(url("teams:save_version", combined), save_version_data(values, 1, "x"))
    assert response.status_code == 302
    combined.refresh_from_db()
    assert (combined.version, combined.values["quota"]) == (2, "role")


def test_a_saved_version_keeps_its_author_and_note(client, editor, combined):
    client.force_login(editor)
    values = combined_values(*COMBINED_PARTS, quota="role")
    client.post(url("teams:save_version", combined), save_version_data(values, 1, "role quota"))
    latest = combined.versions.get(number=2)
    assert (latest.author, latest.note) == (editor, "role quota")


def test_saving_a_version_goes_back_to_the_combine_page_of_the_template(client, editor, combined):
    client.force_login(editor)
    values = combined_values("view-users")
    response = client.post(url("teams:save_version", combined), save_version_data(values, 1))
    assert response["Location"] == url("teams:open", combined)


def test_a_stale_base_version_is_a_409_conflict(client, owner, combined_twice):
    client.force_login(owner)
    stale = save_version_data(combined_values("view-users"), 1, "mine")
    response = client.post(url("teams:save_version", combined_twice), stale)
    assert response.status_code == 409
    assert "changed since you opened it" in response.context["save_conflict"]["message"]


def test_a_stale_save_overwrites_nothing(client, owner, combined_twice):
    client.force_login(owner)
    stale = save_version_data(combined_values("view-users"), 1, "mine")
    client.post(url("teams:save_version", combined_twice), stale)
    combined_twice.refresh_from_db()
    assert combined_twice.version == 2 and combined_twice.versions.count() == 2
    assert len(combined_twice.values["parts"]) == 2


def test_a_stale_save_keeps_the_users_parts_on_the_page(client, owner, combined_twice):
    client.force_login(owner)
    stale = save_version_data(combined_values("view-users"), 1, "mine")
    response = client.post(url("teams:save_version", combined_twice), stale)
    assert response.content.count(b'name="part"') == 1
    assert b'name="save-expected_version" value="1"' in response.content


def test_the_conflict_links_to_the_other_change(client, owner, combined_twice):
    client.force_login(owner)
    stale = save_version_data(combined_values("view-users"), 1)
    response = client.post(url("teams:save_version", combined_twice), stale)
    assert response.context["save_conflict"]["diff_url"].endswith("?a=1&b=2")


def test_a_part_with_bad_values_is_not_saved(client, editor, combined):
    client.force_login(editor)
    values = combined_values(*COMBINED_PARTS)
    values["parts"][0]["values"]["guard_regions"] = ["mars-1"]
    response = client.post(url("teams:save_version", combined), save_version_data(values, 1))
    assert response.status_code == 400 and combined.versions.count() == 1


def test_the_base_version_rides_along_while_parts_are_added(client, editor, combined_twice):
    client.force_login(editor)
    data = save_version_data(combined_values(*COMBINED_PARTS), 1) | {
        "add": "1",
        "add_scenario": "view-own-permissions",
    }
    response = client.post(url("teams:open", combined_twice), data)
    assert b'name="save-expected_version" value="1"' in response.content


def test_opening_the_template_offers_its_current_version_as_the_base(client, editor, combined):
    client.force_login(editor)
    response = client.get(url("teams:open", combined))
    assert b'name="save-expected_version" value="1"' in response.content


# Services -------------------------------------------------------------------


def test_a_part_with_bad_values_is_refused_under_its_index(team, owner):
    values = combined_values(*COMBINED_PARTS)
    values["parts"][1]["values"]["guard_regions"] = ["mars-1"]
    with pytest.raises(services.TemplateInvalid) as refused:
        services.template_create(
            team=team, scenario=combine.COMBINED, raw_values=values, name="X", author=owner
        )
    assert list(refused.value.errors) == ["parts.1"]
    assert "guard_regions" in refused.value.errors["parts.1"]


def test_an_unknown_quota_is_refused(team, owner):
    values = combined_values(*COMBINED_PARTS) | {"quota": "huge"}
    with pytest.raises(services.TemplateInvalid) as refused:
        services.template_create(
            team=team, scenario=combine.COMBINED, raw_values=values, name="X", author=owner
        )
    assert "quota" in refused.value.errors


def test_a_combined_policy_without_parts_is_refused(team, owner):
    with pytest.raises(services.TemplateInvalid) as refused:
        services.template_create(
            team=team,
            scenario=combine.COMBINED,
            raw_values={"quota": "managed", "parts": []},
            name="X",
            author=owner,
        )
    assert refused.value.errors == {"parts": "Add at least one scenario."}


def test_an_unknown_scenario_in_a_part_is_refused(team, owner):
    values = {"parts": [{"scenario": "nope", "values": {}}]}
    with pytest.raises(services.TemplateInvalid) as refused:
        services.template_create(
            team=team, scenario=combine.COMBINED, raw_values=values, name="X", author=owner
        )
    assert "scenario" in refused.value.errors["parts.0"]


# Access -----------------------------------------------------------------------


def test_an_outsider_gets_404_for_the_combine_page_of_a_template(client, outsider, combined):
    client.force_login(outsider)
    assert client.get(url("teams:open", combined)).status_code == 404


def test_an_outsider_gets_404_when_saving_a_version(client, outsider, other_team, combined):
    client.force_login(outsider)
    data = save_version_data(combined_values(*COMBINED_PARTS), 1)
    assert client.post(url("teams:save_version", combined), data).status_code == 404


def test_a_viewer_gets_403_when_saving_a_version(client, viewer, combined):
    client.force_login(viewer)
    data = save_version_data(combined_values(*COMBINED_PARTS), 1)
    assert client.post(url("teams:save_version", combined), data).status_code == 403


def test_a_viewer_opens_the_combine_page_read_only(client, viewer, combined):
    client.force_login(viewer)
    response = client.get(url("teams:open", combined))
    assert response.status_code == 200
    assert b"you cannot change it" in response.content
    assert url("teams:save_version", combined).encode() not in response.content


def test_a_viewer_previews_changes_on_the_combine_page_of_a_template(client, viewer, combined):
    client.force_login(viewer)
    data = combine_post_data(combined_values("view-users"), preview="1")
    assert client.post(url("teams:open", combined), data).status_code == 200


def test_the_combine_page_of_a_template_downloads_the_merged_policy(client, viewer, combined):
    client.force_login(viewer)
    data = combine_post_data(combined.values, download="json")
    response = client.post(url("teams:open", combined), data)
    assert json.loads(response.content) == json.loads(combined.document)


# Sharing, the library, copies ------------------------------------------------------


@pytest.fixture
def shared_combined(combined, owner, other_team):
    services.template_share(template=combined, target_slug=other_team.slug, actor=owner)
    return combined


def test_a_shared_combined_policy_is_readable_by_the_other_team(client, outsider, shared_combined):
    client.force_login(outsider)
    assert client.get(url("teams:open", shared_combined)).status_code == 200


def test_a_shared_combined_policy_is_listed_on_the_other_teams_combine_page(
    client, outsider, shared_combined
):
    client.force_login(outsider)
    page = client.get(reverse("combine")).content.decode()
    assert url("teams:open", shared_combined) in page


def test_a_shared_combined_policy_is_not_writable_by_the_other_team(
    client, outsider, shared_combined
):
    client.force_login(outsider)
    data = save_version_data(combined_values(*COMBINED_PARTS), 1)
    assert client.post(url("teams:save_version", shared_combined), data).status_code == 403


def test_copying_a_combined_policy_opens_the_copy_on_the_combine_page(
    client, outsider, combined, owner, other_team
):
    services.template_publish(template=combined, actor=owner)
    client.force_login(outsider)
    response = client.post(url("teams:copy", combined), {"team": other_team.slug}, follow=True)
    copy = SavedTemplate.objects.get(team=other_team)
    assert response.redirect_chain[-1][0] == url("teams:open", copy)
    assert response.content.count(b'name="part"') == 2


def test_a_copy_of_a_combined_policy_is_a_combined_policy(combined, outsider, other_team):
    copy = services.template_copy(source=combined, target=other_team, actor=outsider)
    assert copy.is_combined and copy.values == combined.values


# History ----------------------------------------------------------------------------


def test_restoring_version_1_writes_it_again_as_version_3(client, editor, combined_twice):
    client.force_login(editor)
    response = client.post(
        url("teams:version_restore", combined_twice, number=1), {"expected_version": "2"}
    )
    assert response.status_code == 302
    combined_twice.refresh_from_db()
    assert (combined_twice.version, combined_twice.values["quota"]) == (3, "managed")


def test_restoring_on_a_stale_version_is_a_conflict(client, editor, combined_twice):
    client.force_login(editor)
    response = client.post(
        url("teams:version_restore", combined_twice, number=1), {"expected_version": "1"}
    )
    assert response.status_code == 409


def test_the_template_page_lists_the_parts_by_title(client, viewer, combined):
    client.force_login(viewer)
    response = client.get(url("teams:template", combined))
    parts = response.context["combined"].parts
    assert [part.title for part in parts] == [scenarios.get(s).title for s in COMBINED_PARTS]
    assert all(escape(part.title) in response.content.decode() for part in parts)


def test_the_template_page_offers_the_combine_page_not_the_builder(client, editor, combined):
    client.force_login(editor)
    page = client.get(url("teams:template", combined)).content.decode()
    assert "Open on the combine page" in page and "Open in the builder" not in page


def test_the_team_page_labels_a_combined_policy(client, viewer, combined):
    client.force_login(viewer)
    page = client.get(reverse("teams:detail", args=[combined.team.slug])).content.decode()
    assert "combined policy: 2 scenarios" in page


@pytest.fixture
def part_removed_diff(client, viewer, combined, editor):
    """The diff page of a combined policy whose version 2 dropped its second part."""
    services.template_save_version(
        template=combined,
        raw_values=combined_values("view-users"),
        base_version=1,
        author=editor,
    )
    client.force_login(viewer)
    return client.get(url("teams:diff", combined) + "?a=1&b=2")


def test_the_diff_shows_the_values_part_by_part(part_removed_diff):
    titles = [title for title, _, _ in part_removed_diff.context["values_sections"]]
    assert titles[0] == "Size quota"
    assert titles[2].startswith("Part 2:") and titles[2].endswith("(removed)")


def test_the_diff_opens_only_the_parts_that_changed(part_removed_diff):
    assert [changed for _, _, changed in part_removed_diff.context["values_sections"]] == [
        False,
        False,
        True,
    ]


def test_a_combined_template_exports_as_terraform(client, viewer, combined):
    client.force_login(viewer)
    path = reverse("export_template", args=[combined.team.slug, combined.pk]) + "?format=terraform"
    assert client.get(path).content.decode().startswith('resource "aws_iam_policy"')


def test_a_combined_policy_moves_to_the_trash_and_back(client, editor, combined):
    client.force_login(editor)
    client.post(url("teams:delete", combined))
    client.post(reverse("teams:untrash", args=[combined.team.slug, combined.pk]))
    combined.refresh_from_db()
    assert not combined.in_trash
    actions = list(AuditEntry.objects.filter(template=combined).values_list("action", flat=True))
    assert {"deleted", "undeleted"} <= set(actions)


# Moving a team ------------------------------------------------------------------------


def test_export_and_import_keep_a_combined_policy_and_its_versions(combined_twice, tmp_path):
    path = tmp_path / "team.json"
    call_command("export_team", combined_twice.team.slug, str(path))
    call_command("import_team", str(path), "--rename", "copy")
    imported = SavedTemplate.objects.get(team=Team.objects.get(slug="copy"))
    assert imported.is_combined and imported.values == combined_twice.values
    versions = TemplateVersion.objects.filter(template=imported).order_by("number")
    assert [v.values["quota"] for v in versions] == ["managed", "role"]


def test_an_imported_combined_policy_takes_a_new_version(combined, tmp_path, owner):
    path = tmp_path / "team.json"
    call_command("export_team", combined.team.slug, str(path))
    call_command("import_team", str(path), "--rename", "copy")
    imported = SavedTemplate.objects.get(team__slug="copy")
    version = services.template_save_version(
        template=imported, raw_values=combined_values("view-users"), base_version=1, author=owner
    )
    assert version.number == 2


def test_restoring_a_combined_version_leaves_out_a_parameter_its_scenario_no_longer_has(
    combined_twice, editor
):
    old = combined_twice.versions.get(number=1)
    old.values["parts"][0]["values"]["retired_parameter"] = "x"
    old.save()
    services.template_restore_version(
        template=combined_twice, old=old, base_version=2, author=editor
    )
    restored = combined_twice.versions.get(number=3).values
    assert "retired_parameter" not in restored["parts"][0]["values"]
