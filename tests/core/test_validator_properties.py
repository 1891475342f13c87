"""Property tests: validate never raises, whatever it is given."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policybuilder.core.validator import Finding, validate

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)

statement_keys = st.sampled_from(
    ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal"]
)
policyish = st.fixed_dictionaries(
    {
        "Version": st.sampled_from(["2012-10-17", "2008-10-17", "x"]),
        "Statement": st.lists(st.dictionaries(statement_keys, json_values), max_size=3),
    }
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
def test_validate_never_raises_on_arbitrary_text(text):
    assert all(isinstance(f, Finding) for f in validate(text))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(json_values)
def test_validate_never_raises_on_arbitrary_json(value):
    findings = validate(json.dumps(value))
    assert all(f.code != "PB_INTERNAL_ERROR" for f in findings)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(policyish)
def test_validate_never_fails_internally_on_policy_shaped_json(value):
    findings = validate(json.dumps(value))
    assert all(f.code != "PB_INTERNAL_ERROR" for f in findings)
