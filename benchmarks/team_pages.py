"""The list pages of a big team, in-process: time and queries per page.

Usage: .venv/bin/python benchmarks/team_pages.py [--templates 10000] [--versions 10] [--runs 20]

Builds a team of ``--templates`` templates with ``--versions`` versions each (and an audit entry
per version, every template published to the library), with ``bulk_create`` in a throwaway
SQLite database, or in the database of ``DATABASE_URL`` when it is set (use an empty one: the
data are left there). Then it requests each list page through Django's test client, signed in
as the team's owner, at the first page, a middle one, the last one and with each filter, and
prints the median and the slowest of ``--runs`` requests and the number of queries. Exits 1 when
a page takes 50 ms or more (median) or more than 10 queries: the target of issue 17.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TARGET_MS = 50.0
TARGET_QUERIES = 10
BATCH = 2000
#: A small document (the list pages never read it; the database still stores it).
DOCUMENT = (
    '{"Version": "2012-10-17", "Statement": ['
    + ", ".join(
        f'{{"Sid": "S{n}", "Effect": "Allow", "Action": ["iam:GetUser", "iam:ListUsers"], '
        f'"Resource": "arn:aws:iam::*:user/${{aws:username}}"}}'
        for n in range(3)
    )
    + "]}"
)


def setup_django(keep: str | None) -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["POLICYBUILDER_DATA_DIR"] = keep or tempfile.mkdtemp(prefix="team-pages-")
    # Measured as served: DEBUG off (no query log kept, no debug pages).
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policybuilder.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(templates: int, versions: int):
    """The owner, the team and its data; auto_now fields are switched off so the dates spread
    over a year (the date filters then keep a part of the list, as they would in real use)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from policybuilder.teams import services
    from policybuilder.teams.models import AuditEntry, SavedTemplate, TemplateVersion

    User = get_user_model()
    # No password: the client signs in with force_login (hashing one costs a second).
    owner = User.objects.create(username="owner")
    editor = User.objects.create(username="editor")
    team = services.team_create(name="Big team", owner=owner, slug="big-team")
    for model, names in (
        (SavedTemplate, ("created_at", "updated_at")),
        (TemplateVersion, ("created_at",)),
        (AuditEntry, ("created_at",)),
    ):
        for name in names:
            field = model._meta.get_field(name)
            field.auto_now = field.auto_now_add = False

    start = datetime(2026, 1, 1, tzinfo=UTC)
    slugs = ["view-own-permissions", "view-users", "campaigns-read-only", "wisdom-assistants"]
    with transaction.atomic():
        rows = [
            SavedTemplate(
                team=team,
                scenario_slug=slugs[n % len(slugs)],
                name=f"Template {n:05}",
                description="A template of the benchmark.",
                values={},
                document=DOCUMENT,
                version=versions,
                created_by=owner,
                updated_by=editor if n % 3 == 0 else owner,
                created_at=start + timedelta(minutes=n),
                updated_at=start + timedelta(minutes=n * 50),
                published_at=start + timedelta(minutes=n * 50),
            )
            for n in range(templates)
        ]
        made = SavedTemplate.objects.bulk_create(rows, batch_size=BATCH)
        if made[0].pk is None:  # backends that do not return keys
            made = list(SavedTemplate.objects.filter(team=team).order_by("pk"))
        pending_versions: list[TemplateVersion] = []
        pending_entries: list[AuditEntry] = []
        for template in made:
            for number in range(1, versions + 1):
                when = template.created_at + timedelta(minutes=number * 5)
                author_id = editor.pk if number % 2 else owner.pk
                pending_versions.append(
                    # Ids, not instances: setting a relation costs more than the row.
                    TemplateVersion(
                        template_id=template.pk,
                        number=number,
                        values={},
                        document=DOCUMENT,
                        author_id=author_id,
                        created_at=when,
                        note="Created" if number == 1 else f"change {number}",
                    )
                )
                pending_entries.append(
                    AuditEntry(
                        team_id=team.pk,
                        actor_id=author_id,
                        action="created" if number == 1 else "changed",
                        template_id=template.pk,
                        subject=template.name,
                        detail=f"version {number}",
                        created_at=when,
                    )
                )
            if len(pending_versions) >= BATCH * 5:
                TemplateVersion.objects.bulk_create(pending_versions, batch_size=BATCH)
                AuditEntry.objects.bulk_create(pending_entries, batch_size=BATCH)
                pending_versions, pending_entries = [], []
        TemplateVersion.objects.bulk_create(pending_versions, batch_size=BATCH)
        AuditEntry.objects.bulk_create(pending_entries, batch_size=BATCH)
    return owner, team, made[len(made) // 2]


def pages(team, template, templates: int) -> list[tuple[str, str, dict[str, str]]]:
    from django.urls import reverse

    from policybuilder.teams.listing import PER_PAGE

    last = str(-(-templates // PER_PAGE))
    team_url = reverse("teams:detail", args=[team.slug])
    audit_url = reverse("teams:audit", args=[team.slug])
    library_url = reverse("library:index")
    template_url = reverse("teams:template", args=[team.slug, template.pk])
    return [
        ("team: first page", team_url, {}),
        ("team: middle page", team_url, {"page": str(int(last) // 2)}),
        ("team: last page", team_url, {"page": last}),
        ("team: name filter", team_url, {"q": "0042"}),
        ("team: scenario filter", team_url, {"scenario": "view-users", "page": "20"}),
        ("team: author filter", team_url, {"author": "editor", "page": "10"}),
        ("team: date filter", team_url, {"since": "2026-03-01", "until": "2026-03-31"}),
        ("library: first page", library_url, {}),
        ("library: last page", library_url, {"page": last}),
        ("library: name filter", library_url, {"q": "0042"}),
        ("audit: first page", audit_url, {}),
        ("audit: last page", audit_url, {"page": "999999"}),
        ("audit: author and action", audit_url, {"author": "owner", "scenario": "changed"}),
        ("audit: date filter", audit_url, {"since": "2026-02-01", "until": "2026-02-02"}),
        ("template: versions", template_url, {}),
        ("template: versions by author", template_url, {"author": "editor"}),
    ]


def measure(client, url: str, params: dict[str, str], runs: int) -> tuple[float, float, float, int]:
    """Median and slowest wall time, median CPU time of this process (less sensitive to other
    processes on a shared machine; it leaves out the database server's work on PostgreSQL), and
    the number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm-up: templates compiled, the session cached by the database
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return (
        statistics.median(times),
        max(times),
        statistics.median(cpu),
        len(queries.captured_queries),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--keep", metavar="DIR", help="SQLite in DIR, kept; built only when DIR has no team yet"
    )
    args = parser.parse_args()
    setup_django(args.keep)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from policybuilder.teams.models import SavedTemplate, Team

    started = time.perf_counter()
    team = Team.objects.filter(slug="big-team").first()
    if team is None:
        owner, team, template = build(args.templates, args.versions)
    else:
        owner = team.memberships.get().user
        template = SavedTemplate.objects.filter(team=team).order_by("pk")[args.templates // 2]
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: the planner's statistics and the
        # visibility map (index-only scans).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    built = time.perf_counter() - started
    engine = connection.vendor
    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} cores")
    print(
        f"{engine}: {args.templates:,} templates x {args.versions} versions "
        f"(+ as many audit entries) built in {built:.1f} s; DEBUG={settings.DEBUG}"
    )
    client = Client()
    client.force_login(owner)
    failed = False
    print(f"{'page':34} {'median ms':>9} {'max ms':>8} {'CPU ms':>7} {'queries':>7}")
    for label, url, params in pages(team, template, args.templates):
        median, slowest, cpu, count = measure(client, url, params, args.runs)
        over = median >= TARGET_MS or count > TARGET_QUERIES
        failed |= over
        mark = "  OVER TARGET" if over else ""
        print(f"{label:34} {median:9.1f} {slowest:8.1f} {cpu:7.1f} {count:7}{mark}")
    print(f"target: median under {TARGET_MS:.0f} ms and at most {TARGET_QUERIES} queries a page")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
