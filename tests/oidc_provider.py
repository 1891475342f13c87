"""A real OpenID Connect provider for the single sign-on tests: tests/oidc/provider.mjs
(oidc-provider, installed by `make node-deps`) on a free loopback port, and the steps a person
takes there, done with requests for the tests that need no browser."""

from __future__ import annotations

import copy
import json
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "policybuilder-tests"
CLIENT_SECRET = "a-client-secret-for-the-loopback-provider-only"
PROVIDER_NAME = "Test IdP"

#: The people at the provider: username -> password, authentication methods and claims.
ACCOUNTS = {
    "alice": {
        "password": "alice-at-the-idp",
        "amr": ["pwd"],
        "claims": {
            "sub": "alice-0001",
            "email": "alice@example.org",
            "email_verified": True,
            "name": "Alice Example",
            "groups": ["policy-admins", "everyone"],
        },
    },
    "otto": {
        "password": "otto-at-the-idp",
        "amr": ["pwd", "otp"],
        "claims": {
            "sub": "otto-0002",
            "email": "otto@example.org",
            "email_verified": True,
            "name": "Otto Twofactor",
            "groups": ["everyone"],
        },
    },
    "una": {
        "password": "una-at-the-idp",
        "amr": ["pwd"],
        "claims": {
            "sub": "una-0003",
            "email": "una@example.org",
            "email_verified": False,
            "name": "Una Verified",
        },
    },
    "carol": {
        "password": "carol-at-the-idp",
        "amr": ["pwd"],
        "claims": {
            "sub": "carol-0004",
            "email": "carol.new@example.org",
            "email_verified": True,
            "name": "Carol Renamed",
        },
    },
}


@dataclass(frozen=True)
class Provider:
    issuer: str

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: Starts tried before the provider is given up on. Each start takes a new free port: the port
#: is chosen here and then bound by node, so another process may take it in between.
STARTS = 3


@contextmanager
def running_provider(app_origins: list[str]) -> Iterator[Provider]:
    """The provider, with one client whose redirect URIs are each origin's /oidc/callback/."""
    node = shutil.which("node")
    assert node, "node is needed for the OpenID Connect provider (make node-deps)"
    assert (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir(), "run make node-deps"
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for start in range(1, STARTS + 1):
            port = free_port()
            config = {
                "port": port,
                "client": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [f"{origin}/oidc/callback/" for origin in app_origins],
                    "post_logout_redirect_uris": [
                        f"{origin}/accounts/login/" for origin in app_origins
                    ],
                },
                "accounts": ACCOUNTS,
            }
            config_file = Path(folder) / f"provider-{start}.json"
            config_file.write_text(json.dumps(config))
            log = (Path(folder) / f"provider-{start}.log").open("w+")
            process = subprocess.Popen(
                [node, str(PROVIDER_DIR / "provider.mjs"), str(config_file)],
                cwd=PROVIDER_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            provider = Provider(issuer=f"http://127.0.0.1:{port}")
            try:
                try:
                    wait_for_discovery(provider, process, log)
                except RuntimeError as failure:
                    failures.append(f"start {start}: {failure}")
                    continue
                yield provider
                return
            finally:
                stop(process)
                log.close()
    raise RuntimeError("\n".join(failures))


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for_discovery(provider: Provider, process: subprocess.Popen, log) -> None:
    """Until the discovery document answers; a failure says what the provider wrote."""
    url = f"{provider.issuer}/.well-known/openid-configuration"
    deadline = time.monotonic() + 30
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the OpenID Connect provider stopped:\n{log.read()}")
        try:
            response = requests.get(url, timeout=2)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}"
        except requests.RequestException as error:
            last = type(error).__name__
        time.sleep(0.1)
    log.seek(0)
    raise RuntimeError(
        f"the OpenID Connect provider did not answer at {url} ({last}); it wrote:\n{log.read()}"
    )


def configure(settings, provider: Provider) -> None:
    """Point the site at the provider, as the OIDC_* variables would (settings.py)."""
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = PROVIDER_NAME
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(provider.origin)
    settings.CONTENT_SECURITY_POLICY = policy


def sign_in_at_provider(authorization_url: str, username: str, password: str) -> str:
    """What a person does at the provider's pages, with requests: the URL the provider sends
    the browser back to (the site's callback, with a code and the state)."""
    browser = requests.Session()
    url = authorization_url
    for _ in range(12):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and 'name="password"' in response.text:
            response = browser.post(
                url,
                data={"username": username, "password": password},
                allow_redirects=False,
                timeout=10,
            )
        assert response.status_code in (302, 303), response.text
        url = urljoin(url, response.headers["Location"])
        if "/oidc/callback/" in url:
            return url
    raise AssertionError("the provider never sent the browser back")


# Fixtures: import them into a conftest or test module that needs the provider.


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """One provider for the session; its client may come back to the test client's host and to
    the live server (the browser tests)."""
    with running_provider(["http://testserver", live_server.url]) as provider:
        yield provider


@pytest.fixture
def sso(settings, oidc_provider):
    """Single sign-on configured for one test, the discovery cache empty before and after."""
    from policybuilder.sso import discovery

    configure(settings, oidc_provider)
    discovery.forget()
    yield oidc_provider
    discovery.forget()
