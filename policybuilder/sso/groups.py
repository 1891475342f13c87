"""Team memberships from the provider's groups claim (OIDC_GROUPS_CLAIM, OIDC_GROUP_TEAMS).

At each single sign-on, every mapped group the person is in gives them a membership of its
team with its role, or raises the role they have there to it. Nothing is ever removed or
lowered here: leaving a group at the provider does not take the team away, an owner does.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from policybuilder.teams.models import ROLE_RANK, AuditAction, Membership, Role, Team
from policybuilder.teams.services import audit_record

LOGGER = logging.getLogger(__name__)


def groups_in(claims: dict[str, Any]) -> set[str]:
    value = claims.get(settings.OIDC_GROUPS_CLAIM)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {group for group in value if isinstance(group, str)}
    return set()


def wanted_roles(groups: set[str]) -> dict[str, Role]:
    """Team slug -> the highest role that the person's mapped groups give there."""
    wanted: dict[str, Role] = {}
    for group, slug, role in settings.OIDC_GROUP_TEAMS:
        current = wanted.get(slug)
        if group in groups and (current is None or ROLE_RANK[Role(role)] > ROLE_RANK[current]):
            wanted[slug] = Role(role)
    return wanted


def sync_memberships(user: Any, claims: dict[str, Any]) -> None:
    if not settings.OIDC_GROUPS_CLAIM:
        return
    wanted = wanted_roles(groups_in(claims))
    teams = {team.slug: team for team in Team.objects.filter(slug__in=wanted)}
    memberships = {
        m.team.slug: m
        for m in Membership.objects.filter(user=user, team__in=teams.values()).select_related(
            "team"
        )
    }
    for slug, role in wanted.items():
        team = teams.get(slug)
        if team is None:
            LOGGER.warning("OIDC_GROUP_TEAMS names the team %r, which does not exist", slug)
            continue
        membership = memberships.get(slug)
        if membership is None:
            Membership.objects.create(team=team, user=user, role=role)
            audit_record(
                team=team,
                actor=None,
                action=AuditAction.MEMBER_ADDED,
                subject=user.get_username(),
                detail=f"as {role}, from a group at {settings.OIDC_PROVIDER_NAME}",
            )
        elif ROLE_RANK[Role(membership.role)] < ROLE_RANK[role]:
            old = membership.role
            membership.role = role
            membership.save(update_fields=["role"])
            audit_record(
                team=team,
                actor=None,
                action=AuditAction.MEMBER_ROLE,
                subject=user.get_username(),
                detail=f"{old} → {role}, from a group at {settings.OIDC_PROVIDER_NAME}",
            )
