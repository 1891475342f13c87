"""Resident memory of one gunicorn worker: bare Django against after warming every scenario.

Usage: .venv/bin/python benchmarks/memory.py

One gunicorn worker in production mode (the same server set-up as load_preview.py: temporary
SQLite, or ``$DATABASE_URL``) is measured three times, from /proc/PID/status (VmRSS):

1. bare: the worker has booted (Django set up with our settings, apps and models loaded) and
   has served nothing, so none of our views, scenarios or catalogue data are loaded;
2. after one request to a trivial view (the URLconf, and so our view modules, are imported);
3. warmed: after, for every scenario, the builder page, an htmx preview of its example values
   (render, validate, highlight) and the validate page on the rendered policy.

Target: warmed less than 40 MB above bare. The catalogue data is loaded per service on first
use, so what a worker holds is what its scenarios touched, not the whole IAM catalogue.
"""

from __future__ import annotations

import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from load_preview import (
    FLOOR_PATH,
    REPO,
    csrf_for,
    gunicorn,
    prepare,
    production_env,
)

TARGET_MB = 40


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def only_worker(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if len(children) == 1:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("expected exactly one gunicorn worker")


def scenario_bodies(env: dict[str, str]) -> dict[str, str]:
    """Each scenario's example form body, computed outside the worker being measured."""
    import json
    import subprocess

    script = (
        "import django, json; django.setup()\n"
        "from policybuilder.core import scenarios\n"
        "from policybuilder.teams.values import to_form_data\n"
        "print(json.dumps({s.slug: to_form_data(s, s.example_values()).urlencode()"
        " for s in scenarios.SCENARIOS}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def post(url: str, body: str, cookie: str, token: str, htmx: bool) -> bytes:
    headers = {
        "Cookie": cookie,
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if htmx:
        headers["HX-Request"] = "true"
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def warm(base: str, session: str, bodies: dict[str, str]) -> None:
    """Render and validate every scenario through the real views, as a user would."""
    csrf_cookie, token = csrf_for(base, next(iter(bodies)), session)
    cookie = f"sessionid={session}; csrftoken={csrf_cookie}"
    for slug, body in bodies.items():
        page = urllib.request.Request(f"{base}/scenarios/{slug}/", headers={"Cookie": cookie})
        urllib.request.urlopen(page, timeout=30).read()
        post(f"{base}/scenarios/{slug}/", body + "&quota=managed", cookie, token, htmx=True)
        document = post(f"{base}/scenarios/{slug}/download", body, cookie, token, htmx=False)
        form = urllib.parse.urlencode({"policy": document.decode(), "quota": "managed"})
        post(f"{base}/validate/", form, cookie, token, htmx=False)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pb-memory-") as name:
        env = production_env(Path(name))
        session = prepare(env)
        bodies = scenario_bodies(env)
        # probe=False: no request reaches Django before the bare figure is taken.
        with gunicorn(env, 1, probe=False) as (base, process):
            worker = only_worker(process.pid)
            time.sleep(3)  # let the worker finish booting (it loads the app before serving)
            bare = rss_kb(worker)
            urllib.request.urlopen(base + FLOOR_PATH, timeout=10).read()
            after_floor = rss_kb(worker)
            warm(base, session, bodies)
            warmed = rss_kb(worker)
            assert only_worker(process.pid) == worker, "the worker restarted during the run"
    rows = [
        ("bare Django worker (booted, nothing served)", bare),
        ("after one request to a trivial view", after_floor),
        (f"after warming all {len(bodies)} scenarios", warmed),
    ]
    print(f"gunicorn 1 sync worker, production settings, Python {sys.version.split()[0]}")
    print("| worker state | RSS MB | above bare MB |\n|---|---|---|")
    for label, kb in rows:
        print(f"| {label} | {kb / 1024:.1f} | {(kb - bare) / 1024:+.1f} |")
    extra = (warmed - bare) / 1024
    verdict = "met" if extra < TARGET_MB else "MISSED"
    print(f"\nWarmed worker {extra:.1f} MB above bare (target < {TARGET_MB} MB): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
