#!/usr/bin/env python3
"""nginx in front of gunicorn, as ``make serve`` runs them, and the nginx configuration for a
deployment.

``serve.py run --port 8000 --workers 2`` starts gunicorn on a unix socket in ``var/run/`` and
nginx (deploy/nginx.conf, filled in) on 127.0.0.1:8000 in front of it, both in the foreground
with their pid, temporary and log files under ``var/``; it stops both when it is interrupted or
terminated, or when either of them exits, and they die with it if it is killed (so no stray
daemon outlives ``make serve``).

``serve.py render --listen 80 --upstream 10.0.0.5:8000 --upstream 10.0.0.6:8000 --var /srv/pb``
prints the configuration for a deployment (README, "Deployment").

The tests start the same :class:`Stack` (tests/deployment/).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
GUNICORN_TIMEOUT = 30


def render(template: str, values: dict[str, str]) -> str:
    """The template with each ``{{NAME}}`` replaced; a name without a value is an error."""
    missing = sorted(set(PLACEHOLDER.findall(template)) - values.keys())
    if missing:
        raise ValueError(f"no value for {', '.join(missing)} in {TEMPLATE.name}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def application_body_limit() -> int:
    """The largest request body the application reads (settings.DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policybuilder.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from django.conf import settings

    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


#: TLS at the proxy (Mozilla's "intermediate" settings for nginx 1.22 and OpenSSL 3).
TLS_SETTINGS = """
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_prefer_server_ciphers off;
        ssl_session_cache shared:policybuilder_tls:10m;
        ssl_session_timeout 1d;
        ssl_session_tickets off;
"""

#: With TLS, plain HTTP on port 80 only redirects, except the load balancer's health probe.
HTTP_TO_HTTPS = """
    server {
        listen 80;
        server_name _;
        location = /healthz {
            proxy_pass http://policybuilder;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
        location / {
            return 301 https://$host$request_uri;
        }
    }
"""


def nginx_conf(
    *,
    listen: str,
    upstreams: Sequence[str],
    var: Path,
    max_body: int | None = None,
    worker_processes: str = "auto",
    tls_cert: str = "",
    tls_key: str = "",
) -> str:
    """deploy/nginx.conf for these addresses. ``upstreams`` are gunicorn's binds in nginx's
    spelling: ``unix:/path/to.sock`` or ``127.0.0.1:8001``. With ``tls_cert`` and ``tls_key``
    nginx ends TLS on ``listen`` (e.g. ``443 ssl``) and redirects port 80 to it."""
    if not upstreams:
        raise ValueError("at least one upstream server is needed")
    if bool(tls_cert) != bool(tls_key):
        raise ValueError("TLS needs both a certificate and its key")
    if tls_cert and "ssl" not in listen.split():
        raise ValueError(f"with TLS, listen needs `ssl` (e.g. `443 ssl`), not {listen!r}")
    servers = "\n".join(
        # One failure takes a server out of the rotation for 5 s, then it is tried again.
        f"        server {address} max_fails=1 fail_timeout=5s;"
        for address in upstreams
    )
    return render(
        TEMPLATE.read_text(),
        {
            "LISTEN": listen,
            "UPSTREAM_SERVERS": servers,
            "VAR": str(Path(var).resolve()),
            "MAX_BODY": str(application_body_limit() if max_body is None else max_body),
            "WORKER_PROCESSES": worker_processes,
            "TLS": TLS_SETTINGS.format(cert=tls_cert, key=tls_key).rstrip() if tls_cert else "",
            "HTTP_TO_HTTPS": HTTP_TO_HTTPS.rstrip() if tls_cert else "",
        },
    )


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        raise RuntimeError("nginx is missing: `make nginx-deps` installs Debian's package")
    return found


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM when the process that started it dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Child:
    """A process in its own process group, so that it and its workers stop (or die) together."""

    def __init__(self, name: str, args: list[str], log: Path | None = None, **popen: object):
        self.name = name
        #: Where the process writes its errors, when not to its standard error.
        self.log = log
        self.process = subprocess.Popen(
            args, start_new_session=True, preexec_fn=_die_with_parent, **popen
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)

    def stop(self, timeout: float = 15) -> None:
        if self.alive():
            self.signal_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        # Whatever is left of the group (a worker that outlived its master) goes too.
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)

    def kill(self) -> None:
        """kill -9 of the whole server: master and workers at once, as a crash would."""
        self.signal_group(signal.SIGKILL)
        self.process.wait(5)


def _connectable(address: str) -> bool:
    if address.startswith("unix:"):
        family, target = socket.AF_UNIX, address.removeprefix("unix:")
    else:
        host, _, port = address.rpartition(":")
        family, target = socket.AF_INET, (host, int(port))
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect(target)
        except OSError:
            return False
    return True


def wait_until_listening(child: Child, address: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not child.alive():
            said = ""
            if child.log and child.log.exists():
                said = ": " + " / ".join(child.log.read_text().splitlines()[-3:])
            raise RuntimeError(f"{child.name} exited ({child.process.returncode}){said}")
        if _connectable(address):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{child.name} is not listening on {address} after {timeout:.0f} s")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class Stack:
    """gunicorn app servers with nginx in front, all under ``var``.

    ``app_servers``: one gunicorn per bind address (``unix:PATH`` or ``HOST:PORT``).
    ``env``: the environment of the app servers (the process's own when None).
    """

    def __init__(
        self,
        *,
        var: Path,
        listen: str,
        app_servers: Sequence[str],
        workers: int = 2,
        env: dict[str, str] | None = None,
        nginx_workers: str = "auto",
        output: int | None = None,
    ) -> None:
        self.var = Path(var).resolve()
        self.listen = listen
        self.binds = list(app_servers)
        self.workers = workers
        self.env = env
        self.nginx_workers = nginx_workers
        self.output = output
        self.app: list[Child] = []
        self.nginx: Child | None = None

    @property
    def public_address(self) -> str:
        return self.listen if ":" in self.listen else f"127.0.0.1:{self.listen}"

    @property
    def children(self) -> list[Child]:
        return [*self.app, *([self.nginx] if self.nginx else [])]

    def _prepare_directories(self) -> None:
        for sub in ("run", "log", "tmp/nginx"):
            (self.var / sub).mkdir(parents=True, exist_ok=True)
        # When started as root, nginx's workers run as `nobody`: they must reach the socket and
        # their temporary directories (nginx creates the ones below tmp/nginx for them).
        for path in (self.var, self.var / "run", self.var / "tmp", self.var / "tmp/nginx"):
            path.chmod(0o755)
        if os.geteuid() == 0:
            for parent in self.var.parents:
                if not parent.stat().st_mode & 0o001:
                    raise RuntimeError(
                        f"nginx's workers run as nobody when started as root, and {parent} is "
                        f"closed to them: `chmod o+x {parent}`, or choose another --var"
                    )

    def start_app_server(self, bind: str) -> Child:
        if bind.startswith("unix:"):
            Path(bind.removeprefix("unix:")).unlink(missing_ok=True)
        child = Child(
            f"gunicorn on {bind}",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "policybuilder.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(self.workers),
                "--timeout",
                str(GUNICORN_TIMEOUT),
                "--graceful-timeout",
                "10",
                "--access-logfile",
                "-",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.output,
            stderr=self.output,
        )
        wait_until_listening(child, bind)
        return child

    def start(self) -> Stack:
        self._prepare_directories()
        try:
            self.app = [self.start_app_server(bind) for bind in self.binds]
            conf = self.var / "run" / "nginx.conf"
            conf.write_text(
                nginx_conf(
                    listen=self.listen,
                    upstreams=self.binds,
                    var=self.var,
                    worker_processes=self.nginx_workers,
                )
            )
            error_log = self.var / "log" / "nginx-error.log"
            # -e: nginx opens its error log before it reads the configuration; keep it in var/.
            self.nginx = Child(
                "nginx",
                [nginx_binary(), "-p", str(self.var), "-c", str(conf), "-e", str(error_log)],
                log=error_log,
                stdout=self.output,
                stderr=self.output,
            )
            wait_until_listening(self.nginx, self.public_address)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        # The proxy first, so that nothing new reaches a server that is shutting down.
        for child in reversed(self.children):
            child.stop()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait(self) -> int:
        """Until one of the processes exits; its status."""
        while True:
            for child in self.children:
                if not child.alive():
                    print(f"{child.name} exited ({child.process.returncode})", file=sys.stderr)
                    return child.process.returncode or 1
            time.sleep(0.5)


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGINT (Ctrl-C), SIGTERM and SIGHUP end the wait, so that the stack is stopped cleanly.

    SIGINT is set here too, not left to Python's default: a process started in the background
    by a non-interactive shell (``make serve &`` in a script, ``nohup``) inherits SIGINT
    ignored, and Python then leaves it ignored, so ``kill -INT`` would not stop it, while
    gunicorn and nginx behind it stop on SIGINT whatever they inherited."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    stopping = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.signal(s, interrupt) for s in stopping}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run(args: argparse.Namespace) -> int:
    var = Path(args.var).resolve()
    stack = Stack(
        var=var,
        listen=f"{args.host}:{args.port}",
        app_servers=[f"unix:{var / 'run' / 'gunicorn.sock'}"],
        workers=args.workers,
    )
    with _stopped_by_signals():
        try:
            stack.start()
            print(
                f"policybuilder on http://{args.host}:{args.port}/ (nginx, logs in "
                f"{var / 'log'}), gunicorn with {args.workers} workers on "
                f"{var / 'run' / 'gunicorn.sock'}; Ctrl-C stops both",
                flush=True,
            )
            return stack.wait()
        except KeyboardInterrupt:
            return 0
        except RuntimeError as error:
            print(f"serve.py: {error}", file=sys.stderr)
            return 1
        finally:
            stack.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("run", help="nginx and gunicorn in the foreground (make serve)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    serve.add_argument("--var", default=str(ROOT / "var"))
    show = commands.add_parser("render", help="print the nginx configuration for a deployment")
    show.add_argument("--listen", required=True, help="nginx's listen value, e.g. 80")
    show.add_argument(
        "--upstream", action="append", required=True, help="a gunicorn bind, repeatable"
    )
    show.add_argument("--var", required=True, help="where nginx keeps its pid, logs, temp files")
    show.add_argument("--worker-processes", default="auto")
    show.add_argument("--tls-cert", default="", help="certificate chain (PEM): TLS ends here")
    show.add_argument("--tls-key", default="", help="its private key (PEM)")
    args = parser.parse_args(argv)
    if args.command == "render":
        print(
            nginx_conf(
                listen=args.listen,
                upstreams=args.upstream,
                var=Path(args.var),
                worker_processes=args.worker_processes,
                tls_cert=args.tls_cert,
                tls_key=args.tls_key,
            ),
            end="",
        )
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
