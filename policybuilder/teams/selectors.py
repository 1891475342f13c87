"""Reads that depend on who is asking: isolation is in the query, not the template."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Lower

from policybuilder.core import access_rules
from policybuilder.core.combine import COMBINED
from policybuilder.teams.listing import Filters, in_dates
from policybuilder.teams.models import (
    AccessRule,
    AuditEntry,
    Membership,
    Role,
    SavedTemplate,
    Team,
    TemplateShare,
    TemplateVersion,
)


def teams_of(user: User) -> QuerySet[Team]:
    return Team.objects.filter(memberships__user=user)


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("team").order_by("team__name")


def membership_in(user: User, team: Team) -> Membership | None:
    return Membership.objects.filter(user=user, team=team).first()


def role_in(user: User, team: Team) -> str | None:
    membership = membership_in(user, team)
    return membership.role if membership else None


def editable_teams(user: User) -> QuerySet[Team]:
    """Teams where the user may create templates (editor or owner)."""
    return Team.objects.filter(
        memberships__user=user, memberships__role__in=[Role.OWNER, Role.EDITOR]
    ).order_by("name")


def visible_templates(user: User) -> QuerySet[SavedTemplate]:
    """Live templates the user may read: own teams', shared with one of them, or published."""
    mine = teams_of(user)
    shared_with_me = TemplateShare.objects.filter(team__in=mine).values("template")
    return SavedTemplate.objects.filter(deleted_at__isnull=True).filter(
        Q(team__in=mine) | Q(pk__in=shared_with_me) | Q(published_at__isnull=False)
    )


def sharing_recipient(user: User, template: SavedTemplate) -> Team | None:
    """The first (by name) of the user's teams the template is shared with, or None."""
    return (
        Team.objects.filter(memberships__user=user, shared_in__template=template)
        .order_by("name", "pk")
        .first()
    )


#: Teams offered at once by the share picker; a search narrows the rest.
SHARE_PICKER_LIMIT = 50


def share_targets(template: SavedTemplate, search: str = "") -> tuple[list[Team], bool]:
    """Teams the template may be shared with (not its own, not already shared), by name,
    whose name or slug contains ``search``; at most SHARE_PICKER_LIMIT, and whether more match."""
    teams = Team.objects.exclude(pk=template.team_id).exclude(shared_in__template=template)
    search = search.strip()
    if search:
        teams = teams.filter(Q(name__icontains=search) | Q(slug__icontains=search))
    found = list(teams.order_by("name", "slug")[: SHARE_PICKER_LIMIT + 1])
    return found[:SHARE_PICKER_LIMIT], len(found) > SHARE_PICKER_LIMIT


def combined_templates(user: User) -> QuerySet[SavedTemplate]:
    """Live combined policies of the user's teams and those shared with one of them."""
    mine = teams_of(user)
    shared_with_me = TemplateShare.objects.filter(team__in=mine).values("template")
    return (
        SavedTemplate.objects.filter(deleted_at__isnull=True, scenario_slug=COMBINED)
        .filter(Q(team__in=mine) | Q(pk__in=shared_with_me))
        .select_related("team")
        .order_by("team__name", "name", "pk")
    )


def trashed_templates_of_member(user: User) -> QuerySet[SavedTemplate]:
    return SavedTemplate.objects.filter(deleted_at__isnull=False, team__in=teams_of(user))


def team_templates(team: Team) -> QuerySet[SavedTemplate]:
    return SavedTemplate.objects.filter(team=team, deleted_at__isnull=True).select_related(
        "updated_by"
    )


def team_trash(team: Team) -> QuerySet[SavedTemplate]:
    return (
        SavedTemplate.objects.filter(team=team, deleted_at__isnull=False)
        .select_related("deleted_by")
        .order_by("-deleted_at")
    )


def shared_in_templates(team: Team) -> QuerySet[SavedTemplate]:
    return SavedTemplate.objects.filter(deleted_at__isnull=True, shares__team=team).select_related(
        "team"
    )


def library_templates() -> QuerySet[SavedTemplate]:
    return (
        SavedTemplate.objects.filter(deleted_at__isnull=True, published_at__isnull=False)
        .select_related("team")
        .order_by("-published_at")
    )


def template_versions(template: SavedTemplate) -> QuerySet[TemplateVersion]:
    return template.versions.select_related("author").order_by("-number")


def template_shares(template: SavedTemplate) -> QuerySet[TemplateShare]:
    return template.shares.select_related("team")


def team_members(team: Team) -> QuerySet[Membership]:
    return team.memberships.select_related("user").order_by("user__username")


def audit_entries(team: Team) -> QuerySet[AuditEntry]:
    return team.audit_entries.select_related("actor")


def team_access_rules(team: Team) -> QuerySet[AccessRule]:
    return team.access_rules.select_related("created_by").order_by("name", "pk")


def rules_of(team: Team) -> list[access_rules.Rule]:
    """The team's rules as the core checks them, in the order a refusal names the first."""
    return [rule.as_rule() for rule in team.access_rules.order_by("name", "pk")]


def rule_violation(team: Team, document: str) -> access_rules.Violation | None:
    """The first of the team's rules that ``document`` breaks (with its witness), or None."""
    return access_rules.first_violation(document, rules_of(team))


def templates_breaking_rules(team: Team) -> list[tuple[SavedTemplate, access_rules.Violation]]:
    """The team's live templates whose current document breaks one of its rules."""
    rules = rules_of(team)
    if not rules:
        return []
    found = []
    for template in team_templates(team):
        violation = access_rules.first_violation(template.document, rules)
        if violation is not None:
            found.append((template, violation))
    return found


# The long lists, filtered (``listing``): one query for the count and one for the page ---------


def _template_filters(rows: QuerySet[SavedTemplate], filters: Filters, when: str):
    if filters.q:
        rows = rows.filter(name__icontains=filters.q)
    if filters.scenario:
        rows = rows.filter(scenario_slug=filters.scenario)
    if filters.author:
        authors = _users_named(filters.author)
        rows = rows.filter(Q(created_by__in=authors) | Q(updated_by__in=authors))
    return rows.filter(in_dates(when, filters))


def _users_named(username: str) -> QuerySet:
    """The user of that username (without regard to case), as a subquery: a filter on it costs
    no join over the whole list."""
    return get_user_model().objects.filter(username__iexact=username).values("pk")


# Related rows are prefetched for the page's rows only (``prefetch_related``), not joined: a join
# is made for every row an OFFSET skips as well, which on the last page of 10,000 costs more
# than the page itself.


def team_template_list(team: Team, filters: Filters) -> QuerySet[SavedTemplate]:
    """The team's live templates for its list, by name (``mark_namesakes`` marks a page)."""
    rows = SavedTemplate.objects.filter(team=team, deleted_at__isnull=True)
    rows = _template_filters(rows, filters, "updated_at")
    return rows.prefetch_related("updated_by").defer("document").order_by("name", "pk")


def mark_namesakes(team: Team, templates: Iterable[SavedTemplate]) -> None:
    """Set ``has_namesake`` on each of a page's templates: another live template of the team
    has its name (without regard to case). One query for the page, whatever its length."""
    templates = list(templates)
    if not templates:
        return
    names_on_page = (
        SavedTemplate.objects.filter(pk__in=[t.pk for t in templates])
        .annotate(lower_name=Lower("name"))
        .values("lower_name")
    )
    # Every live template of the team bearing one of the page's names, the page's own among
    # them (the database lowers the names, as the services' check does).
    bearers = dict(
        SavedTemplate.objects.annotate(lower_name=Lower("name"))
        .filter(team=team, deleted_at__isnull=True, lower_name__in=Subquery(names_on_page))
        .values_list("pk", "lower_name")
    )
    counts = Counter(bearers.values())
    for template in templates:
        template.has_namesake = counts[bearers.get(template.pk)] > 1


def shared_in_template_list(team: Team, filters: Filters) -> QuerySet[SavedTemplate]:
    rows = SavedTemplate.objects.filter(deleted_at__isnull=True, shares__team=team)
    rows = _template_filters(rows, filters, "updated_at")
    return rows.prefetch_related("team").defer("document").order_by("name", "pk")


def library_list(filters: Filters) -> QuerySet[SavedTemplate]:
    """Published templates, newest first; the date is the publication's."""
    rows = SavedTemplate.objects.filter(deleted_at__isnull=True, published_at__isnull=False)
    rows = _template_filters(rows, filters, "published_at")
    return rows.prefetch_related("team").defer("document").order_by("-published_at", "-pk")


def audit_list(team: Team, filters: Filters) -> QuerySet[AuditEntry]:
    """The team's audit log, newest first: ``q`` is the subject, ``author`` the actor,
    ``scenario`` the action (its code)."""
    rows = team.audit_entries.all()
    if filters.q:
        rows = rows.filter(subject__icontains=filters.q)
    if filters.scenario:
        rows = rows.filter(action=filters.scenario)
    if filters.author:
        rows = rows.filter(actor__in=_users_named(filters.author))
    return (
        rows.filter(in_dates("created_at", filters))
        .prefetch_related(
            "actor",
            Prefetch(
                "template",
                SavedTemplate.objects.only("pk", "team_id", "name", "deleted_at", "scenario_slug"),
            ),
        )
        .order_by("-created_at", "-pk")
    )


def version_list(template: SavedTemplate, filters: Filters) -> QuerySet[TemplateVersion]:
    """A template's versions, newest first: ``q`` is the note, ``author`` the version's."""
    rows = template.versions.all()
    if filters.q:
        rows = rows.filter(note__icontains=filters.q)
    if filters.author:
        rows = rows.filter(author__in=_users_named(filters.author))
    return (
        rows.filter(in_dates("created_at", filters))
        .prefetch_related("author")
        .defer("document", "values")
        .order_by("-number")
    )
