"""Slow clients do not take the site down: with nginx in front (as `make serve` runs it), 100
connections that send their request headers a byte a second for 20 seconds hold none of
gunicorn's two workers, and ordinary requests keep succeeding within a second.

Bare gunicorn (two sync workers) is down within a second of two such connections, until its
30-second worker timeout; that takes too long for a test and is measured by
benchmarks/slow_clients.py instead."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest
from deployment_stack import (
    Browser,
    SlowClients,
    open_directory,
    prepare,
    production_env,
    warm_up,
)
from deployment_stack import running as running_stack

SLOW_CONNECTIONS = 100
ATTACK_SECONDS = 20
ORDINARY_PATHS = ("/healthz", "/accounts/login/")
ORDINARY_LIMIT_SECONDS = 1.0


@dataclass
class AttackRun:
    attackers: SlowClients
    ordinary: list[tuple[str, int, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def attack() -> AttackRun:
    """The stack as `make serve` starts it (gunicorn with two workers on a unix socket, nginx in
    front), attacked for 20 seconds while a client makes ordinary requests; then stopped."""
    with open_directory() as directory:
        env = production_env(directory)
        prepare(env)
        with running_stack(directory, env, unix_socket=True, workers=2) as stack:
            address = stack.public_address
            warm_up(address)
            attackers = SlowClients(address, SLOW_CONNECTIONS)
            run = AttackRun(attackers)
            attackers.start()
            time.sleep(2)  # every slow connection is open and has sent its first bytes
            deadline = time.monotonic() + ATTACK_SECONDS - 2
            browser = Browser()
            while time.monotonic() < deadline:
                for path in ORDINARY_PATHS:
                    try:
                        answer = browser.get(address, path, timeout=5)
                    except OSError as error:
                        run.errors.append(f"{path}: {error!r}")
                        continue
                    run.ordinary.append((path, answer.status, answer.seconds))
                time.sleep(0.25)
            attackers.stop.set()
            attackers.join(10)
    return run


def test_ordinary_requests_succeed_while_100_clients_send_their_headers_slowly(attack):
    failed = [(path, status) for path, status, _ in attack.ordinary if status != 200]
    assert (attack.errors, failed) == ([], [])


def test_each_ordinary_request_is_answered_within_a_second_during_the_attack(attack):
    slow = [(path, round(seconds, 2)) for path, _, seconds in attack.ordinary]
    assert [entry for entry in slow if entry[1] > ORDINARY_LIMIT_SECONDS] == []


def test_ordinary_requests_kept_being_made_for_the_whole_attack(attack):
    # About four a second for 18 seconds; far fewer would mean the loop itself was stuck.
    assert len(attack.ordinary) >= 40


def test_the_slow_connections_stayed_open_and_kept_sending_during_the_attack(attack):
    assert attack.attackers.fewest_open >= SLOW_CONNECTIONS * 0.9
    assert attack.attackers.bytes_sent >= SLOW_CONNECTIONS * (ATTACK_SECONDS - 4)
