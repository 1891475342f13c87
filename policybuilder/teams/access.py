"""One access helper per object type, used by every view (htmx partials included).

An object of a team the user is not in, and not shared with them, is a 404
(it is not even there for them); a write without the role for it is a 403.
A user who must have multi-factor authentication and lacks it gets ``MfaRequired`` (a 403
that the pages turn into a redirect to set it up) from every helper that finds a team or a
template, after the 404 of an outsider (``teams.mfa_requirement`` has the rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from policybuilder.teams import selectors
from policybuilder.teams.mfa_requirement import require_mfa, require_mfa_for_team
from policybuilder.teams.models import (
    AccessRule,
    Invitation,
    Membership,
    Role,
    SavedTemplate,
    Team,
    TemplateShare,
    TemplateVersion,
    role_at_least,
)


@dataclass(frozen=True)
class TemplateAccess:
    template: SavedTemplate
    #: The user's role in the template's own team; ``None`` when they see it shared or published.
    role: str | None

    @property
    def can_edit(self) -> bool:
        return role_at_least(self.role, Role.EDITOR)

    @property
    def can_manage(self) -> bool:
        return role_at_least(self.role, Role.OWNER)


def team_membership(user: User, team_slug: str, *, need: str = Role.VIEWER) -> Membership:
    """The user's membership of the team, or 404 if none; 403 if the role is below ``need``."""
    membership = (
        selectors.memberships_of(user).filter(team__slug=team_slug).select_related("team").first()
    )
    if membership is None:
        raise Http404("No such team")
    require_mfa_for_team(user, membership.team)
    if not membership.at_least(need):
        raise PermissionDenied(f"You need to be {need} in {membership.team.name} for this.")
    return membership


def team_for(user: User, team_slug: str, *, need: str = Role.VIEWER) -> Team:
    return team_membership(user, team_slug, need=need).team


def template_for(user: User, team_slug: str, pk: int, *, need: str | None = None) -> TemplateAccess:
    """A live template the user can see; 403 if ``need`` is a role they lack in its team."""
    template = get_object_or_404(
        selectors.visible_templates(user).select_related("team"), team__slug=team_slug, pk=pk
    )
    require_mfa_for_team(user, template.team)
    role = selectors.role_in(user, template.team)
    if need is not None and not role_at_least(role, need):
        raise PermissionDenied("You can read this template but not change it.")
    return TemplateAccess(template, role)


def trashed_template_for(
    user: User, team_slug: str, pk: int, *, need: str = Role.EDITOR
) -> SavedTemplate:
    """A template in the trash of one of the user's teams (404 otherwise)."""
    template = get_object_or_404(
        selectors.trashed_templates_of_member(user).select_related("team"),
        team__slug=team_slug,
        pk=pk,
    )
    require_mfa_for_team(user, template.team)
    if not role_at_least(selectors.role_in(user, template.team), need):
        raise PermissionDenied("Only editors and owners restore from the trash.")
    return template


def version_for(access: TemplateAccess, number: int) -> TemplateVersion:
    return get_object_or_404(access.template.versions, number=number)


def share_for(access: TemplateAccess, share_id: int) -> TemplateShare:
    return get_object_or_404(access.template.shares.select_related("team"), pk=share_id)


def member_for(team: Team, membership_id: int) -> Membership:
    return get_object_or_404(team.memberships.select_related("user", "team"), pk=membership_id)


def access_rule_for(team: Team, rule_id: int) -> AccessRule:
    return get_object_or_404(team.access_rules.select_related("team"), pk=rule_id)


def invitation_for(team: Team, invitation_id: int) -> Invitation:
    return get_object_or_404(team.invitations.select_related("team"), pk=invitation_id)


def teams_pages(user: User) -> None:
    """For pages of no one team (the list of teams, the library, comparisons): the MFA rule."""
    require_mfa(user)
