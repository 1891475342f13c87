"""The embedded SQLite under several workers at once, as `make serve` runs it.

Each worker is a process of its own writing to one database file, with the production
settings. Deferred transactions would fail here with "database is locked" the moment two
of them upgrade to a write together; IMMEDIATE transactions with a busy timeout queue them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3
SAVES_EACH = 100

SETUP = """
import django; django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from policybuilder.teams import services
call_command("migrate", verbosity=0)
owner = get_user_model().objects.create_user("owner", password="not-used-here-1")
services.team_create(name="Team", owner=owner, slug="team")
"""

WORKER = """
import sys, django; django.setup()
from django.contrib.auth import get_user_model
from policybuilder.core import scenarios
from policybuilder.teams import services
from policybuilder.teams.models import Team
owner = get_user_model().objects.get(username="owner")
team = Team.objects.get(slug="team")
scenario = scenarios.get("view-users")
worker = sys.argv[1]
for n in range(int(sys.argv[2])):
    template = services.template_create(
        team=team, scenario=scenario, raw_values=scenario.example_values(),
        name=f"{worker}-{n}", author=owner,
    )
    services.template_save_version(
        template=template, raw_values=scenario.example_values(), base_version=1, author=owner,
    )
    # Reads (is the slug free?), then writes, in one transaction.
    services.team_create(name=f"{worker} team {n}", owner=owner)
"""

COUNT = """
import django; django.setup()
from policybuilder.teams.models import SavedTemplate, Team, TemplateVersion
print(SavedTemplate.objects.count(), TemplateVersion.objects.count(), Team.objects.count())
"""


def production_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    return env | {
        "DJANGO_SETTINGS_MODULE": "policybuilder.settings",
        "POLICYBUILDER_ENV": "production",
        "SECRET_KEY": "k7Qm2-rVx9LwT4pZcN8yB3sD6fH1jG5aE0uI2oP7lK9mX4vC8nR3tY6wQ1zS5dF0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "POLICYBUILDER_DATA_DIR": str(data_dir),
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    }


def python(script: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_workers_writing_at_once_to_sqlite_all_succeed(tmp_path):
    env = production_env(tmp_path)
    setup = python(SETUP, env)
    assert setup.returncode == 0, setup.stderr
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, f"w{i}", str(SAVES_EACH)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WORKERS)
    ]
    failures = [err for w in workers if (err := w.communicate(timeout=300)[1]) and w.returncode]
    assert failures == []
    counted = python(COUNT, env)
    saves = WORKERS * SAVES_EACH
    assert counted.stdout.split() == [str(saves), str(2 * saves), str(saves + 1)]
