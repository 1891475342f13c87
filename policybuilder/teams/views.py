"""Views: glue between requests, ``access``, ``selectors``, ``services`` and templates.

Every view is behind the sign-in (``LoginRequiredMiddleware``) and starts with an
``access`` call, whether the request is a full page or an htmx partial; every write is
``require_POST``. A template of a kind with a page of its own (a combined policy: the combine
app registers it in :data:`SAVED_PAGES`) opens and saves there at the template's own URLs:
``template_open`` also takes that page's POSTs, which preview, add or remove a part or
download, never write.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policybuilder.core import custom, exports, scenarios
from policybuilder.core.combine import COMBINED
from policybuilder.core.scenarios import Rendering, Scenario
from policybuilder.teams import (
    access,
    custom_views,
    diffing,
    downloads,
    invitations,
    listing,
    selectors,
    services,
)
from policybuilder.teams import values as stored_values
from policybuilder.teams.access_change import between_versions, save_banner
from policybuilder.teams.forms import (
    CopyForm,
    InviteForm,
    MemberAddForm,
    RenameForm,
    RestoreForm,
    RoleForm,
    SaveTemplateForm,
    SaveVersionForm,
    ShareForm,
    TeamCreateForm,
    error_lines,
)
from policybuilder.teams.models import AuditAction, Role, SavedTemplate, Team
from policybuilder.web.attachments import attachment, export_attachment
from policybuilder.web.forms import ScenarioForm
from policybuilder.web.highlight import highlight_json
from policybuilder.web.http import AuthenticatedHttpRequest, HtmxHttpRequest
from policybuilder.web.shortcuts import scenario_or_404
from policybuilder.web.validation import quota_from
from policybuilder.web.views import builder_context, form_only


def _page(request: HtmxHttpRequest, template: str, partial: str | None = None) -> str:
    """The whole page, or only the named partial for an htmx request."""
    return f"{template}#{partial}" if partial and request.htmx else template


#: A view of one saved template: (request, the reader's access) -> response.
SavedView = Callable[[AuthenticatedHttpRequest, access.TemplateAccess], HttpResponse]

#: The pages of template kinds that are not one scenario's builder: kind -> (open, save).
#: An app above this one registers its kind from its ``AppConfig.ready`` (the combine app),
#: so this module never imports it.
SAVED_PAGES: dict[str, tuple[SavedView, SavedView]] = {}


def _filename(template: SavedTemplate, number: int) -> str:
    return f"{downloads.template_stem(template)}-v{number}.json"


def _json_attachment(text: str, filename: str) -> HttpResponse:
    return attachment(text, filename, "application/json")


# Teams ---------------------------------------------------------------------


@require_GET
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.teams_pages(request.user)
    return _team_list_page(request, TeamCreateForm())


def _team_list_page(
    request: AuthenticatedHttpRequest, form: TeamCreateForm, status: int = 200
) -> HttpResponse:
    context = {"memberships": selectors.memberships_of(request.user), "form": form}
    return render(request, _page(request, "teams/team_list.html", "teams"), context, status=status)


@require_POST
def team_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.teams_pages(request.user)
    form = TeamCreateForm(request.POST)
    if not form.is_valid():
        return _team_list_page(request, form, status=400)
    team = services.team_create(name=form.cleaned_data["name"], owner=request.user)
    messages.success(request, f"Created the team {team.name}; you are its owner.")
    return redirect("teams:detail", team_slug=team.slug)


@require_GET
def team_detail(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    membership = access.team_membership(request.user, team_slug)
    team = membership.team
    filters, filter_form = listing.filters_from(request)
    templates = listing.page_of(request, selectors.team_template_list(team, filters))
    selectors.mark_namesakes(team, templates)
    context = {
        "team": team,
        "membership": membership,
        "can_edit": membership.at_least(Role.EDITOR),
        "is_owner": membership.at_least(Role.OWNER),
        "templates": templates,
        "shared_in": listing.page_of(
            request, selectors.shared_in_template_list(team, filters), param="shared_page"
        ),
        "filters": filters,
        "filter_form": filter_form,
        "scenario_choices": _scenario_choices(),
    }
    return render(request, _page(request, "teams/team_detail.html", "templates"), context)


def _scenario_choices() -> list[tuple[str, str]]:
    return [(s.slug, s.title) for s in scenarios.SCENARIOS] + [(COMBINED, "Combined policy")]


@require_GET
def team_zip(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    team = access.team_for(request.user, team_slug)
    buffer = io.BytesIO()
    templates = list(selectors.team_templates(team))
    refused = downloads.refusal(
        request, ((t, t.document) for t in templates), team=team, what="in the team's zip"
    )
    if refused is not None:
        return refused
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for template in templates:
            name = f"{downloads.template_stem(template)}-{template.pk}.json"
            archive.writestr(name, template.document)
    services.audit_record(
        team=team,
        actor=request.user,
        action=AuditAction.DOWNLOADED_ZIP,
        subject=team.name,
        detail=f"{len(templates)} document(s)",
    )
    return attachment(buffer.getvalue(), f"{team.slug}-templates.zip", "application/zip")


@require_GET
def audit_log(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    filters, filter_form = listing.filters_from(request)
    context = {
        "team": team,
        "entries": listing.page_of(request, selectors.audit_list(team, filters), by_key=True),
        "filters": filters,
        "filter_form": filter_form,
        "scenario_choices": AuditAction.choices,
    }
    return render(request, _page(request, "teams/audit.html", "entries"), context)


# Trash ---------------------------------------------------------------------


@require_GET
def trash(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    membership = access.team_membership(request.user, team_slug)
    context = {
        "team": membership.team,
        "can_edit": membership.at_least(Role.EDITOR),
        "is_owner": membership.at_least(Role.OWNER),
        "trashed": selectors.team_trash(membership.team),
    }
    return render(request, _page(request, "teams/trash.html", "trashed"), context)


@require_POST
def trash_empty(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    count = services.trash_empty(team=team, actor=request.user)
    messages.success(request, f"Deleted {count} template(s) for good.")
    return redirect("teams:trash", team_slug=team.slug)


@require_POST
def template_untrash(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    template = access.trashed_template_for(request.user, team_slug, pk)
    try:
        services.template_untrash(template=template, actor=request.user)
    except services.TemplateNameTaken as taken:
        messages.error(
            request,
            f"{template.name} was not restored: {taken.errors['name']} "
            "Rename the live one first, then restore this one.",
        )
        return redirect("teams:trash", team_slug=team_slug)
    messages.success(request, f"Restored {template.name} from the trash.")
    return redirect("teams:template", team_slug=team_slug, pk=template.pk)


@require_POST
def template_delete(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    template = access.template_for(request.user, team_slug, pk, need=Role.EDITOR).template
    services.template_trash(template=template, actor=request.user)
    messages.success(request, f"Moved {template.name} to the trash.")
    return redirect("teams:detail", team_slug=team_slug)


# Members -------------------------------------------------------------------


def _members_page(
    request: AuthenticatedHttpRequest,
    team: Team,
    *,
    add_form: MemberAddForm | None = None,
    invite_form: InviteForm | None = None,
    error: str = "",
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    membership = access.team_membership(request.user, team.slug)
    is_owner = membership.at_least(Role.OWNER)
    context = {
        "team": team,
        "membership": membership,
        "is_owner": is_owner,
        "members": selectors.team_members(team),
        "add_form": add_form or MemberAddForm(),
        "invite_form": invite_form or InviteForm(),
        "invitations": invitations.pending_invitations(team) if is_owner else [],
        "roles": Role.choices,
        "error": error,
        **extra,
    }
    return render(request, _page(request, "teams/members.html", "members"), context, status=status)


@require_GET
def members(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    return _members_page(request, access.team_for(request.user, team_slug))


@require_POST
def member_add(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            added = services.member_add(
                team=team,
                actor=request.user,
                identifier=form.cleaned_data["identifier"],
                role=form.cleaned_data["role"] or Role.VIEWER,
            )
        except ValidationError as exc:
            return _members_page(
                request, team, add_form=form, error=" ".join(exc.messages), status=400
            )
        messages.success(request, f"Added {added.user.get_username()} as {added.role}.")
        return redirect("teams:members", team_slug=team.slug)
    return _members_page(
        request, team, add_form=form, error=" ".join(error_lines(form)), status=400
    )


@require_POST
def member_role(
    request: AuthenticatedHttpRequest, team_slug: str, membership_id: int
) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    membership = access.member_for(team, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _members_page(request, team, error="Choose owner, editor or viewer.", status=400)
    try:
        services.member_change_role(
            membership=membership, actor=request.user, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        return _members_page(request, team, error=" ".join(exc.messages), status=400)
    messages.success(request, f"{membership.user.get_username()} is now {membership.role}.")
    return redirect("teams:members", team_slug=team.slug)


@require_POST
def member_remove(
    request: AuthenticatedHttpRequest, team_slug: str, membership_id: int
) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    membership = access.member_for(team, membership_id)
    try:
        services.member_remove(membership=membership, actor=request.user)
    except ValidationError as exc:
        return _members_page(request, team, error=" ".join(exc.messages), status=400)
    messages.success(request, f"Removed {membership.user.get_username()} from {team.name}.")
    if membership.user_id == request.user.pk:
        return redirect("teams:list")
    return redirect("teams:members", team_slug=team.slug)


# The builder ---------------------------------------------------------------


def _builder_page(
    request: HtmxHttpRequest,
    scenario: Scenario,
    form: ScenarioForm,
    rendering: Rendering | None,
    *,
    saved: access.TemplateAccess | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The web builder's page (same context as its view), plus the saved template if any."""
    context = {
        **builder_context(
            scenario, form, rendering, quota_from(request.POST.get("quota")), user=request.user
        ),
        "saved_template": saved.template if saved else None,
        "saved_access": saved,
        **extra,
    }
    name = "web/builder.html#preview" if request.htmx else "web/builder.html"
    return render(request, name, context, status=status)


@form_only(lambda scenario_slug: reverse("builder", args=[scenario_slug]))
def template_create(request: AuthenticatedHttpRequest, scenario_slug: str) -> HttpResponse:
    access.teams_pages(request.user)
    scenario = scenario_or_404(scenario_slug)
    save_form = SaveTemplateForm(request.POST)
    scenario_form = ScenarioForm(scenario, request.POST)
    if not save_form.is_valid():
        return _builder_page(
            request,
            scenario,
            scenario_form,
            scenario_form.rendering,
            save_errors=error_lines(save_form),
            status=400,
        )
    team = access.team_for(request.user, save_form.cleaned_data["team"], need=Role.EDITOR)
    try:
        template = services.template_create(
            team=team,
            scenario=scenario,
            raw_values=scenario_form.raw_values(),
            name=save_form.cleaned_data["name"],
            description=save_form.cleaned_data["description"],
            note=save_form.cleaned_data["note"],
            author=request.user,
        )
    except services.TemplateInvalid as invalid:
        return _builder_page(
            request,
            scenario,
            scenario_form,
            scenario_form.rendering,
            save_errors=_save_errors(invalid),
            status=400,
        )
    messages.success(request, f"Saved {template.name} to {team.name} as version 1.")
    return redirect("teams:open", team_slug=team.slug, pk=template.pk)


@require_http_methods(["GET", "POST"])
def template_open(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The builder, filled with the template's current values (a combined policy: the combine
    page). A POST previews the submitted values on the same page, the saved template kept
    beside them (the live preview, and "Update preview" without JavaScript); it writes
    nothing, so reading the template is enough."""
    saved = access.template_for(request.user, team_slug, pk)
    template = saved.template
    if template.scenario_slug in SAVED_PAGES:
        return SAVED_PAGES[template.scenario_slug][0](request, saved)
    if template.scenario_slug == custom.CUSTOM:
        return custom_views.saved_open(request, saved)
    try:
        scenario = scenarios.get(template.scenario_slug)
    except scenarios.UnknownScenario:
        messages.error(
            request,
            f"The scenario {template.scenario_slug!r} no longer exists; "
            "the saved document can still be downloaded.",
        )
        return redirect("teams:template", team_slug=team_slug, pk=pk)
    if request.method == "POST":
        form = ScenarioForm(scenario, request.POST)
        return _builder_page(request, scenario, form, form.rendering, saved=saved)
    form = ScenarioForm(scenario, stored_values.to_form_data(scenario, template.values))
    rendering = form.rendering
    changes = stored_values.scenario_changes(scenario, template.values)
    if rendering is not None and rendering.ok and rendering.text != template.document:
        changes.append(
            "The scenario now produces a different document from the saved one; "
            "saving makes the new document the current version."
        )
    if rendering is not None and not rendering.ok:
        changes.append(
            "The saved values no longer make a valid policy: fix the fields marked "
            "below and save a new version."
        )
    return _builder_page(request, scenario, form, rendering, saved=saved, scenario_changes=changes)


@require_http_methods(["GET", "POST"])
def template_save(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Save a new version. A refused save is shown at this address, so a reload or a bookmark
    of it (a GET) goes back to the template's builder page, for those who may read it (an
    outsider still gets 404), instead of an empty 405."""
    if request.method == "GET":
        access.template_for(request.user, team_slug, pk)
        return redirect("teams:open", team_slug, pk)
    saved = access.template_for(request.user, team_slug, pk, need=Role.EDITOR)
    template = saved.template
    if template.scenario_slug in SAVED_PAGES:
        return SAVED_PAGES[template.scenario_slug][1](request, saved)
    if template.scenario_slug == custom.CUSTOM:
        return custom_views.saved_save(request, saved)
    scenario = scenario_or_404(template.scenario_slug)
    scenario_form = ScenarioForm(scenario, request.POST)
    version_form = SaveVersionForm(request.POST)
    if not version_form.is_valid():
        return _builder_page(
            request,
            scenario,
            scenario_form,
            scenario_form.rendering,
            saved=saved,
            save_errors=error_lines(version_form),
            status=400,
        )
    base = version_form.cleaned_data["expected_version"]
    try:
        version = services.template_save_version(
            template=template,
            raw_values=scenario_form.raw_values(),
            base_version=base,
            author=request.user,
            note=version_form.cleaned_data["note"],
        )
    except services.TemplateInvalid as invalid:
        return _builder_page(
            request,
            scenario,
            scenario_form,
            scenario_form.rendering,
            saved=saved,
            save_errors=_save_errors(invalid),
            status=400,
        )
    except services.VersionConflict as conflict:
        return _builder_page(
            request,
            scenario,
            scenario_form,
            scenario_form.rendering,
            saved=saved,
            save_conflict=conflict_context(template, conflict),
            status=409,
        )
    messages.success(
        request, save_banner(f"Saved {template.name} as version {version.number}.", version)
    )
    return redirect("teams:open", team_slug=team_slug, pk=pk)


def _save_errors(invalid: services.TemplateInvalid) -> list[str]:
    """Why a builder save was refused: the fields, or the validator's errors in the policy."""
    if "document" in invalid.errors:
        return [f"{invalid.errors['document']} Nothing was saved."]
    if isinstance(invalid, services.TemplateNameTaken):
        return [f"{invalid.errors['name']} Nothing was saved."]
    return ["Fix the fields marked below, then save again."]


def conflict_context(template: SavedTemplate, conflict: services.VersionConflict) -> dict[str, Any]:
    diff_url = reverse("teams:diff", kwargs={"team_slug": template.team.slug, "pk": template.pk})
    return {
        "message": f"{conflict} Nothing was overwritten: look at the other change, then "
        "reopen the template and apply yours again.",
        "diff_url": f"{diff_url}?a={conflict.base_version}&b={conflict.current_version}",
        "base_version": conflict.base_version,
        "current_version": conflict.current_version,
    }


# One template --------------------------------------------------------------


def _detail_page(
    request: AuthenticatedHttpRequest,
    saved: access.TemplateAccess,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    template = saved.template
    scenario: Scenario | None = scenarios.BY_SLUG.get(template.scenario_slug)
    filters, filter_form = listing.filters_from(request)
    context = {
        "template": template,
        "access": saved,
        "scenario": scenario,
        "combined": stored_values.combined_parts(template.values) if template.is_combined else None,
        "versions": listing.page_of(request, selectors.version_list(template, filters)),
        "filters": filters,
        "filter_form": filter_form,
        # Seen through a share (not its own team's member): the breadcrumb names who shared it.
        "shared_with": None if saved.role else selectors.sharing_recipient(request.user, template),
        "shares": selectors.template_shares(template) if saved.can_manage else [],
        **(_share_picker(request, template) if saved.can_manage else {}),
        "copy_teams": selectors.editable_teams(request.user),
        "document_html": highlight_json(template.document),
        **extra,
    }
    return render(
        request, _page(request, "teams/template_detail.html", "history"), context, status=status
    )


@require_GET
def template_detail(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    return _detail_page(request, access.template_for(request.user, team_slug, pk))


def _version_number(request: HttpRequest, key: str, default: int) -> int:
    try:
        return int(request.GET.get(key, default))
    except ValueError:
        raise Http404("No such version") from None


@require_GET
def template_diff(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk)
    current = saved.template.version
    old = access.version_for(saved, _version_number(request, "a", max(current - 1, 1)))
    new = access.version_for(saved, _version_number(request, "b", current))
    context = {
        "template": saved.template,
        "access": saved,
        "old": old,
        "new": new,
        "access_change": between_versions(old.document, new.document, old.number, new.number),
        "lines": diffing.diff_lines(old.document, new.document),
        "values_sections": _values_sections(saved.template, old.values, new.values),
        "versions": selectors.template_versions(saved.template),
    }
    return render(request, _page(request, "teams/diff.html", "diff"), context)


def _pretty(values: Any) -> str:
    return json.dumps(values, indent=2, sort_keys=True, ensure_ascii=False)


def _values_sections(
    template: SavedTemplate, old: Any, new: Any
) -> list[tuple[str, list[diffing.DiffLine], bool]]:
    """The values' diff as (title, lines, open): one closed section for a scenario; for a
    combined policy its quota, then each part (by position) with its scenario's title, the
    sections that changed open."""
    if not template.is_combined:
        return [("Parameter values", diffing.diff_lines(_pretty(old), _pretty(new)), False)]
    old_values, new_values = stored_values.combined_parts(old), stored_values.combined_parts(new)
    old_parts, new_parts = old_values.parts, new_values.parts
    pairs = [("Size quota", old_values.quota, new_values.quota)]
    for index in range(max(len(old_parts), len(new_parts))):
        before = old_parts[index] if index < len(old_parts) else None
        after = new_parts[index] if index < len(new_parts) else None
        label = " → ".join(dict.fromkeys(p.title for p in (before, after) if p is not None))
        if before is None:
            label += " (added)"
        elif after is None:
            label += " (removed)"
        pairs.append(
            (
                f"Part {index + 1}: {label}",
                _pretty(before.stored) if before else "",
                _pretty(after.stored) if after else "",
            )
        )
    return [(title, diffing.diff_lines(a, b), a != b) for title, a, b in pairs]


@require_GET
def template_download(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    template = access.template_for(request.user, team_slug, pk).template
    refused = downloads.refusal(
        request, [(template, template.document)], team=template.team, what="current version"
    )
    if refused is not None:
        return refused
    services.audit_record(
        team=template.team,
        actor=request.user,
        action=AuditAction.DOWNLOADED,
        template=template,
        detail=f"version {template.version} (current)",
    )
    return _json_attachment(template.document, _filename(template, template.version))


@require_GET
def export_template(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """A saved template's current document in ``?format=`` (a link on the template's page)."""
    template = access.template_for(request.user, team_slug, pk).template
    fmt = request.GET.get("format", "json")
    if fmt not in exports.FORMATS:
        return HttpResponse("Unknown export format.", status=404, content_type="text/plain")
    refused = downloads.refusal(
        request,
        [(template, template.document)],
        team=template.team,
        what=f"as {exports.FORMATS[fmt]}",
    )
    if refused is not None:
        return refused
    export = downloads.template_export(template, fmt)
    services.audit_record(
        team=template.team,
        actor=request.user,
        action=AuditAction.DOWNLOADED,
        template=template,
        detail=f"version {template.version} as {exports.FORMATS[fmt]}",
    )
    return export_attachment(export)


@require_GET
def version_download(
    request: AuthenticatedHttpRequest, team_slug: str, pk: int, number: int
) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk)
    version = access.version_for(saved, number)
    refused = downloads.refusal(
        request,
        [(saved.template, version.document)],
        team=saved.template.team,
        what=f"version {number}",
    )
    if refused is not None:
        return refused
    services.audit_record(
        team=saved.template.team,
        actor=request.user,
        action=AuditAction.DOWNLOADED,
        template=saved.template,
        detail=f"version {number}",
    )
    return _json_attachment(version.document, _filename(saved.template, number))


@require_POST
def version_restore(
    request: AuthenticatedHttpRequest, team_slug: str, pk: int, number: int
) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk, need=Role.EDITOR)
    old = access.version_for(saved, number)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return _detail_page(
            request, saved, error="The form was incomplete; reload the page.", status=400
        )
    try:
        version = services.template_restore_version(
            template=saved.template,
            old=old,
            base_version=form.cleaned_data["expected_version"],
            author=request.user,
        )
    except services.VersionConflict as conflict:
        return _detail_page(
            request, saved, conflict=conflict_context(saved.template, conflict), status=409
        )
    except services.AccessRuleViolated as violated:
        return _detail_page(
            request,
            saved,
            status=400,
            error=f"{violated.violation.message} Version {number} was not restored.",
        )
    except services.TemplateInvalid as invalid:
        errors = "; ".join(f"{k}: {v}" for k, v in invalid.flat().items())
        where = "the combine page" if saved.template.is_combined else "the builder"
        return _detail_page(
            request,
            saved,
            status=400,
            error=f"Version {number} no longer makes a valid policy ({errors}). "
            f"Open it in {where} instead.",
        )
    messages.success(
        request, save_banner(f"Restored version {number} as version {version.number}.", version)
    )
    return redirect("teams:template", team_slug=team_slug, pk=pk)


# Sharing -------------------------------------------------------------------


@require_POST
def template_share(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk, need=Role.OWNER)
    form = ShareForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Choose the team to share with.")
        share = services.template_share(
            template=saved.template, actor=request.user, target_slug=form.cleaned_data["team"]
        )
    except ValidationError as exc:
        return _detail_page(request, saved, error=" ".join(exc.messages), status=400)
    messages.success(request, f"Shared read-only with {share.team.name}.")
    return redirect("teams:template", team_slug=team_slug, pk=pk)


def _share_picker(request: HttpRequest, template: SavedTemplate) -> dict[str, Any]:
    search = request.GET.get("share_q", "")[:100]
    teams, more = selectors.share_targets(template, search)
    return {"share_q": search, "share_teams": teams, "share_more": more}


@require_GET
def share_picker(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The share picker's list of teams for a search (htmx; the page itself without JS)."""
    saved = access.template_for(request.user, team_slug, pk, need=Role.OWNER)
    context = {"template": saved.template, **_share_picker(request, saved.template)}
    return render(request, "teams/_share_picker.html", context)


@require_POST
def share_withdraw(
    request: AuthenticatedHttpRequest, team_slug: str, pk: int, share_id: int
) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk, need=Role.OWNER)
    share = access.share_for(saved, share_id)
    services.template_unshare(share=share, actor=request.user)
    messages.success(request, f"{share.team.name} no longer sees this template.")
    return redirect("teams:template", team_slug=team_slug, pk=pk)


@require_POST
def template_rename(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk, need=Role.EDITOR)
    form = RenameForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, saved, error="Give the template a name.", status=400)
    old = saved.template.name
    try:
        services.template_rename(
            template=saved.template, name=form.cleaned_data["name"], actor=request.user
        )
    except services.TemplateInvalid as invalid:
        return _detail_page(request, saved, error=invalid.errors["name"], status=400)
    messages.success(request, f"Renamed {old} to {saved.template.name}.")
    return redirect("teams:template", team_slug=team_slug, pk=pk)


@require_POST
def template_publish(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk, need=Role.OWNER)
    services.template_publish(template=saved.template, actor=request.user)
    messages.success(request, "Published to the organisation's library.")
    return redirect("teams:template", team_slug=team_slug, pk=pk)


@require_POST
def template_unpublish(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    saved = access.template_for(request.user, team_slug, pk, need=Role.OWNER)
    services.template_unpublish(template=saved.template, actor=request.user)
    messages.success(request, "Withdrawn from the library.")
    return redirect("teams:template", team_slug=team_slug, pk=pk)


@require_POST
def template_copy(request: AuthenticatedHttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """ "Use as a starting point": anyone who can see it copies it into a team they edit."""
    saved = access.template_for(request.user, team_slug, pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, saved, error="Choose the team to copy into.", status=400)
    target = access.team_for(request.user, form.cleaned_data["team"], need=Role.EDITOR)
    try:
        copy = services.template_copy(
            source=saved.template,
            target=target,
            actor=request.user,
            name=form.cleaned_data["name"],
        )
    except services.AccessRuleViolated as violated:
        message = f"{violated.violation.message} It was not copied into {target.name}."
        return _detail_page(request, saved, error=message, status=400)
    except services.TemplateNameTaken as taken:
        message = f"{taken.errors['name']} Give the copy a name of its own."
        return _detail_page(request, saved, error=message, status=400)
    messages.success(request, f"Copied into {target.name} as version 1.")
    if copy.is_combined or copy.scenario_slug == custom.CUSTOM:
        # A starting point is for changing: a combined policy opens on the combine page, a
        # custom one on the custom builder.
        return redirect("teams:open", team_slug=target.slug, pk=copy.pk)
    return redirect("teams:template", team_slug=target.slug, pk=copy.pk)


# The organisation's library --------------------------------------------------


@require_GET
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.teams_pages(request.user)
    filters, filter_form = listing.filters_from(request)
    context = {
        "templates": listing.page_of(request, selectors.library_list(filters)),
        "copy_teams": list(selectors.editable_teams(request.user)),
        "filters": filters,
        "filter_form": filter_form,
        "scenario_choices": _scenario_choices(),
    }
    return render(request, _page(request, "teams/library.html", "library"), context)
