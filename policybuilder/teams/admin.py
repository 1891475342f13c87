from django.contrib import admin

from policybuilder.teams.models import (
    AccessRule,
    AuditEntry,
    Membership,
    SavedTemplate,
    Team,
    TemplateShare,
    TemplateVersion,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role", "created_at"]
    list_filter = ["role", "team"]
    search_fields = ["user__username", "user__email", "team__name", "team__slug"]
    autocomplete_fields = ["user", "team"]


class TemplateVersionInline(admin.TabularInline):
    model = TemplateVersion
    extra = 0
    can_delete = False
    readonly_fields = ("number", "author", "created_at", "note")
    fields = readonly_fields
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SavedTemplate)
class SavedTemplateAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "team",
        "scenario_slug",
        "version",
        "updated_by",
        "updated_at",
        "published_at",
        "deleted_at",
    ]
    list_filter = [
        "team",
        "scenario_slug",
        ("deleted_at", admin.EmptyFieldListFilter),
        ("published_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "description", "scenario_slug", "team__name", "team__slug"]
    readonly_fields = ["version", "created_at", "updated_at", "created_by", "updated_by"]
    date_hierarchy = "updated_at"
    inlines = [TemplateVersionInline]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    """Versions are history: readable here, never changed."""

    list_display = ["template", "number", "author", "created_at", "note"]
    list_filter = ["template__team", "created_at"]
    search_fields = ["template__name", "note", "author__username"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TemplateShare)
class TemplateShareAdmin(admin.ModelAdmin):
    list_display = ["template", "team", "shared_by", "created_at"]
    list_filter = ["team"]
    search_fields = ["template__name", "team__name", "team__slug"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is append-only: readable here, never changed."""

    list_display = ["created_at", "team", "actor", "action", "subject", "detail"]
    list_filter = ["action", "team", "created_at"]
    search_fields = ["subject", "detail", "actor__username", "team__name"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessRule)
class AccessRuleAdmin(admin.ModelAdmin):
    """Read-only: rules are changed on the team's rules page, where they are checked against
    the catalogue and every change is in the audit log."""

    list_display = ["name", "team", "actions", "resources", "created_by", "updated_at"]
    list_filter = ["team"]
    search_fields = ["name", "team__slug"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
