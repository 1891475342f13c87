"""The request type of views that read ``request.htmx``.

django-htmx's middleware (settings.MIDDLEWARE) sets ``request.htmx`` on every request; Django's
HttpRequest does not declare it, so a view that reads it takes an HtmxHttpRequest, which says so
for the type checker. Nothing here runs: it is a type.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """An HttpRequest after django-htmx's middleware: ``request.htmx`` is set."""

    htmx: HtmxDetails
