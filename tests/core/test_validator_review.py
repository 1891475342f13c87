"""``review`` gives, from one pass, what validate, advise and minified_size give apart.

The builder's live preview takes its findings, its least-privilege advice and its size from
``review``, so that the advice layer reuses the actions the validator has resolved and the
size is measured once. Each part is held here to the function it stands in for, on every
scenario's renderings (with and without the guardrails), the validator's fixtures and, when
present, AWS's managed policies.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import corpus_dir

from policybuilder.core import scenarios
from policybuilder.core.document import minified_size
from policybuilder.core.params import BooleanParam
from policybuilder.core.validator import Finding, engine, review, validate
from policybuilder.core.validator import advice as advice_layer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validator"


def _rendered_texts() -> list[str]:
    texts = []
    for scenario in scenarios.SCENARIOS:
        plain = scenario.example_values()
        guarded = plain | {
            p.name: True for p in scenario.guard_params if isinstance(p, BooleanParam)
        }
        for values in (plain, guarded):
            rendering = scenarios.render(scenario, values)
            if rendering.text is not None:
                texts.append(rendering.text)
    return texts


def _fixture_texts() -> list[str]:
    checks = json.loads((FIXTURES / "identity_checks.json").read_text(encoding="utf-8"))["checks"]
    excerpts = json.loads((FIXTURES / "corpus_excerpts.json").read_text(encoding="utf-8"))
    documents = [doc for check in checks.values() for doc in (check["trips"], check["passes"])]
    documents += [e["policy"] for e in excerpts["excerpts"].values()]
    return [json.dumps(doc, indent=4) for doc in documents]


TEXTS = _rendered_texts() + _fixture_texts()


def _finding(f: Finding) -> tuple:
    return (f.severity, f.code, f.message, f.path, f.line, f.column, f.fix and f.fix.description)


def _advice(items: list[advice_layer.Advice]) -> list[tuple]:
    # Not the dataclasses themselves: each carries its fix as a new function.
    return [(a.code, a.message, a.tokens, a.statement, a.actions, a.fix_description) for a in items]


def _same_as_apart(text: str, quota: str | None) -> None:
    reviewed = review(text, quota=quota)
    assert [_finding(f) for f in reviewed.findings] == [
        _finding(f) for f in validate(text, quota=quota)
    ]
    document = json.loads(text)
    assert _advice(reviewed.advice) == _advice(advice_layer.advise(document))
    assert reviewed.size == minified_size(document)


def test_the_texts_include_renderings_with_advice():
    # Otherwise the comparison below would hold trivially.
    assert sum(bool(review(text).advice) for text in _rendered_texts()) >= 10


@pytest.mark.parametrize("quota", [None, "managed"])
def test_review_gives_what_validate_advise_and_minified_size_give(quota):
    for text in TEXTS:
        _same_as_apart(text, quota)


@pytest.mark.corpus
def test_review_gives_the_same_on_the_managed_policies():
    for path in sorted(corpus_dir().glob("*.json"))[::7]:
        _same_as_apart(path.read_text(encoding="utf-8"), None)


def test_review_of_text_that_does_not_parse_has_no_advice_and_no_size():
    text = '{"Version": "2012-10-17", "Statement": }'
    reviewed = review(text)
    assert [_finding(f) for f in reviewed.findings] == [_finding(f) for f in validate(text)]
    assert reviewed.findings
    assert (reviewed.advice, reviewed.size) == ([], None)


def test_review_adds_no_advice_among_the_findings():
    text = next(t for t in _rendered_texts() if review(t).advice)
    assert not {f.code for f in review(text).findings} & set(advice_layer.CODES)


def test_review_reports_a_failing_check_as_validate_does(monkeypatch):
    def broken(ctx, with_advice=False):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "_run_checks", broken)
    reviewed = review(TEXTS[0])
    assert [f.code for f in reviewed.findings] == ["PB_INTERNAL_ERROR"]
    assert (reviewed.advice, reviewed.size) == ([], None)
