"""Shared strategies for the property tests: text that breaks naive code."""

from __future__ import annotations

from hypothesis import strategies as st

#: Any text (Unicode, control characters, NUL), long runs of one character (up to 40 KB), and
#: a few strings that look meaningful to one layer or another.
nasty_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F)),
    st.builds(
        lambda c, n: c * n,
        st.characters(blacklist_categories=["Cs"]),  # lone surrogates cannot be sent as UTF-8
        st.integers(1_000, 40_000),
    ),
    st.sampled_from(
        [
            "",
            " ",
            "arn:aws:connect:us-east-1:111122223333:instance/*",
            "arn:aws:connect:::::",
            "{{ 7 }}",
            "</textarea><script>x()</script>",
            '{"Version": "2012-10-17"',
            "‮ﷺ𝕏\u200b",
            "9" * 400,
            "aws-us-gov",
            "=",
        ]
    ),
)


def body_size(data: dict) -> int:
    """Bytes of form data in a POST body, as Django counts them against its upload limit:
    each value's UTF-8 bytes plus its field name and two (multipart, as the test client
    posts; the same as ``name=value&`` in a urlencoded body)."""
    return sum(
        len(str(v).encode()) + len(name) + 2
        for name, value in data.items()
        for v in (value if isinstance(value, list) else [value])
    )


def too_big(data: dict) -> bool:
    """Over DATA_UPLOAD_MAX_MEMORY_SIZE: Django itself answers 400 before any view."""
    from django.conf import settings

    return body_size(data) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
