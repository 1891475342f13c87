"""django-axes: repeated wrong passwords lock that username out from that address."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from policybuilder import settings as project_settings
from policybuilder.settings import axes_client_ip

LOGIN = reverse("login")
RIGHT = {"username": "alice", "password": "a-long-test-pass-1"}
WRONG = {"username": "alice", "password": "not-the-password"}


@pytest.fixture
def locked_out(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, WRONG)
    return client


def test_wrong_passwords_below_the_limit_show_the_sign_in_form_again(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(LOGIN, WRONG)
    assert response.status_code == 200
    assert b'id="login-error"' in response.content


def test_the_attempt_after_the_limit_gets_the_lockout_page(locked_out):
    response = locked_out.post(LOGIN, WRONG)
    assert response.status_code == 429
    assert b"Sign-in locked for now" in response.content


def test_the_lockout_page_says_when_to_try_again(locked_out):
    response = locked_out.post(LOGIN, WRONG)
    assert b"Try again in 15 minutes." in response.content


def test_the_right_password_does_not_get_through_a_lockout(locked_out):
    response = locked_out.post(LOGIN, RIGHT)
    assert response.status_code == 429
    assert "_auth_user_id" not in locked_out.session


def test_the_lockout_is_per_username_so_colleagues_can_still_sign_in(locked_out, django_user_model):
    django_user_model.objects.create_user(username="bob", password="b-long-test-pass-1")
    response = locked_out.post(LOGIN, {"username": "bob", "password": "b-long-test-pass-1"})
    assert response.status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, WRONG)
    client.post(LOGIN, RIGHT)
    client.post(reverse("logout"))
    client.post(LOGIN, WRONG)
    assert client.post(LOGIN, RIGHT).status_code == 302


def test_axes_is_the_first_authentication_backend():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_force_login_still_works_for_tests(signed_in):
    assert signed_in.get(reverse("catalogue")).status_code == 200


def test_without_proxies_the_client_is_the_remote_address(rf):
    request = rf.post(LOGIN, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert axes_client_ip(request) == "198.51.100.7"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(rf, monkeypatch):
    monkeypatch.setattr(project_settings, "TRUSTED_PROXY_COUNT", 1)
    request = rf.post(LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert axes_client_ip(request) == "203.0.113.9"


def test_a_short_forwarded_header_falls_back_to_the_remote_address(rf, monkeypatch):
    monkeypatch.setattr(project_settings, "TRUSTED_PROXY_COUNT", 2)
    request = rf.post(LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert axes_client_ip(request) == "10.0.0.2"
