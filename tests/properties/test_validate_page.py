"""Arbitrary text into the web validator: the page always answers, downloads are JSON."""

from __future__ import annotations

import json

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from properties_strategies import nasty_text, too_big

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
quotas = st.none() | nasty_text | st.sampled_from(["managed", "user", "group", "role"])
policies = nasty_text | st.builds(
    json.dumps,
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=20,
    ),
)


def form(policy: str, quota: str | None) -> dict[str, str]:
    return {"policy": policy} | ({"quota": quota} if quota is not None else {})


@PROPERTY
@given(policies, quotas)
def test_validate_page_always_answers(signed_in, policy, quota):
    data = form(policy, quota)
    response = signed_in.post(reverse("validate"), data)
    assert response.status_code == (400 if too_big(data) else 200)


@PROPERTY
@given(policies, quotas)
def test_validate_results_partial_always_answers(signed_in, policy, quota):
    data = form(policy, quota)
    response = signed_in.post(reverse("validate"), data, headers={"HX-Request": "true"})
    assert response.status_code == (400 if too_big(data) else 200)


@PROPERTY
@given(policies, quotas, st.text(max_size=6))
def test_apply_fix_answers_with_the_page_whatever_the_finding_index(
    signed_in, policy, quota, index
):
    data = form(policy, quota) | {"finding": index}
    response = signed_in.post(reverse("validate_fix"), data)
    assert response.status_code in ((400,) if too_big(data) else (200, 400))
    assert too_big(data) or b'id="main"' in response.content


@PROPERTY
@given(policies, quotas)
def test_validate_download_is_valid_json_or_a_refusal(signed_in, policy, quota):
    response = signed_in.post(reverse("validate_download"), form(policy, quota))
    if response.status_code == 200:
        assert isinstance(json.loads(response.content), dict)
    else:
        assert response.status_code == 400
