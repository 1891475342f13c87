"""``manage.py simulate_policy POLICY.json --requests REQUESTS.json [--format text|json]``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from policybuilder.core.semantics.cli import simulate_main


class Command(BaseCommand):
    help = (
        "Evaluate a JSON list of requests against an IAM identity-based policy, offline "
        "(- reads standard input). Exit status 1 for an invalid policy, 2 for a bad requests file."
    )
    requires_system_checks: list[str] = []

    def run_from_argv(self, argv: list[str]) -> None:
        # The core parser owns the arguments and the exit status; Django's would hide both.
        status = simulate_main(argv[2:], sys.stdin, self.stdout._out, self.stderr._out)
        self.stdout.flush()
        sys.exit(status)

    def handle(self, *args, **options) -> None:
        raise CommandError("call simulate_policy from the command line (manage.py simulate_policy)")
