"""Helpers shared by the teams, API and browser tests (imported by name: tests/ is not a package,
and pytest puts it on sys.path for tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from policybuilder.core import scenarios
from policybuilder.teams import values as stored_values

SCENARIO = "view-own-permissions"
#: The parts of the shared combined-policy fixture, in order.
COMBINED_PARTS = ("view-users", "campaigns-read-only")


def make_user(username: str):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="a-long-test-pass-1"
    )


def post_data(scenario, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The builder form's POST data for these values, plus extra fields."""
    data = dict(stored_values.to_form_data(scenario, values).lists())
    return data | extra


def combined_values(*slugs: str, quota: str = "managed") -> dict[str, Any]:
    """A combined policy's values: each scenario with its example values."""
    return {
        "quota": quota,
        "parts": [
            {
                "scenario": slug,
                "values": stored_values.to_json(scenarios.get(slug).example_values()),
            }
            for slug in slugs
        ],
    }


def combine_post_data(values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The combine page's POST data for a combined policy's values, plus extra fields."""
    data: dict[str, Any] = {
        "part": [part["scenario"] for part in values["parts"]],
        "quota": values.get("quota", "managed"),
    }
    for index, part in enumerate(values["parts"]):
        scenario = scenarios.get(part["scenario"])
        for key, items in stored_values.to_form_data(scenario, part["values"]).lists():
            data[f"p{index}-{key}"] = items
    return data | extra


def check_instance_field_follows_its_switch(scope: Any) -> None:
    """In ``scope`` (a page, or one part of the combine page), the instance field is hidden
    until "Restrict to an instance" is checked, and hidden again once it is unchecked."""
    from playwright.sync_api import expect

    instance = scope.get_by_role("textbox", name="Amazon Connect instance")
    expect(instance).to_be_hidden()
    scope.get_by_label("Restrict to an instance").check()
    expect(instance).to_be_visible()
    scope.get_by_label("Restrict to an instance").uncheck()
    expect(instance).to_be_hidden()


def add_access_rule(team, owner, name: str, actions, resources=("*",)):
    """A team rule written through the service, as an owner would add it."""
    from policybuilder.teams import services

    return services.access_rule_create(
        team=team, actor=owner, name=name, actions=list(actions), resources=list(resources)
    )


def corpus_dir() -> Path:
    """AWS's managed policies, from POLICYBUILDER_CORPUS or ../shared beside the repository;
    the test that asks is skipped, saying where it looked, when neither exists."""
    configured = os.environ.get("POLICYBUILDER_CORPUS")
    candidates = [Path(configured)] if configured else []
    candidates.append(
        Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "aws-managed-policies"
    )
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    pytest.skip(
        "AWS managed policy corpus not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); set POLICYBUILDER_CORPUS to run this data-dependent test"
    )
