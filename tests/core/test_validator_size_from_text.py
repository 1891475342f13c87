"""The size check reads the minified size from the text when it can: the same number."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core.document import minified_size
from policybuilder.core.validator.document_checks import minified_length

_text = st.text(alphabet=st.sampled_from('ab :*/"\\é\n\tx-'), max_size=6)
_json = st.recursive(
    st.none() | st.booleans() | _text | st.integers(-5, 500) | st.floats(0, 10, width=16),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(document=_json, indent=st.sampled_from([None, 0, 1, 2, 4]), ascii_only=st.booleans())
def test_the_size_read_from_the_text_is_json_s_or_none(document, indent, ascii_only):
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    found = minified_length(text)
    assert found is None or found == minified_size(json.loads(text))


def test_a_plain_policy_is_measured_from_its_text():
    text = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}'
    assert minified_length(text) == minified_size(json.loads(text))


def test_an_escape_leaves_the_size_to_json():
    assert minified_length('{"Sid": "a\\u0041"}') is None


def test_a_number_leaves_the_size_to_json():
    assert minified_length('{"NumericLessThan": {"aws:MultiFactorAuthAge": 3600.0}}') is None
