"""A refused download keeps a URL that can be reloaded or bookmarked: no empty 405."""

from __future__ import annotations

import pytest
from django.urls import reverse
from helpers import post_data

from policybuilder.core import scenarios


def test_the_builder_downloads_from_its_own_url(signed_in):
    scenario = scenarios.get("view-users")
    data = post_data(scenario, scenario.example_values(), download="json")
    response = signed_in.post(reverse("builder", args=["view-users"]), data)
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_refused_download_is_shown_at_the_builder_url(signed_in):
    data = {"scope": "instance", "instance": "nonsense", "download": "json"}
    response = signed_in.post(reverse("builder", args=["view-users"]), data)
    assert response.status_code == 400 and b"then download again" in response.content


def test_the_builder_download_button_submits_to_the_builder_url(signed_in):
    page = signed_in.get(reverse("builder", args=["view-users"])).content.decode()
    assert '<button type="submit" class="primary" name="download" value="json">' in page


@pytest.mark.parametrize(
    ("name", "args", "page"),
    [
        ("download", ["view-users"], "/scenarios/view-users/"),
        ("validate_fix", [], "/validate/"),
        ("validate_fix_all", [], "/validate/"),
        ("validate_download", [], "/validate/"),
    ],
)
def test_a_form_only_address_opened_directly_leads_to_its_page(signed_in, name, args, page):
    response = signed_in.get(reverse(name, args=args))
    assert (response.status_code, response["Location"]) == (303, page)


def test_the_save_to_team_address_opened_directly_leads_to_the_builder(signed_in):
    response = signed_in.get(reverse("teams:save", args=["view-users"]))
    assert (response.status_code, response["Location"]) == (303, "/scenarios/view-users/")
