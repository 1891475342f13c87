"""compare() on AWS managed policies: verdicts that must hold, witnesses the evaluator confirms.

Data-dependent: the corpus is found through POLICYBUILDER_CORPUS, else
../shared/corpus/aws-managed-policies beside the repository.  A fixed sample of policies up
to 10 KB (every 5th by name) keeps the run short.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import corpus_dir

from policybuilder.core.semantics.compare import compare
from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import PolicyError, load_policy

REPO = Path(__file__).resolve().parents[2]
EVERY = 5
MAX_BYTES = 10 * 1024


@pytest.fixture(scope="module")
def sample():
    out = []
    for path in sorted(corpus_dir().glob("*.json"))[::EVERY]:
        text = path.read_text(encoding="utf-8")
        if len(text.encode()) > MAX_BYTES:
            continue
        try:
            out.append((path.name, load_policy(text)))
        except PolicyError:
            continue
    assert len(out) > 200
    return out


def confirmed(old, new, result) -> bool:
    if result.broader_witness is not None:
        if evaluate(new, result.broader_witness).decision != "allow":
            return False
        if evaluate(old, result.broader_witness).decision == "allow":
            return False
    if result.narrower_witness is not None:
        if evaluate(old, result.narrower_witness).decision != "allow":
            return False
        if evaluate(new, result.narrower_witness).decision == "allow":
            return False
    return True


def test_every_sampled_managed_policy_is_equivalent_to_itself(sample):
    assert [name for name, p in sample if compare(p, p).verdict != "equivalent"] == []


def test_dropping_a_statement_of_a_managed_policy_moves_access_the_right_way(sample):
    # without an Allow a policy allows no more; without a Deny it allows no less
    expected = {
        "Allow": ("equivalent", "narrower", "unknown"),
        "Deny": ("equivalent", "broader", "unknown"),
    }
    wrong = []
    for name, p in sample:
        if len(p.statements) < 2:
            continue
        smaller = type(p)(statements=p.statements[:-1], version=p.version)
        result = compare(p, smaller)
        dropped = p.statements[-1].effect
        if result.verdict not in expected[dropped] or not confirmed(p, smaller, result):
            wrong.append((name, dropped, result.verdict))
    assert wrong == []


def test_comparing_neighbouring_managed_policies_gives_confirmed_witnesses_quickly(sample):
    durations, wrong = [], []
    for (name_a, a), (name_b, b) in zip(sample, sample[1:], strict=False):
        started = time.perf_counter()
        result = compare(a, b)
        durations.append(time.perf_counter() - started)
        if not confirmed(a, b, result):
            wrong.append((name_a, name_b))
    assert wrong == []
    durations.sort()
    assert durations[int(len(durations) * 0.95)] < 1.0  # the target: p95 under a second
