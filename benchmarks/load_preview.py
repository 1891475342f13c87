"""The htmx live preview under load, against a trivial Django view as the floor, in one run.

Usage: .venv/bin/python benchmarks/load_preview.py [--duration 10] [--rounds 5]
       [--connections N] [--scenario SLUG] [--workers N]

Starts gunicorn in production mode (``POLICYBUILDER_ENV=production``, workers = cores unless
``--workers``) on a free 127.0.0.1 port, with a throwaway SQLite database in a temporary
directory (or ``$DATABASE_URL`` when set), creates a user and a signed-in session, takes the
CSRF token from the builder page as a browser would, then runs wrk (Debian's ``wrk``; installed
with apt when missing) against three endpoints for ``--duration`` seconds each, in all, split into
``--rounds`` rounds that take the endpoints in turn (each round starting with the next one), so
that a change in the machine's speed during the run falls on all three alike:

* the floor: GET of a view that returns two bytes, behind the same middleware, with the same
  session cookie (served from this file's URLconf, which also includes the application's own);
* the same view behind ``login_required``: what the session and user look-ups alone cost;
* the preview: the POST htmx sends on every change of the builder form (``HX-Request``, the
  CSRF header and cookie, the scenario's example values with a counter appended to the first
  tag value, so that every request renders a different policy), which renders the policy,
  validates it, advises on it and highlights it.

Prints, for each endpoint over all its rounds, requests/s, p50 and p95 latency (the median of the
rounds'), errors (socket errors and non-2xx answers) and the preview's throughput as a share of
the floor's and of the signed-in floor's, then that share round by round. Target (issue
#18, against the signed-in floor, since every page of the application is signed in): the
preview at least 60 % of the signed-in floor's requests/s, its p95 at most twice the signed-in
floor's, no errors. Everything runs on loopback and stops by itself; the temporary directory
is removed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
FLOOR_PATH = "/bench/floor/"
SIGNED_IN_FLOOR_PATH = "/bench/floor-signed-in/"

# --- The server side: gunicorn imports this module as ``load_preview:application`` ------------


def floor(request):  # pragma: no cover - runs inside gunicorn
    """The least a Django view can do: the floor every other view is compared with."""
    from django.http import HttpResponse

    return HttpResponse(b"ok", content_type="text/plain")


def _urlpatterns() -> list:
    from django.contrib.auth.decorators import login_not_required, login_required
    from django.urls import include, path

    return [
        # Open to all, as LoginRequiredMiddleware would otherwise sign the session in for it.
        path(FLOOR_PATH.strip("/") + "/", login_not_required(floor)),
        # The same, signed in: shows what the session and user look-ups alone cost.
        path(SIGNED_IN_FLOOR_PATH.strip("/") + "/", login_required(floor)),
        path("", include("policybuilder.urls")),
    ]


if os.environ.get("PB_BENCH_SERVER") == "1":  # pragma: no cover - only inside gunicorn
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policybuilder.settings")
    from django.conf import settings as _settings

    # This module is the URLconf: the application's URLs plus the floor, no edit to urls.py.
    _settings.ROOT_URLCONF = __name__
    # The production application itself, with whatever policybuilder/wsgi.py does at start-up
    # (the validator's data loaded, the start-up's objects frozen out of the collector).
    from policybuilder import wsgi as _wsgi

    application = _wsgi.application

    def __getattr__(name: str) -> list:
        """Build the URL patterns on the first request, as ``policybuilder.urls`` would be
        imported: a worker that has served nothing has not imported our views (memory.py)."""
        if name != "urlpatterns":
            raise AttributeError(name)
        globals()["urlpatterns"] = patterns = _urlpatterns()
        return patterns


# --- The driver --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing Debian's wrk", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run(
        [*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return shutil.which("wrk") or "wrk"


def production_env(tmp: Path) -> dict[str, str]:
    """Production settings on plain HTTP loopback: no HTTPS redirect, everything else as shipped."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        POLICYBUILDER_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATIC_ROOT=str(tmp / "static"),
        POLICYBUILDER_DATA_DIR=str(tmp / "data"),
        DJANGO_SETTINGS_MODULE="policybuilder.settings",
        PYTHONPATH=os.pathsep.join([str(REPO), str(HERE)]),
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


SESSION_SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
user, _ = get_user_model().objects.get_or_create(username="bench-user")
user.set_password("bench-pass-not-used-1"); user.save()
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print(s.session_key)
"""


def prepare(env: dict[str, str]) -> str:
    """Migrate, collect static files, and return a signed-in session key."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    out = subprocess.run(
        [sys.executable, "-c", SESSION_SCRIPT],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1]


@contextmanager
def gunicorn(
    env: dict[str, str], workers: int, *, probe: bool = True
) -> Iterator[tuple[str, subprocess.Popen]]:
    """gunicorn serving this module on a free port; stopped (with its workers) on exit.

    Ready when the floor view answers, or (``probe=False``, for memory.py) when the port
    accepts connections, so that no request has reached Django yet.
    """
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "load_preview:application",
            "--chdir",
            str(HERE),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        env=env | {"PB_BENCH_SERVER": "1"},
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if probe:
                    urllib.request.urlopen(base + FLOOR_PATH, timeout=2).read()
                else:
                    socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base, process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to gunicorn's process group (master and workers), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def csrf_for(base: str, slug: str, session: str) -> tuple[str, str]:
    """The CSRF cookie and the page's token, fetched as the browser gets them."""
    request = urllib.request.Request(
        f"{base}/scenarios/{slug}/", headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        html = response.read().decode()
        cookie = response.headers.get_all("Set-Cookie") or []
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html)
    csrf_cookie = next(
        (c.split(";")[0].split("=", 1)[1] for c in cookie if c.startswith("csrftoken=")), None
    )
    if token is None or csrf_cookie is None:
        raise RuntimeError("the builder page did not carry a CSRF token (not signed in?)")
    return csrf_cookie, token.group(1)


def example_body(env: dict[str, str], slug: str) -> str:
    """The form body the builder page posts for the scenario's example values."""
    script = (
        "import django, json, urllib.parse; django.setup()\n"
        "from policybuilder.core import scenarios\n"
        "from policybuilder.teams.values import to_form_data\n"
        f"s = scenarios.get({slug!r})\n"
        "print(to_form_data(s, s.example_values()).urlencode() + '&quota=managed')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


LUA = """
wrk.method = %(method)s
wrk.body = %(body)s
wrk.headers["Cookie"] = %(cookie)s
%(extra)s
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"seconds\\": %%f, \\"p50_us\\": %%d, \\"p95_us\\": %%d, "
    .. "\\"errors\\": %%d, \\"status_errors\\": %%d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


#: Replaced by a per-request counter in the preview body (see ``varied``).
VARY = "VARYCOUNTER"
VARY_LUA = f"""
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, (wrk.body:gsub("{VARY}", tostring(counter))))
end
"""


def varied(body: str) -> str:
    """The body with the first tag value ending in a counter: every preview renders a
    different policy, as a user typing does, so nothing can answer from a cache."""
    varied_body, count = re.subn(r"(tags_value=[^&]*)", r"\1" + VARY, body, count=1)
    if not count:
        raise RuntimeError("the scenario's example values have no tag value to vary")
    return varied_body


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string for ASCII text


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    #: CPU time of gunicorn's workers per request (Linux's /proc), None where unknown.
    cpu_ms: float | None = None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def worker_cpu_seconds(master: int) -> float | None:
    """User and system CPU time of the gunicorn master's worker processes, from /proc.

    On a shared machine requests/s follow the other jobs' load; the workers' CPU time per
    request follows it much less, so it is printed beside them (not part of the verdict)."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        workers: list[str] = []
        for task in os.listdir(f"/proc/{master}/task"):
            with open(f"/proc/{master}/task/{task}/children") as f:
                workers += f.read().split()
        total = 0
        for pid in workers:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


def run_wrk(
    wrk: str,
    name: str,
    url: str,
    script: str,
    *,
    duration: int,
    connections: int,
    tmp: Path,
    master: int | None = None,
) -> Result:
    path = tmp / f"{name}.lua"
    path.write_text(script)
    cpu_before = worker_cpu_seconds(master) if master else None
    out = subprocess.run(
        [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(path),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 60,
    ).stdout
    cpu_after = worker_cpu_seconds(master) if master else None
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    cpu_ms = None
    if cpu_before is not None and cpu_after is not None and data["requests"]:
        cpu_ms = (cpu_after - cpu_before) * 1000 / data["requests"]
    return Result(
        name,
        data["requests"],
        data["seconds"],
        data["p50_us"] / 1000,
        data["p95_us"] / 1000,
        data["errors"] + data["status_errors"],
        cpu_ms,
    )


def combined(rounds: list[Result]) -> Result:
    """One endpoint's rounds as one result: requests and seconds summed (so its requests/s
    is the whole run's), errors summed, CPU time per request over all of them; p50 and p95
    are the median of the rounds' (wrk reports percentiles, not the latencies themselves)."""
    cpu = [r.cpu_ms * r.requests for r in rounds if r.cpu_ms is not None]
    requests = sum(r.requests for r in rounds)
    return Result(
        rounds[0].name,
        requests,
        sum(r.seconds for r in rounds),
        statistics.median(r.p50_ms for r in rounds),
        statistics.median(r.p95_ms for r in rounds),
        sum(r.errors for r in rounds),
        sum(cpu) / requests if len(cpu) == len(rounds) and requests else None,
    )


def table(rows: list[Result], floor_result: Result, signed_in: Result) -> str:
    lines = [
        "| endpoint | req/s | p50 ms | p95 ms | errors | share of floor | of signed-in floor "
        "| worker CPU ms/req |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        share = r.per_second / floor_result.per_second
        signed_share = r.per_second / signed_in.per_second
        cpu = f"{r.cpu_ms:.2f}" if r.cpu_ms is not None else "?"
        lines.append(
            f"| {r.name} | {r.per_second:,.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
            f"{r.errors} | {share:.0%} | {signed_share:.0%} | {cpu} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint, in all")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="the duration split into this many rounds, the endpoints interleaved",
    )
    parser.add_argument("--workers", type=int, default=cores)
    parser.add_argument("--connections", type=int, default=0, help="default: 2 per worker")
    parser.add_argument("--scenario", default="users-by-resource-tag")
    args = parser.parse_args(argv)
    connections = args.connections or 2 * args.workers
    wrk = ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="pb-load-") as name:
        tmp = Path(name)
        env = production_env(tmp)
        session = prepare(env)
        body = example_body(env, args.scenario)
        with gunicorn(env, args.workers) as (base, process):
            csrf_cookie, token = csrf_for(base, args.scenario, session)
            cookie = f"sessionid={session}; csrftoken={csrf_cookie}"
            floor_script = LUA % {
                "method": '"GET"',
                "body": "nil",
                "cookie": lua_string(cookie),
                "extra": "",
            }
            preview_script = LUA % {
                "method": '"POST"',
                "body": lua_string(varied(body)),
                "cookie": lua_string(cookie),
                "extra": "\n".join(
                    [
                        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
                        'wrk.headers["HX-Request"] = "true"',
                        f'wrk.headers["X-CSRFToken"] = {lua_string(token)}',
                        f'wrk.headers["Referer"] = "{base}/scenarios/{args.scenario}/"',
                        VARY_LUA,
                    ]
                ),
            }
            preview_url = f"{base}/scenarios/{args.scenario}/"
            # One warm-up second each: workers load the catalogue data on first use.
            for script, url in ((floor_script, base + FLOOR_PATH), (preview_script, preview_url)):
                run_wrk(wrk, "warm", url, script, duration=1, connections=connections, tmp=tmp)
            endpoints = [
                ("floor (trivial view)", base + FLOOR_PATH, floor_script),
                ("trivial view + login_required", base + SIGNED_IN_FLOOR_PATH, floor_script),
                (f"htmx preview ({args.scenario})", preview_url, preview_script),
            ]
            rounds: dict[str, list[Result]] = {name: [] for name, _, _ in endpoints}
            seconds = max(1, round(args.duration / args.rounds))
            for n in range(args.rounds):
                # Each round starts with the next endpoint, so that none is always measured
                # first or last; each round's preview counter starts where no earlier round nor the
                # warm-up (from 0) was.
                for name, url, script in endpoints[n % 3 :] + endpoints[: n % 3]:
                    script = script.replace("counter = 0", f"counter = {(n + 1) * 10_000_000}", 1)
                    rounds[name].append(
                        run_wrk(
                            wrk,
                            name,
                            url,
                            script,
                            duration=seconds,
                            connections=connections,
                            tmp=tmp,
                            master=process.pid,
                        )
                    )
            floor_result, signed_in, preview = (combined(rounds[name]) for name, _, _ in endpoints)
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(
        f"gunicorn {args.workers} sync workers, {connections} connections, {args.rounds} rounds "
        f"of {seconds} s per endpoint, interleaved, {database}, {cores} cores, "
        f"Python {sys.version.split()[0]}"
    )
    if args.rounds > 1:
        print(
            "preview's share of the signed-in floor, round by round: "
            + ", ".join(
                f"{p.per_second / s.per_second:.0%}"
                for p, s in zip(rounds[endpoints[2][0]], rounds[endpoints[1][0]], strict=True)
            )
        )
    print(table([floor_result, signed_in, preview], floor_result, signed_in))
    share = preview.per_second / signed_in.per_second
    p95_ratio = preview.p95_ms / signed_in.p95_ms
    ok = (
        share >= 0.60
        and p95_ratio <= 2
        and preview.errors == 0
        and signed_in.errors == 0
        and floor_result.errors == 0
    )
    if preview.cpu_ms and signed_in.cpu_ms:
        print(
            f"\nIn the workers' CPU time per request, the preview costs "
            f"{preview.cpu_ms / signed_in.cpu_ms:.2f} times the signed-in floor "
            f"({signed_in.cpu_ms / preview.cpu_ms:.0%} of its throughput at equal CPU; steadier "
            "than requests/s on a shared machine, not part of the verdict)."
        )
    print(
        f"\nPreview at {share:.0%} of the signed-in floor's requests/s (the same trivial view "
        f"behind login_required), p95 {p95_ratio:.1f} times its p95 (target >= 60 % and "
        "<= 2 times, no errors): " + ("met" if ok else "MISSED")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
