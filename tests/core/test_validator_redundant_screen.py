"""The screen in front of redundant_places' pairwise loop never changes its answer.

``actions._may_cover`` lets the loop be skipped when no wildcard value can cover another;
these tests compare the answer with the screen and with the loop always run, on lists
made of a few services, names and wildcards, so that covers, near misses and repeats
are all common.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core.validator import actions

_piece = st.sampled_from(["ec2", "Ec2", "s3", "s3x", "", "get", "Get", "describe", "x"])
_wild = st.sampled_from(["", "*", "?", "*x", "x*", "**"])
_value = st.builds(
    lambda a, w1, sep, b, w2: f"{a}{w1}{sep}{b}{w2}",
    _piece,
    _wild,
    st.sampled_from([":", ":", ":", "", "::"]),
    _piece,
    _wild,
)


def _loop_always(texts: list[str], case_sensitive: bool, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patched:
        patched.setattr(actions, "_may_cover", lambda normalised, joined: True)
        return actions.redundant_places(texts, case_sensitive=case_sensitive)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_value, max_size=12), case_sensitive=st.booleans())
def test_the_screen_gives_the_loops_answer(texts, case_sensitive):
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = _loop_always(texts, case_sensitive, monkeypatch)
    assert actions.redundant_places(texts, case_sensitive=case_sensitive) == expected


def test_the_screen_skips_a_list_of_wildcards_that_cover_nothing():
    texts = ["ec2:Describe*", "ec2:Get*", "s3:List*", "s3:GetObject"]
    assert actions._may_cover([t.lower() for t in texts], "\n".join(texts).lower()) is False


def test_the_screen_sends_a_covering_wildcard_to_the_loop():
    texts = ["ec2:describe*", "ec2:describeinstances", "s3:list*"]
    assert actions._may_cover(texts, "\n".join(texts)) is True
    assert actions.redundant_places(texts, case_sensitive=False) == [
        (1, "ec2:describeinstances", "ec2:describe*")
    ]


def test_repeats_are_found_when_the_screen_skips_the_loop():
    texts = ["ec2:Describe*", "s3:GetObject", "S3:getobject"]
    assert actions.redundant_places(texts, case_sensitive=False) == [
        (2, "S3:getobject", "S3:getobject")
    ]
