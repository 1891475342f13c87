"""Cold start of the validator's command line against `manage.py check`, in one run.

Usage: .venv/bin/python benchmarks/cold_start.py [--repeat N]

Runs, alternately so that a busy moment of the machine hits both alike, N times each:

* ``manage.py check`` (Django starts, loads every app and the URLconf, runs the system checks);
* ``manage.py validate_policy small.json`` on a two-statement policy written to a temporary
  directory (Django starts, then the validator loads the grammar and the catalogue data of the
  services the policy names).

Each is a new interpreter with the development settings (no environment needed) and the
bytecode already compiled (one untimed run of each first). Prints the median and the spread of
the wall times and the ratio of the medians. Target: validate_policy under 1.3 times check.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 1.3

SMALL_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DescribeUsers",
            "Effect": "Allow",
            "Action": ["connect:DescribeUser", "connect:ListUsers"],
            "Resource": "arn:aws:connect:us-east-1:111122223333:instance/*",
        },
        {
            "Sid": "ReadKey",
            "Effect": "Allow",
            "Action": "kms:Decrypt",
            "Resource": "arn:aws:kms:us-east-1:111122223333:key/"
            "1234abcd-12ab-34cd-56ef-1234567890ab",
        },
    ],
}


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):  # validate_policy exits 1 when it finds an ERROR
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("POLICYBUILDER_ENV", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    with tempfile.TemporaryDirectory(prefix="pb-cold-") as name:
        policy = Path(name) / "small.json"
        policy.write_text(json.dumps(SMALL_POLICY, indent=2))
        commands = {
            "manage.py check": [sys.executable, "manage.py", "check"],
            "manage.py validate_policy small.json": [
                sys.executable,
                "manage.py",
                "validate_policy",
                str(policy),
            ],
        }
        times: dict[str, list[float]] = {label: [] for label in commands}
        for command in commands.values():
            timed(command, env)  # compile bytecode, warm the page cache
        for _ in range(args.repeat):
            for label, command in commands.items():
                times[label].append(timed(command, env))
    medians = {label: statistics.median(values) for label, values in times.items()}
    baseline = medians["manage.py check"]
    print(f"{args.repeat} runs each, alternating; Python {sys.version.split()[0]}")
    print("| command | median ms | min ms | max ms | ratio |\n|---|---|---|---|---|")
    for label, values in times.items():
        print(
            f"| `{label}` | {medians[label] * 1000:.0f} | {min(values) * 1000:.0f} | "
            f"{max(values) * 1000:.0f} | {medians[label] / baseline:.2f}x |"
        )
    ratio = medians["manage.py validate_policy small.json"] / baseline
    verdict = "met" if ratio < TARGET else "MISSED"
    print(f"\nvalidate_policy at {ratio:.2f}x check (target < {TARGET}x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
