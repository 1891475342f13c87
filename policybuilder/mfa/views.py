"""The account's MFA page, setting up an authenticator app, recovery codes, removal, and the
code step of the sign-in."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from policybuilder.mfa.forms import CodeForm, PasswordForm
from policybuilder.mfa.models import RecoveryCodeDevice
from policybuilder.mfa.state import (
    FAILURES_SESSION_KEY,
    has_device,
    mfa_satisfied,
    record_device,
    recovery_device,
    signed_in_user,
    totp_device,
)
from policybuilder.teams import mfa_requirement
from policybuilder.teams.models import Membership

WRONG_CODE = "That code is not right, was already used, or came too soon after a wrong one."


def _no_store(response: HttpResponse) -> HttpResponse:
    # Pages with a secret or recovery codes must not be kept by any cache or the back button.
    response["Cache-Control"] = "no-store"
    return response


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _failed(request: HttpRequest) -> int | None:
    """Count a wrong code or password of this session: the attempts left, or None when none are
    left (the session has then ended)."""
    failures = request.session.get(FAILURES_SESSION_KEY, 0) + 1
    if failures >= settings.MFA_MAX_ATTEMPTS:
        logout(request)
        messages.error(request, "Too many wrong codes: you were signed out. Sign in again.")
        return None
    request.session[FAILURES_SESSION_KEY] = failures
    return settings.MFA_MAX_ATTEMPTS - failures


def _codes_page(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    return _no_store(render(request, "mfa/recovery_codes.html", {"codes": codes, "first": first}))


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    recovery = recovery_device(user)
    context = {
        "totp": totp_device(user),
        "recovery_left": recovery.remaining() if recovery else 0,
        "required_for_all": settings.MFA_REQUIRED_FOR_ALL,
        "requiring_teams": [
            m.team for m in Membership.objects.filter(user=user, team__mfa_required=True)
        ],
    }
    return render(request, "mfa/account.html", context)


def _pending_device(user: User) -> TOTPDevice:
    """The device being set up (unconfirmed), the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def _secret_text(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if totp_device(user) is not None:
        messages.info(request, "Your authenticator app is already set up.")
        return redirect("mfa:account")
    device = _pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_token(user, device.persistent_id, form.cleaned_data["code"]) is not None:
            with transaction.atomic():
                TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                recovery, _ = RecoveryCodeDevice.objects.get_or_create(
                    user=user, defaults={"name": "Recovery codes", "confirmed": True}
                )
                codes = recovery.replace_codes()
            device.refresh_from_db()
            otp_login(request, device)
            record_device(request, True)
            request.session.pop(FAILURES_SESSION_KEY, None)
            return _codes_page(request, codes, first=True)
        form.add_error("code", f"{WRONG_CODE} Enter the code your app shows now.")
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=4, border=4, light="#fff", title="QR code of the secret"),
        "secret": _secret_text(device),
    }
    status = 400 if form.errors else 200
    return _no_store(render(request, "mfa/setup.html", context, status=status))


@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes instead of the old ones (a session that entered a code only)."""
    user = signed_in_user(request)
    recovery = recovery_device(user)
    if totp_device(user) is None or recovery is None:
        messages.error(request, "Set up an authenticator app first.")
        return redirect("mfa:account")
    return _codes_page(request, recovery.replace_codes(), first=False)


@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest) -> HttpResponse:
    """Remove the authenticator app and the recovery codes, after the password once more."""
    user = signed_in_user(request)
    if not has_device(user):
        return redirect("mfa:account")
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if user.check_password(form.cleaned_data["password"]):
            TOTPDevice.objects.filter(user=user).delete()
            RecoveryCodeDevice.objects.filter(user=user).delete()
            record_device(request, False)
            request.session.pop(FAILURES_SESSION_KEY, None)
            messages.success(request, "Removed your authenticator app and recovery codes.")
            return redirect("mfa:account")
        left = _failed(request)
        if left is None:
            return redirect("login")
        form.add_error("password", f"That is not your password ({left} attempts left).")
    status = 400 if form.errors else 200
    return render(request, "mfa/remove.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The sign-in's second step: a code of the authenticator app, or a recovery code."""
    user = signed_in_user(request)
    next_url = _next_url(request)
    if mfa_satisfied(request):
        return redirect(next_url)
    if not has_device(user):
        # Removed from another session since this one signed in: nothing to enter.
        record_device(request, False)
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = "".join(form.cleaned_data["code"].split())  # apps show "123 456"
        totp, recovery = totp_device(user), recovery_device(user)
        device = None
        # Six digits are the app's; anything longer is a recovery code (16 characters).
        if totp is not None and code.isdigit() and len(code) <= 8:
            device = verify_token(user, totp.persistent_id, code)
        elif recovery is not None and len(code) > 8:
            device = verify_token(user, recovery.persistent_id, code)
        if device is not None:
            otp_login(request, device)
            # A new session key for the session that now counts as MFA (as a sign-in gets one).
            request.session.cycle_key()
            mfa_requirement.mark(user, True)
            request.session.pop(FAILURES_SESSION_KEY, None)
            if isinstance(device, RecoveryCodeDevice):
                left = device.remaining()
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} left. "
                    "Make new ones on your account's multi-factor authentication page.",
                )
            return redirect(next_url)
        remaining = _failed(request)
        if remaining is None:
            return redirect("login")
        form.add_error("code", f"{WRONG_CODE} {remaining} attempts left.")
    status = 400 if form.errors else 200
    context = {"form": form, "next": next_url}
    return render(request, "mfa/verify.html", context, status=status)
