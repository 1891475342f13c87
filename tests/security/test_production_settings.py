"""Production mode, checked in a fresh interpreter: settings are read once, at start-up."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k7Qm2-rVx9LwT4pZcN8yB3sD6fH1jG5aE0uI2oP7lK9mX4vC8nR3tY6wQ1zS5dF0"
PRODUCTION = {
    "POLICYBUILDER_ENV": "production",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "policy.example.org",
}
#: Variables the parent environment might set that would change what is being tested.
SETTINGS_VARIABLES = (
    "POLICYBUILDER_ENV",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "DATABASE_URL",
    # The test run sets it for Playwright; a deployment must not (async.E001).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "STATIC_ROOT",
    "TRUSTED_PROXY_COUNT",
)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", *args], **env)


def test_deploy_check_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_stays_quiet_when_the_proxy_redirects_to_https():
    env = PRODUCTION | {
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    }
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **env)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", **(PRODUCTION | {"SECRET_KEY": "short"}))
    assert "SECRET_KEY must be at least 50" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", **env)
    assert "ALLOWED_HOSTS must be set in production" in result.stderr


def test_production_refuses_debug():
    result = manage("check", **(PRODUCTION | {"DEBUG": "true"}))
    assert "DEBUG cannot be on" in result.stderr


def test_a_misspelt_boolean_stops_the_start_instead_of_meaning_false():
    result = manage("check", **(PRODUCTION | {"SECURE_SSL_REDIRECT": "ture"}))
    assert "SECURE_SSL_REDIRECT must be true or false" in result.stderr


def test_development_needs_no_configuration():
    result = manage("check")
    assert result.returncode == 0, result.stderr


PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/accounts/login/", secure=True, headers={"host": "policy.example.org"})
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "cookies": {name: dict(c) for name, c in response.cookies.items()},
    "trusted": settings.CSRF_TRUSTED_ORIGINS,
    "database": settings.DATABASES["default"]["ENGINE"],
    "storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "body": response.content.decode(),
}))
"""


@pytest.fixture(scope="module")
def production_response(tmp_path_factory) -> dict:
    """One HTTPS request through the real production settings, after collectstatic (hashed
    names need the manifest it writes) into a directory of its own; no database needed."""
    env = PRODUCTION | {"STATIC_ROOT": str(tmp_path_factory.mktemp("static"))}
    collected = manage("collectstatic", "--noinput", "--verbosity", "0", **env)
    assert collected.returncode == 0, collected.stderr
    result = run(["-c", PROBE], DJANGO_SETTINGS_MODULE="policybuilder.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year_with_subdomains(production_response):
    hsts = production_response["headers"]["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_production_csrf_cookie_is_secure(production_response):
    assert production_response["cookies"]["csrftoken"]["secure"] is True


def test_production_trusts_https_origins_of_the_allowed_hosts(production_response):
    assert production_response["trusted"] == ["https://policy.example.org"]


def test_production_serves_hashed_static_files(production_response):
    assert production_response["storage"].endswith("CompressedManifestStaticFilesStorage")


def test_production_pages_link_static_files_by_hashed_name(production_response):
    assert re.search(r"/static/css/app\.[0-9a-f]{12}\.css", production_response["body"])


def test_production_redirects_plain_http_to_https():
    probe = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/accounts/login/', headers={'host': 'policy.example.org'}); "
        "print(r.status_code, r['Location'])"
    )
    result = run(["-c", probe], DJANGO_SETTINGS_MODULE="policybuilder.settings", **PRODUCTION)
    assert result.stdout.split() == ["301", "https://policy.example.org/accounts/login/"]


def test_database_url_selects_postgresql():
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    result = run(
        ["-c", probe],
        DJANGO_SETTINGS_MODULE="policybuilder.settings",
        DATABASE_URL="postgres://pb:secret@db.internal:5432/policies",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "policies"]


def sqlite_setting(expression: str, tmp_path: Path, **env: str) -> str:
    """``expression`` evaluated after set-up, on the embedded default in ``tmp_path``."""
    probe = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = run(
        ["-c", probe],
        DJANGO_SETTINGS_MODULE="policybuilder.settings",
        POLICYBUILDER_DATA_DIR=str(tmp_path),
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_keeps_sqlite_connections_between_requests(tmp_path):
    age = sqlite_setting("settings.DATABASES['default']['CONN_MAX_AGE']", tmp_path, **PRODUCTION)
    assert age == "60"


def test_development_closes_sqlite_connections_after_each_request(tmp_path):
    assert sqlite_setting("settings.DATABASES['default']['CONN_MAX_AGE']", tmp_path) == "0"


def test_sqlite_runs_in_write_ahead_logging_mode(tmp_path):
    expression = (
        "__import__('django.db').db.connection.cursor()"
        ".execute('PRAGMA journal_mode').fetchone()[0]"
    )
    assert sqlite_setting(expression, tmp_path) == "wal"
