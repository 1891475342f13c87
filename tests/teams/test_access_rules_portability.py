"""Team rules travel with export_team / import_team; a bad rule in a file names its field."""

from __future__ import annotations

import pytest
from helpers import add_access_rule

from policybuilder.teams.models import AccessRule
from policybuilder.teams.portability import PortabilityError, export_team, import_team


@pytest.fixture
def ruled_team(team, owner):
    add_access_rule(team, owner, "No PassRole", ["iam:PassRole"])
    add_access_rule(
        team,
        owner,
        "No admin keys",
        ["kms:CreateGrant", "kms:Decrypt"],
        ["arn:aws:kms:*:*:key/admin-*"],
    )
    return team


def _rules(team) -> list[tuple]:
    return [
        (r.name, r.actions, r.resources, r.created_by)
        for r in AccessRule.objects.filter(team=team).order_by("pk")
    ]


def test_the_export_carries_the_teams_rules(ruled_team):
    exported = export_team(ruled_team)["access_rules"]
    assert [(r["name"], r["actions"], r["resources"]) for r in exported] == [
        ("No PassRole", ["iam:PassRole"], ["*"]),
        ("No admin keys", ["kms:CreateGrant", "kms:Decrypt"], ["arn:aws:kms:*:*:key/admin-*"]),
    ]


def test_rules_round_trip_through_export_and_import(ruled_team):
    result = import_team(export_team(ruled_team), slug="copy")
    assert result.access_rules == 2
    assert _rules(result.team) == _rules(ruled_team)


def test_the_imported_rule_keeps_its_date(ruled_team):
    result = import_team(export_team(ruled_team), slug="copy")
    original = AccessRule.objects.filter(team=ruled_team).order_by("pk").first()
    imported = AccessRule.objects.filter(team=result.team).order_by("pk").first()
    assert imported.created_at == original.created_at


def test_a_file_written_before_rules_existed_still_imports(ruled_team):
    data = export_team(ruled_team)
    del data["access_rules"]
    result = import_team(data, slug="copy")
    assert result.access_rules == 0


def test_a_rule_with_an_unknown_service_is_refused_naming_its_field(ruled_team):
    data = export_team(ruled_team)
    data["access_rules"][1]["actions"] = ["kms:CreateGrant", "kmss:Decrypt"]
    with pytest.raises(PortabilityError, match=r"^access_rules\[1\]\.actions: .*'kmss'"):
        import_team(data, slug="copy")


def test_a_rule_with_an_empty_resource_pattern_is_refused_naming_its_field(ruled_team):
    data = export_team(ruled_team)
    data["access_rules"][0]["resources"] = [""]
    with pytest.raises(PortabilityError, match=r"^access_rules\[0\]\.resources: "):
        import_team(data, slug="copy")


def test_a_rule_whose_actions_are_not_a_list_is_refused_naming_its_field(ruled_team):
    data = export_team(ruled_team)
    data["access_rules"][0]["actions"] = "iam:PassRole"
    with pytest.raises(PortabilityError, match=r"^access_rules\[0\]\.actions: expected list"):
        import_team(data, slug="copy")


def test_two_rules_with_one_name_are_refused(ruled_team):
    data = export_team(ruled_team)
    data["access_rules"][1]["name"] = "No PassRole"
    with pytest.raises(PortabilityError, match=r"^access_rules\[1\]\.name: two rules"):
        import_team(data, slug="copy")


def test_a_refused_file_imports_nothing(ruled_team):
    data = export_team(ruled_team)
    data["access_rules"][0]["actions"] = ["nope"]
    with pytest.raises(PortabilityError):
        import_team(data, slug="copy")
    assert not AccessRule.objects.exclude(team=ruled_team).exists()
