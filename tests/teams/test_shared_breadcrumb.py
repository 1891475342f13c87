"""The breadcrumb of a template seen through a share names the team that shared it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policybuilder.teams import services


def url(template):
    return reverse("teams:template", kwargs={"team_slug": template.team.slug, "pk": template.pk})


def crumbs(response) -> str:
    html = response.content.decode()
    start = html.index('<nav class="crumbs"')
    return html[start : html.index("</nav>", start)]


@pytest.fixture
def shared(saved, owner, other_team):
    services.template_share(template=saved, target_slug=other_team.slug, actor=owner)
    return saved


def test_a_shared_template_says_shared_by_its_team_in_the_breadcrumb(client, outsider, shared):
    client.force_login(outsider)
    trail = crumbs(client.get(url(shared)))
    assert "Shared by Contact centre" in trail
    assert "Library" not in trail


def test_the_breadcrumb_of_a_shared_template_leads_to_the_receiving_team(client, outsider, shared):
    client.force_login(outsider)
    trail = crumbs(client.get(url(shared)))
    assert reverse("teams:detail", args=["elsewhere"]) in trail


def test_a_published_template_not_shared_with_the_reader_says_library(client, outsider, saved):
    services.template_publish(template=saved, actor=saved.created_by)
    client.force_login(outsider)
    trail = crumbs(client.get(url(saved)))
    assert "Library" in trail
    assert "Shared by" not in trail
