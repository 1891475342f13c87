"""The evaluator's fast paths (exact sets, prefixes, star scans) agree with the plain regexes.

The evaluator avoids compiling a regex for the common patterns; these properties check that
every shortcut decides exactly what the documented rule (operators.resource_regex_source for
resources, glob_match without case for actions) decides.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core.semantics.evaluate import action_matches, condition_met, resource_matches
from policybuilder.core.semantics.model import Request, load_policy
from policybuilder.core.semantics.operators import arn_like, glob_match, resource_regex_source

ALPHABET = "ab:/*?"
TEXT = "ab:/"

patterns = st.text(alphabet=ALPHABET, min_size=0, max_size=8)
texts = st.text(alphabet=TEXT, min_size=0, max_size=10)


def _statement(action=None, resource=None):
    return load_policy(
        {
            "Version": "2012-10-17",
            "Statement": {
                "Effect": "Allow",
                "Action": action or "s:a",
                "Resource": resource or "*",
            },
        }
    ).statements[0]


@settings(max_examples=400, deadline=None)
@given(pattern=patterns, text=texts)
def test_resource_shortcuts_decide_as_the_segment_regex_does(pattern, text):
    if not pattern:
        return  # an empty Resource string is refused by the model
    expected = re.fullmatch(resource_regex_source(((pattern, True),)), text, re.DOTALL) is not None
    assert resource_matches(_statement(resource=pattern), text, Request("s:a")) is expected


@settings(max_examples=400, deadline=None)
@given(pattern=patterns, text=texts)
def test_action_shortcuts_decide_as_a_case_insensitive_glob_does(pattern, text):
    if not pattern:
        return
    pattern_upper = pattern.replace("a", "A")
    expected = glob_match(pattern_upper, text, ignore_case=True)
    assert action_matches(_statement(action=pattern_upper), text) is expected


def _clause_statement(operator, value):
    return load_policy(
        {
            "Version": "2012-10-17",
            "Statement": {
                "Effect": "Allow",
                "Action": "s:a",
                "Resource": "*",
                "Condition": {operator: {"k": value}},
            },
        }
    ).statements[0]


@settings(max_examples=300, deadline=None)
@given(pattern=patterns, text=texts)
def test_string_like_with_its_prefix_check_decides_as_glob_match(pattern, text):
    statement = _clause_statement("StringLike", pattern)
    assert condition_met(statement, 0, Request("s:a", context={"k": text})) is glob_match(
        pattern, text
    )


arn_patterns = st.lists(st.text(alphabet="ab*?", max_size=3), min_size=6, max_size=7).map(":".join)
arn_texts = st.lists(st.text(alphabet="ab", max_size=3), min_size=5, max_size=7).map(":".join)


@settings(max_examples=300, deadline=None)
@given(pattern=arn_patterns, text=arn_texts)
def test_arn_like_with_its_prefix_check_decides_as_arn_like(pattern, text):
    statement = _clause_statement("ArnLike", pattern)
    assert condition_met(statement, 0, Request("s:a", context={"k": text})) is arn_like(
        pattern, text
    )
