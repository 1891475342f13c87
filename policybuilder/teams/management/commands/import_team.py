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
        parser.add_argument(
            "--restore-shares",
            action="store_true",
            help="share the templates again with the teams of this installation that have the "
            "slugs the file names (without it, the import only names those teams)",
        )

    def handle(
        self,
        *args: Any,
        file: str,
        rename: str | None,
        restore_shares: bool = False,
        **options: Any,
    ) -> None:
        try:
            if file == "-":
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as source:
                    data = json.load(source)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        except RecursionError:
            raise CommandError(f"{file} is nested too deeply to read.") from None
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, a 5,000-digit number
            raise CommandError(f"{file} is not JSON: {exc}.") from None
        try:
            result = import_team(data, slug=rename, restore_shares=restore_shares)
        except PortabilityError as exc:
            raise CommandError(f"{file} was not imported: {exc}.") from None
        self.stdout.write(
            f"Imported team {result.team.slug}: {result.templates} template(s), "
            f"{result.versions} version(s), {result.shares} share(s), "
            f"{result.access_rules} rule(s), {result.audit_entries} audit entr(ies)."
        )
        offered = ", ".join(
            f"{slug} ({count} template{'s' if count > 1 else ''})"
            for slug, count in sorted(result.local_share_teams.items())
        )
        if offered and restore_shares:
            self.stdout.write(f"Shared with {offered}: they can read those templates now.")
        elif offered:
            self.stderr.write(
                f"Not shared with the teams of this installation that have the file's slugs: "
                f"{offered}. Check that they are the teams meant, then import with "
                "--restore-shares to give them read access (or share from the template's page)."
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
