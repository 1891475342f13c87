"""A session ends for good when its user signs out or leaves the application.

Sessions live in the database, so what one server ends no other server still honours; here a
second test client stands for the second server: it presents the old session cookie, as a
stolen or copied cookie would be presented, to the live preview (the signed-in path that is
tuned for speed, hence the one a cache of sessions or users would break first).
tests/deployment/test_two_servers.py checks the same with two real servers on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from helpers import SCENARIO

from policybuilder.core import scenarios
from policybuilder.teams.values import to_form_data


@pytest.fixture
def preview_body():
    scenario = scenarios.get(SCENARIO)
    return to_form_data(scenario, scenario.example_values()).urlencode()


@pytest.fixture
def session_key(signed_in) -> str:
    return signed_in.cookies[settings.SESSION_COOKIE_NAME].value


def preview_with(session_key: str, body: str):
    """The htmx preview POST from another client holding only the given session cookie."""
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return other.post(
        reverse("builder", args=[SCENARIO]),
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_HX_REQUEST="true",
    )


def signs_in_again(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_session_cookie_opens_the_preview_from_another_client(session_key, preview_body):
    # The control for the tests below: the cookie alone is enough while the session lives.
    assert preview_with(session_key, preview_body).status_code == 200


def test_a_session_cookie_kept_after_signing_out_no_longer_opens_the_preview(
    signed_in, session_key, preview_body
):
    signed_in.post(reverse("logout"))
    assert signs_in_again(preview_with(session_key, preview_body))


def test_a_deactivated_users_session_no_longer_opens_the_preview(user, session_key, preview_body):
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert signs_in_again(preview_with(session_key, preview_body))


def test_a_deleted_users_session_no_longer_opens_the_preview(user, session_key, preview_body):
    user.delete()
    assert signs_in_again(preview_with(session_key, preview_body))


def test_a_password_changed_elsewhere_ends_the_other_sessions(user, session_key, preview_body):
    user.set_password("another-long-pass-2")
    user.save()
    assert signs_in_again(preview_with(session_key, preview_body))
