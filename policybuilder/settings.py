"""Django settings, read from the environment.

Development needs no configuration at all (``make run``): SQLite in ``var/``, DEBUG on, a
throwaway secret.  Production sets ``POLICYBUILDER_ENV=production`` and must then give
``SECRET_KEY`` and ``ALLOWED_HOSTS``; everything else has a safe production default, and
``manage.py check --deploy`` reports nothing.  A setting that is wrong stops the process at
start-up (ImproperlyConfigured) rather than running half-configured.

Nothing here keeps state on the application server's disk except the SQLite default: with
``DATABASE_URL`` pointing at PostgreSQL, sessions, sign-in failures (django-axes) and the data
all live in the database, so several servers can run behind one load balancer.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.http import HttpRequest

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


def envbool(name: str, default: str) -> bool:
    """A yes/no variable; anything but the usual spellings is an error, not a silent False."""
    value = os.environ.get(name, default).strip().lower()
    if value not in _TRUE + _FALSE:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in _TRUE


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole number of at least ``minimum``; a typo must not become 0 (e.g. HSTS off)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def envlist(name: str, default: str) -> list[str]:
    """A comma-separated list; blanks between commas are dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


_ENV = os.environ.get("POLICYBUILDER_ENV", "development").strip().lower()
if _ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"POLICYBUILDER_ENV must be development or production, not {_ENV!r}")
PRODUCTION = _ENV == "production"

# Core ---------------------------------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in production; generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`"
        )
    # Django's own deploy check (security.W009) asks for 50 characters; refuse rather than warn.
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 varied characters")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-insecure-key-do-not-deploy")

DEBUG = envbool("DEBUG", "false" if PRODUCTION else "true")
if PRODUCTION and DEBUG:
    # DEBUG shows settings and source code in error pages: never on a production server.
    raise ImproperlyConfigured("DEBUG cannot be on when POLICYBUILDER_ENV=production")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set in production (comma-separated host names)"
    )


def _https_origins(hosts: list[str]) -> str:
    """``https://host`` for each allowed host; ``.example.org`` becomes ``https://*.example.org``."""
    origins = []
    for host in hosts:
        if host == "*":
            continue
        origins.append(f"https://*{host}" if host.startswith(".") else f"https://{host}")
    return ",".join(origins)


# Behind a proxy that rewrites Host, give the public origins explicitly.
CSRF_TRUSTED_ORIGINS = envlist(
    "CSRF_TRUSTED_ORIGINS", _https_origins(ALLOWED_HOSTS) if PRODUCTION else ""
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "policybuilder.web",
    "policybuilder.teams",
    "policybuilder.combine",
    "ninja",
    "policybuilder.api",
    "policybuilder.mfa",
    "policybuilder.sso",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /healthz for load balancers: the database answers or not, before sessions, Host checks,
    # CSRF and sign-in (policybuilder/health.py says why each is skipped).
    "policybuilder.health.HealthCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a signed-in user unless marked ``login_not_required`` (sign-in, an
    # invitation link, the JSON API, which answers 401 itself); tests/security walks the URLs.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(): a code was entered in this session (django-otp). Then ours:
    # a signed-in user with an authenticator app enters its code before any other page, and
    # team pages that require MFA send a user without it to set it up (policybuilder/mfa).
    "django_otp.middleware.OTPMiddleware",
    "policybuilder.mfa.middleware.MfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # django-htmx's, with ``if request.htmx`` read without building request.headers.
    "policybuilder.web.http.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout signalled by its backend into the page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Right after SecurityMiddleware, as whitenoise asks: static files skip everything below.
    # Development and the tests serve static files through django.contrib.staticfiles instead
    # (runserver, live_server), with no collectstatic step.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "policybuilder.urls"
WSGI_APPLICATION = "policybuilder.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Widgets render with the project's templates too (templates/web/widgets/), and every form's
# fields with one template (templates/forms/field.html).
FORM_RENDERER = "policybuilder.web.renderers.FormRenderer"

# Database -----------------------------------------------------------------------------------

DATA_DIR = Path(os.environ.get("POLICYBUILDER_DATA_DIR", BASE_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    import dj_database_url

    # In production, persistent connections with a health check: a busy worker does not
    # reconnect on every request, and a PostgreSQL restart costs one retry, not a 500.
    # Development and the tests close them after each request, Django's own default.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=envint("CONN_MAX_AGE", 60 if PRODUCTION else 0),
            conn_health_checks=True,
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # The embedded default runs the same workers as production (make serve): write-ahead
    # logging lets readers go on while one writer commits, writes take the lock when their
    # transaction begins (no "database is locked" halfway through one), and a busy worker
    # keeps its connection instead of opening the file again for every request.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "db.sqlite3"),
            "CONN_MAX_AGE": envint("CONN_MAX_AGE", 60 if PRODUCTION else 0),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Authentication -----------------------------------------------------------------------------

# Axes first: it refuses a locked-out sign-in before a password is even hashed.
# (``client.force_login`` in tests does not authenticate, so axes never sees it.)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "catalogue"
LOGOUT_REDIRECT_URL = "login"

#: Failed sign-ins for one username from one address before that pair is locked out. Keyed on
#: the pair so that a stranger cannot lock a colleague out by guessing at their name.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
#: Proxies in front of the servers that each append to X-Forwarded-For (0: none, the client is
#: REMOTE_ADDR). Behind a load balancer every sign-in would otherwise come from its address, and
#: a lockout of (username, balancer) would let a stranger lock anyone out.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)


def axes_client_ip(request: HttpRequest) -> str:
    """The address the first trusted proxy saw: the TRUSTED_PROXY_COUNT-th entry from the right of
    X-Forwarded-For. Entries further left are whatever the client claimed, so never used."""
    if TRUSTED_PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= TRUSTED_PROXY_COUNT:
            return hops[-TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


AXES_CLIENT_IP_CALLABLE = axes_client_ip

# Multi-factor authentication (policybuilder/mfa, django-otp) -------------------------------

#: Everyone must set up an authenticator app before using the site (and API tokens of users
#: without one are refused). Off: only teams whose owners ask for it require MFA of members.
MFA_REQUIRED_FOR_ALL = envbool("MFA_REQUIRED_FOR_ALL", "false")
#: Wrong codes at the sign-in's code step before the session ends and the password is asked
#: again; each device also slows down guesses itself (django-otp's throttling, doubling delays).
MFA_MAX_ATTEMPTS = envint("MFA_MAX_ATTEMPTS", 5, minimum=1)
#: The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = os.environ.get("MFA_ISSUER", "").strip() or "policybuilder"

# Sessions live in the database (Django's default engine), so any server can serve any user.
#: Eight hours: a working day; then sign in again.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)

# Single sign-on (OpenID Connect) ------------------------------------------------------------

#: Sign-in through the organisation's identity provider (policybuilder/sso, README "Single
#: sign-on"). OIDC_ISSUER is the provider's issuer URL; its discovery document
#: (ISSUER/.well-known/openid-configuration) gives the endpoints and signing keys, fetched by
#: each server when someone first signs in and kept in memory. Unset: no single sign-on.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "").strip()
if OIDC_ISSUER:
    _issuer = urlsplit(OIDC_ISSUER)
    if _issuer.scheme not in ("https", "http") or not _issuer.hostname:
        raise ImproperlyConfigured(f"OIDC_ISSUER must be an https:// URL, not {OIDC_ISSUER!r}")
    if _issuer.query or _issuer.fragment or _issuer.username or _issuer.password:
        raise ImproperlyConfigured("OIDC_ISSUER must have no query, fragment or credentials")
    if PRODUCTION and _issuer.scheme != "https":
        # The ID token's signing keys come from there: over plain HTTP anyone on the way could
        # hand out keys of their own and sign in as anybody.
        raise ImproperlyConfigured("OIDC_ISSUER must use https:// in production")
    if not OIDC_CLIENT_ID or not OIDC_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set when OIDC_ISSUER is"
        )
elif OIDC_CLIENT_ID or OIDC_CLIENT_SECRET:
    raise ImproperlyConfigured("OIDC_CLIENT_ID and OIDC_CLIENT_SECRET need OIDC_ISSUER")

#: What the sign-in page's button says: "Sign in with <OIDC_PROVIDER_NAME>".
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "").strip() or "single sign-on"
_NAME_TOKEN = re.compile(r"^[A-Za-z0-9_:./-]{1,100}$")


def envclaim(name: str, default: str) -> str:
    """The name of a claim in the provider's user information (email, name...)."""
    value = os.environ.get(name, "").strip() or default
    if not _NAME_TOKEN.match(value):
        raise ImproperlyConfigured(f"{name} must be a claim name, not {value!r}")
    return value


#: Scopes asked for, separated by spaces; openid must be one of them.
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "").split() or ["openid", "email", "profile"]
if "openid" not in OIDC_SCOPES or not all(_NAME_TOKEN.match(scope) for scope in OIDC_SCOPES):
    raise ImproperlyConfigured(
        "OIDC_SCOPES must be scope names separated by spaces, openid among them, "
        f"not {' '.join(OIDC_SCOPES)!r}"
    )
OIDC_EMAIL_CLAIM = envclaim("OIDC_EMAIL_CLAIM", "email")
OIDC_NAME_CLAIM = envclaim("OIDC_NAME_CLAIM", "name")
#: An account made here whose e-mail is the provider's verified e-mail is linked to the person
#: signing in only when this is on; otherwise that first sign-in is refused.
OIDC_LINK_EXISTING_ACCOUNTS = envbool("OIDC_LINK_EXISTING_ACCOUNTS", "false")
#: Signing out also signs out at the provider (its end_session_endpoint, when it has one).
OIDC_SIGN_OUT_AT_PROVIDER = envbool("OIDC_SIGN_OUT_AT_PROVIDER", "true")
#: Seconds to wait for the provider (discovery, token, keys, user information).
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10, minimum=1)
#: Team memberships from a claim listing the person's groups at the provider (README "Single
#: sign-on"): OIDC_GROUP_TEAMS is "GROUP=TEAM_SLUG:ROLE" entries separated by commas.
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "").strip()
if OIDC_GROUPS_CLAIM:
    OIDC_GROUPS_CLAIM = envclaim("OIDC_GROUPS_CLAIM", "")
OIDC_GROUP_TEAMS: list[tuple[str, str, str]] = []
for _entry in envlist("OIDC_GROUP_TEAMS", ""):
    _group, _, _team = _entry.rpartition("=")
    _slug, _, _role = _team.partition(":")
    if not (
        _group.strip()
        and re.fullmatch(r"[-a-zA-Z0-9_]+", _slug.strip())
        and _role.strip() in ("owner", "editor", "viewer")
    ):
        raise ImproperlyConfigured(
            f"OIDC_GROUP_TEAMS entries must be GROUP=TEAM_SLUG:owner|editor|viewer, not {_entry!r}"
        )
    OIDC_GROUP_TEAMS.append((_group.strip(), _slug.strip(), _role.strip()))
if bool(OIDC_GROUPS_CLAIM) != bool(OIDC_GROUP_TEAMS) or (OIDC_GROUPS_CLAIM and not OIDC_ISSUER):
    raise ImproperlyConfigured(
        "OIDC_GROUPS_CLAIM and OIDC_GROUP_TEAMS go together, with OIDC_ISSUER"
    )
#: Sign-in with a username and password. Off needs single sign-on.
PASSWORD_SIGN_IN = envbool("PASSWORD_SIGN_IN", "true")
if not PASSWORD_SIGN_IN and not OIDC_ISSUER:
    raise ImproperlyConfigured("PASSWORD_SIGN_IN=false needs single sign-on (OIDC_ISSUER)")
if not PASSWORD_SIGN_IN:
    # No password signs anyone in anywhere then, the admin's sign-in page included.
    AUTHENTICATION_BACKENDS.remove("django.contrib.auth.backends.ModelBackend")
# Last: it answers only the provider's callback, with endpoints from discovery.
AUTHENTICATION_BACKENDS.append("policybuilder.sso.backends.OIDCBackend")
#: django-axes counts failed passwords only; a failed callback from the provider is not one.
AXES_WHITELIST_CALLABLE = "policybuilder.sso.backends.not_a_password_attempt"
# mozilla-django-oidc's own settings: RS256 ID tokens checked against the provider's keys, PKCE
# besides its state and nonce, and the ID token kept in the session for signing out.
OIDC_RP_CLIENT_ID = OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = OIDC_CLIENT_SECRET
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = " ".join(OIDC_SCOPES)
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True

# E-mail -------------------------------------------------------------------------------------

#: Invitation links are e-mailed only when the site has a way to send mail: an SMTP server
#: (EMAIL_HOST, with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) or an
#: EMAIL_BACKEND of your choice (``django.core.mail.backends.console.EmailBackend`` prints them).
#: Otherwise the owner passes the link on (it is shown once, when made).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "policybuilder@localhost")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "").strip() or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend"
)
INVITATION_EMAIL = bool(EMAIL_HOST or os.environ.get("EMAIL_BACKEND", "").strip())

# Internationalisation -----------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files -------------------------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))

# Hashed, compressed names (cacheable for ever) need `collectstatic` first, which `make serve`
# and any deployment run; development and the test suite serve the files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Limits -------------------------------------------------------------------------------------

#: Largest policy text the validate page's upload and the API's request body accept (IAM's
#: largest quota is 10,240 characters).
MAX_POLICY_BYTES = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_POLICY_BYTES + 64 * 1024

# Security headers and cookies -----------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "true" if PRODUCTION else "false")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "true" if PRODUCTION else "false")

#: Redirect plain HTTP to HTTPS.  Behind a TLS-terminating proxy, either keep it on and set
#: SECURE_PROXY_SSL_HEADER (so Django knows the original request was HTTPS), or turn it off
#: when the proxy itself redirects (the deploy check's W008 is then silenced: the proxy does it).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true" if PRODUCTION else "false")
#: A load balancer probes /healthz over plain HTTP inside the network: health, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
_PROXY_HEADER = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _PROXY_HEADER:
    # e.g. X-Forwarded-Proto: only safe when the proxy sets it and strips the client's own.
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _PROXY_HEADER.upper().replace("-", "_").removeprefix("HTTP_"),
        "https",
    )

SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "true" if PRODUCTION else "false"
)
# The header alone changes nothing: a domain is preloaded only when someone submits it.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true" if PRODUCTION else "false")

SILENCED_SYSTEM_CHECKS: list[str] = []
if PRODUCTION and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# Content-Security-Policy (django-csp 4): scripts, styles and everything else from our own
# origin only.  No inline script or style anywhere (tests/security checks the templates), and
# htmx is told not to inject its indicator <style> (the htmx-config meta in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

if OIDC_ISSUER:
    # Signing out (a form) is redirected to the provider's end_session_endpoint, and browsers
    # hold a form's redirects to form-action too: the issuer's origin joins it.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )

# Logging ------------------------------------------------------------------------------------

# Without DEBUG, Django only mails errors to ADMINS (none here): send them to stderr instead,
# where gunicorn and any process supervisor collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
