"""Slow clients against nginx in front of gunicorn (as `make serve` runs them) and against bare
gunicorn (as `make serve` ran it before), in the same run: N connections that send their request
headers a byte a second, while one client asks for /healthz and the sign-in page in turn.

    .venv/bin/python benchmarks/slow_clients.py --connections 100 --seconds 20

For each target: ordinary requests made, answered 200, the slowest, and the longest stretch
during which no request was answered. Loopback only; each run is bounded by --seconds."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "deployment"))

from deployment_stack import (  # noqa: E402
    Browser,
    SlowClients,
    open_directory,
    prepare,
    production_env,
    running,
    serve,
    warm_up,
)

PATHS = ("/healthz", "/accounts/login/")


def attack(address: str, connections: int, seconds: float, timeout: float) -> dict:
    warm_up(address)
    attackers = SlowClients(address, connections)
    attackers.start()
    time.sleep(2)
    browser = Browser()
    made = ok = 0
    slowest = 0.0
    last_answer = time.monotonic()
    longest_gap = 0.0
    deadline = time.monotonic() + seconds - 2
    while time.monotonic() < deadline:
        for path in PATHS:
            made += 1
            try:
                answer = browser.get(address, path, timeout=timeout)
            except OSError:
                continue
            now = time.monotonic()
            if answer.status == 200:
                ok += 1
                slowest = max(slowest, answer.seconds)
                longest_gap = max(longest_gap, now - last_answer)
                last_answer = now
        time.sleep(0.25)
    longest_gap = max(longest_gap, time.monotonic() - last_answer)
    attackers.stop.set()
    attackers.join(10)
    return {"made": made, "ok": ok, "slowest": slowest, "gap": longest_gap}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--timeout", type=float, default=5, help="per ordinary request")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with open_directory() as directory:
        env = production_env(directory)
        prepare(env)
        with running(directory, env, unix_socket=True, workers=args.workers) as stack:
            proxied = attack(stack.public_address, args.connections, args.seconds, args.timeout)
            # The same gunicorn, reached directly through a loopback port of its own.
            bare_bind = f"127.0.0.1:{serve.free_port()}"
            bare = stack.start_app_server(bare_bind)
            try:
                direct = attack(bare_bind, args.connections, args.seconds, args.timeout)
            finally:
                bare.stop()
    print(
        f"{args.connections} slow connections, {args.seconds:.0f} s, "
        f"gunicorn with {args.workers} sync workers"
    )
    for name, result in (("nginx in front", proxied), ("bare gunicorn", direct)):
        print(
            f"{name:15} {result['ok']:4}/{result['made']:<4} answered 200, slowest "
            f"{result['slowest'] * 1000:7.1f} ms, longest stretch without an answer "
            f"{result['gap']:5.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
