"""request.htmx's truth is read without building request.headers, and means what it did."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django_htmx.middleware import HtmxDetails
from helpers import SCENARIO

from policybuilder.core import scenarios
from policybuilder.teams.values import to_form_data
from policybuilder.web.http import HeaderlessHtmxDetails

HEADERS = [
    {},
    {"HTTP_HX_REQUEST": "true"},
    {"HTTP_HX_REQUEST": "false"},
    {"HTTP_HX_REQUEST": ""},
    {"HTTP_HX_REQUEST": "True"},
    {"HTTP_HX_REQUEST": "tru%65", "HTTP_HX_REQUEST_URI_AUTOENCODED": "true"},
    {"HTTP_HX_REQUEST": "tru%65"},
    {"HTTP_HX_REQUEST": "true", "HTTP_HX_REQUEST_URI_AUTOENCODED": "true"},
    {"HTTP_HX_REQUEST": "true", "HTTP_HX_REQUEST_URI_AUTOENCODED": "false"},
    {"HTTP_HX_REQUEST_URI_AUTOENCODED": "true"},
]


def preview_data() -> str:
    scenario = scenarios.get(SCENARIO)
    return to_form_data(scenario, scenario.example_values()).urlencode()


@pytest.mark.parametrize("headers", HEADERS)
def test_request_htmx_is_true_exactly_when_django_htmx_says_so(headers):
    request = RequestFactory().post("/", **headers)
    assert bool(HeaderlessHtmxDetails(request)) is bool(HtmxDetails(request))


def test_request_htmx_keeps_django_htmx_attributes():
    request = RequestFactory().post("/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="preview")
    assert HeaderlessHtmxDetails(request).target == "preview"


def test_the_project_middleware_replaces_django_htmx_own():
    assert "policybuilder.web.http.HtmxMiddleware" in settings.MIDDLEWARE
    assert "django_htmx.middleware.HtmxMiddleware" not in settings.MIDDLEWARE


def test_the_live_preview_does_not_build_request_headers(signed_in):
    response = signed_in.post(
        reverse("builder", args=[SCENARIO]),
        preview_data(),
        content_type="application/x-www-form-urlencoded",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "headers" not in vars(response.wsgi_request)


def test_the_live_preview_answers_the_fragment_and_a_plain_post_the_page(signed_in):
    url = reverse("builder", args=[SCENARIO])
    kwargs = {"content_type": "application/x-www-form-urlencoded"}
    fragment = signed_in.post(url, preview_data(), HTTP_HX_REQUEST="true", **kwargs).content
    page = signed_in.post(url, preview_data(), **kwargs).content
    assert b"<html" not in fragment and b"<html" in page
