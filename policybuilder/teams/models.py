"""Teams, their members, saved templates with an immutable history, sharing and audit.

Only data and tiny helpers live here: writes go through ``services``, reads
that depend on who is asking go through ``selectors`` (which filter by the
user's memberships and shares in the query itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from policybuilder.core import access_rules
from policybuilder.core.combine import COMBINED

if TYPE_CHECKING:
    from policybuilder.teams.access_change import AccessChange


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


#: Higher is more: an owner may do everything an editor may, and so on.
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


def role_at_least(role: str | None, needed: str) -> bool:
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role(needed)]


class Team(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Members reach no team page without multi-factor authentication (teams.mfa_requirement).
    mfa_required = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="teams_one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"

    def at_least(self, needed: str) -> bool:
        return role_at_least(self.role, needed)


class SavedTemplate(models.Model):
    """A filled-in scenario saved by a team; ``version`` is the current version number.

    A combined policy is a template too: its ``scenario_slug`` is ``combine.COMBINED`` and its
    values are ``{"quota": ..., "parts": [{"scenario": slug, "values": {...}}, ...]}``.
    """

    #: Set on a page's templates by selectors.mark_namesakes (not a column).
    has_namesake: bool

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="templates")
    scenario_slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    #: The raw parameter values of the current version (they rendered without errors).
    values = models.JSONField(default=dict)
    document = models.TextField()
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: In the team's trash since then; ``None`` when live.
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Published to the organisation-wide library since then; ``None`` when not.
    published_at = models.DateTimeField(null=True, blank=True)
    #: Where a copy ("use as a starting point") came from, for the record.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["team", "deleted_at"]),
            # The name check of a new name and the list's marker of two templates of one name.
            # (deleted_at last: with it the planner prefers this index to the list's below.)
            models.Index("team", Lower("name"), "deleted_at", name="teams_template_namesakes"),
            # The team's list, in its order (a page deep in it walks the index, not a sort).
            models.Index(fields=["team", "deleted_at", "name", "id"], name="teams_template_list"),
            # The library: published and live, newest first.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(published_at__isnull=False, deleted_at__isnull=True),
                name="teams_template_library",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.team.slug}, v{self.version})"

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_combined(self) -> bool:
        return self.scenario_slug == COMBINED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class TemplateVersion(models.Model):
    """One save of a template; never changed after it is written."""

    #: What the version changes in access, set by the services that write it (not a column).
    access_change: AccessChange | None

    template = models.ForeignKey(SavedTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    document = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="teams_one_version_number_per_template"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template.name} v{self.number}"


class TemplateShare(models.Model):
    """A template shared read-only with another team."""

    template = models.ForeignKey(SavedTemplate, on_delete=models.CASCADE, related_name="shares")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="shared_in")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name"]
        constraints = [
            models.UniqueConstraint(fields=["template", "team"], name="teams_one_share_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.template.name} → {self.team.slug}"


class AuditAction(models.TextChoices):
    CREATED = "created", "created"
    CHANGED = "changed", "saved a new version of"
    RESTORED_VERSION = "restored_version", "restored an earlier version of"
    DOWNLOADED = "downloaded", "downloaded"
    DOWNLOADED_ZIP = "downloaded_zip", "downloaded all templates"
    DELETED = "deleted", "moved to the trash"
    UNDELETED = "undeleted", "restored from the trash"
    PURGED = "purged", "emptied the trash of"
    SHARED = "shared", "shared"
    UNSHARED = "unshared", "withdrew sharing of"
    PUBLISHED = "published", "published to the library"
    UNPUBLISHED = "unpublished", "withdrew from the library"
    COPIED = "copied", "copied in"
    RENAMED = "renamed", "renamed"
    INVITED = "invited", "invited someone as"
    INVITATION_REVOKED = "invitation_revoked", "withdrew the invitation of"
    JOINED = "joined", "joined by invitation:"
    MEMBER_ADDED = "member_added", "added member"
    MEMBER_ROLE = "member_role", "changed the role of"
    MEMBER_REMOVED = "member_removed", "removed member"
    RULE_ADDED = "rule_added", "added the team rule"
    RULE_CHANGED = "rule_changed", "changed the team rule"
    RULE_REMOVED = "rule_removed", "removed the team rule"
    MFA_REQUIRED = "mfa_required", "required multi-factor authentication of the members of"
    MFA_OPTIONAL = "mfa_optional", "stopped requiring multi-factor authentication in"


class AccessRule(models.Model):
    """An access no template of the team may grant (``core.access_rules``): a save, a download
    or an export whose policy grants one of ``actions`` on one of ``resources`` is refused."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="access_rules")
    name = models.CharField(max_length=100)
    #: Action patterns (``iam:PassRole``, ``connect:Delete*``), checked against the catalogue.
    actions = models.JSONField(default=list)
    #: Resource patterns; ``["*"]`` is every resource.
    resources = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="teams_one_rule_name_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.team.slug})"

    def as_rule(self) -> access_rules.Rule:
        return access_rules.Rule(
            name=self.name, actions=tuple(self.actions), resources=tuple(self.resources)
        )


class AuditEntry(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    template = models.ForeignKey(
        SavedTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The template's name (or the member's) when it happened, kept after a purge.
    subject = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"
        # The team's log, newest first, in the index's order.
        indexes = [models.Index(fields=["team", "-created_at", "-id"], name="teams_audit_list")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject}"


class Invitation(models.Model):
    """A link with which one person joins the team with ``role``: single use, expiring.

    Only the SHA-256 of the link's token is kept (as for API tokens): the owner sees the link
    once, when it is made, and it may be e-mailed; nobody can read it back from the database.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    #: Where the link was e-mailed, if anywhere; the new account gets this address.
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"invitation to {self.team.slug} as {self.role}"

    def state(self, now) -> str:
        """``pending``, ``accepted``, ``revoked`` or ``expired`` at ``now``."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "pending"
