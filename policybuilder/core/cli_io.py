"""What the core's command-line front ends share (``validate_policy`` and the evaluator's three
commands): an argument parser that raises instead of exiting, and one file reader."""

from __future__ import annotations

import argparse
from typing import IO


class UsageError(Exception):
    """A bad command line; the message is argparse's."""


class Parser(argparse.ArgumentParser):
    """argparse that raises :class:`UsageError` instead of printing to sys.stderr and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


class Unreadable(Exception):
    """A file that could not be read; the message ('cannot read NAME: ...') says why."""


def read_text(name: str, stdin: IO[str], *, undecodable: str = "strict") -> str:
    """The text of the file ``name`` (``-``: standard input), without a UTF-8 byte-order mark
    (a BOM is no part of the JSON).  A file that is not UTF-8 is :class:`Unreadable`, unless
    ``undecodable="replace"``: then its stray bytes are read as U+FFFD."""
    if name == "-":
        return stdin.read()
    try:
        with open(name, encoding="utf-8-sig", errors=undecodable) as handle:
            return handle.read()
    except UnicodeDecodeError:
        raise Unreadable(f"cannot read {name}: it is not UTF-8 text") from None
    except OSError as exc:
        raise Unreadable(f"cannot read {name}: {exc.strerror or exc}") from None
