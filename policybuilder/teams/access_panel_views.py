"""'What this allows' on a saved template's builder page (``/teams/TEAM/templates/ID/open/``).

The same panel as the builder's (``web.access_views``), at the template's own URL, so that
without JavaScript the page that comes back is still the saved template's, with its save
panel. Reading the template is enough: nothing is written.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from policybuilder.teams import access
from policybuilder.teams import views as teams_views
from policybuilder.web.access_panel import panel_for
from policybuilder.web.access_views import fragment, panel_context
from policybuilder.web.forms import ScenarioForm
from policybuilder.web.http import AuthenticatedHttpRequest
from policybuilder.web.shortcuts import scenario_or_404


@require_POST
def template_access(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk)
    template = saved.template
    if template.is_combined:
        raise Http404("A combined policy opens on the combine page")
    scenario = scenario_or_404(template.scenario_slug)
    form = ScenarioForm(scenario, request.POST)
    rendering = form.rendering
    text = rendering.text if rendering is not None and rendering.text else ""
    url = reverse("teams:access", kwargs={"team_slug": team_slug, "pk": template.pk})
    panel = panel_context(url, "scenario-form", panel_for(text), request.POST)
    if request.htmx:
        return fragment(request, panel)
    return teams_views._builder_page(request, scenario, form, rendering, saved=saved, **panel)
