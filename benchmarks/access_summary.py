"""Time the access summary on AWS's managed policies, against the evaluator in the same run.

    POLICYBUILDER_CORPUS=../shared/corpus/aws-managed-policies \
        .venv/bin/python benchmarks/access_summary.py

For every policy of up to 10 KB: the time of ``access_summary(policy).to_dict()`` (catalogue
already loaded, best of three), printed as p50/p95/max, and the same policies' cost of one
``evaluate`` call as the baseline measured in this run, so the figure is a ratio that does not
depend on how busy the machine is.  Target: a 10 KB policy is summarised in under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policybuilder.core.semantics.evaluate import evaluate  # noqa: E402
from policybuilder.core.semantics.model import PolicyError, Request, load_policy  # noqa: E402
from policybuilder.core.semantics.summary import access_summary  # noqa: E402

LIMIT = 10_240


def corpus() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (
        os.environ.get("POLICYBUILDER_CORPUS"),
        here / "../shared/corpus/aws-managed-policies",
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    sys.exit("AWS managed policy corpus not found; set POLICYBUILDER_CORPUS")


def best_of(work, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    policies = []
    for path in sorted(corpus().glob("*.json")):
        text = path.read_text(encoding="utf-8")
        if len(text) <= LIMIT:
            try:
                policies.append((path.name, len(text), load_policy(text)))
            except PolicyError:
                continue
    for _, _, policy in policies:  # load every named service's catalogue once
        access_summary(policy)
    request = Request(action="connect:DescribeUser", resource="*")
    summary_ms, evaluate_ms, largest = [], [], (0, "", 0.0)
    for name, size, policy in policies:
        spent = best_of(lambda p=policy: access_summary(p).to_dict()) * 1000
        summary_ms.append(spent)
        evaluate_ms.append(best_of(lambda p=policy: evaluate(p, request)) * 1000)
        if size > largest[0]:
            largest = (size, name, spent)
    q = statistics.quantiles(summary_ms, n=100)
    e = statistics.quantiles(evaluate_ms, n=100)
    print(f"{len(policies)} managed policies of up to {LIMIT:,} characters")
    print(f"access_summary: p50 {q[49]:.2f} ms, p95 {q[94]:.2f} ms, max {max(summary_ms):.1f} ms")
    print(f"evaluate (one request, baseline): p50 {e[49]:.3f} ms, p95 {e[94]:.3f} ms")
    print(f"summary / evaluate at p50: {q[49] / e[49]:.0f}x")
    print(
        f"largest: {largest[1]} ({largest[0]:,} characters) in {largest[2]:.1f} ms (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
