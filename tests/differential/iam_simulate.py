"""Run a batch of (policy, request) pairs through iam-simulate in one node process.

``harness.mjs`` beside this file does the work; this module feeds it JSON lines and reads
its answers. Used by the differential test and by ``benchmarks/evaluate.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "harness.mjs"
PACKAGE = HERE / "node_modules" / "@cloud-copilot" / "iam-simulate" / "package.json"


class HarnessMissing(RuntimeError):
    """node or the pinned npm packages are not installed."""


@dataclass(frozen=True)
class Answer:
    decision: str | None  # "allow" | "explicit_deny" | "implicit_deny"; None on an error
    error: str | None  # iam-simulate's validation message, e.g. "multiple.resource.types"
    ignored: tuple[str, ...]  # context keys iam-simulate left out for this action


@dataclass(frozen=True)
class Result:
    answers: list[Answer]
    passes_ms: list[float]  # time of each pass over the whole batch, measured inside node
    cpu_ms: list[float]  # node's CPU time (user + system, all its threads) in each pass
    version: str


def check_installed() -> str:
    """The pinned iam-simulate version, or HarnessMissing saying how to install it."""
    if shutil.which("node") is None:
        raise HarnessMissing("node is not on PATH: the differential test needs Node.js 20+")
    if not PACKAGE.exists():
        raise HarnessMissing(
            f"@cloud-copilot/iam-simulate is not installed in {HERE}: run `make node-deps` "
            "(npm ci in tests/differential)"
        )
    return json.loads(PACKAGE.read_text())["version"]


def run(
    pairs: list[tuple[dict[str, Any], dict[str, Any]]], repeat: int = 1, engine: str = "simulate"
) -> Result:
    """``engine``: "simulate" (runSimulation, with its input checks) or "unsafe"
    (runUnsafeSimulation, the evaluation alone)."""
    version = check_installed()
    stdin = "".join(json.dumps({"policy": p, "request": r}) + "\n" for p, r in pairs)
    done = subprocess.run(
        ["node", str(HARNESS), "--repeat", str(repeat), "--engine", engine],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=HERE,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"harness.mjs failed ({done.returncode}): {done.stderr.strip()}")
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    timing = lines.pop()["timing"]
    if len(lines) != len(pairs) or timing["count"] != len(pairs):
        raise RuntimeError(f"harness.mjs answered {len(lines)} of {len(pairs)} requests")
    answers = [Answer(a["decision"], a["error"], tuple(a["ignored"])) for a in lines]
    return Result(
        answers=answers, passes_ms=timing["passes_ms"], cpu_ms=timing["cpu_ms"], version=version
    )
