"""The long lists are paginated and filtered, at a number of queries that does not grow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from policybuilder.teams import listing, services
from policybuilder.teams.models import AuditEntry, SavedTemplate, TemplateVersion

#: Session, user, membership, the count and the page of each list, and a margin of two.
MAX_QUERIES = 10


def many_templates(team, author, count, **fields):
    """``count`` templates of the team, written directly (the list is what is under test)."""
    made = SavedTemplate.objects.bulk_create(
        SavedTemplate(
            team=team,
            scenario_slug="view-own-permissions",
            name=f"Template {n:04}",
            document="{}",
            created_by=author,
            updated_by=author,
            **fields,
        )
        for n in range(count)
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(team=team, actor=author, action="created", template=t, subject=t.name)
        for t in made
    )
    return made


def names(response, key="templates"):
    return [t.name for t in response.context[key]]


@pytest.fixture
def big_team(team, owner):
    many_templates(team, owner, listing.PER_PAGE * 2 + 5)
    return team


def test_the_team_page_shows_one_page_of_templates(client, owner, big_team):
    client.force_login(owner)
    response = client.get(reverse("teams:detail", args=[big_team.slug]))
    assert names(response)[:2] == ["Template 0000", "Template 0001"]
    assert len(names(response)) == listing.PER_PAGE


def test_the_last_page_holds_the_rest(client, owner, big_team):
    client.force_login(owner)
    response = client.get(reverse("teams:detail", args=[big_team.slug]), {"page": 3})
    assert names(response) == [f"Template {n:04}" for n in range(100, 105)]


def test_a_page_number_past_the_end_gives_the_last_page(client, owner, big_team):
    client.force_login(owner)
    response = client.get(reverse("teams:detail", args=[big_team.slug]), {"page": 99})
    assert response.context["templates"].number == 3


def test_the_name_filter_finds_templates_containing_the_text(client, owner, big_team):
    client.force_login(owner)
    response = client.get(reverse("teams:detail", args=[big_team.slug]), {"q": "0042"})
    assert names(response) == ["Template 0042"]


def test_the_scenario_filter_keeps_that_scenario(client, owner, big_team, saved):
    SavedTemplate.objects.filter(pk=saved.pk).update(scenario_slug="view-users")
    client.force_login(owner)
    response = client.get(reverse("teams:detail", args=[big_team.slug]), {"scenario": "view-users"})
    assert names(response) == [saved.name]


def test_the_author_filter_keeps_that_authors_templates(client, owner, editor, big_team, scenario):
    services.template_create(
        team=big_team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="By Eddie",
        author=editor,
    )
    client.force_login(owner)
    response = client.get(reverse("teams:detail", args=[big_team.slug]), {"author": "EDDIE"})
    assert names(response) == ["By Eddie"]


def test_the_date_filter_keeps_the_days_given(client, owner, big_team, saved):
    last_year = timezone.now() - timedelta(days=365)
    SavedTemplate.objects.exclude(pk=saved.pk).update(updated_at=last_year)
    today = timezone.now().date().isoformat()
    client.force_login(owner)
    response = client.get(
        reverse("teams:detail", args=[big_team.slug]), {"since": today, "until": today}
    )
    assert names(response) == [saved.name]


def test_the_page_links_keep_the_filters(client, owner, big_team):
    client.force_login(owner)
    response = client.get(reverse("teams:detail", args=[big_team.slug]), {"q": "Template"})
    assert "?q=Template&amp;page=2" in response.content.decode()


@pytest.mark.parametrize("count", [1, 200])
def test_the_team_page_costs_the_same_queries_however_many_templates(
    client, owner, team, count, django_assert_max_num_queries
):
    many_templates(team, owner, count)
    client.force_login(owner)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("teams:detail", args=[team.slug]), {"page": 2})


@pytest.mark.parametrize("count", [1, 200])
def test_the_audit_log_costs_the_same_queries_however_long(
    client, owner, team, count, django_assert_max_num_queries
):
    many_templates(team, owner, count)
    client.force_login(owner)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("teams:audit", args=[team.slug]))
    assert len(response.context["entries"]) == min(count + 1, listing.PER_PAGE)


def test_the_audit_log_filters_by_who_and_action(client, owner, editor, team, saved):
    services.template_trash(template=saved, actor=editor)
    client.force_login(owner)
    response = client.get(
        reverse("teams:audit", args=[team.slug]), {"author": "eddie", "scenario": "deleted"}
    )
    assert [e.subject for e in response.context["entries"]] == [saved.name]


@pytest.mark.parametrize("count", [1, 200])
def test_the_library_costs_the_same_queries_however_long(
    client, owner, team, count, django_assert_max_num_queries
):
    many_templates(team, owner, count, published_at=timezone.now())
    client.force_login(owner)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("library:index"), {"page": 2})
    assert len(response.context["templates"]) == (listing.PER_PAGE if count > 100 else 1)


def test_the_library_filters_by_name(client, owner, team):
    many_templates(team, owner, 60, published_at=timezone.now())
    client.force_login(owner)
    response = client.get(reverse("library:index"), {"q": "0059"})
    assert names(response) == ["Template 0059"]


def versions_of(template, author, count):
    TemplateVersion.objects.bulk_create(
        TemplateVersion(template=template, number=n, document="{}", author=author, note=f"n{n}")
        for n in range(2, count + 2)
    )
    SavedTemplate.objects.filter(pk=template.pk).update(version=count + 1)


@pytest.mark.parametrize("count", [1, 200])
def test_a_templates_history_costs_the_same_queries_however_long(
    client, owner, saved, count, django_assert_max_num_queries
):
    versions_of(saved, owner, count)
    client.force_login(owner)
    url = reverse("teams:template", args=[saved.team.slug, saved.pk])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert len(response.context["versions"]) == min(count + 1, listing.PER_PAGE)


def test_the_history_filters_by_note(client, owner, saved):
    versions_of(saved, owner, 80)
    client.force_login(owner)
    url = reverse("teams:template", args=[saved.team.slug, saved.pk])
    response = client.get(url, {"q": "n77"})
    assert [v.number for v in response.context["versions"]] == [77]
