"""A team that requires MFA: its members without it reach no team page (every team URL is
walked) and no team API call (403 with the reason); owners switch it, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from helpers import SCENARIO

from policybuilder.api import tokens
from policybuilder.teams import services
from policybuilder.teams.models import AuditAction, AuditEntry, Membership, Role, Team

SETUP = reverse("mfa:setup")


def _routes(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.name


def team_routes() -> list[tuple[str, str]]:
    """Every page of team data: under a team's slug, the teams and library apps, comparisons."""
    found = []
    for route, namespace, name in _routes(get_resolver().url_patterns):
        if namespace == "api":
            continue  # the JSON API: its own test below
        if "<slug:team_slug>" in route or namespace in ("teams", "library") or name == "compare":
            found.append((f"{namespace}:{name}" if namespace else name, route))
    return found


TEAM_ROUTES = team_routes()


@pytest.fixture
def strict_team(team) -> Team:
    Team.objects.filter(pk=team.pk).update(mfa_required=True)
    team.refresh_from_db()
    return team


@pytest.fixture
def trashed(strict_team, owner, scenario, saved):
    template = services.template_create(
        team=strict_team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="In the trash",
        author=owner,
    )
    services.template_trash(template=template, actor=owner)
    return template


def _kwargs(name: str, team: Team, saved, trashed) -> dict:
    values = {
        "team_slug": team.slug,
        "pk": trashed.pk if name == "teams:untrash" else saved.pk,
        "number": 1,
        "membership_id": 1,
        "rule_id": 1,
        "invitation_id": 1,
        "share_id": 1,
        "scenario_slug": SCENARIO,
    }
    route = dict(TEAM_ROUTES)[name]
    return {key: value for key, value in values.items() if f":{key}>" in route}


def test_the_walk_finds_the_team_urls():
    names = {name for name, _ in TEAM_ROUTES}
    assert {"teams:detail", "teams:template", "library:index", "compare", "export_template"} <= (
        names
    )
    assert len(TEAM_ROUTES) > 35


@pytest.mark.parametrize("name", [name for name, _ in TEAM_ROUTES])
def test_every_team_url_sends_a_member_without_mfa_to_set_it_up(
    client, viewer, strict_team, saved, trashed, name
):
    client.force_login(viewer)
    url = reverse(name, kwargs=_kwargs(name, strict_team, saved, trashed))
    responses = [client.get(url), client.post(url)]
    to_setup = [r for r in responses if r.status_code == 302 and r["Location"] == SETUP]
    assert to_setup, [(r.status_code, r.get("Location")) for r in responses]
    # The rest: 405, or a form-only view's 303 to the page its form is on (itself walked).
    assert all(r.status_code in (302, 303, 405) for r in responses)


def test_the_redirect_says_which_team_requires_mfa(client, viewer, strict_team):
    client.force_login(viewer)
    response = client.get(reverse("teams:detail", args=[strict_team.slug]), follow=True)
    assert "The team Contact centre requires multi-factor authentication" in (
        response.content.decode()
    )


def test_an_htmx_request_is_sent_to_set_up_as_a_whole_page(client, viewer, strict_team):
    client.force_login(viewer)
    response = client.get(reverse("teams:detail", args=[strict_team.slug]), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == SETUP


def test_an_outsider_still_gets_404_not_a_redirect(client, outsider, strict_team):
    client.force_login(outsider)
    response = client.get(reverse("teams:detail", args=[strict_team.slug]))
    assert response.status_code == 404


def test_a_member_with_mfa_sees_the_team(client, viewer, strict_team):
    device = TOTPDevice.objects.create(user=viewer, name="phone", confirmed=True)
    client.force_login(viewer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get(reverse("teams:detail", args=[strict_team.slug])).status_code == 200


def test_another_team_of_the_member_that_does_not_require_mfa_opens_without_it(
    client, viewer, strict_team, other_team
):
    Membership.objects.create(team=other_team, user=viewer, role=Role.VIEWER)
    client.force_login(viewer)
    assert client.get(reverse("teams:detail", args=[other_team.slug])).status_code == 200


def test_the_list_of_teams_needs_mfa_when_one_of_them_requires_it(client, viewer, strict_team):
    client.force_login(viewer)
    assert client.get(reverse("teams:list"))["Location"] == SETUP


def test_a_template_shared_by_a_team_that_requires_mfa_needs_it_too(
    client, outsider, strict_team, other_team, saved, owner
):
    services.template_share(template=saved, target_slug=other_team.slug, actor=owner)
    client.force_login(outsider)
    response = client.get(reverse("teams:template", args=[strict_team.slug, saved.pk]))
    assert response["Location"] == SETUP


def test_a_team_that_does_not_require_mfa_opens_without_it(client, viewer, team):
    client.force_login(viewer)
    assert client.get(reverse("teams:detail", args=[team.slug])).status_code == 200


def test_the_site_wide_setting_sends_everyone_without_mfa_to_set_it_up(signed_in, settings):
    settings.MFA_REQUIRED_FOR_ALL = True
    response = signed_in.get(reverse("catalogue"))
    assert response["Location"] == SETUP


def test_the_site_wide_setting_leaves_the_set_up_page_open(signed_in, settings):
    settings.MFA_REQUIRED_FOR_ALL = True
    assert signed_in.get(SETUP).status_code == 200


# The API ------------------------------------------------------------------


def _api(client, token: str, path: str):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_of_a_member_without_mfa_gets_403_with_the_reason(client, viewer, strict_team):
    token = tokens.issue(user=viewer, name="script")[1]
    response = _api(client, token, f"/api/teams/{strict_team.slug}/templates")
    assert response.status_code == 403
    assert "requires multi-factor authentication" in response.json()["message"]


def test_a_token_made_after_its_user_set_up_mfa_is_served(client, viewer, strict_team):
    TOTPDevice.objects.create(user=viewer, name="phone", confirmed=True)
    token = tokens.issue(user=viewer, name="script")[1]
    response = _api(client, token, f"/api/teams/{strict_team.slug}/templates")
    assert response.status_code == 200


def test_a_token_made_before_its_user_set_up_mfa_is_refused(client, viewer, strict_team):
    record, token = tokens.issue(user=viewer, name="script")
    device = TOTPDevice.objects.create(user=viewer, name="phone", confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(
        created_at=record.created_at + timedelta(seconds=1)
    )
    response = _api(client, token, f"/api/teams/{strict_team.slug}/templates")
    assert response.status_code == 403


def test_the_site_wide_setting_refuses_tokens_of_users_without_mfa_everywhere(
    client, viewer, settings
):
    settings.MFA_REQUIRED_FOR_ALL = True
    token = tokens.issue(user=viewer, name="script")[1]
    response = _api(client, token, "/api/scenarios")
    assert response.status_code == 403
    assert "requires multi-factor authentication for everyone" in response.json()["message"]


def test_the_api_in_a_session_without_mfa_gets_403_json(client, viewer, strict_team):
    client.force_login(viewer)
    response = client.get(f"/api/teams/{strict_team.slug}/templates")
    assert response.status_code == 403
    assert "requires multi-factor authentication" in response.json()["message"]


# The owner's switch ---------------------------------------------------------


def _verified(client, user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_the_owner_turns_the_requirement_on(client, owner, team):
    _verified(client, owner).post(reverse("teams:mfa", args=[team.slug]), {"mfa_required": "on"})
    team.refresh_from_db()
    assert team.mfa_required


def test_turning_it_on_is_audited(client, owner, team):
    _verified(client, owner).post(reverse("teams:mfa", args=[team.slug]), {"mfa_required": "on"})
    entry = AuditEntry.objects.filter(team=team).first()
    assert (entry.action, entry.actor) == (AuditAction.MFA_REQUIRED, owner)


def test_the_owner_turns_it_off_audited(client, owner, strict_team):
    _verified(client, owner).post(reverse("teams:mfa", args=[strict_team.slug]), {})
    strict_team.refresh_from_db()
    entry = AuditEntry.objects.filter(team=strict_team).first()
    assert (strict_team.mfa_required, entry.action) == (False, AuditAction.MFA_OPTIONAL)


def test_an_owner_without_mfa_cannot_turn_it_on(client, owner, team):
    client.force_login(owner)
    client.post(reverse("teams:mfa", args=[team.slug]), {"mfa_required": "on"})
    team.refresh_from_db()
    assert not team.mfa_required


@pytest.mark.parametrize("actor", ["editor", "viewer"])
def test_members_below_owner_get_403(client, team, actor, request):
    _verified(client, request.getfixturevalue(actor))
    response = client.post(reverse("teams:mfa", args=[team.slug]), {"mfa_required": "on"})
    assert response.status_code == 403


def test_an_outsider_gets_404(client, outsider, team):
    _verified(client, outsider)
    response = client.post(reverse("teams:mfa", args=[team.slug]), {"mfa_required": "on"})
    assert response.status_code == 404


def test_the_switch_is_on_the_team_page_for_owners_only(client, owner, viewer, team):
    client.force_login(owner)
    owner_page = client.get(reverse("teams:detail", args=[team.slug])).content.decode()
    client.force_login(viewer)
    viewer_page = client.get(reverse("teams:detail", args=[team.slug])).content.decode()
    action = reverse("teams:mfa", args=[team.slug])
    assert (action in owner_page, action in viewer_page) == (True, False)


def test_the_setting_defaults_to_off():
    assert settings.MFA_REQUIRED_FOR_ALL is False
