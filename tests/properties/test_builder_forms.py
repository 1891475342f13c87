"""Arbitrary input in every scenario form field: never a server error, never bad JSON.

The forms hand raw values to the scenario engine, so whatever reaches the engine is whatever an
attacker or a clumsy paste sends; these tests send it through the Django test client, as the
browser (htmx or not) would.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from properties_strategies import nasty_text, too_big

from policybuilder.core import scenarios
from policybuilder.core.params import TagsParam
from policybuilder.teams import values as stored_values

SCENARIOS = [s.slug for s in scenarios.SCENARIOS]
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def field_names(slug: str) -> list[str]:
    """The POST names the builder page submits for this scenario (tag rows are two lists)."""
    scenario = scenarios.get(slug)
    names = {"quota", "filename"} | set(_example_post(scenario))
    for param in scenario.all_params:
        if isinstance(param, TagsParam):
            names |= {f"{param.name}_key", f"{param.name}_value"}
        else:
            names.add(param.name)
    return sorted(names)


@st.composite
def form_posts(draw) -> tuple[str, dict[str, Any]]:
    """A scenario and a POST body with arbitrary text, or lists of it, in any of its fields."""
    slug = draw(st.sampled_from(SCENARIOS))
    data: dict[str, Any] = {}
    for name in field_names(slug):
        value = draw(st.none() | nasty_text | st.lists(nasty_text, max_size=4))
        if value is not None:  # None: the field is left out altogether
            data[name] = value
    return slug, data


@PROPERTY
@given(form_posts())
def test_builder_post_never_fails(signed_in, post):
    slug, data = post
    response = signed_in.post(reverse("builder", args=[slug]), data)
    assert response.status_code == (400 if too_big(data) else 200)


@PROPERTY
@given(form_posts())
def test_htmx_preview_never_fails(signed_in, post):
    slug, data = post
    response = signed_in.post(reverse("builder", args=[slug]), data, headers={"HX-Request": "true"})
    assert response.status_code == (400 if too_big(data) else 200)


@PROPERTY
@given(form_posts())
def test_download_is_valid_json_or_a_refusal(signed_in, post):
    slug, data = post
    response = signed_in.post(reverse("download", args=[slug]), data)
    if response.status_code == 200:
        assert isinstance(json.loads(response.content), dict)
    else:  # the builder page saying why, not a bare error
        assert (response.status_code, b'id="main"' in response.content) == (400, True)


@PROPERTY
@given(
    st.sampled_from(SCENARIOS),
    st.fixed_dictionaries({}, optional={"quota": nasty_text, "filename": nasty_text}),
)
def test_download_of_the_examples_is_valid_json_whatever_the_file_name(signed_in, slug, extra):
    scenario = scenarios.get(slug)
    data = _example_post(scenario) | extra
    response = signed_in.post(reverse("download", args=[slug]), data)
    assert response.status_code == 200
    assert json.loads(response.content)["Version"] == "2012-10-17"
    assert "\n" not in response["Content-Disposition"]


def _example_post(scenario) -> dict[str, Any]:
    """The builder's POST body for the scenario's example values."""
    return dict(stored_values.to_form_data(scenario, scenario.example_values()).lists())


@pytest.mark.parametrize("name", ["\x1b", "..", "?!"])
def test_download_with_an_unusable_file_name_falls_back_to_the_scenario_slug(signed_in, name):
    slug = "view-own-permissions"
    data = _example_post(scenarios.get(slug)) | {"filename": name}
    response = signed_in.post(reverse("download", args=[slug]), data)
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.json"'
