"""The owner's switch: the team requires multi-factor authentication of its members, or not."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from policybuilder.teams import access, mfa_requirement, services
from policybuilder.teams.models import AuditAction, Role, Team


def set_mfa_required(*, team: Team, actor: User, required: bool) -> bool:
    """Turn the requirement on or off, audited; False when it already was so."""
    with transaction.atomic():
        changed = Team.objects.filter(pk=team.pk, mfa_required=not required).update(
            mfa_required=required
        )
        if changed:
            services.audit_record(
                team=team,
                actor=actor,
                action=AuditAction.MFA_REQUIRED if required else AuditAction.MFA_OPTIONAL,
                subject=team.name,
            )
    team.mfa_required = required
    return bool(changed)


@require_POST
def team_mfa(request: HttpRequest, team_slug: str) -> HttpResponse:
    user = cast(User, request.user)  # signed in: LoginRequiredMiddleware
    team = access.team_for(user, team_slug, need=Role.OWNER)
    required = request.POST.get("mfa_required") == "on"
    if required and not mfa_requirement.is_satisfied(user):
        messages.error(
            request,
            "Set up multi-factor authentication for yourself first (Multi-factor "
            "authentication, at the top of the page): then require it of the team.",
        )
        return redirect("teams:detail", team_slug=team.slug)
    if set_mfa_required(team=team, actor=user, required=required):
        if required:
            messages.success(
                request,
                f"{team.name} now requires multi-factor authentication: members without it "
                "are asked to set it up before they see the team's pages.",
            )
        else:
            messages.success(
                request, f"{team.name} no longer requires multi-factor authentication."
            )
    return redirect("teams:detail", team_slug=team.slug)
