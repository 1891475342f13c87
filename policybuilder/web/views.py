"""Views: glue between requests, the scenario engine and the templates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_http_methods, require_POST

from policybuilder.core import iam_catalog, scenarios
from policybuilder.core.scenarios import Rendering, Scenario
from policybuilder.core.scenarios import render as render_scenario
from policybuilder.web.forms import ScenarioForm, initial_values
from policybuilder.web.highlight import highlight_json


def _scenario_or_404(slug: str) -> Scenario:
    try:
        return scenarios.get(slug)
    except scenarios.UnknownScenario:
        raise Http404("No such scenario") from None


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    groups = [
        (area, [s for s in scenarios.SCENARIOS if s.area == area]) for area in scenarios.AREAS
    ]
    return render(request, "web/catalogue.html", {"groups": groups})


def _builder_context(scenario: Scenario, form: ScenarioForm, rendering: Rendering | None) -> dict:
    text = rendering.text if rendering is not None else None
    return {
        "scenario": scenario,
        "form": form,
        "rendering": rendering,
        "policy_text": text,
        "policy_html": highlight_json(text) if text else None,
        "data_version": iam_catalog.data_version(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def builder(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = _scenario_or_404(slug)
    if request.method == "POST":
        form = ScenarioForm(scenario, request.POST)
        form.is_valid()
        rendering = form.rendering
    else:
        # A new form shows no errors; its preview is the defaults', when they suffice.
        form = ScenarioForm(scenario)
        rendering = render_scenario(scenario, initial_values(scenario))
    context = _builder_context(scenario, form, rendering)
    if request.htmx:
        return render(request, "web/builder.html#preview", context)
    return render(request, "web/builder.html", context)


@login_required
@require_POST
def download(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = _scenario_or_404(slug)
    form = ScenarioForm(scenario, request.POST)
    if not form.is_valid() or form.rendering is None or not form.rendering.ok:
        context = _builder_context(scenario, form, form.rendering)
        context["download_refused"] = "Fix the fields marked below, then download again."
        return render(request, "web/builder.html", context, status=400)
    filename = _filename(request.POST.get("filename", ""), scenario.slug)
    response = HttpResponse(form.rendering.text, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(requested: str, default_stem: str) -> str:
    stem = requested.strip().removesuffix(".json")
    stem = get_valid_filename(stem).lstrip(".") if stem else ""
    return f"{stem[:100] or default_stem}.json"
