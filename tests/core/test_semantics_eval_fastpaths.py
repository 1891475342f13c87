"""The evaluator's fast paths (exact sets, prefixes, star scans) agree with the plain regexes.

The evaluator avoids compiling a regex for the common patterns; these properties check that
every shortcut decides exactly what the documented rule (operators.resource_regex_source for
resources, glob_match without case for actions) decides.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core.semantics.evaluate import action_matches, resource_matches
from policybuilder.core.semantics.model import Request, load_policy
from policybuilder.core.semantics.operators import glob_match, resource_regex_source

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
