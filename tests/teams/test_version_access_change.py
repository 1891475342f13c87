"""The access change of each new version: on the diff page, in the save banner, in the audit log."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from helpers import combine_post_data, combined_values, post_data

from policybuilder.core.semantics import compare as compare_module
from policybuilder.core.semantics.compare import Comparison
from policybuilder.teams import access_change, services
from policybuilder.teams.models import AuditAction, AuditEntry

FEWER = ["iam:GetUser", "iam:ListUsers"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The access change is cached by the documents' text: each test works it out itself."""
    cache.clear()
    yield
    cache.clear()


def url(name, template, **extra):
    return reverse(name, kwargs={"team_slug": template.team.slug, "pk": template.pk, **extra})


def save_data(scenario, expected: int, **values):
    return post_data(
        scenario,
        scenario.example_values() | values,
        **{"save-expected_version": str(expected), "save-note": ""},
    )


def latest_entry(template, action=AuditAction.CHANGED):
    return AuditEntry.objects.filter(template=template, action=action).first()


def save_back_to_the_example(template, scenario, author, base=2):
    return services.template_save_version(
        template=template, raw_values=scenario.example_values(), base_version=base, author=author
    )


# The audit log --------------------------------------------------------------------------------


def test_a_save_that_drops_actions_is_logged_as_narrowing_access(saved_twice):
    detail = latest_entry(saved_twice).detail
    assert detail.startswith("version 2 (narrows access: ")
    assert detail.endswith("): fewer actions")


def test_a_save_that_adds_actions_is_logged_as_broadening_access(saved_twice, editor, scenario):
    save_back_to_the_example(saved_twice, scenario, editor)
    assert latest_entry(saved_twice).detail.startswith("version 3 (broadens access: ")


def test_a_save_that_changes_nothing_in_access_is_logged_as_unchanged(saved, editor, scenario):
    services.template_save_version(
        template=saved, raw_values=scenario.example_values(), base_version=1, author=editor
    )
    assert latest_entry(saved).detail == "version 2 (access unchanged)"


def test_restoring_a_wider_version_is_logged_as_broadening_access(saved_twice, editor):
    services.template_restore_version(
        template=saved_twice, old=saved_twice.versions.get(number=1), base_version=2, author=editor
    )
    detail = latest_entry(saved_twice, AuditAction.RESTORED_VERSION).detail
    assert detail.startswith("version 1 as version 3 (broadens access: ")


def test_an_unknown_comparison_is_logged_with_its_reason(saved, editor, scenario, monkeypatch):
    monkeypatch.setattr(
        compare_module, "compare", lambda old, new: Comparison("unknown", reason="too hard")
    )
    services.template_save_version(
        template=saved, raw_values=scenario.example_values(), base_version=1, author=editor
    )
    assert latest_entry(saved).detail == "version 2 (access change unknown: too hard)"


def test_a_failing_comparison_does_not_stop_the_save(saved, editor, scenario, monkeypatch):
    def broken(old, new):
        raise RuntimeError("bug")

    monkeypatch.setattr(compare_module, "compare", broken)
    version = services.template_save_version(
        template=saved, raw_values=scenario.example_values(), base_version=1, author=editor
    )
    assert version.number == 2
    assert "access change unknown" in latest_entry(saved).detail


def test_a_save_compares_before_its_write_transaction(saved, editor, scenario, monkeypatch):
    depth = len(connection.atomic_blocks)  # the test's own transaction
    seen = []
    real = compare_module.compare

    def spy(old, new):
        seen.append(len(connection.atomic_blocks))
        return real(old, new)

    monkeypatch.setattr(compare_module, "compare", spy)
    services.template_save_version(
        template=saved, raw_values=scenario.example_values(), base_version=1, author=editor
    )
    assert seen == [depth]


def test_the_first_version_has_no_access_change(saved):
    assert latest_entry(saved, AuditAction.CREATED).detail == "scenario view-own-permissions"


# The save banner ------------------------------------------------------------------------------


def test_the_save_banner_says_how_access_narrowed(client, editor, saved, scenario):
    client.force_login(editor)
    response = client.post(
        url("teams:save_version", saved), save_data(scenario, 1, actions=FEWER), follow=True
    )
    body = response.content.decode()
    assert (
        "Saved Agents: own permissions as version 2. Version 2 is narrower than version 1" in body
    )


def test_the_save_banner_names_a_save_that_broadens_access(client, editor, saved_twice, scenario):
    client.force_login(editor)
    response = client.post(
        url("teams:save_version", saved_twice), save_data(scenario, 2), follow=True
    )
    body = response.content.decode()
    assert "as version 3. This save broadens access: Version 3 is broader than version 2" in body


def test_the_restore_banner_says_what_the_restore_changes(client, editor, saved_twice):
    client.force_login(editor)
    response = client.post(
        url("teams:version_restore", saved_twice, number=1),
        {"expected_version": "2"},
        follow=True,
    )
    assert "This save broadens access" in response.content.decode()


# The diff page --------------------------------------------------------------------------------


def test_the_diff_page_opens_with_the_access_change(client, viewer, saved_twice):
    client.force_login(viewer)
    body = client.get(url("teams:diff", saved_twice)).content.decode()
    change = body.index("Version 2 is narrower than version 1")
    assert change < body.index('id="diff"')


def test_the_diff_page_shows_the_witness_request(client, viewer, saved_twice):
    client.force_login(viewer)
    response = client.get(url("teams:diff", saved_twice))
    change = response.context["access_change"]
    witness = change.narrower_witness
    assert change.broader_witness is None
    assert witness["action"] not in FEWER
    assert "A request version 1 allows and version 2 does not" in response.content.decode()


def test_the_diff_pages_witness_is_escaped_json(client, viewer, saved_twice):
    client.force_login(viewer)
    response = client.get(url("teams:diff", saved_twice))
    _, request, text = response.context["access_change"].witnesses[0]
    assert json.loads(text) == request


def test_the_diff_page_of_a_version_with_itself_is_equivalent(client, viewer, saved_twice):
    client.force_login(viewer)
    body = client.get(url("teams:diff", saved_twice) + "?a=2&b=2").content.decode()
    assert "allows exactly what version 2 allows" in body


def test_the_diff_page_says_unknown_with_the_reason(client, viewer, saved_twice, monkeypatch):
    cache.clear()  # the save of version 2 worked out the real change
    monkeypatch.setattr(
        compare_module, "compare", lambda old, new: Comparison("unknown", reason="too hard")
    )
    client.force_login(viewer)
    body = client.get(url("teams:diff", saved_twice)).content.decode()
    assert "Whether version 2 allows more than version 1 is unknown: too hard." in body


def test_the_diff_page_of_another_teams_template_is_404(client, outsider, saved_twice):
    client.force_login(outsider)
    assert client.get(url("teams:diff", saved_twice)).status_code == 404


# Combined policies ----------------------------------------------------------------------------


def test_dropping_a_part_of_a_combined_policy_is_narrower(client, editor, combined):
    client.force_login(editor)
    values = combined_values("view-users")
    data = combine_post_data(values, **{"save-expected_version": "1", "save-note": ""})
    response = client.post(url("teams:save_version", combined), data, follow=True)
    assert "Version 2 is narrower than version 1" in response.content.decode()
    assert latest_entry(combined).detail.startswith("version 2 (narrows access: ")


def test_the_diff_page_of_a_combined_policy_compares_the_merged_documents(client, editor, combined):
    services.template_save_version(
        template=combined,
        raw_values=combined_values("view-users"),
        base_version=1,
        author=editor,
    )
    client.force_login(editor)
    body = client.get(url("teams:diff", combined)).content.decode()
    assert "Version 2 is narrower than version 1" in body


# The wording ----------------------------------------------------------------------------------


def test_a_document_the_model_cannot_read_is_unknown_with_the_reason():
    change = access_change.between("{", '{"Statement": []}')
    assert change.verdict == "unknown"
    assert "cannot be read as a policy" in change.sentence
