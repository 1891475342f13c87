"""``manage.py compare_policies OLD.json NEW.json [--format text|json]``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from policybuilder.core.semantics.cli import compare_main


class Command(BaseCommand):
    help = (
        "Compare what two IAM identity-based policies allow, with a request that shows each "
        "difference (- reads standard input). Exit status 1 for an invalid policy."
    )
    requires_system_checks: list[str] = []

    def run_from_argv(self, argv: list[str]) -> None:
        # The core parser owns the arguments and the exit status; Django's would hide both.
        status = compare_main(argv[2:], sys.stdin, self.stdout._out, self.stderr._out)
        self.stdout.flush()
        sys.exit(status)

    def handle(self, *args, **options) -> None:
        raise CommandError(
            "call compare_policies from the command line (manage.py compare_policies)"
        )
