"""A stored document the validator refuses never leaves, and never ends in a 500.

Rows can be damaged outside the application (a restore from a bad backup, a hand-edited
database) or saved by an older release whose validator accepted what today's refuses. Every
path that lets a saved document leave (the JSON download, the exports on the template's page,
the team's zip, the API's export) refuses it with the validator's reason.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from policybuilder.core import scenarios
from policybuilder.teams import services
from policybuilder.teams.models import SavedTemplate, TemplateVersion

NOT_JSON = '{"Version": "2012-10-17", "Statement": [ {"Effect": "Allow",'
REFUSED = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "connect:Nope"}]}'


@pytest.fixture
def stored(team, owner) -> SavedTemplate:
    scenario = scenarios.get("view-users")
    return services.template_create(
        team=team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="Users",
        author=owner,
    )


def damage(template: SavedTemplate, document: str) -> None:
    """Write the document straight into the rows, as a bad restore would."""
    SavedTemplate.objects.filter(pk=template.pk).update(document=document)
    TemplateVersion.objects.filter(template=template).update(document=document)


@pytest.mark.parametrize("document", [NOT_JSON, REFUSED], ids=["not JSON", "refused by validator"])
def test_downloading_a_damaged_stored_document_is_refused_with_the_reason(
    as_actor, stored, document
):
    damage(stored, document)
    response = as_actor("viewer").get(reverse("teams:download", args=[stored.team.slug, stored.pk]))
    assert response.status_code == 400
    assert "The stored policy is refused by the validator" in response.content.decode()


@pytest.mark.parametrize("fmt", ["cloudformation-yaml", "terraform", "aws-cli"])
def test_exporting_a_stored_document_that_is_not_json_is_refused_not_a_server_error(
    as_actor, stored, fmt
):
    damage(stored, NOT_JSON)
    url = reverse("export_template", args=[stored.team.slug, stored.pk])
    response = as_actor("viewer").get(url, {"format": fmt})
    assert response.status_code == 400


def test_the_teams_zip_is_refused_when_one_stored_document_is_damaged(as_actor, stored):
    damage(stored, REFUSED)
    response = as_actor("viewer").get(reverse("teams:zip", args=[stored.team.slug]))
    assert response.status_code == 400


def test_the_api_export_of_a_damaged_stored_document_is_a_400_naming_the_document(
    client, viewer, stored
):
    damage(stored, NOT_JSON)
    client.force_login(viewer)
    response = client.get(f"/api/teams/{stored.team.slug}/templates/{stored.pk}/export")
    assert response.status_code == 400
    assert "document" in response.json()["errors"]


def test_an_undamaged_stored_document_still_downloads(as_actor, stored):
    response = as_actor("viewer").get(reverse("teams:download", args=[stored.team.slug, stored.pk]))
    assert response.status_code == 200
