"""``manage.py list_scenarios``: the scenario catalogue, for people and for scripts.

Thin glue over :mod:`policybuilder.core.scenarios`; the JSON form is each
scenario's ``describe()`` so scripts see exactly what the web form and
``render_policy`` accept.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from policybuilder.core.scenarios import SCENARIOS


class Command(BaseCommand):
    help = (
        "List the policy scenarios. --format text (default) prints one line per scenario: "
        "slug, then title. --format json prints a list with each scenario's slug, title, area, "
        "summary and parameters (name, type, label, help, required, multiple, example, and "
        "choices where there are some)."
    )
    # Listing reads only the in-code catalogue: no database, no need for system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="text: one line per scenario (default); json: machine-readable details.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] == "json":
            data = [scenario.describe() for scenario in SCENARIOS]
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        width = max(len(scenario.slug) for scenario in SCENARIOS)
        for scenario in SCENARIOS:
            self.stdout.write(f"{scenario.slug:<{width}}  {scenario.title}")
