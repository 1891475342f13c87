"""Error pages say what happened in words, never with a stack trace."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_404_page_is_ours(signed_in, settings):
    settings.DEBUG = False
    response = signed_in.get("/scenarios/does-not-exist/")
    assert response.status_code == 404
    assert "nothing you have access to" in response.content.decode()


def test_403_page_explains_the_role(settings, client):
    settings.DEBUG = False
    body = render_to_string(
        "403.html", {"exception": "You can read this template but not change it."}
    )
    assert "You can read this template but not change it." in body


def test_500_page_renders_without_a_request_context():
    body = render_to_string("500.html")
    assert "Something went wrong" in body
    assert "Traceback" not in body


def test_400_page_renders_without_a_request_context():
    body = render_to_string("400.html")
    assert "Nothing was saved or changed" in body


def test_a_request_over_the_upload_limit_gets_our_400_page(signed_in, settings):
    settings.DEBUG = False
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = signed_in.post("/scenarios/view-users/", {"filename": "x" * 2048})
    assert response.status_code == 400
    assert b"Request refused" in response.content
