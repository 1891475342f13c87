"""Custom policies (the reserved slug `custom`) travel with export_team / import_team."""

from __future__ import annotations

from django.core.management import call_command

from policybuilder.core import custom
from policybuilder.teams import services
from policybuilder.teams.models import SavedTemplate

VALUES = {
    "quota": "managed",
    "statements": [
        {
            "effect": "Deny",
            "actions": ["connect:DeleteInstance"],
            "resources": [],
            "conditions": [],
        }
    ],
}


def test_a_custom_policy_round_trips_through_export_and_import(tmp_path, team, owner):
    original = services.template_create(
        team=team, scenario=custom.CUSTOM, raw_values=VALUES, name="No deletions", author=owner
    )
    path = tmp_path / "team.json"
    call_command("export_team", team.slug, str(path))
    call_command("import_team", str(path), "--rename", "copy-of-team")
    copy = SavedTemplate.objects.get(team__slug="copy-of-team", name="No deletions")
    assert (copy.scenario_slug, copy.values, copy.document) == (
        "custom",
        original.values,
        original.document,
    )
