"""The team's rules page: accesses no template of the team may grant (``core.access_rules``).

Every member reads the rules (an outsider gets 404); only owners add, change and remove them
(403 for the others). The writes are ``services.access_rule_*``, each in the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from policybuilder.core import access_rules
from policybuilder.teams import access, selectors, services
from policybuilder.teams.forms import AccessRuleForm
from policybuilder.teams.models import AccessRule, Role, Team
from policybuilder.web.http import AuthenticatedHttpRequest


def _patterns(form: AccessRuleForm) -> tuple[list[str], list[str]]:
    actions = access_rules.split_patterns(form.cleaned_data["actions"])
    resources = access_rules.split_patterns(form.cleaned_data["resources"])
    return actions, resources or list(access_rules.ANY_RESOURCE)


def _initial(rule: AccessRule) -> dict[str, str]:
    return {
        "name": rule.name,
        "actions": "\n".join(rule.actions),
        "resources": "\n".join(rule.resources),
    }


def _save(
    form: AccessRuleForm, *, team: Team, actor, rule: AccessRule | None = None
) -> AccessRule | None:
    """The rule written, or None with the service's field errors put on the form."""
    if not form.is_valid():
        return None
    actions, resources = _patterns(form)
    fields = {
        "actor": actor,
        "name": form.cleaned_data["name"],
        "actions": actions,
        "resources": resources,
    }
    try:
        if rule is None:
            return services.access_rule_create(team=team, **fields)
        return services.access_rule_update(rule=rule, **fields)
    except services.RuleInvalid as invalid:
        for name, message in invalid.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return None


def _rules_page(
    request: AuthenticatedHttpRequest,
    team: Team,
    form: AccessRuleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    membership = access.team_membership(request.user, team.slug)
    context = {
        "team": team,
        "membership": membership,
        "is_owner": membership.at_least(Role.OWNER),
        "rules": selectors.team_access_rules(team),
        "breaking": selectors.templates_breaking_rules(team),
        "form": form or AccessRuleForm(),
    }
    return render(request, "teams/rules.html", context, status=status)


@require_http_methods(["GET"])
def rules(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    return _rules_page(request, access.team_for(request.user, team_slug))


@require_POST
def rule_add(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    form = AccessRuleForm(request.POST)
    rule = _save(form, team=team, actor=request.user)
    if rule is None:
        return _rules_page(request, team, form, status=400)
    messages.success(request, f"Added the rule {rule.name}.")
    return redirect("teams:rules", team_slug=team.slug)


@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthenticatedHttpRequest, team_slug: str, rule_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    rule = access.access_rule_for(team, rule_id)
    if request.method == "GET":
        form = AccessRuleForm(initial=_initial(rule))
        return render(request, "teams/rule_edit.html", {"team": team, "rule": rule, "form": form})
    form = AccessRuleForm(request.POST)
    if _save(form, team=team, actor=request.user, rule=rule) is None:
        context = {"team": team, "rule": rule, "form": form}
        return render(request, "teams/rule_edit.html", context, status=400)
    messages.success(request, f"Saved the rule {rule.name}.")
    return redirect("teams:rules", team_slug=team.slug)


@require_POST
def rule_remove(request: AuthenticatedHttpRequest, team_slug: str, rule_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    rule = access.access_rule_for(team, rule_id)
    services.access_rule_delete(rule=rule, actor=request.user)
    messages.success(request, f"Removed the rule {rule.name}.")
    return redirect("teams:rules", team_slug=team.slug)
