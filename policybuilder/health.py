"""``/healthz`` for load balancers and process supervisors: 200 ``ok`` when the database answers a
trivial query, 503 ``unavailable`` when it does not, and nothing else.

It is answered by a middleware placed right after SecurityMiddleware (and whitenoise), before
everything that a probe has no use for and that could turn its answer into something other than
the database's health:

- no session is read or written, no cookie set, no sign-in asked for, no CSRF check (GET and
  HEAD only; anything else is 405);
- the Host header is not checked against ALLOWED_HOSTS: load balancers probe each server by its
  own address, not by the public name. Nothing in the answer comes from the request;
- the HTTPS redirect skips it (``SECURE_REDIRECT_EXEMPT``), so a probe over plain HTTP inside the
  network gets the health, not a 301;
- the answer names no version, host, database or error: the failure is logged to stderr instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

PATH = "/healthz"
#: For SECURE_REDIRECT_EXEMPT (matched against the path without its leading slash).
REDIRECT_EXEMPT = r"^healthz$"

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("healthz: the database did not answer: %s", type(error).__name__)
        # A persistent connection that failed must not be reused by the next request.
        connection.close()
        return False


def health(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response: HttpResponse = HttpResponseNotAllowed(
            ["GET", "HEAD"], content=b"", content_type="text/plain"
        )
    elif database_answers():
        response = HttpResponse(b"ok", content_type="text/plain")
    else:
        response = HttpResponse(b"unavailable", content_type="text/plain", status=503)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH:
            return health(request)
        return self.get_response(request)
