"""``manage.py render_policy``: one scenario's policy document from the command line.

Thin glue: argument parsing is :mod:`policybuilder.core.cli_values`, cleaning
and rendering are the core engine, so the CLI and the web form can never
disagree about what a value means or what the document looks like.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from policybuilder.core import scenarios
from policybuilder.core.cli_values import build_raw

DESCRIPTION = """\
Render the IAM policy document of one scenario (see list_scenarios) as canonical JSON.

Values:
  --example             start from every parameter's example value.
  --set NAME=VALUE      set a parameter; split at the first '=', so
                        --set tags=Department=Test sets tags to Department=Test.
                        Repeat --set for several values:
  - tags, actions (multiple-valued): repeated --set accumulate, in order; the
    first --set of such a parameter replaces its example value.
    Several tags:  --set tags=Department=Test --set tags=Team=Blue
    Actions:       --set actions=connect:DescribeUser,connect:ListUsers
                   (comma-separated or repeated; full service:Action names)
  - every other parameter: the last --set wins.
  NAME= (empty value) clears a parameter, e.g. --set account= for "any account".
  The parameter names, types and examples: list_scenarios --format json.
  A parameter that only applies to another choice (view-users' instance when
  scope=account) is ignored unless that choice is made.

Errors (unknown scenario, unknown parameter, a value that breaks a rule) exit
non-zero with one line per problem, NAME: rule, and write nothing.
--output FILE writes the document atomically (a temporary file in the same
directory, then renamed), so FILE is either the old content or the new.
"""


class Command(BaseCommand):
    help = "Render a scenario's IAM policy document as JSON."
    # Rendering is pure Python over the in-code catalogue; it must not fail because
    # an unrelated part of the project has a system-check warning.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = DESCRIPTION
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slug", help="The scenario's slug, e.g. view-users.")
        parser.add_argument(
            "--example",
            action="store_true",
            help="Fill every parameter with its example value (then apply --set).",
        )
        parser.add_argument(
            "--set",
            dest="assignments",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="Set a parameter; repeatable (see above).",
        )
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="Write the document to FILE instead of standard output.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scenario = scenarios.get(options["slug"])
        except scenarios.UnknownScenario as exc:
            raise CommandError(str(exc)) from None
        base = scenario.example_values() if options["example"] else {}
        raw, assignment_errors = build_raw(scenario.all_params, options["assignments"], base=base)
        # Render even when some assignments were unusable, so one run reports every problem.
        rendering = scenarios.render(scenario, raw)
        problems = [f"{e.name}: {e.message}" for e in assignment_errors]
        order = [p.name for p in scenario.all_params]
        names = sorted(rendering.errors, key=lambda n: order.index(n) if n in order else len(order))
        problems.extend(f"{n}: {rendering.errors[n]}" for n in names)
        if problems or rendering.text is None:
            raise CommandError(_lines(problems))
        if options["output"]:
            write_atomically(Path(options["output"]), rendering.text)
        else:
            self.stdout.write(rendering.text, ending="")


def _lines(lines: list[str]) -> str:
    """Several problems as one message: a heading line, then one indented line each."""
    return "cannot render the policy:\n" + "\n".join(f"  {line}" for line in lines)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader never sees a half-written file.

    The temporary file is in the target's directory so ``os.replace`` is a
    rename on one file system (atomic on POSIX).  A failure leaves no
    temporary file behind and the target untouched.
    """
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(f"--output: directory {str(directory)!r} does not exist.")
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise CommandError(f"--output: cannot write {str(path)!r}: {exc.strerror}.") from exc
        raise


def _default_mode() -> int:
    """What a plain ``open(path, 'w')`` would give: 0o666 less the umask.

    mkstemp creates files 0o600; a policy document is not secret, and users
    expect the same permissions as from shell redirection.
    """
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
