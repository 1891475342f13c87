"""/healthz tells a load balancer whether this server can reach its database, and nothing else."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

SECRET_ERROR = "could not connect to server db.internal.example:5432"


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError(SECRET_ERROR)


def test_healthz_answers_ok_to_an_anonymous_visitor_while_the_database_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_healthz_is_503_when_the_database_does_not_answer(client):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_healthz_does_not_repeat_the_database_error(client):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/healthz")
    assert response.content == b"unavailable"


def test_healthz_answers_head_for_probes_that_send_it(client):
    assert client.head("/healthz").status_code == 200


def test_healthz_refuses_a_post_with_405_not_a_csrf_failure(client):
    client = type(client)(enforce_csrf_checks=True)
    response = client.post("/healthz")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


def test_healthz_sets_no_cookie(client):
    assert client.get("/healthz").cookies == {}


def test_healthz_does_not_read_the_session_of_a_signed_in_user(
    signed_in, django_assert_num_queries
):
    with django_assert_num_queries(1):
        signed_in.get("/healthz")


def test_healthz_sends_only_its_own_content_type_and_cache_headers(client):
    headers = {name.lower() for name in client.get("/healthz").headers}
    assert headers - {"content-type", "cache-control", "content-length"} <= {
        # SecurityMiddleware's, which reveal nothing about the server.
        "x-content-type-options",
        "referrer-policy",
        "cross-origin-opener-policy",
    }


def test_healthz_is_never_cached(client):
    assert client.get("/healthz")["Cache-Control"] == "no-store"


def test_healthz_answers_a_probe_that_uses_the_servers_own_address_as_host(client):
    response = client.get("/healthz", headers={"host": "10.0.3.17:8000"})
    assert response.status_code == 200


def test_other_pages_still_refuse_a_host_that_is_not_allowed(client):
    response = client.get("/accounts/login/", headers={"host": "10.0.3.17:8000"})
    assert response.status_code == 400


def test_healthz_is_not_redirected_to_https_when_the_redirect_is_on(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


def test_other_pages_are_redirected_to_https_when_the_redirect_is_on(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/accounts/login/").status_code == 301
