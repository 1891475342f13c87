"""Sharing picks the other team from a list of team names, with a search for many teams."""

from __future__ import annotations

from django.urls import reverse

from policybuilder.teams import selectors, services


def url(name, template):
    return reverse(name, kwargs={"team_slug": template.team.slug, "pk": template.pk})


def test_the_picker_lists_the_other_teams_by_name(client, owner, saved, other_team):
    client.force_login(owner)
    html = client.get(url("teams:template", saved)).content.decode()
    assert '<option value="elsewhere">Elsewhere (elsewhere)</option>' in html


def test_the_picker_leaves_out_the_own_team_and_teams_already_shared_with(saved, owner, other_team):
    third = services.team_create(name="Third", owner=owner, slug="third")
    services.template_share(template=saved, target_slug=other_team.slug, actor=owner)
    assert selectors.share_targets(saved) == ([third], False)


def test_the_search_narrows_the_list(client, owner, saved, other_team):
    services.team_create(name="Billing", owner=owner, slug="billing")
    client.force_login(owner)
    response = client.get(url("teams:share_picker", saved), {"share_q": "bill"})
    assert [t.slug for t in response.context["share_teams"]] == ["billing"]


def test_many_teams_are_cut_to_the_limit_with_a_hint_to_search(client, owner, saved):
    for n in range(selectors.SHARE_PICKER_LIMIT + 1):
        services.team_create(name=f"Team {n:03}", owner=owner, slug=f"team-{n:03}")
    client.force_login(owner)
    response = client.get(url("teams:share_picker", saved))
    assert len(response.context["share_teams"]) == selectors.SHARE_PICKER_LIMIT
    assert "type part of a name to find others" in response.content.decode()


def test_the_picker_is_for_owners_only(client, editor, saved):
    client.force_login(editor)
    assert client.get(url("teams:share_picker", saved)).status_code == 403


def test_without_javascript_the_search_reloads_the_page_with_the_list_narrowed(
    client, owner, saved, other_team
):
    services.team_create(name="Billing", owner=owner, slug="billing")
    client.force_login(owner)
    response = client.get(url("teams:template", saved), {"share_q": "else"})
    assert [t.slug for t in response.context["share_teams"]] == ["elsewhere"]
