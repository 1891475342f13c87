"""`manage.py import_team FILE [--rename NEW_SLUG]`: the reverse of export_team."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from policybuilder.teams.portability import PortabilityError, import_team


class Command(BaseCommand):
    help = (
        "Create a team from a file written by export_team. Refuses a slug that exists "
        "already unless --rename gives another one. Nothing is written if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON file written by export_team; - for stdin")
        parser.add_argument(
            "--rename", metavar="NEW_SLUG", help="import the team under this slug instead"
        )

    def handle(self, *args: Any, file: str, rename: str | None, **options: Any) -> None:
        try:
            if file == "-":
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as source:
                    data = json.load(source)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file} is not JSON: {exc}.") from None
        try:
            result = import_team(data, slug=rename)
        except PortabilityError as exc:
            raise CommandError(f"{file} was not imported: {exc}.") from None
        self.stdout.write(
            f"Imported team {result.team.slug}: {result.templates} template(s), "
            f"{result.versions} version(s), {result.shares} share(s), "
            f"{result.access_rules} rule(s), {result.audit_entries} audit entr(ies)."
        )
        if result.missing_teams:
            self.stderr.write(
                "No team here for "
                + ", ".join(sorted(result.missing_teams))
                + ": the templates shared with them are not shared; share them again once "
                "those teams exist."
            )
        if result.duplicate_names:
            self.stderr.write(
                "Several templates share the name "
                + ", ".join(repr(name) for name in result.duplicate_names)
                + ": imported as they are and marked in the team's list; "
                "rename them so that each name is used once."
            )
        if result.missing_users:
            self.stderr.write(
                "No account here for "
                + ", ".join(sorted(result.missing_users))
                + ": their versions are kept without an author and they are not members."
            )
