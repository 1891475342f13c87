"""Setting up an authenticator app from the account page: confirmed by a code, recovery codes
shown once, new codes, and removal after the password."""

from __future__ import annotations

import re

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from mfa_helpers import PASSWORD, app_for

from policybuilder.mfa.models import RecoveryCode, RecoveryCodeDevice

SETUP = reverse("mfa:setup")


def _pending(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def _codes(html: str) -> list[str]:
    return re.findall(r"<li><code>([0-9a-z-]+)</code></li>", html)


def test_the_header_links_the_mfa_page(signed_in):
    html = signed_in.get(reverse("catalogue")).content.decode()
    assert f'href="{reverse("mfa:account")}"' in html


def test_the_account_page_offers_set_up_when_there_is_no_app(signed_in):
    html = signed_in.get(reverse("mfa:account")).content.decode()
    assert f'href="{SETUP}"' in html


def test_the_set_up_page_shows_a_qr_code_as_inline_svg_and_the_secret(signed_in, user):
    html = signed_in.get(SETUP).content.decode()
    secret = re.search(r'<code id="mfa-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert "<svg" in html
    assert app_for(_pending(user)).secret == secret.replace(" ", "")


def test_the_set_up_page_is_not_kept_by_caches(signed_in):
    assert signed_in.get(SETUP)["Cache-Control"] == "no-store"


def test_reloading_the_set_up_page_keeps_the_same_secret(signed_in, user):
    signed_in.get(SETUP)
    first = _pending(user).key
    signed_in.get(SETUP)
    assert _pending(user).key == first


def test_the_right_code_confirms_the_app(signed_in, user):
    signed_in.get(SETUP)
    signed_in.post(SETUP, {"code": app_for(_pending(user)).now()})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_a_wrong_code_does_not_confirm_the_app(signed_in, user):
    signed_in.get(SETUP)
    right = app_for(_pending(user)).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = signed_in.post(SETUP, {"code": wrong})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_confirming_shows_ten_recovery_codes_once(signed_in, user):
    signed_in.get(SETUP)
    response = signed_in.post(SETUP, {"code": app_for(_pending(user)).now()})
    assert len(set(_codes(response.content.decode()))) == 10
    assert response["Cache-Control"] == "no-store"


def test_recovery_codes_are_stored_as_digests_only(signed_in, user):
    signed_in.get(SETUP)
    response = signed_in.post(SETUP, {"code": app_for(_pending(user)).now()})
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    shown = _codes(response.content.decode())
    assert len(stored) == 10
    assert not stored & {c for code in shown for c in (code, code.replace("-", ""))}


def test_confirming_counts_as_this_sessions_code(signed_in, user):
    signed_in.get(SETUP)
    signed_in.post(SETUP, {"code": app_for(_pending(user)).now()})
    response = signed_in.get(reverse("catalogue"))
    assert response.status_code == 200


def test_new_recovery_codes_replace_the_old_ones(verified, user, recovery_codes):
    response = verified.post(reverse("mfa:recovery_codes"))
    new = _codes(response.content.decode())
    recovery = RecoveryCodeDevice.objects.get(user=user)
    assert len(new) == 10
    assert not recovery.verify_token(recovery_codes[0])


def test_removing_the_app_needs_the_password(verified, user):
    response = verified.post(reverse("mfa:remove"), {"password": "not-my-password"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=user).exists()


def test_removing_the_app_with_the_password_removes_it_and_the_codes(
    verified, user, recovery_codes
):
    verified.post(reverse("mfa:remove"), {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCodeDevice.objects.filter(user=user).exists()


def test_the_mfa_pages_need_a_signed_in_user(client):
    response = client.get(reverse("mfa:account"))
    assert response["Location"].startswith(reverse("login"))
