"""AWS's 1,523 managed policies: no false ERRORs, and no exceptions raised.

Data-dependent: the corpus is found through POLICYBUILDER_CORPUS, else
../shared/corpus/aws-managed-policies beside the repository.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from helpers import corpus_dir

from policybuilder.core.validator import Severity, validate

REPO = Path(__file__).resolve().parents[2]
EXCEPTIONS = REPO / "tests" / "fixtures" / "validator" / "corpus_exceptions.json"


@pytest.fixture(scope="module")
def results() -> dict[str, Counter[str]]:
    out = {}
    for path in sorted(corpus_dir().glob("*.json")):
        findings = validate(path.read_text(encoding="utf-8"))
        out[path.name] = Counter(f.code for f in findings if f.severity is Severity.ERROR)
    return out


@pytest.mark.corpus
def test_the_whole_corpus_validates_without_raising(results):
    assert len(results) == 1523


@pytest.mark.corpus
def test_no_errors_except_the_documented_real_ones(results):
    exceptions = json.loads(EXCEPTIONS.read_text())["policies"]
    unexpected = {
        name: sorted(codes)
        for name, codes in results.items()
        if codes and sorted(set(codes)) != sorted(exceptions.get(name, {}).get("codes", []))
    }
    assert unexpected == {}


@pytest.mark.corpus
def test_every_exception_still_happens(results):
    exceptions = json.loads(EXCEPTIONS.read_text())["policies"]
    stale = [name for name in exceptions if not results.get(name)]
    assert stale == []


def test_every_exception_has_a_reason():
    exceptions = json.loads(EXCEPTIONS.read_text())["policies"]
    assert all(entry["reason"].strip() for entry in exceptions.values())
