"""The request types of the views, for the type checker.

django-htmx's middleware (settings.MIDDLEWARE) sets ``request.htmx`` on every request; Django's
HttpRequest does not declare it, so a view that reads it takes an HtmxHttpRequest, which says so.
A view that only a signed-in user reaches (login required) takes an AuthenticatedHttpRequest,
whose ``user`` is a User rather than ``User | AnonymousUser``. Nothing here runs: these are types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class HtmxHttpRequest(HttpRequest):
    """An HttpRequest after django-htmx's middleware: ``request.htmx`` is set."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request of a login-required view: a signed-in ``user``, and ``htmx``."""

    user: User
