"""The one check of the team's rules for everything that lets a saved document leave.

Saves are checked in ``services`` (``AccessRuleViolated``); downloads and exports of saved
templates (the JSON download of a template or a version, the team's zip, the CloudFormation,
Terraform and CLI exports on the template's page and in the API) call :func:`refusal` here.
The rules are those of the template's own team, whoever downloads it (a team it is shared
with, or the library). A refused download is a 400 page naming the rule and the witness,
and writes nothing to the audit log (nothing left).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from policybuilder.core.access_rules import Rule, Violation, first_violation
from policybuilder.teams import selectors
from policybuilder.teams.models import SavedTemplate, Team


def violation(template: SavedTemplate, document: str | None = None) -> Violation | None:
    """The rule of the template's team that ``document`` (default: the current one) breaks."""
    return selectors.rule_violation(
        template.team, template.document if document is None else document
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
        if template.team_id not in rules:
            rules[template.team_id] = selectors.rules_of(template.team)
        found = first_violation(document, rules[template.team_id])
        if found is not None:
            context = {"team": team, "template": template, "violation": found, "what": what}
            return render(request, "teams/download_refused.html", context, status=400)
    return None
