"""The single sign-on variables, read in a fresh interpreter: settings are read once, at
start-up, and a wrong value stops the start (ImproperlyConfigured)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k7Qm2-rVx9LwT4pZcN8yB3sD6fH1jG5aE0uI2oP7lK9mX4vC8nR3tY6wQ1zS5dF0"
PRODUCTION = {
    "POLICYBUILDER_ENV": "production",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "policy.example.org",
    "DEBUG": "false",
}
SSO = {
    "OIDC_ISSUER": "https://idp.example.org/realms/acme",
    "OIDC_CLIENT_ID": "policybuilder",
    "OIDC_CLIENT_SECRET": "a-client-secret",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OIDC_", "PASSWORD_SIGN_IN", "POLICYBUILDER_", "DJANGO_ALLOW"))
        and k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL")
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check(**env: str) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", "check"], **env)


PROBE = """
import django, json
django.setup()
from django.conf import settings
print(json.dumps({
    "backends": settings.AUTHENTICATION_BACKENDS,
    "form_action": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
    "scopes": settings.OIDC_RP_SCOPES,
    "group_teams": settings.OIDC_GROUP_TEAMS,
}))
"""


def probe(**env: str) -> dict:
    result = run(["-c", PROBE], DJANGO_SETTINGS_MODULE="policybuilder.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_deploy_check_reports_nothing_with_single_sign_on_configured():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **PRODUCTION, **SSO)
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stderr


def test_production_refuses_an_issuer_over_plain_http():
    result = check(**PRODUCTION, **(SSO | {"OIDC_ISSUER": "http://idp.example.org"}))
    assert "OIDC_ISSUER must use https:// in production" in result.stderr


def test_development_accepts_a_loopback_issuer_over_http():
    result = check(**(SSO | {"OIDC_ISSUER": "http://127.0.0.1:9000"}))
    assert result.returncode == 0, result.stderr


def test_an_issuer_that_is_not_a_url_is_refused():
    result = check(**(SSO | {"OIDC_ISSUER": "idp.example.org"}))
    assert "OIDC_ISSUER must be an https:// URL" in result.stderr


def test_an_issuer_without_a_client_secret_is_refused():
    result = check(**{k: v for k, v in SSO.items() if k != "OIDC_CLIENT_SECRET"})
    assert "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set" in result.stderr


def test_a_client_id_without_an_issuer_is_refused():
    result = check(OIDC_CLIENT_ID="policybuilder")
    assert "need OIDC_ISSUER" in result.stderr


def test_scopes_without_openid_are_refused():
    result = check(**SSO, OIDC_SCOPES="email profile")
    assert "OIDC_SCOPES must be scope names separated by spaces, openid among" in result.stderr


def test_a_misspelt_link_setting_is_refused_rather_than_read_as_off():
    result = check(**SSO, OIDC_LINK_EXISTING_ACCOUNTS="ture")
    assert "OIDC_LINK_EXISTING_ACCOUNTS must be true or false" in result.stderr


def test_a_claim_name_with_spaces_is_refused():
    result = check(**SSO, OIDC_EMAIL_CLAIM="e mail")
    assert "OIDC_EMAIL_CLAIM must be a claim name" in result.stderr


def test_password_sign_in_cannot_be_turned_off_without_single_sign_on():
    result = check(PASSWORD_SIGN_IN="false")
    assert "PASSWORD_SIGN_IN=false needs single sign-on" in result.stderr


def test_password_sign_in_off_leaves_no_backend_that_checks_passwords():
    backends = probe(**SSO, PASSWORD_SIGN_IN="false")["backends"]
    assert "django.contrib.auth.backends.ModelBackend" not in backends


def test_the_issuers_origin_may_receive_the_sign_out_form():
    assert probe(**SSO)["form_action"] == ["'self'", "https://idp.example.org"]


def test_without_single_sign_on_forms_go_to_this_site_only():
    assert probe()["form_action"] == ["'self'"]


def test_a_group_mapping_without_a_role_is_refused():
    result = check(**SSO, OIDC_GROUPS_CLAIM="groups", OIDC_GROUP_TEAMS="admins=connect")
    assert "OIDC_GROUP_TEAMS entries must be GROUP=TEAM_SLUG:owner|editor|viewer" in result.stderr


def test_a_groups_claim_without_a_mapping_is_refused():
    result = check(**SSO, OIDC_GROUPS_CLAIM="groups")
    assert "OIDC_GROUPS_CLAIM and OIDC_GROUP_TEAMS go together" in result.stderr


def test_a_group_mapping_is_read_as_group_team_and_role():
    env = SSO | {"OIDC_GROUPS_CLAIM": "groups", "OIDC_GROUP_TEAMS": "AWS Admins=connect:owner"}
    assert probe(**env)["group_teams"] == [["AWS Admins", "connect", "owner"]]
