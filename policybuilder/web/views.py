"""Views: glue between requests, the scenario engine and the templates."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from policybuilder.core import exports, iam_catalog, scenarios
from policybuilder.core.document import dumps
from policybuilder.core.scenarios import Rendering, Scenario
from policybuilder.core.validator import apply_fix
from policybuilder.web import fragments
from policybuilder.web.attachments import attachment, export_attachment, file_stem
from policybuilder.web.forms import ScenarioForm
from policybuilder.web.highlight import highlight_json
from policybuilder.web.http import HtmxHttpRequest
from policybuilder.web.save_panel import save_teams
from policybuilder.web.shortcuts import scenario_or_404
from policybuilder.web.validation import QUOTA_LABELS, apply_all_fixes, quota_from, report_for


def form_only(page: str | Callable[..., str]):
    """A view that only a form's POST uses: opened directly (a bookmark, an address typed or
    reloaded as GET) it leads to the page the form is on (the URL named ``page`` with the
    view's arguments, or what ``page`` returns for them) instead of answering an empty 405."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                url = (
                    page(*args, **kwargs)
                    if callable(page)
                    else reverse(page, args=args, kwargs=kwargs)
                )
                response = redirect(url)
                response.status_code = 303
                return response
            return HttpResponseNotAllowed(["POST"])

        return wrapped

    return decorate


def catalogue(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    words = query.lower().split()
    found = tuple(s for s in scenarios.SCENARIOS if all(w in _searchable(s) for w in words))
    pages = scenarios.grouped(found)
    return render(request, "web/catalogue.html", {"pages": pages, "query": query})


def _searchable(scenario: Scenario) -> str:
    fields = (scenario.slug, scenario.title, scenario.area, scenario.page, scenario.summary)
    return " ".join(fields).lower()


def builder_context(
    scenario: Scenario,
    form: ScenarioForm,
    rendering: Rendering | None,
    quota: str | None,
    *,
    user: Any = None,
) -> dict:
    """Everything web/builder.html needs; the teams pages reuse it for saved templates.
    ``user``'s teams fill the save panel (a lazy QuerySet: a preview alone reads nothing)."""
    text = rendering.text if rendering is not None else None
    report = None
    if rendering is not None and text is not None:
        report = report_for(text, quota=quota, document=rendering.document)
        if report.advice_items is not None:
            form.use_advice(report.advice_items)
    return {
        "scenario": scenario,
        "form": form,
        "rendering": rendering,
        "policy_text": text,
        "policy_html": highlight_json(text) if text else None,
        "report": report,
        "quota": quota,
        "quota_labels": QUOTA_LABELS,
        "data_version": iam_catalog.data_version(),
        # Called by the template only if it shows the findings (web/_policy.html).
        "findings_html": functools.partial(
            fragments.findings_html, report, iam_catalog.data_version()
        )
        if report is not None
        else "",
        "still_needed": _still_needed(form, rendering),
        "save_teams": save_teams(user),
    }


def _still_needed(form: ScenarioForm, rendering: Rendering | None) -> list[tuple[str, Any, str]]:
    """A new form's fields that its defaults leave wrong or empty: (name, label, message),
    for the preview's "Nothing to show yet" box (a bound form's errors name them instead)."""
    if form.is_bound or rendering is None:
        return []
    return [
        (name, form.fields[name].label, message)
        for name, message in rendering.errors.items()
        if name in form.fields
    ]


@require_http_methods(["GET", "POST"])
def builder(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    scenario = scenario_or_404(slug)
    if request.method == "POST" and "download" in request.POST:
        # The page's Download button posts here, so that a refused download is shown at the
        # builder's own address, which a reload or a bookmark can open again.
        return _download(request, scenario)
    # A new form shows no errors; its preview is the defaults', when they suffice.
    form = (
        ScenarioForm(scenario, request.POST) if request.method == "POST" else ScenarioForm(scenario)
    )
    quota = quota_from(request.POST.get("quota"))
    if request.htmx:
        # The live preview: the fragment has no save panel, so no teams (even a lazy QuerySet
        # costs a sixth of the preview view to build), and of the context processors' values it
        # reads only ``request`` (user, perms and messages would cost a tenth of its template).
        context = builder_context(scenario, form, form.rendering, quota)
        context["request"] = request
        return HttpResponse(get_template("web/builder.html#preview").render(context))
    context = builder_context(scenario, form, form.rendering, quota, user=request.user)
    return render(request, "web/builder.html", context)


@form_only("builder")
def download(request: HttpRequest, slug: str) -> HttpResponse:
    return _download(request, scenario_or_404(slug))


def _download(request: HttpRequest, scenario: Scenario) -> HttpResponse:
    form = ScenarioForm(scenario, request.POST)
    quota = quota_from(request.POST.get("quota"))
    if not form.is_valid() or form.rendering is None or not form.rendering.ok:
        context = builder_context(scenario, form, form.rendering, quota, user=request.user)
        context["download_refused"] = "Fix the fields marked below, then download again."
        return render(request, "web/builder.html", context, status=400)
    context = builder_context(scenario, form, form.rendering, quota, user=request.user)
    if context["report"].blocking:
        context["download_refused"] = (
            "The validator found errors in this policy (listed beside it); it was not downloaded."
        )
        return render(request, "web/builder.html", context, status=400)
    filename = file_stem(request.POST.get("filename", ""), scenario.slug) + ".json"
    assert form.rendering.text is not None  # a rendering that is ok has its text
    return attachment(form.rendering.text, filename, "application/json")


#: The submit button's name that carries the export format (no scenario has such a parameter).
EXPORT_FORMAT = "export_format"


@require_POST
def export_scenario(request: HttpRequest, slug: str) -> HttpResponse:
    """The builder's policy in the format of the button pressed (``export_format``), refused
    as the JSON download is, so no export carries a policy the validator calls broken."""
    scenario = scenario_or_404(slug)
    form = ScenarioForm(scenario, request.POST)
    quota = quota_from(request.POST.get("quota"))
    fmt = request.POST.get(EXPORT_FORMAT, "json")
    valid = form.is_valid() and form.rendering is not None and form.rendering.ok
    context = builder_context(scenario, form, form.rendering, quota, user=request.user)
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
    name = file_stem(request.POST.get("filename", ""), exports.default_name(scenario.slug))
    return export_attachment(exports.export(form.rendering.document, fmt, name))


def _validate_context(text: str, quota: str | None, **extra) -> dict:
    # The validate page is where admins review pasted policies: advice included.
    report = report_for(text, quota=quota, advice=True) if text.strip() else None
    if report is not None:
        report.described_text = text
    marked = report.marked_lines if report else set()
    lines = [(n, line, n in marked) for n, line in enumerate(text.splitlines(), start=1)]
    return {
        "policy_text": text,
        "lines": lines,
        "report": report,
        "quota": quota,
        "quota_labels": QUOTA_LABELS,
        "data_version": iam_catalog.data_version(),
        "fix_action": reverse("validate_fix"),
        "fix_all_action": reverse("validate_fix_all"),
        **extra,
    }


def _submitted_text(request: HttpRequest) -> tuple[str, str | None]:
    """The policy text from the upload (when one was chosen) or the text box, and any error."""
    upload = request.FILES.get("upload")
    if upload is None:
        return request.POST.get("policy", ""), None
    limit = settings.MAX_POLICY_BYTES
    if (upload.size or 0) > limit:
        return "", f"The file is larger than {limit // 1024} KB; IAM policies are far smaller."
    try:
        return upload.read().decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", "The file is not UTF-8 text. Save it as UTF-8 and upload it again."


@require_http_methods(["GET", "POST"])
def validate_page(request: HtmxHttpRequest) -> HttpResponse:
    quota = quota_from(request.POST.get("quota"), default=None)
    if request.method == "GET":
        return render(request, "web/validate.html", _validate_context("", quota))
    text, error = _submitted_text(request)
    context = _validate_context(text, quota, upload_error=error)
    if request.htmx:
        return render(request, "web/validate.html#results", context)
    return render(request, "web/validate.html", context, status=400 if error else 200)


@form_only("validate")
def validate_fix(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("policy", "")
    quota = quota_from(request.POST.get("quota"), default=None)
    try:
        index = int(request.POST.get("finding", ""))
    except ValueError:
        index = -1
    fixed = apply_fix(text, index, quota=quota, advice=True)
    if fixed is None:
        context = _validate_context(
            text, quota, upload_error="That fix no longer applies; the findings were refreshed."
        )
        return render(request, "web/validate.html", context, status=400)
    return render(request, "web/validate.html", _validate_context(fixed, quota, fixed=True))


@form_only("validate")
def validate_fix_all(request: HttpRequest) -> HttpResponse:
    """Every fix of the findings in one request; the page shows the result checked again."""
    text = request.POST.get("policy", "")
    quota = quota_from(request.POST.get("quota"), default=None)
    fixed, applied = apply_all_fixes(text, quota=quota)
    if not applied:
        context = _validate_context(
            text, quota, upload_error="No fix applies to this text; the findings were refreshed."
        )
        return render(request, "web/validate.html", context, status=400)
    return render(
        request, "web/validate.html", _validate_context(fixed, quota, fixed=True, applied=applied)
    )


@form_only("validate")
def validate_download(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("policy", "")
    quota = quota_from(request.POST.get("quota"), default=None)
    context = _validate_context(text, quota)
    report = context["report"]
    if report is None or report.blocking:
        context["upload_error"] = (
            "Only a policy without errors can be downloaded. Fix the errors listed, or apply "
            "their suggested fixes."
        )
        return render(request, "web/validate.html", context, status=400)
    document = json.loads(text)
    filename = file_stem(request.POST.get("filename", ""), "policy") + ".json"
    return attachment(dumps(document), filename, "application/json")
