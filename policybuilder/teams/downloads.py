"""The one check of the team's rules for everything that lets a saved document leave.

Saves are checked in ``services`` (``AccessRuleViolated``); downloads and exports of saved
templates (the JSON download of a template or a version, the team's zip, the CloudFormation,
Terraform and CLI exports on the template's page and in the API) call :func:`refusal` here.
The rules are those of the template's own team, whoever downloads it (a team it is shared
with, or the library). A refused download is a 400 page naming the rule and the witness,
and writes nothing to the audit log (nothing left).

Before the rules, the stored document itself is checked (:func:`stored_problem`): a row
damaged outside the application, or saved by an older release whose validator accepted what
today's refuses, is refused with the validator's reason (400), never exported and never a 500.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from policybuilder.core import exports
from policybuilder.core.access_rules import Rule, Violation, first_violation
from policybuilder.core.validator import errors_among, validate
from policybuilder.teams import selectors
from policybuilder.teams.models import SavedTemplate, Team


def violation(template: SavedTemplate, document: str | None = None) -> Violation | None:
    """The rule of the template's team that ``document`` (default: the current one) breaks."""
    return selectors.rule_violation(
        template.team, template.document if document is None else document
    )


def stored_problem(document: str) -> str | None:
    """Why a stored document may not leave as it is, in a sentence; None when it may."""
    errors = errors_among(validate(document))
    if not errors:
        return None
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return (
        "The stored policy is refused by the validator: "
        f"{first.code} at {first.path}: {first.message}{more}"
    )


def refusal(
    request: HttpRequest,
    templates: Iterable[tuple[SavedTemplate, str]],
    *,
    team: Team,
    what: str,
) -> HttpResponse | None:
    """None when every (template, document) may leave; else the 400 page for the first that
    breaks a rule. ``what`` says what was asked for ("version 2 as JSON")."""
    rules: dict[int, list[Rule]] = {}  # the zip asks for one team's rules once
    for template, document in templates:
        problem = stored_problem(document)
        if problem is not None:
            context = {"team": team, "template": template, "problem": problem, "what": what}
            return render(request, "teams/download_invalid.html", context, status=400)
        if template.team_id not in rules:
            rules[template.team_id] = selectors.rules_of(template.team)
        found = first_violation(document, rules[template.team_id])
        if found is not None:
            context = {"team": team, "template": template, "violation": found, "what": what}
            return render(request, "teams/download_refused.html", context, status=400)
    return None


def template_stem(template: SavedTemplate) -> str:
    """The file name (without extension) a saved template's downloads start from."""
    return slugify(template.name)[:100] or template.scenario_slug


def template_export(template: SavedTemplate, fmt: str, name: str = "") -> exports.Export:
    """The template's current document as ``fmt`` (the template page's links and the API);
    raises ``exports.ExportError`` for a name IAM would refuse."""
    name = name.strip() or exports.default_name(template_stem(template))
    return exports.export(json.loads(template.document), fmt, name, template.description)
