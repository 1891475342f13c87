"""The team's rules page: members read it, owners change it, outsiders do not see it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from helpers import add_access_rule

from policybuilder.teams.models import AccessRule, AuditAction, AuditEntry


@pytest.fixture
def rule(team, owner):
    return add_access_rule(team, owner, "No PassRole", ["iam:PassRole"])


def add(client, team, **fields):
    data = {"name": "No instance deletion", "actions": "connect:DeleteInstance", "resources": ""}
    return client.post(reverse("teams:rule_add", args=[team.slug]), data | fields)


def test_a_viewer_sees_the_teams_rules(as_actor, team, rule):
    response = as_actor("viewer").get(reverse("teams:rules", args=[team.slug]))
    assert response.status_code == 200
    assert "No PassRole" in response.content.decode()


def test_a_viewer_is_offered_no_form_to_add_a_rule(as_actor, team, rule):
    response = as_actor("viewer").get(reverse("teams:rules", args=[team.slug]))
    assert 'id="add-rule"' not in response.content.decode()


def test_an_outsider_gets_404_for_the_rules_page(as_actor, team, rule):
    response = as_actor("outsider").get(reverse("teams:rules", args=[team.slug]))
    assert response.status_code == 404


def test_signing_in_is_required_for_the_rules_page(client, team):
    response = client.get(reverse("teams:rules", args=[team.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_owner_adds_a_rule_that_means_any_resource_when_none_is_given(as_actor, team):
    response = add(as_actor("owner"), team)
    assert response.status_code == 302
    created = AccessRule.objects.get(team=team)
    assert (created.name, created.actions, created.resources) == (
        "No instance deletion",
        ["connect:DeleteInstance"],
        ["*"],
    )


def test_patterns_are_read_one_a_line_or_comma_separated(as_actor, team):
    add(
        as_actor("owner"),
        team,
        actions="connect:DeleteInstance\nconnect:DeleteUser, connect:DeleteQueue",
        resources="arn:aws:connect:*:*:instance/*\r\n",
    )
    created = AccessRule.objects.get(team=team)
    assert created.actions == [
        "connect:DeleteInstance",
        "connect:DeleteUser",
        "connect:DeleteQueue",
    ]
    assert created.resources == ["arn:aws:connect:*:*:instance/*"]


def test_adding_a_rule_on_the_page_is_in_the_audit_log(as_actor, team, owner):
    add(as_actor("owner"), team)
    entry = AuditEntry.objects.filter(team=team).first()
    assert (entry.action, entry.actor, entry.subject) == (
        AuditAction.RULE_ADDED,
        owner,
        "No instance deletion",
    )


@pytest.mark.parametrize("actor", ["viewer", "editor"])
def test_a_member_who_is_not_owner_gets_403_when_adding_a_rule(as_actor, team, actor):
    assert add(as_actor(actor), team).status_code == 403
    assert not AccessRule.objects.exists()


def test_an_outsider_gets_404_when_adding_a_rule(as_actor, team):
    assert add(as_actor("outsider"), team).status_code == 404
    assert not AccessRule.objects.exists()


def test_an_action_of_an_unknown_service_is_shown_beside_the_field(as_actor, team):
    response = add(as_actor("owner"), team, actions="conect:DeleteInstance")
    assert response.status_code == 400
    assert "the catalogue has no service &#x27;conect&#x27;" in response.content.decode()
    assert not AccessRule.objects.exists()


def test_an_action_that_is_not_service_colon_action_is_refused(as_actor, team):
    response = add(as_actor("owner"), team, actions="DeleteInstance")
    assert response.status_code == 400
    assert "write service:Action" in response.content.decode()


def test_an_action_pattern_that_matches_no_action_is_refused(as_actor, team):
    response = add(as_actor("owner"), team, actions="connect:DeleteInstanc")
    assert response.status_code == 400
    assert "has no action named" in response.content.decode()


def test_a_resource_pattern_that_is_not_an_arn_is_refused(as_actor, team):
    response = add(as_actor("owner"), team, resources="instance/123")
    assert response.status_code == 400
    assert "write * or an ARN" in response.content.decode()


def test_a_rule_name_is_shown_escaped(as_actor, team):
    add(as_actor("owner"), team, name="<script>alert(1)</script>")
    response = as_actor("viewer").get(reverse("teams:rules", args=[team.slug]))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_adding_a_rule_without_the_csrf_token_is_refused(owner, team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert add(client, team).status_code == 403
    assert not AccessRule.objects.exists()


def test_an_owner_changes_a_rule(as_actor, team, rule):
    url = reverse("teams:rule_edit", args=[team.slug, rule.pk])
    data = {
        "name": "No PassRole of admins",
        "actions": "iam:PassRole",
        "resources": "arn:aws:iam::*:role/Admin*",
    }
    response = as_actor("owner").post(url, data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.name, rule.resources) == ("No PassRole of admins", ["arn:aws:iam::*:role/Admin*"])


def test_the_edit_form_opens_with_the_rules_patterns(as_actor, team, rule):
    response = as_actor("owner").get(reverse("teams:rule_edit", args=[team.slug, rule.pk]))
    assert response.status_code == 200
    assert "iam:PassRole</textarea>" in response.content.decode()


def test_a_viewer_gets_403_for_the_edit_form(as_actor, team, rule):
    response = as_actor("viewer").get(reverse("teams:rule_edit", args=[team.slug, rule.pk]))
    assert response.status_code == 403


def test_an_owner_removes_a_rule_and_the_audit_log_says_so(as_actor, team, rule):
    response = as_actor("owner").post(reverse("teams:rule_remove", args=[team.slug, rule.pk]))
    assert response.status_code == 302
    assert not AccessRule.objects.exists()
    assert AuditEntry.objects.filter(team=team).first().action == AuditAction.RULE_REMOVED


def test_an_editor_gets_403_when_removing_a_rule(as_actor, team, rule):
    response = as_actor("editor").post(reverse("teams:rule_remove", args=[team.slug, rule.pk]))
    assert response.status_code == 403
    assert AccessRule.objects.filter(pk=rule.pk).exists()


def test_another_teams_rule_is_a_404_under_my_teams_url(as_actor, other_team, outsider, team):
    foreign = add_access_rule(other_team, outsider, "Theirs", ["iam:PassRole"])
    response = as_actor("owner").post(reverse("teams:rule_remove", args=[team.slug, foreign.pk]))
    assert response.status_code == 404
    assert AccessRule.objects.filter(pk=foreign.pk).exists()


def test_the_page_lists_templates_saved_before_a_rule_they_break(as_actor, team, owner, saved):
    add_access_rule(team, owner, "No listing policies", ["iam:ListPolicies"])
    response = as_actor("viewer").get(reverse("teams:rules", args=[team.slug]))
    html = response.content.decode()
    assert 'id="breaking"' in html
    assert "This policy grants iam:ListPolicies on " in html


def test_a_refused_change_keeps_the_rule_and_writes_no_audit_entry(as_actor, team, rule):
    url = reverse("teams:rule_edit", args=[team.slug, rule.pk])
    response = as_actor("owner").post(url, {"name": "No PassRole", "actions": "iam:Nope"})
    assert response.status_code == 400
    rule.refresh_from_db()
    assert rule.actions == ["iam:PassRole"]
    assert not AuditEntry.objects.filter(action=AuditAction.RULE_CHANGED).exists()


def test_the_audit_log_shows_a_rule_added(as_actor, team, rule):
    response = as_actor("owner").get(reverse("teams:audit", args=[team.slug]))
    assert "added the team rule No PassRole" in response.content.decode()
