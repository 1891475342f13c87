"""The sign-in's code step: after the password, a user with an authenticator app enters a code
of it (or a recovery code) before any other page; wrong, reused and too many codes are refused."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.urls import reverse
from mfa_helpers import PASSWORD

from policybuilder.mfa.state import IDP_MFA_SESSION_KEY

VERIFY = reverse("mfa:verify")
LOGIN = reverse("login")


def _wrong(app) -> str:
    """A code the app shows at no time near now."""
    near = {app.at(time.time() + step * 30) for step in range(-2, 3)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in near)


def _signed_in(client) -> bool:
    return client.get(reverse("catalogue")).status_code == 200


def test_after_the_password_a_page_redirects_to_the_code_step(password_step):
    response = password_step.get(reverse("catalogue"))
    assert response["Location"].startswith(VERIFY)


@pytest.mark.parametrize(
    "name", ["teams:list", "library:index", "api_tokens", "mfa:account", "mfa:remove"]
)
def test_no_page_but_the_code_step_opens_before_the_code(password_step, name):
    response = password_step.get(reverse(name))
    assert response["Location"].startswith(VERIFY)


def test_the_api_answers_403_with_the_reason_before_the_code(password_step):
    response = password_step.get("/api/scenarios")
    assert response.status_code == 403
    assert "finish signing in" in response.json()["message"]


def test_signing_out_works_before_the_code(password_step):
    password_step.post(reverse("logout"))
    assert "_auth_user_id" not in password_step.session


def test_the_right_code_signs_in(password_step, app):
    password_step.post(VERIFY, {"code": app.now()})
    assert _signed_in(password_step)


def test_the_code_step_returns_to_the_page_asked_for(password_step, app):
    response = password_step.post(VERIFY, {"code": app.now(), "next": reverse("teams:list")})
    assert response["Location"] == reverse("teams:list")


def test_the_code_step_does_not_send_to_another_site(password_step, app):
    response = password_step.post(VERIFY, {"code": app.now(), "next": "https://evil.example/"})
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_a_wrong_code_is_refused(password_step, app):
    response = password_step.post(VERIFY, {"code": _wrong(app)})
    assert response.status_code == 400
    assert not _signed_in(password_step)


def test_a_code_already_used_is_refused(password_step, app, user):
    code = app.now()
    password_step.post(VERIFY, {"code": code})
    password_step.post(reverse("logout"))
    password_step.post(LOGIN, {"username": user.username, "password": PASSWORD})
    response = password_step.post(VERIFY, {"code": code})
    assert response.status_code == 400
    assert not _signed_in(password_step)


def test_a_recovery_code_signs_in(password_step, recovery_codes):
    password_step.post(VERIFY, {"code": recovery_codes[0]})
    assert _signed_in(password_step)


def test_a_recovery_code_works_only_once(password_step, recovery_codes, user):
    password_step.post(VERIFY, {"code": recovery_codes[0]})
    password_step.post(reverse("logout"))
    password_step.post(LOGIN, {"username": user.username, "password": PASSWORD})
    response = password_step.post(VERIFY, {"code": recovery_codes[0]})
    assert response.status_code == 400
    assert not _signed_in(password_step)


def test_a_recovery_code_is_taken_without_dashes_and_in_capitals(password_step, recovery_codes):
    password_step.post(VERIFY, {"code": recovery_codes[1].replace("-", "").upper()})
    assert _signed_in(password_step)


def test_too_many_wrong_codes_end_the_session(password_step, app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    for _ in range(settings.MFA_MAX_ATTEMPTS):
        response = password_step.post(VERIFY, {"code": _wrong(app)})
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in password_step.session


def test_one_wrong_code_below_the_limit_leaves_the_right_one_usable(password_step, app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    password_step.post(VERIFY, {"code": _wrong(app)})
    password_step.post(VERIFY, {"code": app.now()})
    assert _signed_in(password_step)


def test_the_device_slows_down_guesses_after_a_wrong_code(password_step, app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 600
    password_step.post(VERIFY, {"code": _wrong(app)})
    password_step.post(VERIFY, {"code": app.now()})
    assert not _signed_in(password_step)


def test_the_identity_providers_word_on_mfa_skips_the_code_step(password_step):
    session = password_step.session
    session[IDP_MFA_SESSION_KEY] = True
    session.save()
    assert _signed_in(password_step)


def test_a_user_without_an_app_signs_in_with_the_password_alone(client, user):
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert _signed_in(client)


def test_axes_still_locks_the_password_step_of_a_user_with_an_app(client, user, device):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": user.username, "password": "not-the-password"})
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429


def test_recovery_codes_left_without_an_app_ask_for_no_code(client, user, device, recovery_codes):
    device.delete()  # an administrator removed the lost phone's device in the admin
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert _signed_in(client)


def test_the_right_code_gives_the_session_a_new_key(password_step, app):
    before = password_step.session.session_key
    password_step.post(VERIFY, {"code": app.now()})
    assert password_step.session.session_key != before


def test_a_password_sign_in_forgets_an_earlier_providers_word_on_mfa(password_step, user):
    session = password_step.session
    session[IDP_MFA_SESSION_KEY] = True
    session.save()
    password_step.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert not _signed_in(password_step)


def test_a_code_typed_with_a_space_as_the_app_shows_it_signs_in(password_step, app):
    code = app.now()
    password_step.post(VERIFY, {"code": f"{code[:3]} {code[3:]}"})
    assert _signed_in(password_step)
