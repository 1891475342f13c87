"""The API refuses a body over the ``MAX_POLICY_BYTES`` setting (the upload's too) with a JSON 413.

Checked on the declared length before anything reads the body, so a large
upload costs the server nothing; Django's own DATA_UPLOAD_MAX_MEMORY_SIZE
would answer such a request with an HTML 400 instead.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver


def too_large(request: HttpRequest) -> bool:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return declared > settings.MAX_POLICY_BYTES


def refusal() -> HttpResponse:
    body = {
        "message": f"The request body is larger than {settings.MAX_POLICY_BYTES // 1024} KB.",
        "errors": {},
    }
    return HttpResponse(json.dumps(body), status=413, content_type="application/json")


def limit_body(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def limited(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if too_large(request):
            return refusal()
        return view(request, *args, **kwargs)

    return limited


def limited_patterns(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """The same URL patterns with every view wrapped by :func:`limit_body`."""
    out: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            out.append(
                URLPattern(
                    pattern.pattern,
                    limit_body(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            )
        else:
            out.append(pattern)
    return out
