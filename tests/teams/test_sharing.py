"""Sharing read-only with another team, the library, and "use as a starting point"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from helpers import post_data

from policybuilder.teams import services
from policybuilder.teams.models import Membership, Role, SavedTemplate, TemplateShare


def url(name, template, **extra):
    return reverse(name, kwargs={"team_slug": template.team.slug, "pk": template.pk, **extra})


@pytest.fixture
def shared(saved, owner, other_team):
    services.template_share(template=saved, target_slug=other_team.slug, actor=owner)
    return saved


def test_an_owner_shares_a_template_with_another_team_by_slug(client, owner, saved, other_team):
    client.force_login(owner)
    response = client.post(url("teams:share", saved), {"team": "elsewhere"})
    assert response.status_code == 302
    assert TemplateShare.objects.filter(template=saved, team=other_team).exists()


def test_sharing_with_an_unknown_team_says_so(client, owner, saved):
    client.force_login(owner)
    response = client.post(url("teams:share", saved), {"team": "nowhere"})
    assert response.status_code == 400
    assert "no team 'nowhere'" in response.context["error"]


def test_a_shared_template_is_visible_to_the_other_team(client, outsider, shared):
    client.force_login(outsider)
    assert client.get(url("teams:template", shared)).status_code == 200
    assert client.get(url("teams:download", shared)).status_code == 200
    listed = client.get(reverse("teams:detail", args=["elsewhere"])).context["shared_in"]
    assert list(listed) == [shared]


def test_a_shared_template_is_read_only_for_the_other_team(client, outsider, shared, scenario):
    client.force_login(outsider)
    data = post_data(scenario, scenario.example_values(), **{"save-expected_version": "1"})
    assert client.post(url("teams:save_version", shared), data).status_code == 403
    assert client.post(url("teams:delete", shared)).status_code == 403
    assert client.post(url("teams:share", shared), {"team": "elsewhere"}).status_code == 403
    response = client.get(url("teams:template", shared))
    assert response.context["access"].can_edit is False
    assert b"Move to trash" not in response.content


def test_withdrawing_a_share_hides_the_template_again(client, owner, outsider, shared):
    share = TemplateShare.objects.get(template=shared)
    client.force_login(owner)
    response = client.post(url("teams:share_withdraw", shared, share_id=share.pk))
    assert response.status_code == 302
    client.force_login(outsider)
    assert client.get(url("teams:template", shared)).status_code == 404


def test_a_share_of_another_template_cannot_be_withdrawn_through_this_one(
    client, owner, team, shared, scenario
):
    second = services.template_create(
        team=team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="Second",
        author=owner,
    )
    share = TemplateShare.objects.get(template=shared)
    client.force_login(owner)
    response = client.post(url("teams:share_withdraw", second, share_id=share.pk))
    assert response.status_code == 404
    assert TemplateShare.objects.filter(pk=share.pk).exists()


def test_a_published_template_is_in_the_library_for_everyone(client, owner, outsider, saved):
    client.force_login(owner)
    client.post(url("teams:publish", saved))
    client.force_login(outsider)
    response = client.get(reverse("library:index"))
    assert list(response.context["templates"]) == [saved]
    assert client.get(url("teams:template", saved)).status_code == 200


def test_a_published_template_stays_read_only_for_outsiders(client, owner, outsider, saved):
    services.template_publish(template=saved, actor=owner)
    client.force_login(outsider)
    assert client.post(url("teams:delete", saved)).status_code == 403


def test_withdrawing_from_the_library_hides_it_again(client, owner, outsider, saved):
    services.template_publish(template=saved, actor=owner)
    client.force_login(owner)
    client.post(url("teams:unpublish", saved))
    client.force_login(outsider)
    assert list(client.get(reverse("library:index")).context["templates"]) == []
    assert client.get(url("teams:template", saved)).status_code == 404


def test_a_trashed_template_leaves_the_library(client, owner, outsider, saved):
    services.template_publish(template=saved, actor=owner)
    services.template_trash(template=saved, actor=owner)
    client.force_login(outsider)
    assert list(client.get(reverse("library:index")).context["templates"]) == []


def test_using_a_library_template_as_a_starting_point_copies_it(
    client, owner, outsider, saved_twice, other_team
):
    services.template_publish(template=saved_twice, actor=owner)
    client.force_login(outsider)
    response = client.post(url("teams:copy", saved_twice), {"team": "elsewhere"})
    copy = SavedTemplate.objects.get(team=other_team)
    assert response.status_code == 302
    assert response["Location"] == url("teams:template", copy)
    assert (copy.version, copy.document, copy.values) == (
        1,
        saved_twice.document,
        saved_twice.values,
    )
    assert copy.copied_from == saved_twice
    assert copy.versions.get().note.startswith("Copied from Contact centre")


def test_a_copy_changes_independently_of_its_source(outsider, saved, other_team, scenario):
    copy = services.template_copy(source=saved, target=other_team, actor=outsider)
    services.template_save_version(
        template=copy,
        raw_values=scenario.example_values() | {"account": "444455556666"},
        base_version=1,
        author=outsider,
    )
    saved.refresh_from_db()
    assert "444455556666" not in saved.document


def test_a_shared_template_can_be_copied_by_the_other_team(client, outsider, shared, other_team):
    client.force_login(outsider)
    client.post(url("teams:copy", shared), {"team": "elsewhere"})
    assert SavedTemplate.objects.filter(team=other_team, name=shared.name).exists()


def test_copying_into_a_team_where_i_am_a_viewer_is_forbidden(
    client, outsider, saved, team, other_team
):
    services.template_publish(template=saved, actor=saved.created_by)
    Membership.objects.create(team=team, user=outsider, role=Role.VIEWER)
    client.force_login(outsider)
    response = client.post(url("teams:copy", saved), {"team": "contact-centre"})
    assert response.status_code == 403


def test_copying_into_a_team_i_am_not_in_is_a_404(client, viewer, saved, other_team):
    client.force_login(viewer)
    response = client.post(url("teams:copy", saved), {"team": "elsewhere"})
    assert response.status_code == 404
    assert not SavedTemplate.objects.filter(team=other_team).exists()


def test_an_unpublished_unshared_template_cannot_be_copied_by_an_outsider(
    client, outsider, saved, other_team
):
    client.force_login(outsider)
    response = client.post(url("teams:copy", saved), {"team": "elsewhere"})
    assert response.status_code == 404
