"""The validator's work grows linearly with the policy: counted, not timed.

``benchmarks/validate_corpus.py --scaling`` times 100, 1,000 and 3,000 statements; the clock
there also measures the machine (a larger document outgrows the caches, and json.loads of the
same text grows too). Here the Python function calls per statement are counted instead, so a
check that compares every statement with every other one (REDUNDANT_STATEMENT without its
index, say) fails this test on any machine.
"""

from __future__ import annotations

import cProfile
import json
import pstats

from policybuilder.core.validator import validate


def _policy(statements: int) -> str:
    body = [
        {
            "Sid": f"Users{i}",
            "Effect": "Allow",
            "Action": ["connect:DescribeUser", "connect:UpdateUserHierarchy", "s3:GetObject"],
            "Resource": [
                f"arn:aws:connect:eu-west-2:210987654321:instance/{i:08x}-5d4c-4b3a-8f9e-0a1b2c3d4e5f/agent/*",
                f"arn:aws:s3:::contact-exports-{i}/*",
            ],
            "Condition": {"StringEquals": {"aws:ResourceTag/Team": f"team-{i}"}},
        }
        for i in range(statements)
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": body}, indent=2)


def _calls_per_statement(statements: int) -> float:
    text = _policy(statements)
    validate(text)  # caches filled, as in a running server
    profiler = cProfile.Profile()
    profiler.runcall(validate, text)
    return pstats.Stats(profiler).total_calls / statements  # type: ignore[attr-defined]


def test_ten_times_the_statements_cost_ten_times_the_calls() -> None:
    small, large = _calls_per_statement(50), _calls_per_statement(500)
    assert large <= small * 1.02


def test_the_count_would_catch_a_pairwise_comparison() -> None:
    # The measure itself: comparing each statement with each other one, as a quadratic
    # check would, makes the calls per statement grow with the policy.
    def pairwise(n: int) -> float:
        items = list(range(n))
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [abs(a - b) for a in items for b in items])
        return pstats.Stats(profiler).total_calls / n  # type: ignore[attr-defined]

    assert pairwise(500) > pairwise(50) * 5
