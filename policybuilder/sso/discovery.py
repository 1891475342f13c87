"""The provider's endpoints, from its discovery document (OpenID Connect Discovery 1.0).

Fetched the first time this process needs them and kept for the life of the process: every
application server fetches its own copy, so nothing is shared between servers. A failure is
not kept, so the next sign-in tries again.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings

#: What sign-in needs from the document; end_session_endpoint is optional.
REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")

_documents: dict[str, dict[str, str]] = {}
_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered with something that is not its discovery."""


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def metadata() -> dict[str, str]:
    """The configured issuer's endpoints, fetched once per process."""
    issuer = settings.OIDC_ISSUER
    with _lock:
        document = _documents.get(issuer)
    if document is None:
        document = _fetch(issuer)
        with _lock:
            _documents[issuer] = document
    return document


def forget() -> None:
    """Drop what was fetched (the tests start providers of their own)."""
    with _lock:
        _documents.clear()


def _fetch(issuer: str) -> dict[str, str]:
    url = discovery_url(issuer)
    try:
        response = requests.get(
            url, timeout=settings.OIDC_TIMEOUT, headers={"Accept": "application/json"}
        )
        response.raise_for_status()
        document: Any = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{url} did not answer with a discovery document") from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url} is not a discovery document")
    # The spec requires the document's issuer to be the one asked for, exactly: ID tokens are
    # checked against it, so a mismatch would refuse every sign-in later, less clearly.
    if document.get("issuer") != issuer:
        raise ProviderUnavailable(
            f"{url} names the issuer {document.get('issuer')!r}, not {issuer!r} (OIDC_ISSUER)"
        )
    endpoints = {}
    for name in (*REQUIRED, "end_session_endpoint"):
        value = document.get(name)
        if value is None and name not in REQUIRED:
            continue
        if not isinstance(value, str) or not _acceptable_url(value, issuer):
            raise ProviderUnavailable(f"{url} has no usable {name}")
        endpoints[name] = value
    algorithms = document.get("id_token_signing_alg_values_supported", ["RS256"])
    if "RS256" not in algorithms:
        raise ProviderUnavailable(f"{url} does not sign ID tokens with RS256")
    return endpoints


def _acceptable_url(url: str, issuer: str) -> bool:
    """An absolute URL, https whenever the issuer is (http only for a loopback test issuer)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" == urlsplit(issuer).scheme)
