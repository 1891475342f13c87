"""The long lists (a team's templates, the library, the audit log, a template's versions): the
filters people type (name, scenario, author, date) and one page of the result.

A page costs the same few queries however long the list is: the filters are in the query, the
count is one ``COUNT``, the page one ``LIMIT``/``OFFSET`` with its related rows joined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

#: Rows per page of every list.
PER_PAGE = 50


class ListFilterForm(forms.Form):
    """Every field optional; a bad value (a date that is not one) is left out, not an error."""

    q = forms.CharField(max_length=120, required=False, label="Name contains")
    scenario = forms.CharField(max_length=100, required=False, label="Scenario")
    author = forms.CharField(max_length=150, required=False, label="Author (username)")
    since = forms.DateField(
        required=False, label="From (date)", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To (date)", widget=forms.DateInput(attrs={"type": "date"})
    )


@dataclass(frozen=True)
class Filters:
    q: str = ""
    scenario: str = ""
    author: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return any((self.q, self.scenario, self.author, self.since, self.until))

    def query(self) -> str:
        """The filters as a query string (without the page), for the pager's links."""
        pairs = {
            "q": self.q,
            "scenario": self.scenario,
            "author": self.author,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def filters_from(request: HttpRequest) -> tuple[Filters, ListFilterForm]:
    form = ListFilterForm(request.GET)
    form.is_valid()
    data: dict[str, Any] = {
        name: form.cleaned_data.get(name) for name in ListFilterForm.base_fields
    }
    return (
        Filters(
            q=(data["q"] or "").strip(),
            scenario=(data["scenario"] or "").strip(),
            author=(data["author"] or "").strip(),
            since=data["since"],
            until=data["until"],
        ),
        form,
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def in_dates(field: str, filters: Filters) -> Q:
    """``field`` within the days from ``since`` to ``until`` (both included), as index ranges."""
    where = Q()
    if filters.since:
        where &= Q(**{f"{field}__gte": _day_start(filters.since)})
    if filters.until:
        where &= Q(**{f"{field}__lt": _day_start(filters.until + timedelta(days=1))})
    return where


def page_of(
    request: HttpRequest, rows: QuerySet, *, param: str = "page", by_key: bool = False
) -> Page:
    """The requested page (the last one when the number is past it, the first when it is not a
    number). ``by_key``: the page's keys first, then their rows (one query more): an OFFSET deep
    in a list of 100,000 then skips index entries only, not whole rows."""
    if not by_key:
        return Paginator(rows, PER_PAGE).get_page(request.GET.get(param))
    page = Paginator(rows.values_list("pk", flat=True), PER_PAGE).get_page(request.GET.get(param))
    keys = list(page.object_list)
    found = {row.pk: row for row in rows.filter(pk__in=keys)} if keys else {}
    page.object_list = [found[key] for key in keys if key in found]
    return page
