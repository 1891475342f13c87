"""Where a live-preview request's time goes, in-process, against the floor view's, in one run.

Usage: .venv/bin/python benchmarks/preview_costs.py [--requests 2000] [--scenario SLUG]
       .venv/bin/python benchmarks/preview_costs.py --instructions [--requests 300]

load_preview.py measures throughput over HTTP; this explains its figure. With the same
production settings, throwaway SQLite database, URLconf and requests as load_preview.py, it calls
the WSGI application directly (no server, no socket, no load generator) and prints the time per
request of:

* the floor: GET of the view that returns two bytes;
* the same behind ``login_required``: what reading the session and the user costs;
* the same, POSTed the preview's form body with the CSRF header: parsing the body and the
  CSRF check added;
* the whole htmx preview request;

and then the preview view alone (decorators and middleware unwrapped, the body already parsed),
and each of its stages alone: the form (reading the values and the
scenario engine's rendering), the validator, the least-privilege advice, the syntax highlighting
and the fragment template. Each figure is the best of five batches, and is also given as a
multiple of the floor's.

How this bounds load_preview.py's ratio: over HTTP every request also pays a fixed cost in
gunicorn, the socket and wrk (the floor's HTTP time per request minus its in-process time). A
preview at 60 % of the floor's throughput may cost at most 1/0.6 = 1.67 times the floor's whole
per-request time, i.e. everything it does beyond the floor view must fit in two thirds of
(floor in-process + that fixed cost).

``--instructions`` counts instead of timing, for comparing two commits on a machine whose
speed wanders: it runs this file again under valgrind's callgrind (Debian's ``valgrind``),
once per request kind (the signed-in floor, its POST with the preview's body, the preview),
each process warmed on both kinds as a worker serving a mix is, and instrumented only around
``--requests`` requests of its kind (``callgrind_control`` from inside the process; a fourth
process that toggles around no request gives the toggling's own count, subtracted from the
others). It prints instructions per request and the preview's multiple of the signed-in floor.
At the same ``--requests`` the count repeats to a few parts in a thousand; it leaves out what
instructions do not show (cache misses, the socket, gunicorn), which load_preview.py measures.
"""

from __future__ import annotations

import argparse
import inspect
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import load_preview  # noqa: E402 - the shared production environment and URLconf


def best_ms(fn: Callable[[int], object], requests: int) -> float:
    """The best of five batches, in milliseconds per call; ``fn`` gets a running counter."""
    batch = max(1, requests // 5)
    counter = 0
    for _ in range(min(200, batch)):  # warm-up: templates compiled, caches filled
        fn(counter)
        counter += 1
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(batch):
            fn(counter)
            counter += 1
        best = min(best, (time.perf_counter() - start) / batch)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="calls per figure")
    parser.add_argument("--scenario", default="users-by-resource-tag")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="instead of the tables: cProfile of the whole preview request, N lines",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="instead of the tables: instructions per request under callgrind (valgrind)",
    )
    parser.add_argument("--count-kind", choices=COUNTED, help=argparse.SUPPRESS)  # the child's
    args = parser.parse_args(argv)
    if args.instructions:
        return count_instructions(args.scenario, args.requests)
    with tempfile.TemporaryDirectory(prefix="pb-costs-") as name:
        os.environ.clear()
        os.environ.update(load_preview.production_env(Path(name)))
        return measure(args.scenario, args.requests, profile=args.profile, kind=args.count_kind)


#: The request kinds ``--instructions`` counts, with their labels; "toggling" makes none.
COUNTED = {
    "toggling": "callgrind_control on and off around no request",
    "signed-in": "signed-in floor (GET, login_required, two bytes)",
    "post": "its POST with the preview's body and CSRF header",
    "preview": "htmx preview request",
}


def count_instructions(slug: str, requests: int) -> int:
    if not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        print("valgrind is missing: apt-get install valgrind", file=sys.stderr)
        return 2
    counts = {}
    with tempfile.TemporaryDirectory(prefix="pb-callgrind-") as name:
        for kind in COUNTED:
            out = Path(name) / f"{kind}.out"
            subprocess.run(
                [
                    "valgrind",
                    "--tool=callgrind",
                    "--instr-atstart=no",
                    f"--callgrind-out-file={out}",
                    sys.executable,
                    __file__,
                    f"--scenario={slug}",
                    f"--requests={requests}",
                    f"--count-kind={kind}",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            found = re.search(r"^totals: (\d+)", out.read_text(), re.MULTILINE)
            if found is None:
                raise RuntimeError(f"no instruction total in callgrind's output for {kind}")
            counts[kind] = int(found.group(1))
    toggling = counts.pop("toggling")
    per_request = {kind: (count - toggling) / requests for kind, count in counts.items()}
    print(f"Instructions per request (callgrind, {requests} requests a kind), scenario {slug}")
    print("| request | instructions | × signed-in floor |")
    print("|---|---|---|")
    for kind, count in per_request.items():
        ratio = count / per_request["signed-in"]
        print(f"| {COUNTED[kind]} | {count / 1e6:.3f} M | {ratio:.3f} |")
    share = per_request["signed-in"] / per_request["preview"]
    print(f"\nAt equal instructions per second the preview would run at {share:.0%} of the floor.")
    return 0


def measure(slug: str, requests: int, *, profile: int = 0, kind: str | None = None) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.http import QueryDict
    from django.middleware.csrf import get_token
    from django.template.loader import get_template
    from django.test import RequestFactory

    from policybuilder.core import scenarios
    from policybuilder.core.validator import advice
    from policybuilder.teams.values import to_form_data
    from policybuilder.web import views
    from policybuilder.web.forms import ScenarioForm
    from policybuilder.web.highlight import highlight_json
    from policybuilder.web.http import HeaderlessHtmxDetails
    from policybuilder.web.validation import report_for

    settings.ROOT_URLCONF = "load_preview"
    load_preview.urlpatterns = load_preview._urlpatterns()
    call_command("migrate", verbosity=0)

    user = get_user_model().objects.create_user("bench-user", password="bench-pass-not-used-1")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()

    token_request = RequestFactory().get("/")
    token = get_token(token_request)
    csrf_cookie = token_request.META["CSRF_COOKIE"]

    scenario = scenarios.get(slug)
    body = load_preview.varied(
        to_form_data(scenario, scenario.example_values()).urlencode() + "&quota=managed"
    )

    def body_for(n: int) -> str:
        return body.replace(load_preview.VARY, str(n))

    application = WSGIHandler()

    def call(method: str, path: str, payload: bytes = b"") -> None:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": f"sessionid={session.session_key}; csrftoken={csrf_cookie}",
            "HTTP_X_CSRFTOKEN": token,
            "HTTP_HX_REQUEST": "true",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(payload)),
            "wsgi.input": io.BytesIO(payload),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        status = []
        b"".join(application(environ, lambda s, h, e=None: status.append(s)))
        if not status[0].startswith("200"):
            raise RuntimeError(f"{method} {path} answered {status[0]}")

    preview_path = f"/scenarios/{slug}/"
    if kind is not None:  # --instructions' child, under callgrind
        one = {
            "toggling": lambda n: None,
            "signed-in": lambda n: call("GET", load_preview.SIGNED_IN_FLOOR_PATH),
            "post": lambda n: call("POST", load_preview.SIGNED_IN_FLOOR_PATH, body_for(n).encode()),
            "preview": lambda n: call("POST", preview_path, body_for(n).encode()),
        }[kind]
        for n in range(300):  # warmed on both kinds, as a worker serving a mix is
            call("GET", load_preview.SIGNED_IN_FLOOR_PATH)
            call("POST", preview_path, body_for(n).encode())
        pid = str(os.getpid())
        subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
        for n in range(1000, 1000 + requests):
            one(n)
        subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)
        return 0
    if profile:
        import cProfile
        import pstats

        for n in range(200):  # warm-up, as best_ms does
            call("POST", preview_path, body_for(n).encode())
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(200, 200 + requests):
            call("POST", preview_path, body_for(n).encode())
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        print(f"cProfile of {requests} htmx preview requests, scenario {slug}")
        stats.print_stats(profile)
        stats.sort_stats("tottime").print_stats(profile)
        return 0
    floor = best_ms(lambda n: call("GET", load_preview.FLOOR_PATH), requests)
    rows = [
        ("floor (trivial view)", floor),
        (
            "+ login_required",
            best_ms(lambda n: call("GET", load_preview.SIGNED_IN_FLOOR_PATH), requests),
        ),
        (
            "+ the preview's POST body and CSRF check",
            best_ms(
                lambda n: call("POST", load_preview.SIGNED_IN_FLOOR_PATH, body_for(n).encode()),
                requests,
            ),
        ),
        (
            "htmx preview request",
            best_ms(lambda n: call("POST", preview_path, body_for(n).encode()), requests),
        ),
    ]

    def form_for(n: int) -> ScenarioForm:
        form = ScenarioForm(scenario, QueryDict(body_for(n)))
        form.is_valid()
        return form

    form = form_for(0)
    rendering = form.rendering
    if rendering is None or rendering.text is None:
        raise RuntimeError(f"{slug}'s example values do not render: {form.errors}")
    text, document = rendering.text, rendering.document
    fragment = get_template("web/builder.html#preview")
    request = RequestFactory().post(preview_path, HTTP_HX_REQUEST="true")
    request.htmx = HeaderlessHtmxDetails(request)
    contexts = []

    def fragment_ms(n: int) -> None:
        fragment.render(contexts[n])  # as the view renders it: the request, no context processors

    # The view itself, from parsed request to response, without middleware or decorators.
    view = inspect.unwrap(views.builder)
    prepared = []
    for n in range(requests + 400):
        one = RequestFactory().post(
            preview_path,
            data=body_for(n),
            content_type="application/x-www-form-urlencoded",
            HTTP_HX_REQUEST="true",
        )
        one.user, one.htmx = user, HeaderlessHtmxDetails(one)  # as the middleware sets it
        one.POST  # noqa: B018 - parsed here, as the CSRF check has parsed it by then
        prepared.append(one)
    stages = [
        ("the preview view, whole", best_ms(lambda n: view(prepared[n], slug), requests)),
        ("form: values read, scenario rendered", best_ms(form_for, requests)),
        (
            "validator",
            best_ms(lambda n: report_for(text, quota="managed", document=document), requests),
        ),
        ("least-privilege advice", best_ms(lambda n: advice.advise(document), requests)),
        ("syntax highlighting", best_ms(lambda n: highlight_json(text), requests)),
    ]
    # A fresh form per call, built beforehand: the template's own cost, field errors included.
    for n in range(requests + 400):
        built = form_for(n)
        built.advice  # noqa: B018 - computed here so that only the template is timed
        context = views.builder_context(scenario, built, built.rendering, "managed")
        contexts.append({**context, "request": request})
    stages.append(("fragment template", best_ms(fragment_ms, requests)))

    print(f"In-process, best of 5 batches of {max(1, requests // 5)}, scenario {slug}")
    print("| request | ms | × floor |")
    print("|---|---|---|")
    for label, ms in rows:
        print(f"| {label} | {ms:.3f} | {ms / floor:.1f} |")
    print()
    print("| the preview view and its stages, each alone | ms | × floor |")
    print("|---|---|---|")
    for label, ms in stages:
        print(f"| {label} | {ms:.3f} | {ms / floor:.1f} |")
    signed_in = rows[1][1]
    print(
        f"\nThe session and user alone cost {signed_in - floor:.3f} ms, "
        f"{(signed_in - floor) / floor:.1f} times the floor view."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
