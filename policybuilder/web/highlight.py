"""Server-side syntax highlighting of policy JSON (Pygments escapes the text)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import JsonLexer

_LEXER = JsonLexer()
_FORMATTER = HtmlFormatter(nowrap=True)


def highlight_json(text: str) -> SafeString:
    # Pygments HTML-escapes every token, so its output is safe to mark as such.
    return mark_safe(highlight(text, _LEXER, _FORMATTER))  # noqa: S308
