"""Pages of the API app: personal tokens, the combined-policy page, and export downloads.

The export views serve the builder (its form posted with ``formaction``) and
the saved-template page (a link per format); both refuse what the JSON
download refuses, so no export carries a policy the validator calls broken.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policybuilder.api import tokens
from policybuilder.api.api import template_export
from policybuilder.api.models import ApiToken, CombinedPolicy
from policybuilder.core import combine as combining
from policybuilder.core import exports, iam_catalog, scenarios
from policybuilder.core.document import dumps
from policybuilder.core.validator import Severity
from policybuilder.teams import access, selectors, services
from policybuilder.teams import values as stored_values
from policybuilder.teams.models import AuditAction, Role
from policybuilder.web.forms import ScenarioForm, initial_values
from policybuilder.web.highlight import highlight_json
from policybuilder.web.validation import QUOTA_LABELS, Report, quota_from
from policybuilder.web.views import builder_context, scenario_or_404

#: The submit button's name that carries the export format (no scenario has such a parameter).
EXPORT_FORMAT = "export_format"


def attachment(export: exports.Export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=f"{export.media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# Tokens --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; a POST makes one and shows it this once."""
    new_token = None
    if request.method == "POST":
        _, new_token = tokens.issue(user=request.user, name=request.POST.get("name", ""))
    context = {
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_token": new_token,
    }
    response = render(request, "api/tokens.html", context)
    # The page with a new token must not be kept by any cache or the back button.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke(record=record)
    messages.success(request, f"Revoked the token {record.name}; scripts using it now get 401.")
    return redirect("api_tokens")


# Exports -------------------------------------------------------------------


def _export_name(request: HttpRequest, default_stem: str) -> str:
    requested = request.POST.get("filename", "").strip().removesuffix(".json")
    return requested if exports.POLICY_NAME_RE.fullmatch(requested) else default_stem


@login_required
@require_POST
def export_scenario(request: HttpRequest, slug: str) -> HttpResponse:
    """The builder's policy in the format of the button pressed (``export_format``)."""
    scenario = scenario_or_404(slug)
    form = ScenarioForm(scenario, request.POST)
    quota = quota_from(request.POST.get("quota"))
    fmt = request.POST.get(EXPORT_FORMAT, "json")
    valid = form.is_valid() and form.rendering is not None and form.rendering.ok
    context = builder_context(scenario, form, form.rendering, quota)
    if fmt not in exports.FORMATS:
        context["download_refused"] = "Choose one of the export formats offered."
    elif not valid:
        context["download_refused"] = "Fix the fields marked below, then export again."
    elif context["report"].blocking:
        context["download_refused"] = (
            "The validator found errors in this policy (listed beside it); it was not exported."
        )
    if "download_refused" in context:
        return render(request, "web/builder.html", context, status=400)
    name = _export_name(request, exports.default_name(scenario.slug))
    return attachment(exports.export(form.rendering.document, fmt, name))


@login_required
@require_GET
def export_template(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """A saved template's current document in ``?format=`` (a link on the template's page)."""
    template = access.template_for(request.user, team_slug, pk).template
    fmt = request.GET.get("format", "json")
    if fmt not in exports.FORMATS:
        return HttpResponse("Unknown export format.", status=404, content_type="text/plain")
    export = template_export(template, fmt)
    services.audit_record(
        team=template.team,
        actor=request.user,
        action=AuditAction.DOWNLOADED,
        template=template,
        detail=f"version {template.version} as {exports.FORMATS[fmt]}",
    )
    return attachment(export)


# Combined policies ---------------------------------------------------------


def _prefixed(index: int, data: QueryDict) -> QueryDict:
    out = QueryDict(mutable=True)
    for key, items in data.lists():
        out.setlist(f"p{index}-{key}", items)
    return out


def _data_for(parts: list[tuple[str, dict[str, Any]]]) -> QueryDict:
    """POST data for the page's forms from (scenario slug, stored values) pairs."""
    data = QueryDict(mutable=True)
    for index, (slug, values) in enumerate(parts):
        data.appendlist("part", slug)
        scenario = scenarios.get(slug)
        for key, items in _prefixed(index, stored_values.to_form_data(scenario, values)).lists():
            data.setlist(key, items)
    return data


def _forms(data: QueryDict) -> list[ScenarioForm]:
    forms = []
    for index, slug in enumerate(data.getlist("part")[: combining.MAX_PARTS]):
        try:
            scenario = scenarios.get(slug)
        except scenarios.UnknownScenario:
            continue
        forms.append(ScenarioForm(scenario, data, prefix=f"p{index}"))
    return forms


def _parts_of(forms: list[ScenarioForm]) -> list[tuple[str, dict[str, Any]]]:
    return [(f.scenario.slug, stored_values.to_json(f.raw_values())) for f in forms]


def _visible_combined(request: HttpRequest) -> Any:
    return CombinedPolicy.objects.filter(team__in=selectors.teams_of(request.user)).select_related(
        "team"
    )


@login_required
@require_http_methods(["GET", "POST"])
def combine_page(request: HttpRequest) -> HttpResponse:
    """Add parts, preview the merged policy and its split, download it, save it to a team."""
    quota = quota_from(request.POST.get("quota") or request.GET.get("quota"))
    if request.method == "GET":
        saved_pk = request.GET.get("saved", "")
        if saved_pk.isdigit():
            saved = get_object_or_404(_visible_combined(request), pk=int(saved_pk))
            quota = quota_from(saved.quota)
            pairs = [
                (p.scenario, dict(p.values))
                for p in combining.parts_from_data(saved.parts)
                if p.scenario in scenarios.BY_SLUG
            ]
            data = _data_for(pairs)
        else:
            data = QueryDict(mutable=True)
    else:
        data = request.POST.copy()
    forms = _forms(data)
    pairs = _parts_of(forms)
    changed = False
    if "remove" in data and data["remove"].isdigit():
        index = int(data["remove"])
        pairs = [p for i, p in enumerate(pairs) if i != index]
        changed = True
    if "add" in data and data.get("add_scenario") in scenarios.BY_SLUG:
        if len(pairs) < combining.MAX_PARTS:
            # A new part starts with the builder's defaults (all default actions checked).
            added = scenarios.get(data["add_scenario"])
            pairs.append((added.slug, stored_values.to_json(initial_values(added))))
        changed = True
    if changed:
        forms = _forms(_data_for(pairs))
        pairs = _parts_of(forms)
    for form in forms:
        form.is_valid()
    result = combining.combine([combining.Part(s, v) for s, v in pairs], quota) if pairs else None
    status, error = 200, ""
    if request.method == "POST" and not changed and result is not None:
        blocked = not result.ok or any(f.severity is Severity.ERROR for f in result.findings)
        if "download" in data or "download_split" in data or "save" in data:
            if blocked:
                status = 400
                error = "Fix the parts marked below (and any validator errors) first."
            elif "download" in data and data["download"] in exports.FORMATS:
                name = _export_name(request, "combined-policy")
                return attachment(exports.export(result.document, data["download"], name))
            elif "download_split" in data and result.split:
                return _split_download(request, result, data["download_split"])
            elif "save" in data:
                saved_or_error = _save(request, data, pairs, result)
                if isinstance(saved_or_error, CombinedPolicy):
                    messages.success(
                        request, f"Saved {saved_or_error.name} to {saved_or_error.team.name}."
                    )
                    return redirect(f"{request.path}?saved={saved_or_error.pk}")
                status, error = 400, saved_or_error
    context = {
        "forms": forms,
        "result": result,
        "policy_html": highlight_json(result.text) if result and result.text else None,
        "report": Report(result.findings, quota, result.size) if result and result.ok else None,
        "quota": quota,
        "quota_labels": QUOTA_LABELS,
        "data_version": iam_catalog.data_version(),
        "scenarios": scenarios.SCENARIOS,
        "formats": exports.FORMATS,
        "teams": selectors.editable_teams(request.user),
        "saved": _visible_combined(request),
        "error": error,
        "max_parts": combining.MAX_PARTS,
    }
    return render(request, "api/combine.html", context, status=status)


def _split_download(request: HttpRequest, result: combining.Combined, which: str) -> HttpResponse:
    bins = result.split or []
    if not which.isdigit() or not 0 <= int(which) < len(bins):
        return HttpResponse("No such document in the split.", status=404, content_type="text/plain")
    index = int(which)
    name = f"{_export_name(request, 'combined-policy')}-{index + 1}"
    return attachment(exports.export(bins[index].document, "json", name))


def _save(
    request: HttpRequest,
    data: QueryDict,
    pairs: list[tuple[str, dict[str, Any]]],
    result: combining.Combined,
) -> CombinedPolicy | str:
    """The saved policy, or why it was not saved."""
    name = data.get("name", "").strip()[:120]
    if not name:
        return "Give the combined policy a name to save it."
    team = access.team_for(request.user, data.get("team", ""), need=Role.EDITOR)
    services.audit_record(
        team=team,
        actor=request.user,
        action=AuditAction.CREATED,
        subject=name,
        detail=f"combined policy of {len(pairs)} scenario(s)",
    )
    return CombinedPolicy.objects.create(
        team=team,
        name=name,
        parts=[{"scenario": s, "values": v} for s, v in pairs],
        quota=result.quota,
        document=dumps(result.document),
        created_by=request.user,
    )
