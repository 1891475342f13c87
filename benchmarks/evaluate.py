"""The evaluator against iam-simulate, and the comparison's time on real policy pairs.

Usage: .venv/bin/python benchmarks/evaluate.py [--requests 2000] [--repeat 3] [--pairs 200]
                                               [--corpus PATH] [--seed 14] [--skip-managed]

1. **Requests per second.** The same fixed-seed batch of random Connect-flavoured policies
   and requests (``tests/differential/connect_policies.batch``, as the differential test)
   through our ``evaluate`` and through @cloud-copilot/iam-simulate (``make node-deps``
   installs it). Ours: ``load_policy`` + ``load_request`` + ``evaluate`` per request, from the
   parsed JSON, with the evaluator's caches emptied before each pass. iam-simulate: one node
   process reads the whole batch first, then times each pass over it inside node with a
   monotonic clock (start-up and JSON parsing excluded on both sides): ``runSimulation`` (the
   documented entry point, which also validates its input) and ``runUnsafeSimulation`` (the
   evaluation alone; it reads ``*`` as a pattern even for actions that take no resource, so
   its answers differ there). ``--repeat`` rounds, each a pass of ours and a node process per
   entry point (the faster of two passes); each pass timed by the wall clock and by the
   process's CPU time (which leaves out waiting for a core on a shared machine). Ratios are
   taken within each round and their median reported. Target: ours >= 3x runSimulation.
2. **compare() on the scenarios.** Every ordered pair of the scenarios (12 in the release
   this was written for; the table says how many) rendered with their example values (as
   tests/core/test_scenarios_validate_clean.py renders them), and each scenario against each
   of its guardrail variants (MFA, TLS, one region, one instance, via service, all at once)
   both ways. Target: p95 <= 100 ms.
3. **compare() on AWS managed policies** up to 10 KB from ``--corpus``
   (``$POLICYBUILDER_CORPUS``, else ``../shared/corpus/aws-managed-policies``): ``--pairs``
   pairs, a fixed-seed draw of one half "the policy without one of its statements", one
   quarter "the next policy of the same family" (names sorted; the longest common prefix at
   least 12 characters, e.g. AmazonConnectFullAccess / AmazonConnectReadOnlyAccess) and one
   quarter random pairs. Target: p95 <= 1 s.

Each comparison is timed alone after a warm-up comparison (z3's import is not counted);
verdicts are counted, "unknown" included.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "differential"))

import connect_policies  # noqa: E402
import iam_simulate  # noqa: E402

from policybuilder.core import scenarios  # noqa: E402
from policybuilder.core.semantics import evaluate as evaluate_module  # noqa: E402
from policybuilder.core.semantics.compare import compare  # noqa: E402
from policybuilder.core.semantics.evaluate import evaluate  # noqa: E402
from policybuilder.core.semantics.model import PolicyError, load_policy, load_request  # noqa: E402

MAX_POLICY_BYTES = 10 * 1024


def default_corpus() -> Path:
    configured = os.environ.get("POLICYBUILDER_CORPUS")
    return Path(configured) if configured else REPO.parent / "shared/corpus/aws-managed-policies"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --- 1. requests per second ----------------------------------------------------------------------


def _clear_evaluator_caches() -> None:
    evaluate_module._POLICY_CACHE.clear()
    for name in dir(evaluate_module):
        member = getattr(evaluate_module, name)
        if callable(getattr(member, "cache_clear", None)):
            member.cache_clear()


def time_ours(pairs) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds of one pass, and the decisions."""
    _clear_evaluator_caches()
    cpu, start = time.process_time(), time.perf_counter()
    decisions = [evaluate(load_policy(p), load_request(r)).decision for p, r in pairs]
    return time.perf_counter() - start, time.process_time() - cpu, decisions


ENGINES = (("runSimulation", "simulate"), ("runUnsafeSimulation", "unsafe"))


def throughput(size: int, rounds: int, seed: int) -> list[dict[str, Any]]:
    """``rounds`` rounds, each one pass of ours and then, for each iam-simulate entry point,
    a node process timing two passes of which the faster counts (the first loads its data).
    Each pass is timed by the wall clock and by the process's CPU time; the CPU time does not
    count the time the process waited for a core, so on a shared machine its ratio is the
    steadier one. Ratios are taken within a round; the table shows medians."""
    pairs = connect_policies.batch(seed, size)
    ours: dict[str, list[float]] = {"wall": [], "cpu": []}
    theirs = {name: {"wall": [], "cpu": []} for name, _ in ENGINES}
    agree: dict[str, float] = {}
    version = ""
    for _ in range(rounds):
        wall, cpu, decisions = time_ours(pairs)
        ours["wall"].append(wall)
        ours["cpu"].append(cpu)
        for name, engine in ENGINES:
            result = iam_simulate.run(pairs, repeat=2, engine=engine)
            version = result.version
            best = min(range(2), key=lambda i, r=result: r.cpu_ms[i])
            theirs[name]["wall"].append(min(result.passes_ms) / 1000)
            theirs[name]["cpu"].append(result.cpu_ms[best] / 1000)
            agree[name] = (
                sum(a.decision == d for a, d in zip(result.answers, decisions, strict=True)) / size
            )

    def rps(seconds: list[float]) -> float:
        return size / statistics.median(seconds)

    rows = [
        {
            "engine": "policybuilder evaluate",
            "wall_rps": rps(ours["wall"]),
            "cpu_rps": rps(ours["cpu"]),
            "agree": None,
        }
    ]
    for name, _ in ENGINES:
        row = {
            "engine": f"iam-simulate {version} {name}",
            "wall_rps": rps(theirs[name]["wall"]),
            "cpu_rps": rps(theirs[name]["cpu"]),
            "agree": agree[name],
        }
        for clock in ("wall", "cpu"):
            ratios = [t / o for t, o in zip(theirs[name][clock], ours[clock], strict=True)]
            row[f"{clock}_ratio"] = statistics.median(ratios)
            row[f"{clock}_ratios"] = ratios
        rows.append(row)
    return rows


# --- 2. and 3. compare() -------------------------------------------------------------------------


def scenario_documents() -> tuple[dict[str, Any], list[tuple[str, str, Any, Any]]]:
    """The 12 example renderings by slug, and (slug, variant, base, variant document)."""
    base: dict[str, Any] = {}
    variants = []
    for scenario in scenarios.SCENARIOS:
        values = scenario.example_values()
        rendering = scenarios.render(scenario, values)
        assert rendering.ok, (scenario.slug, rendering.errors)
        base[scenario.slug] = rendering.document
        options: dict[str, dict[str, Any]] = {
            "mfa": {"guard_mfa": True},
            "tls": {"guard_tls": True},
            "one region": {"guard_regions": ["us-east-1"]},
        }
        if scenario.instance_guard_applies:
            options["one instance"] = {"guard_instance": True}
        if scenario.via_service_guard_applies:
            options["via service"] = {"guard_via_service": True}
        options["all"] = {k: v for option in list(options.values()) for k, v in option.items()}
        for name, option in options.items():
            guarded = scenarios.render(scenario, values | option)
            if guarded.ok:
                variants.append((scenario.slug, name, rendering.document, guarded.document))
    return base, variants


WARM_UP = (
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "connect:Describe*", "Resource": "*"}],
    },
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "connect:DescribeUser",
                "Resource": "arn:aws:connect:*:*:instance/*",
                "Condition": {"StringEquals": {"aws:ResourceTag/Department": "Test"}},
            }
        ],
    },
)


def time_compare(pairs: list[tuple[Any, Any]]) -> tuple[list[float], list[str]]:
    times, verdicts = [], []
    for old, new in pairs:
        start = time.perf_counter()
        result = compare(old, new)
        times.append(time.perf_counter() - start)
        verdicts.append(result.verdict)
    return times, verdicts


def managed_pairs(corpus: Path, count: int, seed: int) -> list[tuple[str, Any, Any]]:
    policies: dict[str, Any] = {}
    for path in sorted(corpus.glob("*.json")):
        if path.stat().st_size > MAX_POLICY_BYTES:
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        try:
            load_policy(document)
        except PolicyError:
            continue
        policies[path.stem] = document
    names = sorted(policies)
    rng = random.Random(seed)
    pairs: list[tuple[str, Any, Any]] = []
    several = [n for n in names if len(load_policy(policies[n]).statements) >= 2]
    for name in rng.sample(several, min(len(several), count // 2)):
        document = policies[name]
        statements = list(document["Statement"])
        del statements[rng.randrange(len(statements))]
        pairs.append(("one statement removed", document, {**document, "Statement": statements}))
    family = [
        (a, b)
        for a, b in zip(names, names[1:], strict=False)
        if len(os.path.commonprefix([a, b])) >= 12
    ]
    for a, b in rng.sample(family, min(len(family), count // 4)):
        pairs.append(("next of the same family", policies[a], policies[b]))
    while len(pairs) < count:
        a, b = rng.sample(names, 2)
        pairs.append(("random pair", policies[a], policies[b]))
    return pairs


def summary_row(label: str, times: list[float], verdicts: list[str]) -> dict[str, Any]:
    return {
        "pairs": label,
        "n": len(times),
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "max_ms": max(times) * 1000,
        "verdicts": dict(sorted(Counter(verdicts).items())),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the throughput run")
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--skip-managed", action="store_true")
    args = parser.parse_args()

    try:
        iam_simulate.check_installed()
    except iam_simulate.HarnessMissing as missing:
        print(f"evaluate.py: {missing}", file=sys.stderr)
        return 2

    rows = throughput(args.requests, args.repeat, args.seed)
    print(
        f"## Requests per second ({args.requests} requests, seed {args.seed}, "
        f"{args.repeat} rounds; medians)\n"
    )
    print(
        "| engine | req/s, CPU time | req/s, wall clock | agrees with ours "
        "| ours ÷ it, CPU (each round) | ours ÷ it, wall |"
    )
    print("|---|---:|---:|---:|---|---:|")
    for row in rows:
        agree = "" if row["agree"] is None else f"{row['agree']:.1%}"
        cpu = wall = ""
        if "cpu_ratio" in row:
            rounds = ", ".join(f"{r:.1f}" for r in row["cpu_ratios"])
            cpu = f"**{row['cpu_ratio']:.1f}x** ({rounds})"
            wall = f"{row['wall_ratio']:.1f}x"
        print(
            f"| {row['engine']} | {row['cpu_rps']:,.0f} | {row['wall_rps']:,.0f} | {agree} "
            f"| {cpu} | {wall} |"
        )

    compare(*WARM_UP)  # z3's import and the catalogue's first loads
    base, variants = scenario_documents()
    slugs = sorted(base)
    scenario_pairs = [(base[a], base[b]) for a in slugs for b in slugs if a != b]
    guard_pairs = [(b, v) for _, _, b, v in variants] + [(v, b) for _, _, b, v in variants]
    results = [
        summary_row(
            f"{len(slugs)} scenarios × each other (ordered)", *time_compare(scenario_pairs)
        ),
        summary_row("scenario × its guardrail variants (both ways)", *time_compare(guard_pairs)),
    ]
    if not args.skip_managed:
        corpus = args.corpus or default_corpus()
        if not corpus.is_dir():
            print(f"evaluate.py: no corpus at {corpus}", file=sys.stderr)
            return 2
        drawn = managed_pairs(corpus, args.pairs, args.seed)
        times, verdicts = time_compare([(a, b) for _, a, b in drawn])
        results.append(
            summary_row(f"managed policies ≤ 10 KB ({len(drawn)} pairs)", times, verdicts)
        )
        for kind in ("one statement removed", "next of the same family", "random pair"):
            picked = [i for i, (k, _, _) in enumerate(drawn) if k == kind]
            results.append(
                summary_row(f"… {kind}", [times[i] for i in picked], [verdicts[i] for i in picked])
            )

    print("\n## compare() per pair\n")
    print("| pairs | n | p50 ms | p95 ms | max ms | verdicts |")
    print("|---|---:|---:|---:|---:|---|")
    for row in results:
        verdicts = ", ".join(f"{k} {v}" for k, v in row["verdicts"].items())
        print(
            f"| {row['pairs']} | {row['n']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['max_ms']:.0f} | {verdicts} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
