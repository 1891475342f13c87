"""The combine page: several scenarios' policies merged into one, previewed, downloaded, saved.

``/combine/`` makes a new combined policy; a saved one (a team template with the slug
``combine.COMBINED``) is the same page at the template's own URL (``teams:open``), served by
:func:`saved_open` and :func:`saved_save` here (the teams views hand such a template over).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from policybuilder.core import combine as combining
from policybuilder.core import exports, iam_catalog, scenarios
from policybuilder.core.validator import errors_among
from policybuilder.teams import access, downloads, selectors, services
from policybuilder.teams import values as stored_values
from policybuilder.teams.access_change import save_banner
from policybuilder.teams.forms import SaveTemplateForm, SaveVersionForm, error_lines
from policybuilder.teams.models import Role, SavedTemplate
from policybuilder.teams.views import conflict_context
from policybuilder.web.attachments import export_attachment, file_stem
from policybuilder.web.forms import ScenarioForm, initial_values
from policybuilder.web.highlight import highlight_json
from policybuilder.web.http import AuthenticatedHttpRequest
from policybuilder.web.validation import QUOTA_LABELS, Report, quota_from

# Combined policies ---------------------------------------------------------

#: Why a combined policy was not downloaded or saved.
BLOCKED = "Fix the parts marked below (and any validator errors) first."


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


@dataclass
class Combining:
    """The combine page for one request: its parts' forms and what they combine to."""

    forms: list[ScenarioForm]
    pairs: list[tuple[str, dict[str, Any]]]
    quota: str
    #: A part was added or removed: the request changed the page and asked for nothing else.
    changed: bool
    result: combining.Combined | None

    @property
    def blocked(self) -> bool:
        """Whether a part has errors, or the merged policy a validator error."""
        result = self.result
        if result is None or not result.ok:
            return True
        return bool(errors_among(result.findings))

    @property
    def values(self) -> dict[str, Any]:
        """The values a saved template keeps: ``{"quota": ..., "parts": [...]}``."""
        parts = [combining.Part(slug, values) for slug, values in self.pairs]
        return combining.stored_values(parts, self.quota)


def combining_state(data: QueryDict) -> Combining:
    """The parts posted (or loaded), with a part added or removed when asked, combined."""
    quota = quota_from(data.get("quota"))
    forms = _forms(data)
    pairs = _parts_of(forms)
    changed = False
    remove = data.get("remove") or ""
    if remove.isdigit():
        index = int(remove)
        pairs = [p for i, p in enumerate(pairs) if i != index]
        changed = True
    adding = data.get("add_scenario") or ""
    if "add" in data and adding in scenarios.BY_SLUG:
        if len(pairs) < combining.MAX_PARTS:
            # A new part starts with the builder's defaults (all default actions checked).
            added = scenarios.get(adding)
            pairs.append((added.slug, stored_values.to_json(initial_values(added))))
        changed = True
    if changed:
        forms = _forms(_data_for(pairs))
        pairs = _parts_of(forms)
    for form in forms:
        form.is_valid()
    result = combining.combine([combining.Part(s, v) for s, v in pairs], quota) if pairs else None
    return Combining(forms, pairs, quota, changed, result)


def template_data(template: SavedTemplate) -> tuple[QueryDict, list[str]]:
    """A combined template's current values as the page's POST data, and what changed since.

    A part whose scenario no longer exists is left out, and the list says so.
    """
    try:
        parts, quota = combining.from_stored(template.values)
    except combining.ValuesError as exc:
        return QueryDict(mutable=True), [f"The saved values cannot be read: {exc}"]
    changes: list[str] = []
    kept: list[tuple[str, dict[str, Any]]] = []
    for number, part in enumerate(parts, start=1):
        scenario = scenarios.BY_SLUG.get(part.scenario)
        if scenario is None:
            changes.append(
                f"Part {number}: the scenario {part.scenario!r} no longer exists; it was left out."
            )
            continue
        changes.extend(
            f"Part {number} ({scenario.title}): {change}"
            for change in stored_values.scenario_changes(scenario, part.values)
        )
        kept.append((scenario.slug, dict(part.values)))
    data = _data_for(kept)
    data["quota"] = quota
    return data, changes


def _expected_version(request: HttpRequest, saved: access.TemplateAccess | None) -> int | None:
    """The version the page was opened at: carried in the form, so a stale save is noticed."""
    if saved is None:
        return None
    carried = request.POST.get("save-expected_version", "")
    return int(carried) if carried.isdigit() else saved.template.version


def combine_response(
    request: AuthenticatedHttpRequest,
    state: Combining,
    *,
    saved: access.TemplateAccess | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The combine page: at /combine/, or at a saved combined template's own URL (``saved``)."""
    result = state.result
    template = saved.template if saved else None
    context = {
        "forms": state.forms,
        "result": result,
        "policy_html": highlight_json(result.text) if result and result.text else None,
        "report": Report(result.findings, state.quota, result.size)
        if result and result.ok
        else None,
        "quota": state.quota,
        "quota_labels": QUOTA_LABELS,
        "data_version": iam_catalog.data_version(),
        "scenarios": scenarios.SCENARIOS,
        "formats": exports.FORMATS,
        "teams": selectors.editable_teams(request.user),
        "saved_combined": selectors.combined_templates(request.user),
        "saved_template": template,
        "saved_access": saved,
        "expected_version": _expected_version(request, saved),
        "page_url": reverse("teams:open", args=[template.team.slug, template.pk])
        if template
        else reverse("combine"),
        "default_filename": _default_filename(template),
        "max_parts": combining.MAX_PARTS,
        **extra,
    }
    return render(request, "combine/combine.html", context, status=status)


def combine_action(
    request: AuthenticatedHttpRequest,
    state: Combining,
    *,
    saved: access.TemplateAccess | None = None,
) -> HttpResponse:
    """A POST that saves nothing: a preview, a part added or removed, or a download."""
    data = request.POST
    wants_download = "download" in data or "download_split" in data
    if state.changed or state.result is None or not wants_download:
        return combine_response(request, state, saved=saved)
    if state.blocked:
        return combine_response(request, state, saved=saved, status=400, error=BLOCKED)
    stem = _default_filename(saved.template if saved else None)
    if data.get("download") in exports.FORMATS:
        name = file_stem(data.get("filename", ""), stem)
        return export_attachment(exports.export(state.result.document, data["download"], name))
    if "download_split" in data and state.result.split:
        return _split_download(request, state.result, data["download_split"], stem)
    return combine_response(request, state, saved=saved)


def _default_filename(template: SavedTemplate | None) -> str:
    return downloads.template_stem(template) if template is not None else "combined-policy"


@require_http_methods(["GET", "POST"])
def combine_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add parts, preview the merged policy and its split, download it, save it to a team."""
    if request.method == "GET":
        data = QueryDict(mutable=True)
        data["quota"] = quota_from(request.GET.get("quota"))
        return combine_response(request, combining_state(data))
    state = combining_state(request.POST)
    if "save" in request.POST and not state.changed and state.result is not None:
        return _save(request, state)
    return combine_action(request, state)


def _split_download(
    request: HttpRequest, result: combining.Combined, which: str, stem: str
) -> HttpResponse:
    bins = result.split or []
    if not which.isdigit() or not 0 <= int(which) < len(bins):
        return HttpResponse("No such document in the split.", status=404, content_type="text/plain")
    index = int(which)
    name = f"{file_stem(request.POST.get('filename', ''), stem)}-{index + 1}"
    return export_attachment(exports.export(bins[index].document, "json", name))


def _save(request: AuthenticatedHttpRequest, state: Combining) -> HttpResponse:
    """Save the parts as a new team template (version 1), then open it at its own URL."""
    form = SaveTemplateForm(request.POST)
    if not form.is_valid():
        return combine_response(request, state, status=400, save_errors=error_lines(form))
    team = access.team_for(request.user, form.cleaned_data["team"], need=Role.EDITOR)
    if state.blocked:
        return combine_response(request, state, status=400, error=BLOCKED)
    try:
        template = services.template_create(
            team=team,
            scenario=combining.COMBINED,
            raw_values=state.values,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            note=form.cleaned_data["note"],
            author=request.user,
        )
    except services.TemplateInvalid as invalid:
        errors = [f"{name}: {message}" for name, message in invalid.flat().items()]
        return combine_response(request, state, status=400, save_errors=errors)
    messages.success(request, f"Saved {template.name} to {team.name} as version 1.")
    return redirect("teams:open", team_slug=team.slug, pk=template.pk)


# A saved combined policy (teams:open and teams:save_version) ---------------


def saved_open(request: AuthenticatedHttpRequest, saved: access.TemplateAccess) -> HttpResponse:
    """A saved combined policy on the combine page (``teams:open``); a POST saves nothing."""
    if request.method == "POST":
        return combine_action(request, combining_state(request.POST), saved=saved)
    template = saved.template
    data, changes = template_data(template)
    state = combining_state(data)
    result = state.result
    if result is not None and result.ok and result.text != template.document:
        changes.append(
            "The parts now make a different document from the saved one; "
            "saving makes the new document the current version."
        )
    if state.blocked:
        changes.append(
            "The saved values no longer make a valid policy: fix the parts marked below "
            "and save a new version."
        )
    return combine_response(request, state, saved=saved, scenario_changes=changes)


def saved_save(request: AuthenticatedHttpRequest, saved: access.TemplateAccess) -> HttpResponse:
    """A new version of a combined policy from the combine page's parts."""
    template = saved.template
    state = combining_state(request.POST)
    version_form = SaveVersionForm(request.POST)
    if not version_form.is_valid():
        return combine_response(
            request, state, saved=saved, save_errors=error_lines(version_form), status=400
        )
    try:
        version = services.template_save_version(
            template=template,
            raw_values=state.values,
            base_version=version_form.cleaned_data["expected_version"],
            author=request.user,
            note=version_form.cleaned_data["note"],
        )
    except services.AccessRuleViolated as violated:
        return combine_response(
            request, state, saved=saved, save_errors=[violated.violation.message], status=400
        )
    except services.TemplateInvalid:
        return combine_response(request, state, saved=saved, error=BLOCKED, status=400)
    except services.VersionConflict as conflict:
        return combine_response(
            request,
            state,
            saved=saved,
            save_conflict=conflict_context(template, conflict),
            status=409,
        )
    messages.success(
        request, save_banner(f"Saved {template.name} as version {version.number}.", version)
    )
    return redirect("teams:open", team_slug=template.team.slug, pk=template.pk)
