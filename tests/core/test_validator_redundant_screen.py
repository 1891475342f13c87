"""redundant_places gives the answer of its definition, however it gets there.

The definition (``_by_definition``, below): a value is redundant when it repeats an
earlier value, or else when a wildcard value other than itself matches it; the cover
named is the first, in the list's order, among the wildcards of its own service, then
those whose service part has a wildcard.  The implementation skips the search when no
wildcard value can cover another (``_may_cover``) and searches cover by cover
(``_covered``); these tests compare it with the definition on lists made of a few
services, names and wildcards, so that covers, near misses and repeats are all common.
"""

from __future__ import annotations

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


def _service(value: str) -> str:
    prefix, sep, _ = value.partition(":")
    return prefix if sep and "*" not in prefix and "?" not in prefix else ""


def _by_definition(texts: list[str], case_sensitive: bool) -> list[tuple[int, str, str]]:
    norm = texts if case_sensitive else [t.lower() for t in texts]
    wildcards = [k for k, n in enumerate(norm) if "*" in n or "?" in n]
    out, seen = [], set()
    for k, n in enumerate(norm):
        if n in seen:
            out.append((k, texts[k], texts[k]))
            continue
        seen.add(n)
        own = [c for c in wildcards if _service(n) and _service(norm[c]) == _service(n)]
        anywhere = [c for c in wildcards if _service(norm[c]) == ""]
        for c in own + anywhere:
            if norm[c] != n and actions.glob_regex(norm[c]).fullmatch(n):
                out.append((k, texts[k], texts[c]))
                break
    return out


@settings(max_examples=600, deadline=None)
@given(texts=st.lists(_value, max_size=14), case_sensitive=st.booleans())
def test_redundant_places_gives_the_definitions_answer(texts, case_sensitive):
    expected = _by_definition(texts, case_sensitive)
    assert actions.redundant_places(texts, case_sensitive=case_sensitive) == expected


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(_value, max_size=8), newline=st.integers(0, 7))
def test_values_holding_a_line_break_get_the_definitions_answer(texts, newline):
    if texts:
        k = newline % len(texts)
        texts[k] = texts[k] + "\nx*"
    assert actions.redundant_places(texts, case_sensitive=True) == _by_definition(texts, True)


def test_a_cover_of_its_own_service_comes_before_one_of_any_service():
    texts = ["*:getobject", "s3:get*", "s3:getobject"]
    assert actions.redundant_places(texts, case_sensitive=True) == [(2, "s3:getobject", "s3:get*")]


def test_a_wildcard_with_an_empty_service_part_covers_in_the_order_of_the_list():
    assert actions.redundant_places([":*", "?", ":"], case_sensitive=True) == [(2, ":", ":*")]
    assert actions.redundant_places(["?", ":*", ":"], case_sensitive=True) == [(2, ":", "?")]


def test_arns_with_a_wildcard_region_are_matched_on_their_resource_part():
    texts = [
        "arn:aws:sagemaker:*:*:action/*",
        "arn:aws:sagemaker:*:*:device-fleet/*/device/*",
        "arn:aws:sagemaker:*:*:device-fleet/*",
        "arn:aws:sagemaker:*:*:pipeline/*",
    ]
    assert actions.redundant_places(texts, case_sensitive=True) == [
        (1, texts[1], "arn:aws:sagemaker:*:*:device-fleet/*")
    ]


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
