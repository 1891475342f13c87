"""Migrations 0002/0003 of the api app: combined policies become saved templates."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from policybuilder.core import combine

BEFORE = [("api", "0001_initial"), ("teams", "0001_initial")]
MOVED = [("api", "0002_combined_policies_to_templates")]
PARTS = [{"scenario": "view-users", "values": {"scope": "account"}}]
DOCUMENT = '{"Version": "2012-10-17", "Statement": []}'


@pytest.fixture
def migrate(transactional_db):
    """Migrate to the given nodes and return the historical apps there; back to the latest
    state afterwards."""
    executor = MigrationExecutor(connection)

    def to(targets):
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield to
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def moved(migrate):
    """One combined policy made before the upgrade, then migration 0002 applied."""
    old = migrate(BEFORE)
    user = old.get_model(settings.AUTH_USER_MODEL).objects.create(username="olivia")
    team = old.get_model("teams", "Team").objects.create(name="Ops", slug="ops")
    policy = old.get_model("api", "CombinedPolicy").objects.create(
        team=team,
        name="Ops roles",
        description="For the ops team",
        parts=PARTS,
        quota="role",
        document=DOCUMENT,
        created_by=user,
    )
    return migrate(MOVED), policy


def test_a_combined_policy_becomes_a_combined_template(moved):
    apps, policy = moved
    template = apps.get_model("teams", "SavedTemplate").objects.get()
    assert (template.scenario_slug, template.name, template.description, template.document) == (
        combine.COMBINED,
        "Ops roles",
        "For the ops team",
        DOCUMENT,
    )


def test_the_parts_and_quota_become_the_templates_values(moved):
    apps, _ = moved
    template = apps.get_model("teams", "SavedTemplate").objects.get()
    assert template.values == {"quota": "role", "parts": PARTS}


def test_the_moved_template_is_at_version_1_by_its_creator(moved):
    apps, policy = moved
    version = apps.get_model("teams", "TemplateVersion").objects.get()
    assert (version.number, version.author_id, version.template.version) == (
        1,
        policy.created_by_id,
        1,
    )


def test_the_moved_template_keeps_its_creation_time(moved):
    apps, policy = moved
    template = apps.get_model("teams", "SavedTemplate").objects.get()
    assert template.created_at == policy.created_at


def test_the_move_is_in_the_teams_audit_log(moved):
    apps, policy = moved
    entry = apps.get_model("teams", "AuditEntry").objects.get(template__isnull=False)
    assert entry.action == "created" and f"was combined policy {policy.pk}" in entry.detail


def test_going_back_makes_the_combined_policy_again(moved, migrate):
    apps = migrate(BEFORE)
    policy = apps.get_model("api", "CombinedPolicy").objects.get()
    assert (policy.name, policy.parts, policy.quota) == ("Ops roles", PARTS, "role")
    assert not apps.get_model("teams", "SavedTemplate").objects.exists()


def test_the_old_row_is_gone_after_the_move(moved):
    apps, _ = moved
    assert not apps.get_model("api", "CombinedPolicy").objects.exists()
