"""``manage.py access_summary POLICY.json [--format text|json]``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from policybuilder.core.semantics.cli import summary_main


class Command(BaseCommand):
    help = (
        "List every action an IAM identity-based policy allows, by service and access level "
        "(- reads standard input). Exit status 1 for an invalid policy."
    )
    requires_system_checks: list[str] = []

    def run_from_argv(self, argv: list[str]) -> None:
        # The core parser owns the arguments and the exit status; Django's would hide both.
        status = summary_main(argv[2:], sys.stdin, self.stdout._out, self.stderr._out)
        self.stdout.flush()
        sys.exit(status)

    def handle(self, *args, **options) -> None:
        raise CommandError("call access_summary from the command line (manage.py access_summary)")
