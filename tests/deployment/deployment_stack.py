"""Start the application as it is deployed, for the tests in tests/deployment: production
settings, collected static files, migrations, gunicorn app servers with nginx in front, in a
temporary directory on free loopback ports (deploy/serve.py's Stack, which `make serve` runs).

Imported by name (tests/ is not a package; pytest puts this directory on sys.path)."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

import serve  # noqa: E402  (deploy/serve.py)

SECRET_KEY = "t3Wq8-dLm2PxZ7cV4nB9yR1kF6hJ0sG5aE3uI8oT2lK7mX9vC4nQ1zS6dF0wY5rU"
PASSWORD = "a-long-deployment-pass-1"
#: The parent environment's settings must not leak into the servers under test.
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
    "CONN_MAX_AGE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "STATIC_ROOT",
    "POLICYBUILDER_DATA_DIR",
    "TRUSTED_PROXY_COUNT",
    "AXES_FAILURE_LIMIT",
)


@contextlib.contextmanager
def open_directory() -> Iterator[Path]:
    """A temporary directory that nginx's workers (``nobody`` when started as root) can enter:
    pytest's own tmp_path is closed to other users."""
    directory = Path(tempfile.mkdtemp(prefix="policybuilder-stack-"))
    directory.chmod(0o755)
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def production_env(directory: Path, database_url: str | None = None, **extra: str) -> dict:
    """What `make serve` sets, for servers whose data and static files live in ``directory``."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env |= {
        "POLICYBUILDER_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "POLICYBUILDER_DATA_DIR": str(directory / "data"),
        "STATIC_ROOT": str(directory / "static"),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env | extra


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(env: dict, *, users: tuple[str, ...] = ()) -> None:
    """collectstatic and migrate, as `make serve` does, and the users the test signs in as."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    if users:
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model\n"
            f"for name in {list(users)!r}:\n"
            f"    get_user_model().objects.create_user(name, password={PASSWORD!r})\n",
        )


@contextlib.contextmanager
def running(
    directory: Path,
    env: dict,
    *,
    app_servers: int = 1,
    unix_socket: bool = False,
    workers: int = 2,
) -> Iterator[serve.Stack]:
    """nginx on a free port in front of ``app_servers`` gunicorns, stopped on the way out."""
    var = directory / "var"
    if unix_socket:
        binds = [f"unix:{var / 'run' / f'gunicorn-{n}.sock'}" for n in range(app_servers)]
    else:
        binds = [f"127.0.0.1:{serve.free_port()}" for _ in range(app_servers)]
    log = (directory / "servers.log").open("ab")
    stack = serve.Stack(
        var=var,
        listen=f"127.0.0.1:{serve.free_port()}",
        app_servers=binds,
        workers=workers,
        env=env,
        nginx_workers="1",
        output=log.fileno(),
    )
    try:
        with stack:
            yield stack
    finally:
        log.close()


# A small HTTP client: one request per connection, cookies kept, no redirects followed. -------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self):
        import json

        return json.loads(self.body)


@dataclass
class Browser:
    """One user agent's cookies, sent to whichever address it is pointed at."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        address: str,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 10,
    ) -> Answer:
        host, _, port = address.rpartition(":")
        sent = {"Host": f"{host}:{port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.monotonic()
        connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        seconds = time.monotonic() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, headers, data, seconds)

    def get(self, address: str, path: str, **kwargs) -> Answer:
        return self.request(address, "GET", path, **kwargs)

    def post_form(self, address: str, path: str, fields: dict[str, str]) -> Answer:
        body = urlencode(fields).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{address}",
            "Referer": f"http://{address}{path}",
        }
        return self.request(address, "POST", path, body=body, headers=headers)

    def sign_in(self, address: str, username: str, password: str = PASSWORD) -> Answer:
        page = self.get(address, "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, page.body[:500]
        return self.post_form(
            address,
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": username,
                "password": password,
            },
        )


def warm_up(address: str, rounds: int = 4) -> None:
    """Each worker's first sign-in page loads templates and modules; do that before measuring."""
    browser = Browser()
    for _ in range(rounds):
        for path in ("/healthz", "/accounts/login/"):
            browser.get(address, path)


# Slow clients ---------------------------------------------------------------------------


class SlowClients(threading.Thread):
    """``count`` connections that each send one byte of an endless request header per second,
    reconnecting when the server gives up on one, until ``stop`` is set."""

    HEADER = b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000

    def __init__(self, address: str, count: int) -> None:
        super().__init__(daemon=True)
        host, _, port = address.rpartition(":")
        self.target = (host, int(port))
        self.count = count
        self.stop = threading.Event()
        self.bytes_sent = 0
        self.connections_opened = 0
        self.fewest_open = count

    def _connect(self) -> tuple[socket.socket, int] | None:
        try:
            sock = socket.create_connection(self.target, timeout=2)
        except OSError:
            return None
        self.connections_opened += 1
        return sock, 0

    def run(self) -> None:
        clients = [self._connect() for _ in range(self.count)]
        try:
            while not self.stop.wait(1.0):
                for index, client in enumerate(clients):
                    if client is None:
                        clients[index] = self._connect()
                        continue
                    sock, offset = client
                    try:
                        sock.send(self.HEADER[offset : offset + 1])
                    except OSError:
                        sock.close()
                        clients[index] = self._connect()
                        continue
                    self.bytes_sent += 1
                    clients[index] = (sock, offset + 1)
                self.fewest_open = min(self.fewest_open, sum(c is not None for c in clients))
        finally:
            for client in clients:
                if client:
                    client[0].close()
