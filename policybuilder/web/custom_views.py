"""The custom statement builder: ``/custom/``, and a saved custom policy at its own URL.

The page is one plain form (it works without JavaScript): each statement's
fields are named ``s<N>-...`` (``s0-effect``, ``s0-actions``, ``s0-r1-Region``,
``s0-c0-key``), and the buttons that add or remove a statement, a resource or
a condition, or search the catalogue, submit the form with ``op``.  htmx makes
the same requests: typing refreshes only the preview, any other change the
whole builder.  The values are :mod:`policybuilder.core.custom`'s, and a saved
custom policy is a team template with the reserved scenario slug ``custom``: saving it, and
its page at the template's own URL, are in ``teams/custom_views.py`` (this app is below teams).
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policybuilder.core import custom, exports, iam_catalog
from policybuilder.web.attachments import attachment, export_attachment, file_stem
from policybuilder.web.forms import region_choices
from policybuilder.web.highlight import highlight_json
from policybuilder.web.http import HtmxHttpRequest
from policybuilder.web.save_panel import save_teams
from policybuilder.web.validation import QUOTA_LABELS, quota_from, report_for
from policybuilder.web.views import EXPORT_FORMAT

# --- Form data <-> values -----------------------------------------------------------------------


def _count(data: QueryDict, name: str, limit: int) -> int:
    try:
        return max(0, min(int(data.get(name, "0")), limit))
    except ValueError:
        return 0


def values_from_post(data: QueryDict) -> tuple[dict[str, Any], dict[int, str]]:
    """The custom values the form posted, and each statement's search query."""
    statements = []
    queries: dict[int, str] = {}
    for i in range(_count(data, "count", custom.MAX_STATEMENTS)):
        p = f"s{i}-"
        actions = [a.strip() for a in data.getlist(f"{p}actions") if a.strip()]
        actions += [a for a in re.split(r"[\s,]+", data.get(f"{p}action_new", "")) if a]
        resources = []
        for j in range(_count(data, f"{p}rcount", custom.MAX_RESOURCES)):
            rp = f"{p}r{j}-"
            resources.append({k[len(rp) :]: data.get(k, "") for k in data if k.startswith(rp)})
        conditions = []
        for j in range(_count(data, f"{p}ccount", custom.MAX_CONDITIONS)):
            cp = f"{p}c{j}-"
            conditions.append(
                {
                    "operator": data.get(f"{cp}operator", ""),
                    "key": data.get(f"{cp}key", "").strip(),
                    "values": [v for v in data.get(f"{cp}values", "").splitlines() if v.strip()],
                }
            )
        statement = {
            "effect": data.get(f"{p}effect", "Allow"),
            "actions": list(dict.fromkeys(actions)),
            "resources": resources,
            "conditions": conditions,
        }
        if data.get(f"{p}sid", "").strip():
            statement["sid"] = data.get(f"{p}sid", "").strip()
        statements.append(statement)
        if data.get(f"{p}q", "").strip():
            queries[i] = data.get(f"{p}q", "").strip()
    # A form always shows a statement to fill, even when the count was lost.
    statements = statements or [custom.empty_statement()]
    return {"quota": quota_from(data.get("quota")), "statements": statements}, queries


def apply_op(values: dict[str, Any], op: str) -> dict[str, Any]:
    """The values with a button's change made: add or remove a statement, resource, condition."""
    statements = values["statements"]
    kind, _, where = op.partition(":")
    numbers = [int(n) for n in where.split(":") if n.isdigit()]
    target = statements[numbers[0]] if numbers and numbers[0] < len(statements) else None
    if kind == "add-statement" and len(statements) < custom.MAX_STATEMENTS:
        statements.append(custom.empty_statement())
    elif kind == "remove-statement" and target is not None:
        statements.pop(numbers[0])
    elif kind == "add-resource" and target is not None:
        options = custom.resource_options(custom.chosen_actions(target))
        if len(target["resources"]) < custom.MAX_RESOURCES:
            target["resources"].append(
                {"type": options[0].key if options else "", "Partition": "aws"}
            )
    elif kind == "remove-resource" and target is not None and len(numbers) == 2:
        _pop(target["resources"], numbers[1])
    elif kind == "add-condition" and target is not None:
        if len(target["conditions"]) < custom.MAX_CONDITIONS:
            target["conditions"].append({"operator": "StringEquals", "key": "", "values": []})
    elif kind == "remove-condition" and target is not None and len(numbers) == 2:
        _pop(target["conditions"], numbers[1])
    if not statements:
        statements.append(custom.empty_statement())
    return values


def _pop(items: list[Any], index: int) -> None:
    if index < len(items):
        items.pop(index)


# --- What the template shows --------------------------------------------------------------------


def _field_kind(placeholder: str) -> str:
    return {"Partition": "partition", "Region": "region"}.get(placeholder, "text")


def statement_views(
    values: dict[str, Any], rendering: custom.CustomRendering | None, queries: dict[int, str]
) -> list[dict[str, Any]]:
    errors = rendering.errors if rendering is not None else {}
    expansions = rendering.expansions if rendering is not None else []
    views = []
    for i, statement in enumerate(values["statements"]):
        p = f"statements.{i}"
        chosen = custom.chosen_actions(statement)
        picked = []
        for text in statement.get("actions", []):
            action = iam_catalog.get_action(text) if "*" not in text and "?" not in text else None
            picked.append({"value": text, "action": action})
        query = queries.get(i, "")
        taken = {a.lower() for a in statement.get("actions", [])}
        results = [a for a in custom.search_actions(query) if a.qualified_name.lower() not in taken]
        options = custom.resource_options(chosen)
        resources = []
        for j, resource in enumerate(statement.get("resources", [])):
            rp = f"{p}.resources.{j}"
            option = custom.resource_option(resource.get("type", ""))
            fields = []
            service = option.arn_service if option else ""
            for placeholder in option.placeholders if option else ():
                param = custom.placeholder_param(service, placeholder)
                fields.append(
                    {
                        "name": placeholder,
                        "label": param.label,
                        "value": resource.get(placeholder, ""),
                        "error": errors.get(f"{rp}.{placeholder}", ""),
                        "kind": _field_kind(placeholder),
                        "example": param.example,
                    }
                )
            known = {o.key for o in options}
            shown = list(options)
            if option is not None and option.key not in known:
                shown.insert(0, option)
            resources.append(
                {
                    "index": j,
                    "type": option.key if option else resource.get("type", ""),
                    "option": option,
                    "options": shown,
                    "fields": fields,
                    "error": errors.get(f"{rp}.type", "") or errors.get(rp, ""),
                }
            )
        conditions = []
        for j, condition in enumerate(statement.get("conditions", [])):
            cp = f"{p}.conditions.{j}"
            key = condition.get("key", "")
            kind = custom.key_type(key, chosen) if key and "${" not in key else None
            operators = custom.operators_for(kind) if kind else custom.all_operators()
            conditions.append(
                {
                    "index": j,
                    "key": key,
                    "key_type": kind or "",
                    "hint": custom.value_hint(kind) if kind else "",
                    "operator": condition.get("operator", ""),
                    "operators": operators,
                    "values": "\n".join(condition.get("values", [])),
                    "errors": {
                        name: errors.get(f"{cp}.{name}", "")
                        for name in ("key", "operator", "values")
                    },
                    "error": errors.get(cp, ""),
                }
            )
        views.append(
            {
                "index": i,
                "number": i + 1,
                "effect": statement.get("effect", "Allow"),
                "sid": statement.get("sid", ""),
                "picked": picked,
                "expansions": expansions[i] if i < len(expansions) else [],
                "query": query,
                "results": custom.by_access_level(results),
                "no_results": bool(query) and not results,
                "resource_options": options,
                "takes_no_resource": bool(chosen) and not options,
                "resources": resources,
                "conditions": conditions,
                "key_options": custom.key_options(chosen),
                "errors": {
                    name: errors.get(f"{p}.{name}", "")
                    for name in ("effect", "actions", "resources", "conditions", "sid")
                },
                "error": errors.get(p, ""),
            }
        )
    return views


def _error_list(rendering: custom.CustomRendering | None) -> list[tuple[str, str]]:
    """Every error as (where in words, message), for the preview's "Nothing to show yet"."""
    out = []
    for path, message in (rendering.errors if rendering else {}).items():
        parts = path.split(".")
        words = []
        if len(parts) >= 2 and parts[0] == "statements":
            words.append(f"Statement {int(parts[1]) + 1}")
            rest = parts[2:]
            if len(rest) >= 2 and rest[0] in ("resources", "conditions"):
                words.append(f"{rest[0][:-1]} {int(rest[1]) + 1}")
                rest = rest[2:]
            words.extend(rest)
        else:
            words.append(path)
        out.append((", ".join(words), message))
    return out


def page_context(
    request: HttpRequest,
    values: dict[str, Any],
    queries: dict[int, str],
    *,
    bound: bool,
    saved: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """The page's context; ``saved`` is the teams app's access to a saved custom policy
    (its ``template`` and ``can_edit``) when the page is that template's."""
    rendering = custom.render(values)
    quota = quota_from(values.get("quota"))
    text = rendering.text if rendering.ok else None
    report = report_for(text, quota=quota, document=rendering.document) if text else None
    if saved is not None:
        url = reverse("teams:open", args=[saved.template.team.slug, saved.template.pk])
    else:
        url = reverse("custom")
    advised = []
    # A report exists when the rendering is ok; made from its document, it has the advice.
    if report is not None and report.advice_items and rendering.document is not None:
        statements = rendering.document["Statement"]
        for found in report.advice_items:
            sid = statements[found.statement or 0].get("Sid")
            advised.append({"code": found.code, "message": found.message, "sid": sid})
    return {
        "values": values,
        "advice": advised,
        "statements": statement_views(values, rendering if bound else None, queries),
        "rendering": rendering,
        "bound": bound,
        "error_list": _error_list(rendering) if bound else [],
        "policy_text": text,
        "policy_html": highlight_json(text) if text else None,
        "report": report,
        "quota": quota,
        "quota_labels": QUOTA_LABELS,
        "data_version": iam_catalog.data_version(),
        "services": custom.services(),
        "all_actions": custom.all_actions(),
        "region_choices": region_choices()[1:],
        "partitions": ("aws", "aws-cn", "aws-us-gov"),
        "builder_url": url,
        "saved_template": saved.template if saved else None,
        "saved_access": saved,
        "save_teams": save_teams(request.user),
        "filename": request.POST.get("filename", "")
        or (exports.default_name(saved.template.name) if saved else "custom-policy"),
        "export_buttons": exports.BUTTONS,
        **extra,
    }


def respond(request: HtmxHttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    if request.htmx and request.htmx.target == "preview":
        context["oob_errors"] = context["bound"]
        return render(request, "web/custom.html#preview", context, status=status)
    return render(request, "web/custom.html", context, status=status)


def posted(request: HttpRequest) -> tuple[dict[str, Any], dict[int, str]]:
    values, queries = values_from_post(request.POST)
    op = request.POST.get("op", "")
    if op:
        values = apply_op(values, op)
    return values, queries


# --- Views --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def builder(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        values, queries = posted(request)
        return respond(request, page_context(request, values, queries, bound=True))
    return respond(request, page_context(request, custom.empty_values(), {}, bound=False))


@require_GET
def action_search(request: HttpRequest) -> HttpResponse:
    """The htmx-filtered list of actions for one statement's search box."""
    try:
        index = max(0, min(int(request.GET.get("statement", "0")), custom.MAX_STATEMENTS))
    except ValueError:
        index = 0
    query = request.GET.get(f"s{index}-q", request.GET.get("q", "")).strip()
    taken = {a.strip().lower() for a in request.GET.getlist(f"s{index}-actions")}
    results = [a for a in custom.search_actions(query) if a.qualified_name.lower() not in taken]
    context = {
        "s": {
            "index": index,
            "query": query,
            "results": custom.by_access_level(results),
            "no_results": bool(query) and not results,
        }
    }
    return render(request, "web/custom.html#results", context)


def _refusal(rendering: custom.CustomRendering, report: Any) -> str:
    if not rendering.ok:
        return "Fix the fields marked below, then download again."
    if report is not None and report.blocking:
        return (
            "The validator found errors in this policy (listed beside it); it was not downloaded."
        )
    return ""


@require_POST
def download(request: HttpRequest) -> HttpResponse:
    values, queries = values_from_post(request.POST)
    context = page_context(request, values, queries, bound=True)
    refused = _refusal(context["rendering"], context["report"])
    if refused:
        context["download_refused"] = refused
        return render(request, "web/custom.html", context, status=400)
    name = file_stem(request.POST.get("filename", ""), "custom-policy") + ".json"
    return attachment(context["policy_text"], name, "application/json")


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The previewed policy as CloudFormation, Terraform or an AWS CLI command (the button's
    ``export_format``), refused as the download is."""
    values, queries = values_from_post(request.POST)
    context = page_context(request, values, queries, bound=True)
    fmt = request.POST.get(EXPORT_FORMAT, "json")
    refused = _refusal(context["rendering"], context["report"]).replace("download", "export")
    if fmt not in exports.FORMATS:
        refused = "Choose one of the export formats offered."
    if refused:
        context["download_refused"] = refused
        return render(request, "web/custom.html", context, status=400)
    name = file_stem(request.POST.get("filename", ""), "custom-policy")
    return export_attachment(exports.export(context["rendering"].document, fmt, name))


@require_POST
def access_panel(request: HtmxHttpRequest) -> HttpResponse:
    """ "What this allows" for the statements posted (htmx: the panel's body; else the page)."""
    from policybuilder.web.access_panel import panel_for
    from policybuilder.web.access_views import fragment, panel_context

    values, queries = values_from_post(request.POST)
    rendering = custom.render(values)
    text = rendering.text if rendering.ok and rendering.text else ""
    panel = panel_context(reverse("custom_access"), "custom-form", panel_for(text), request.POST)
    if request.htmx:
        return fragment(request, panel)
    context = page_context(request, values, queries, bound=True) | panel
    return render(request, "web/custom.html", context)
