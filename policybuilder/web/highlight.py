"""Server-side syntax highlighting of policy JSON (every token HTML-escaped).

The live preview highlights a policy on every keystroke, and Pygments' JSON lexer reads the
text a character at a time in Python. ``highlight_json`` reads well-formed JSON with one
regular expression instead and writes the markup Pygments writes (the same spans, classes and
line breaks, which tests/web/test_highlight.py checks against Pygments itself); any text it
does not read (comments, a broken document, raw control characters) goes to Pygments. Lines
are highlighted one at a time when no token depends on the next line, through a cache of the
lines seen last: from one keystroke of the live preview to the next, all lines but one repeat.
"""

from __future__ import annotations

import functools
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


#: A colon that starts a line: the one place where a token (a key, which a colon follows) is
#: told by what lies past the end of its line.
_COLON_OPENS_LINE = re.compile(r"\n[ \t]*:")


@functools.lru_cache(maxsize=2048)
def _line(escaped: str) -> str:
    """One escaped line's markup. A live preview changes one line of the policy at a time (the
    value being typed): the others come from this cache, keyed by their text, on the next
    keystroke. Raises _NotPlainJson (not cached) for a line Pygments must read."""
    return _TOKEN.sub(_span, escaped)


def highlight_json(text: str) -> SafeString:
    # Every token's text is HTML-escaped (here or by Pygments), so the markup is safe.
    if "\r" not in text and "\ufeff" not in text:
        # Escaping first changes only what lies inside strings: & < > are not JSON outside.
        escaped = escape(text.strip("\n"), quote=False)  # Pygments strips the newlines too
        try:
            if _COLON_OPENS_LINE.search(escaped) is None:
                # No token looks past its line's end (strings, numbers, whitespace and
                # punctuation never hold a newline): the lines can be highlighted one by one.
                html = "\n".join([_line(line) for line in escaped.split("\n")])
            else:
                html = _TOKEN.sub(_span, escaped)
            return mark_safe(html + "\n")  # noqa: S308
        except _NotPlainJson:
            pass
    return mark_safe(highlight(text, _LEXER, _FORMATTER))  # noqa: S308
