"""``simulate_policy``, ``compare_policies`` and ``access_summary``: the command-line contract.

Plain functions over argv and streams, so that the Django management commands
and the tests call the same code.  Results go to ``stdout``; problems go to
``stderr`` so that ``--format json`` output is always JSON.  Exit status:

- 0: done;
- 1: a policy is invalid: the validator found an ERROR (its findings are printed),
  or the document is not one the evaluator can read;
- 2: a usage problem, an unreadable file, or a requests file that is not JSON or
  holds a bad request (``requests[1].action: ...`` names it).

``-`` reads standard input, for one file of a command at most.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import IO, Any

from policybuilder.core.cli_io import Parser, Unreadable, UsageError, read_text
from policybuilder.core.validator import Finding, errors_among, validate

from .evaluate import evaluate
from .model import Policy, PolicyError, RequestError, load_policy, load_requests
from .summary import access_summary

#: Exit statuses.
OK, INVALID, USAGE = 0, 1, 2


class _Stop(Exception):
    """Raised with the exit status once the reason has been written to stderr."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _parser(prog: str, description: str) -> Parser:
    parser = Parser(prog=prog, description=description)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _run(prog: str, parser: Parser, argv: list[str], stderr: IO[str], body: Callable) -> int:
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        stderr.write(f"{prog}: {exc}\n")
        return USAGE
    files = [v for v in vars(args).values() if isinstance(v, str)]
    if files.count("-") > 1:
        stderr.write(f"{prog}: only one file can be read from standard input (-)\n")
        return USAGE
    try:
        return body(args)
    except _Stop as stop:
        return stop.status


# --- reading ----------------------------------------------------------------------------------


def _read(prog: str, name: str, stdin: IO[str], stderr: IO[str]) -> str:
    try:
        return read_text(name, stdin)
    except Unreadable as exc:
        stderr.write(f"{prog}: {exc}\n")
    raise _Stop(USAGE)


class InvalidPolicy(ValueError):
    """A policy the commands and the API refuse: the validator's errors, or the model's."""

    def __init__(self, message: str, findings: list[Finding], path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = findings
        self.path = path


def checked_policy(text: str) -> Policy:
    """The policy in ``text`` when the validator finds no ERROR; else :class:`InvalidPolicy`."""
    errors = errors_among(validate(text))
    if errors:
        count = len(errors)
        raise InvalidPolicy(
            f"{count} error{'s' if count != 1 else ''}: {errors[0].message}", errors, errors[0].path
        )
    try:
        return load_policy(text)
    except PolicyError as exc:
        raise InvalidPolicy(f"{exc.message} (at {exc.path})", [], exc.path) from None


def _policy(prog: str, name: str, text: str, stderr: IO[str]) -> Policy:
    """The policy in ``text``, or the validator's errors on stderr and exit status 1."""
    try:
        return checked_policy(text)
    except InvalidPolicy as exc:
        if not exc.findings:
            stderr.write(f"{prog}: {name} cannot be evaluated: {exc.message}\n")
            raise _Stop(INVALID) from None
        count = len(exc.findings)
        stderr.write(
            f"{prog}: {name} is not a valid policy ({count} error{'s' if count != 1 else ''}):\n"
        )
        for f in exc.findings:
            where = f"{f.line}:{f.column}" if f.line is not None else "-"
            stderr.write(f"  {where} {f.severity.value} {f.code} {f.path}\n    {f.message}\n")
        raise _Stop(INVALID) from None


def _json(value: Any, stdout: IO[str]) -> None:
    stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def request_error_text(exc: RequestError) -> str:
    """``requests[1].action: must be an action such as connect:DescribeUser.``"""
    message = exc.message.removeprefix(exc.field + " ")
    return f"{exc.field}: {message}"


# --- simulate_policy --------------------------------------------------------------------------


def simulate_main(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    prog = "simulate_policy"
    parser = _parser(prog, "Evaluate requests against one IAM identity-based policy, offline.")
    parser.add_argument("policy", metavar="POLICY.json", help="the policy; - for stdin")
    parser.add_argument(
        "--requests",
        required=True,
        metavar="REQUESTS.json",
        help='a JSON list of {"action", "resource", "context"}; - for stdin',
    )

    def body(args: argparse.Namespace) -> int:
        policy_text = _read(prog, args.policy, stdin, stderr)
        requests_text = _read(prog, args.requests, stdin, stderr)
        policy = _policy(prog, args.policy, policy_text, stderr)
        try:
            raw = json.loads(requests_text)
        except (ValueError, RecursionError) as exc:
            stderr.write(f"{prog}: {args.requests} is not JSON: {exc}\n")
            return USAGE
        try:
            requests = load_requests(raw)
        except RequestError as exc:
            stderr.write(f"{prog}: {args.requests}: {request_error_text(exc)}\n")
            return USAGE
        evaluations = [evaluate(policy, r) for r in requests]
        if args.format == "json":
            _json([e.to_dict() for e in evaluations], stdout)
            return OK
        for i, (request, evaluation) in enumerate(zip(requests, evaluations, strict=True)):
            deciding = ", ".join(policy.statements[s].label for s in evaluation.statements)
            stdout.write(
                f"requests[{i}] {request.action} on {request.resource}: {evaluation.decision}"
                + (f" ({deciding})" if deciding else "")
                + "\n"
            )
            for key, value in request.context.items():
                shown = ", ".join(value) if isinstance(value, tuple) else value
                stdout.write(f"  context {key} = {shown}\n")
            for line in evaluation.explanation:
                stdout.write(f"  {line}\n")
        return OK

    return _run(prog, parser, argv, stderr, body)


# --- compare_policies -------------------------------------------------------------------------


def compare_main(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    prog = "compare_policies"
    parser = _parser(prog, "Compare what two IAM identity-based policies allow, offline.")
    parser.add_argument("old", metavar="OLD.json", help="the policy before; - for stdin")
    parser.add_argument("new", metavar="NEW.json", help="the policy after; - for stdin")

    def body(args: argparse.Namespace) -> int:
        # Imported here: the comparison loads its solver, which the other commands never need.
        from .compare import compare

        old_text = _read(prog, args.old, stdin, stderr)
        new_text = _read(prog, args.new, stdin, stderr)
        old = _policy(prog, args.old, old_text, stderr)
        new = _policy(prog, args.new, new_text, stderr)
        comparison = compare(old, new)
        if args.format == "json":
            _json(comparison.to_dict(), stdout)
        else:
            write_comparison_text(comparison, stdout)
        return OK

    return _run(prog, parser, argv, stderr, body)


def write_comparison_text(comparison: Any, stdout: IO[str]) -> None:
    stdout.write(f"Verdict: {comparison.verdict}\n")
    reason = getattr(comparison, "reason", "")
    if reason:
        stdout.write(f"  {reason}\n")
    for title, witness in (
        ("NEW allows and OLD does not", comparison.broader_witness),
        ("OLD allows and NEW does not", comparison.narrower_witness),
    ):
        if witness is None:
            continue
        stdout.write(f"{title}: {witness.action} on {json.dumps(witness.resource)}\n")
        for key, value in witness.context.items():
            shown = ", ".join(value) if isinstance(value, tuple) else value
            stdout.write(f"  context {key} = {shown}\n")
    if comparison.summary:
        stdout.write("Summary:\n")
        for line in comparison.summary:
            stdout.write(f"  {line}\n")


# --- access_summary ---------------------------------------------------------------------------


def summary_main(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    prog = "access_summary"
    parser = _parser(prog, "List every action an IAM identity-based policy allows, offline.")
    parser.add_argument("policy", metavar="POLICY.json", help="the policy; - for stdin")

    def body(args: argparse.Namespace) -> int:
        policy = _policy(prog, args.policy, _read(prog, args.policy, stdin, stderr), stderr)
        summary = access_summary(policy)
        if args.format == "json":
            _json(summary.to_dict(), stdout)
        else:
            stdout.write(summary.to_text())
        return OK

    return _run(prog, parser, argv, stderr, body)


__all__ = [
    "INVALID",
    "InvalidPolicy",
    "checked_policy",
    "OK",
    "USAGE",
    "compare_main",
    "request_error_text",
    "simulate_main",
    "summary_main",
]
