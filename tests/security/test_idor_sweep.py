"""IDOR sweep: every URL that names a team, template, version, share or membership.

The URL patterns are read from the resolver, so a new view is swept the day it is added. Each
identifier a pattern takes must be one this sweep knows how to point at another team's object;
a parameter it does not know fails the sweep rather than being skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from policybuilder.api import tokens
from policybuilder.api.models import ApiToken
from policybuilder.core import combine, scenarios
from policybuilder.teams import invitations, services
from policybuilder.teams.models import Invitation, Membership, Role

#: Identifiers of objects that belong to a team, each with the kind of the victim's object that
#: fills it (the HTML views say ``team_slug``, a JSON API may say ``team``).
OBJECT_PARAMETERS = {
    "team_slug": "team",
    "team": "team",
    "pk": "template",
    "number": "version",
    "share_id": "share",
    "membership_id": "membership",
    "rule_id": "rule",
    "invitation_id": "invitation",
}
#: Routes whose parameter names an object of another kind than the table above says.
ROUTE_PARAMETERS = {"api_token_revoke": {"pk": "api_token"}}
#: Parameters that name nothing of a team's, with a value that lets the view reach its checks.
PUBLIC_PARAMETERS = {
    "slug": "view-own-permissions",
    "scenario_slug": "view-own-permissions",
    "uidb64": "MQ",
    "token": "set-password",
}
KNOWN = set(OBJECT_PARAMETERS) | set(PUBLIC_PARAMETERS)
#: Namespaces guarded by something other than team membership, each with the reason.
NOT_SWEPT_NAMESPACES = {"admin": "staff only; a non-staff user is sent to the admin sign-in"}
#: What an anonymous request gets, by namespace: a JSON API answers 401 instead of redirecting.
ANONYMOUS_STATUS = {"api": 401}
METHODS = ("GET", "POST", "PUT", "DELETE")
#: Answers that are fine only when an object that does not exist gets the very same one:
#: the method is not allowed, or the request body is refused before anything is looked up.
SAME_AS_MISSING = {400, 405, 422}


def make_user(username: str):
    return get_user_model().objects.create_user(username=username, password="a-long-test-pass-1")


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    parameters: frozenset[str]


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            parameters = set(getattr(entry.pattern, "converters", {}))
            parameters |= set(entry.pattern.regex.groupindex)
            name = f"{namespace}:{entry.name}" if namespace else entry.name or ""
            yield Route(name, prefix + str(entry.pattern), frozenset(parameters))


def all_routes() -> list[Route]:
    return [
        route
        for route in walk(get_resolver().url_patterns)
        if route.name.split(":")[0] not in NOT_SWEPT_NAMESPACES
    ]


def object_routes() -> list[Route]:
    return [route for route in all_routes() if route.parameters & set(OBJECT_PARAMETERS)]


ROUTES = object_routes()


def test_every_url_parameter_is_known_to_the_sweep():
    unknown = {
        f"{route.name or route.route}: {sorted(route.parameters - KNOWN)}"
        for route in all_routes()
        if route.parameters - KNOWN
    }
    assert unknown == set(), "teach the IDOR sweep these parameters"


def test_every_object_route_can_be_reversed_by_name():
    assert [route.route for route in ROUTES if not route.name] == []


def test_the_sweep_covers_the_team_routes():
    assert len(ROUTES) >= 23


@dataclass
class Victim:
    """Another team's objects, one of each kind, and the outsider's own team."""

    team_slug: str
    own_slug: str
    live_pk: int
    trashed_pk: int
    #: A combined policy: the same routes dispatch to the combine page's code.
    combined_pk: int
    share_id: int
    membership_id: int
    #: The victim team owner's personal API token (a user's, not a team's).
    token_id: int
    #: One of the team's access rules.
    rule_id: int
    #: A pending invitation to the team.
    invitation_id: int


@pytest.fixture
def victim(db) -> Victim:
    owner, stranger = make_user("valerie"), make_user("oscar")
    scenario = scenarios.get("view-own-permissions")
    team = services.team_create(name="Victims", owner=owner, slug="victims")
    third = services.team_create(name="Partners", owner=owner, slug="partners")
    own = services.team_create(name="Outsiders", owner=stranger, slug="outsiders")
    values = scenario.example_values()
    live = services.template_create(
        team=team, scenario=scenario, raw_values=values, name="Live", author=owner
    )
    services.template_save_version(
        template=live, raw_values=values, base_version=1, author=owner, note="second"
    )
    # Not published: the library shows published templates to every signed-in user by design.
    trashed = services.template_create(
        team=team, scenario=scenario, raw_values=values, name="Trashed", author=owner
    )
    services.template_trash(template=trashed, actor=owner)
    share = services.template_share(template=live, target_slug=third.slug, actor=owner)
    member = Membership.objects.create(team=team, user=make_user("mia"), role=Role.VIEWER)
    token, _ = tokens.issue(user=owner, name="victim's script")
    combined = services.template_create(
        team=team,
        scenario=combine.COMBINED,
        raw_values={"parts": [{"scenario": scenario.slug, "values": values}]},
        name="Combined",
        author=owner,
    )
    rule = services.access_rule_create(
        team=team, actor=owner, name="No role passing", actions=["iam:PassRole"]
    )
    invitation = invitations.invitation_create(
        team=team, actor=owner, role=Role.EDITOR, link_for=lambda token: token
    ).invitation
    return Victim(
        team.slug,
        own.slug,
        live.pk,
        trashed.pk,
        combined.pk,
        share.pk,
        member.pk,
        token.pk,
        rule.pk,
        invitation.pk,
    )


def kind_of(route: Route, name: str) -> str | None:
    return ROUTE_PARAMETERS.get(route.name, {}).get(name) or OBJECT_PARAMETERS.get(name)


def candidate_kwargs(route: Route, victim: Victim) -> list[dict[str, Any]]:
    """Every way to point this route at the victim's objects, own team slug included."""
    by_kind: dict[str, list[Any]] = {
        "team": [victim.team_slug],
        "template": [victim.live_pk, victim.trashed_pk, victim.combined_pk],
        "version": [1, 2],
        "share": [victim.share_id],
        "membership": [victim.membership_id],
        "api_token": [victim.token_id],
        "rule": [victim.rule_id],
        "invitation": [victim.invitation_id],
    }
    # The outsider's own team in the URL with the victim's object id: still the victim's object.
    if {kind_of(route, name) for name in route.parameters} - {"team", None}:
        by_kind["team"] = [victim.team_slug, victim.own_slug]
    choices = {
        name: by_kind[kind]
        if (kind := kind_of(route, name)) is not None
        else [PUBLIC_PARAMETERS[name]]
        for name in route.parameters
    }
    names = sorted(route.parameters)
    return [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(choices[name] for name in names))
    ]


def missing_url(route: Route, kwargs: dict[str, Any]) -> str:
    """The same URL with every object identifier pointing at nothing."""
    missing = {
        name: (9_999_999 if isinstance(value, int) else "no-such-team")
        if name in OBJECT_PARAMETERS
        else value
        for name, value in kwargs.items()
    }
    return reverse(route.name, kwargs=missing)


def request(client, method: str, url: str):
    if method == "POST":
        return client.post(url, {})
    return client.generic(method, url)


def namespace(route: Route) -> str:
    return route.name.split(":")[0] if ":" in route.name else ""


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_outsider_gets_404_for_other_teams_objects(client, victim, route):
    eve = make_user("eve")
    # Eve owns a team of her own, so a role check is not what stops her: membership is.
    services.team_create(name="Eve's", owner=eve, slug="eves")
    client.force_login(eve)
    found_nothing = 0
    for kwargs in candidate_kwargs(route, victim):
        url = reverse(route.name, kwargs=kwargs)
        for method in METHODS:
            status = request(client, method, url).status_code
            if status == 404:
                found_nothing += 1
                continue
            assert status in SAME_AS_MISSING, f"{method} {url} gave {status}"
            missing = request(client, method, missing_url(route, kwargs)).status_code
            assert missing == status, f"{method} {url}: {status}, but {missing} when missing"
    assert found_nothing > 0, "no method reached the access check"


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_anonymous_user_is_sent_to_sign_in(client, victim, route):
    login = reverse(settings.LOGIN_URL)
    expected = ANONYMOUS_STATUS.get(namespace(route), 302)
    refused = 0
    for kwargs in candidate_kwargs(route, victim):
        url = reverse(route.name, kwargs=kwargs)
        for method in METHODS:
            response = request(client, method, url)
            if response.status_code == 405:
                continue  # refused for the method before anything is looked up
            assert response.status_code == expected, f"{method} {url} gave {response.status_code}"
            if expected == 302:
                assert response["Location"].startswith(f"{login}?next="), response["Location"]
            refused += 1
    assert refused > 0


def test_the_token_revoke_route_is_probed_with_another_users_token(victim):
    (route,) = [route for route in ROUTES if route.name == "api_token_revoke"]
    assert candidate_kwargs(route, victim) == [{"pk": victim.token_id}]


def test_another_users_token_survives_a_revoke_attempt(client, victim):
    client.force_login(make_user("eve"))
    response = client.post(reverse("api_token_revoke", kwargs={"pk": victim.token_id}))
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=victim.token_id).active


def test_another_teams_invitation_survives_a_revoke_attempt(client, victim):
    eve = make_user("eve")
    services.team_create(name="Eve's", owner=eve, slug="eves")
    client.force_login(eve)
    url = reverse("teams:invitation_revoke", args=["eves", victim.invitation_id])
    assert client.post(url).status_code == 404
    assert Invitation.objects.get(pk=victim.invitation_id).revoked_at is None
