"""``manage.py access_summary POLICY.json [--format text|json]``."""

from __future__ import annotations

from typing import IO

from policybuilder.core.semantics.cli import summary_main
from policybuilder.web.management.core_command import CoreCommand


class Command(CoreCommand):
    help = (
        "List every action an IAM identity-based policy allows, by service and access level "
        "(- reads standard input). Exit status 1 for an invalid policy."
    )

    def main(self, argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
        return summary_main(argv, stdin, stdout, stderr)
