"""The "What this allows" panel and "Try a request", for the builder and the validate page.

The panel is not part of the live preview: it loads when it is opened (htmx, on the
``<details>`` element's toggle) or when its button is pressed, from these views, which take
what the page's own form holds: the builder's values (rendered again here) or the validate
page's text. An htmx request gets the panel's body, or only the tried request's result when
the ``#try-result`` element asked; a plain POST (no JavaScript) gets the whole page with the
panel open.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from policybuilder.web.access_panel import Panel, panel_for, try_request
from policybuilder.web.forms import ScenarioForm
from policybuilder.web.http import HtmxHttpRequest
from policybuilder.web.shortcuts import scenario_or_404
from policybuilder.web.validation import quota_from
from policybuilder.web.views import _submitted_text, _validate_context, builder_context

PANEL = "web/_access_panel.html"


def panel_context(access_url: str, form_id: str, panel: Panel | None = None, data=None) -> dict:
    """What web/_access_panel.html needs; ``panel`` None leaves it closed and empty."""
    return {
        "access": panel,
        "trial": try_request(panel, data) if panel is not None and data is not None else None,
        "access_url": access_url,
        "access_form": form_id,
    }


def fragment(request: HtmxHttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The panel's body for an htmx request, or only the result when ``#try-result`` asked."""
    part = "try-result" if request.htmx.target == "try-result" else "access-body"
    return render(request, f"{PANEL}#{part}", context)


@require_POST
def builder_access(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    scenario = scenario_or_404(slug)
    form = ScenarioForm(scenario, request.POST)
    rendering = form.rendering
    text = rendering.text if rendering is not None and rendering.text else ""
    access = panel_context(
        reverse("builder_access", args=[scenario.slug]),
        "scenario-form",
        panel_for(text),
        request.POST,
    )
    if request.htmx:
        return fragment(request, access)
    context = builder_context(
        scenario, form, rendering, quota_from(request.POST.get("quota")), user=request.user
    )
    return render(request, "web/builder.html", context | access)


@require_POST
def validate_access(request: HtmxHttpRequest) -> HttpResponse:
    text, error = _submitted_text(request)
    access = panel_context(
        reverse("validate_access"), "validate-form", panel_for(text), request.POST
    )
    if request.htmx:
        return fragment(request, access)
    context = _validate_context(text, quota_from(request.POST.get("quota")), upload_error=error)
    return render(request, "web/validate.html", context | access, status=400 if error else 200)
