"""The shortcuts taken for speed give the answers of the plain computations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core.validator.arns import _intersects, arn_matches, intersects_by_table
from policybuilder.core.validator.positions import line_column, line_columns

TEXT = '{\n  "Version": "2012-10-17",\r\n\n  "Statement": []\n}'


def test_line_columns_gives_the_line_and_column_of_every_offset_in_any_order():
    offsets = [*range(len(TEXT) + 3, -3, -1), 5, 5, 0]
    found = line_columns(TEXT, offsets)
    assert sorted(found) == sorted(set(offsets))
    assert [found[i] for i in offsets] == [line_column(TEXT, i) for i in offsets]


@pytest.mark.parametrize(
    ("arn", "template", "expected"),
    [
        ("arn:aws:s3:::bucket/*", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", True),
        ("arn:aws:s3:::bucket", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", False),
        ("arn:aws:iam::111122223333:role/x", "arn:${Partition}:iam::${Account}:role/${Name}", True),
        (
            "arn:aws:iam::111122223333:role/x",
            "arn:${Partition}:iam::${Account}:user/${Name}",
            False,
        ),
        ("arn:aws:iam::111122223333:rol?/x", "arn:${Partition}:iam::${Account}:role/${Name}", True),
        (
            "arn:aws:kms:us-east-1:111122223333:key/k",
            "arn:aws:kms:us-east-1:111122223333:key/k",
            True,
        ),
        (
            "arn:aws:kms:us-east-1:111122223333:key/k",
            "arn:aws:kms:us-east-1:111122223333:key/kk",
            False,
        ),
    ],
)
def test_arn_patterns_intersect_exactly_when_some_arn_fits_both(arn, template, expected):
    assert arn_matches(arn, template) is expected


_PATTERN_CHARS = st.sampled_from(["a", "b", "/", "*", "?"])
_TEMPLATE_CHARS = st.sampled_from(["a", "b", "/", "*", "+"])


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(_PATTERN_CHARS, max_size=7).map(tuple),
    st.lists(_TEMPLATE_CHARS, max_size=7).map(tuple),
)
def test_the_quick_intersection_agrees_with_the_table(pattern, template):
    assert _intersects(pattern, template) == intersects_by_table(pattern, template)
