"""Server-side syntax highlighting of policy JSON (every token HTML-escaped).

The live preview highlights a policy on every keystroke, and Pygments' JSON lexer reads the
text a character at a time in Python. ``highlight_json`` reads well-formed JSON with one
regular expression instead and writes the markup Pygments writes (the same spans, classes and
line breaks, which tests/web/test_highlight.py checks against Pygments itself); any text it
does not read (comments, a broken document, raw control characters) goes to Pygments.
"""

from __future__ import annotations

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import JsonLexer

_LEXER = JsonLexer()
_FORMATTER = HtmlFormatter(nowrap=True)

# One token per match; group 4 (empty) marks a string that a colon follows: a key, Pygments'
# ``nt``, not a string value, ``s2``. Numbers and constants must end where Pygments' character
# classes end them. Anything else (group 9) sends the text to Pygments.
_STRING = r'"[^"\\\n\r]*(?:\\(?:u[0-9a-fA-F]{4}|[^u\n\r])[^"\\\n\r]*)*"'
_TOKEN = re.compile(
    r"(\n)|([ \t]+)"
    rf"|({_STRING})((?=[ \t\n]*:))?"
    r"|(-?\d+(?:\.\d+(?:[eE][-+]?\d+)?|[eE][-+]?\d+)(?![-0-9.eE+]))"
    r"|(-?\d+(?![-0-9.eE+]))"
    r"|((?:true|false|null)(?![truefalsn]))"
    r"|([{}\[\],:]+)"
    r"|(.)",
    re.DOTALL,
)
_OPEN = {
    2: '<span class="w">',
    3: '<span class="s2">',
    4: '<span class="nt">',
    5: '<span class="mf">',
    6: '<span class="mi">',
    7: '<span class="kc">',
    8: '<span class="p">',
}


class _NotPlainJson(Exception):
    pass


def _span(match: re.Match[str]) -> str:
    """A token's span, as Pygments' HtmlFormatter writes it: a newline stays outside spans;
    runs of whitespace and of punctuation are one token each, as Pygments merges them."""
    group = match.lastindex
    assert group is not None  # every alternative of the pattern is a group
    if group == 1:
        return "\n"
    if group == 9:
        raise _NotPlainJson
    return _OPEN[group] + match.group(3 if group == 4 else group) + "</span>"


def highlight_json(text: str) -> SafeString:
    # Every token's text is HTML-escaped (here or by Pygments), so the markup is safe.
    if "\r" not in text and "\ufeff" not in text:
        # Escaping first changes only what lies inside strings: & < > are not JSON outside.
        escaped = escape(text.strip("\n"), quote=False)  # Pygments strips the newlines too
        try:
            return mark_safe(_TOKEN.sub(_span, escaped) + "\n")  # noqa: S308
        except _NotPlainJson:
            pass
    return mark_safe(highlight(text, _LEXER, _FORMATTER))  # noqa: S308
