"""Every teams view with each actor: exact status codes, for htmx partials too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse
from helpers import SCENARIO, make_user, post_data

from policybuilder.teams import services
from policybuilder.teams.models import Membership, SavedTemplate

ACTORS = ("owner", "editor", "viewer", "outsider")


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    #: (url name, kwargs builder) resolved once the fixtures exist
    codes: dict[str, int]
    url: Any = None
    data: Any = field(default=None)


def t(ctx):
    return {"team_slug": "contact-centre", "pk": ctx["saved"].pk}


def valid_values(ctx, **extra):
    scenario = ctx["scenario"]
    return post_data(scenario, scenario.example_values(), **extra)


READ = {"owner": 200, "editor": 200, "viewer": 200, "outsider": 404}
EDIT = {"owner": 302, "editor": 302, "viewer": 403, "outsider": 404}
OWN = {"owner": 302, "editor": 403, "viewer": 403, "outsider": 404}

CASES = [
    Case("team page", "get", READ, lambda c: reverse("teams:detail", args=["contact-centre"])),
    Case("members page", "get", READ, lambda c: reverse("teams:members", args=["contact-centre"])),
    Case("trash page", "get", READ, lambda c: reverse("teams:trash", args=["contact-centre"])),
    Case("team zip", "get", READ, lambda c: reverse("teams:zip", args=["contact-centre"])),
    Case(
        "audit log",
        "get",
        {"owner": 200, "editor": 403, "viewer": 403, "outsider": 404},
        lambda c: reverse("teams:audit", args=["contact-centre"]),
    ),
    Case("template page", "get", READ, lambda c: reverse("teams:template", kwargs=t(c))),
    Case("open in builder", "get", READ, lambda c: reverse("teams:open", kwargs=t(c))),
    Case(
        "preview in the saved template's builder",
        "post",
        READ,
        lambda c: reverse("teams:open", kwargs=t(c)),
        lambda c: valid_values(c),
    ),
    Case("diff", "get", READ, lambda c: reverse("teams:diff", kwargs=t(c)) + "?a=1&b=2"),
    Case("download current", "get", READ, lambda c: reverse("teams:download", kwargs=t(c))),
    Case(
        "download version",
        "get",
        READ,
        lambda c: reverse("teams:version_download", kwargs=t(c) | {"number": 1}),
    ),
    Case(
        "save new version",
        "post",
        EDIT,
        lambda c: reverse("teams:save_version", kwargs=t(c)),
        lambda c: valid_values(c, **{"save-expected_version": "2", "save-note": "n"}),
    ),
    Case(
        "restore version",
        "post",
        EDIT,
        lambda c: reverse("teams:version_restore", kwargs=t(c) | {"number": 1}),
        lambda c: {"expected_version": "2"},
    ),
    Case("delete", "post", EDIT, lambda c: reverse("teams:delete", kwargs=t(c))),
    Case(
        "share",
        "post",
        OWN,
        lambda c: reverse("teams:share", kwargs=t(c)),
        lambda c: {"team": "elsewhere"},
    ),
    Case("publish", "post", OWN, lambda c: reverse("teams:publish", kwargs=t(c))),
    Case("unpublish", "post", OWN, lambda c: reverse("teams:unpublish", kwargs=t(c))),
    Case(
        "copy into own team",
        "post",
        EDIT,
        lambda c: reverse("teams:copy", kwargs=t(c)),
        lambda c: {"team": "contact-centre"},
    ),
    Case(
        "save from the builder",
        "post",
        EDIT,
        lambda c: reverse("teams:save", args=[SCENARIO]),
        lambda c: valid_values(c, **{"save-team": "contact-centre", "save-name": "New"}),
    ),
    Case(
        "empty trash", "post", OWN, lambda c: reverse("teams:trash_empty", args=["contact-centre"])
    ),
    Case(
        "add member",
        "post",
        OWN,
        lambda c: reverse("teams:member_add", args=["contact-centre"]),
        lambda c: {"identifier": "newcomer", "role": "viewer"},
    ),
    Case(
        "change role",
        "post",
        OWN,
        lambda c: reverse("teams:member_role", args=["contact-centre", c["viewer_membership"].pk]),
        lambda c: {"role": "editor"},
    ),
    Case(
        "remove member",
        "post",
        OWN,
        lambda c: reverse(
            "teams:member_remove", args=["contact-centre", c["viewer_membership"].pk]
        ),
    ),
]


@pytest.fixture
def ctx(saved_twice, scenario, team, other_team, viewer):
    make_user("newcomer")
    return {
        "saved": saved_twice,
        "scenario": scenario,
        "viewer_membership": Membership.objects.get(team=team, user=viewer),
    }


def _request(client, case: Case, ctx, **headers):
    url = case.url(ctx)
    if case.method == "get":
        return client.get(url, **headers)
    return client.post(url, case.data(ctx) if case.data else {}, **headers)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_view_answers_each_actor_with_the_expected_status(as_actor, ctx, case, actor):
    response = _request(as_actor(actor), case, ctx)
    assert response.status_code == case.codes[actor]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_htmx_partial_request_gets_the_same_status_as_a_full_page(as_actor, ctx, case, actor):
    response = _request(as_actor(actor), case, ctx, HTTP_HX_REQUEST="true")
    assert response.status_code == case.codes[actor]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_anonymous_visitor_is_sent_to_sign_in(as_actor, ctx, case):
    response = _request(as_actor("anonymous"), case, ctx)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "htmx"])
def test_an_anonymous_htmx_request_is_sent_to_sign_in_too(client, ctx, headers):
    response = client.get(reverse("teams:list"), **headers)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", ["/teams/", "/library/"])
@pytest.mark.parametrize("actor", ACTORS)
def test_the_team_list_and_the_library_are_open_to_every_signed_in_user(as_actor, ctx, actor, url):
    assert as_actor(actor).get(url).status_code == 200


def test_an_htmx_request_to_a_team_page_gets_only_the_partial(as_actor, ctx):
    response = as_actor("viewer").get(
        reverse("teams:detail", args=["contact-centre"]), HTTP_HX_REQUEST="true"
    )
    assert b'id="templates"' in response.content
    assert b"<html" not in response.content


def test_the_team_list_shows_only_my_teams(as_actor, ctx):
    response = as_actor("outsider").get(reverse("teams:list"))
    assert b"Elsewhere" in response.content
    assert b"Contact centre" not in response.content


def test_an_outsider_cannot_reach_a_template_through_their_own_team_slug(as_actor, ctx):
    url = reverse("teams:template", kwargs={"team_slug": "elsewhere", "pk": ctx["saved"].pk})
    assert as_actor("outsider").get(url).status_code == 404


def test_an_outsider_cannot_save_into_a_team_they_are_not_in(as_actor, ctx):
    data = valid_values(ctx, **{"save-team": "contact-centre", "save-name": "Sneaky"})
    response = as_actor("outsider").post(reverse("teams:save", args=[SCENARIO]), data)
    assert response.status_code == 404
    assert not SavedTemplate.objects.filter(name="Sneaky").exists()


def test_writes_refuse_get(as_actor, ctx):
    response = as_actor("owner").get(reverse("teams:delete", kwargs=t(ctx)))
    assert response.status_code == 405


def test_a_trashed_template_is_a_404_even_for_its_team(as_actor, ctx, owner):
    services.template_trash(template=ctx["saved"], actor=owner)
    assert as_actor("owner").get(reverse("teams:template", kwargs=t(ctx))).status_code == 404


@pytest.mark.parametrize(
    ("actor", "code"), [("owner", 302), ("editor", 302), ("viewer", 403), ("outsider", 404)]
)
def test_restoring_from_the_trash_needs_an_editor(as_actor, ctx, owner, actor, code):
    services.template_trash(template=ctx["saved"], actor=owner)
    response = as_actor(actor).post(
        reverse("teams:untrash", args=["contact-centre", ctx["saved"].pk])
    )
    assert response.status_code == code


def test_a_csrf_token_is_required_for_writes(ctx, owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(reverse("teams:delete", kwargs=t(ctx)))
    assert response.status_code == 403
    ctx["saved"].refresh_from_db()
    assert ctx["saved"].deleted_at is None


def test_the_new_version_address_opened_directly_leads_to_the_templates_builder(as_actor, ctx):
    response = as_actor("viewer").get(reverse("teams:save_version", kwargs=t(ctx)))
    assert response.status_code == 302
    assert response["Location"] == reverse("teams:open", kwargs=t(ctx))


def test_the_new_version_address_opened_directly_is_a_404_for_an_outsider(as_actor, ctx):
    response = as_actor("outsider").get(reverse("teams:save_version", kwargs=t(ctx)))
    assert response.status_code == 404
