"""Lookups that answer 404, shared by the web pages, the team pages and the JSON API."""

from __future__ import annotations

from django.http import Http404

from policybuilder.core import scenarios
from policybuilder.core.scenarios import Scenario


def scenario_or_404(slug: str) -> Scenario:
    """The scenario of this slug, or a 404 (the API answers it as ``{"detail": ...}``)."""
    try:
        return scenarios.get(slug)
    except scenarios.UnknownScenario:
        raise Http404("No such scenario") from None
