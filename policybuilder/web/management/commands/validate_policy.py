"""``manage.py validate_policy FILE... [--format text|json] [--quota ...]``: the core CLI."""

from __future__ import annotations

from typing import IO

from policybuilder.core.validator.cli import main as validate
from policybuilder.web.management.core_command import CoreCommand


class Command(CoreCommand):
    help = (
        "Validate IAM identity-based policy files offline (- reads standard input). "
        "Exit status 1 when any finding is an ERROR."
    )

    def main(self, argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
        return validate(argv, stdin, stdout)
