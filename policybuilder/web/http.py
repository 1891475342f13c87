"""The request types of the views, for the type checker.

django-htmx's middleware (settings.MIDDLEWARE) sets ``request.htmx`` on every request; Django's
HttpRequest does not declare it, so a view that reads it takes an HtmxHttpRequest, which says so.
A view that only a signed-in user reaches (login required) takes an AuthenticatedHttpRequest,
whose ``user`` is a User rather than ``User | AnonymousUser``. Apart from the middleware below,
which sets ``request.htmx`` more cheaply, nothing here runs: these are types.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING
from urllib.parse import unquote

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_htmx.middleware import HtmxDetails
from django_htmx.middleware import HtmxMiddleware as _HtmxMiddleware

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class HtmxHttpRequest(HttpRequest):
    """An HttpRequest after django-htmx's middleware: ``request.htmx`` is set."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request of a login-required view: a signed-in ``user``, and ``htmx``."""

    user: User


class HeaderlessHtmxDetails(HtmxDetails):
    """django-htmx's ``request.htmx``, whose truth (``if request.htmx``, in the builder's view
    and template) is read from ``request.META`` as django-htmx reads it from ``request.headers``:
    the HX-Request header, unquoted when HX-Request-URI-AutoEncoded is ``true``. On first use
    ``request.headers`` builds a dictionary of every header, which nothing else on the live
    preview's path reads (a twentieth of a millisecond of every preview request). Its other
    attributes (``target``, ``trigger``...) are django-htmx's own."""

    def __bool__(self) -> bool:
        meta = self.request.META
        value = meta.get("HTTP_HX_REQUEST")
        if value and meta.get("HTTP_HX_REQUEST_URI_AUTOENCODED") == "true":
            value = unquote(value)
        return value == "true"


class HtmxMiddleware(_HtmxMiddleware):
    """django-htmx's middleware, with :class:`HeaderlessHtmxDetails` as ``request.htmx``."""

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if self.async_mode:
            return self.__acall__(request)
        request.htmx = HeaderlessHtmxDetails(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        request.htmx = HeaderlessHtmxDetails(request)  # type: ignore[attr-defined]
        return await self.get_response(request)  # type: ignore[misc]
