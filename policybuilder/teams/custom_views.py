"""The custom builder's saves: a new saved custom policy, and its page at the template's URLs.

The page itself is the web app's (``web/custom_views.py``); this module adds what needs the
teams: saving to a team (``custom_save``), and a saved custom policy opened and saved as a new
version (``teams:open``, ``teams:save_version``, called from ``teams/views.py``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from policybuilder.core import custom
from policybuilder.teams import access, services
from policybuilder.teams.access_change import save_banner
from policybuilder.teams.forms import SaveTemplateForm, SaveVersionForm, error_lines
from policybuilder.teams.models import Role
from policybuilder.web.custom_views import page_context, posted, respond, values_from_post
from policybuilder.web.http import AuthenticatedHttpRequest, HtmxHttpRequest


def _save_errors(invalid: services.TemplateInvalid) -> list[str]:
    for name in ("document", "name"):
        if name in invalid.errors:
            return [f"{invalid.errors[name]} Nothing was saved."]
    return ["Fix the fields marked below, then save again."]


@require_POST
def save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the custom policy to a team as a new template (the reserved slug ``custom``)."""
    values, queries = values_from_post(request.POST)
    form = SaveTemplateForm(request.POST)
    if not form.is_valid():
        context = page_context(request, values, queries, bound=True, save_errors=error_lines(form))
        return render(request, "web/custom.html", context, status=400)
    team = access.team_for(request.user, form.cleaned_data["team"], need=Role.EDITOR)
    try:
        template = services.template_create(
            team=team,
            scenario=custom.CUSTOM,
            raw_values=values,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            note=form.cleaned_data["note"],
            author=request.user,
        )
    except services.TemplateInvalid as invalid:
        context = page_context(
            request, values, queries, bound=True, save_errors=_save_errors(invalid)
        )
        return render(request, "web/custom.html", context, status=400)
    messages.success(request, f"Saved {template.name} to {team.name} as version 1.")
    return redirect("teams:open", team_slug=team.slug, pk=template.pk)


def saved_open(request: HtmxHttpRequest, saved: access.TemplateAccess) -> HttpResponse:
    """A saved custom policy on the custom builder (``teams:open``); a POST previews only."""
    if request.method == "POST":
        values, queries = posted(request)
        return respond(request, page_context(request, values, queries, bound=True, saved=saved))
    stored = saved.template.values if isinstance(saved.template.values, dict) else {}
    values = custom.render(stored).values
    if not values.get("statements"):
        values = custom.empty_values()
    changes = []
    rendering = custom.render(values)
    if rendering.ok and rendering.text != saved.template.document:
        changes.append(
            "The catalogue now makes a different document from the saved one; saving makes "
            "the new document the current version."
        )
    if not rendering.ok:
        changes.append(
            "The saved values no longer make a valid policy: fix the fields marked below and "
            "save a new version."
        )
    context = page_context(request, values, {}, bound=True, saved=saved, scenario_changes=changes)
    return respond(request, context)


def saved_save(request: AuthenticatedHttpRequest, saved: access.TemplateAccess) -> HttpResponse:
    """A new version of a saved custom policy (``teams:save_version``)."""
    template = saved.template
    values, queries = values_from_post(request.POST)
    form = SaveVersionForm(request.POST)

    def page(status: int, **extra: Any) -> HttpResponse:
        context = page_context(request, values, queries, bound=True, saved=saved, **extra)
        return render(request, "web/custom.html", context, status=status)

    if not form.is_valid():
        return page(400, save_errors=error_lines(form))
    try:
        version = services.template_save_version(
            template=template,
            raw_values=values,
            base_version=form.cleaned_data["expected_version"],
            author=request.user,
            note=form.cleaned_data["note"],
        )
    except services.TemplateInvalid as invalid:
        return page(400, save_errors=_save_errors(invalid))
    except services.VersionConflict as conflict:
        diff = reverse("teams:diff", kwargs={"team_slug": template.team.slug, "pk": template.pk})
        return page(
            409,
            save_conflict={
                "message": f"{conflict} Nothing was overwritten: look at the other change, "
                "then reopen the template and apply yours again.",
                "diff_url": f"{diff}?a={conflict.base_version}&b={conflict.current_version}",
                "base_version": conflict.base_version,
                "current_version": conflict.current_version,
            },
        )
    messages.success(
        request, save_banner(f"Saved {template.name} as version {version.number}.", version)
    )
    return redirect("teams:open", team_slug=template.team.slug, pk=template.pk)
