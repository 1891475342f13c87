"""`manage.py export_team SLUG FILE`: a team's templates with their history, as JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from policybuilder.teams.models import Team
from policybuilder.teams.portability import export_team


class Command(BaseCommand):
    help = (
        "Write a team's templates, trashed ones included, with every version (values, "
        "document, author by username, time, note) to FILE as JSON ('-' for standard output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the team's slug, as in /teams/SLUG/")
        parser.add_argument("file", help="where to write the JSON; - for standard output")
        parser.add_argument(
            "--audit", action="store_true", help="include the team's audit log as well"
        )

    def handle(self, *args: Any, slug: str, file: str, audit: bool, **options: Any) -> None:
        team = Team.objects.filter(slug=slug).first()
        if team is None:
            known = ", ".join(Team.objects.values_list("slug", flat=True)[:20]) or "none"
            raise CommandError(f"There is no team with the slug {slug!r} (teams: {known}).")
        data = export_team(team, audit=audit)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        if file == "-":
            sys.stdout.write(text)
            return
        try:
            with open(file, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            raise CommandError(f"Cannot write {file}: {exc.strerror}.") from None
        versions = sum(len(t["versions"]) for t in data["templates"])
        self.stderr.write(
            f"Exported {team.slug}: {len(data['templates'])} template(s), "
            f"{versions} version(s) to {file}."
        )
