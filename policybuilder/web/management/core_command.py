"""The management commands that hand their whole command line to a core ``main``."""

from __future__ import annotations

import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError


class CoreCommand(BaseCommand):
    """A command whose arguments, output and exit status belong to a core function.

    A subclass gives its ``help`` and :meth:`main` (argv without the program and command
    names, then stdin, stdout and stderr; returns the exit status), often a core function as
    ``main = staticmethod(simulate_main)``.
    """

    requires_system_checks: list[str] = []

    def main(self, argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
        raise NotImplementedError

    def run_from_argv(self, argv: list[str]) -> None:
        # The core parser owns the arguments and the exit status; Django's would hide both.
        # django-stubs type OutputWrapper._out, the stream it wraps, as a callable.
        out: IO[str] = self.stdout._out  # type: ignore[assignment]
        err: IO[str] = self.stderr._out  # type: ignore[assignment]
        status = self.main(argv[2:], sys.stdin, out, err)
        self.stdout.flush()
        sys.exit(status)

    def handle(self, *args: Any, **options: Any) -> None:
        name = type(self).__module__.rpartition(".")[2]
        raise CommandError(f"call {name} from the command line (manage.py {name})")
