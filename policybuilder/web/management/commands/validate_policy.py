"""``manage.py validate_policy FILE... [--format text|json] [--quota ...]``: the core CLI."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from policybuilder.core.validator.cli import main


class Command(BaseCommand):
    help = (
        "Validate IAM identity-based policy files offline (- reads standard input). "
        "Exit status 1 when any finding is an ERROR."
    )
    requires_system_checks: list[str] = []

    def run_from_argv(self, argv: list[str]) -> None:
        # The core parser owns the arguments and the exit status; Django's would hide both.
        status = main(argv[2:], sys.stdin, self.stdout._out)
        self.stdout.flush()
        sys.exit(status)

    def handle(self, *args, **options) -> None:
        raise CommandError("call validate_policy from the command line (manage.py validate_policy)")
