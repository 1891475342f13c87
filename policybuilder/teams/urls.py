"""Mounted at ``/teams/``."""

from django.urls import path

from policybuilder.teams import access_panel_views, invitation_views, mfa_views, rule_views, views

app_name = "teams"

template = "<slug:team_slug>/templates/<int:pk>/"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("new/", views.team_create, name="create"),
    path("save/<slug:scenario_slug>/", views.template_create, name="save"),
    path("<slug:team_slug>/", views.team_detail, name="detail"),
    path("<slug:team_slug>/download.zip", views.team_zip, name="zip"),
    path("<slug:team_slug>/audit/", views.audit_log, name="audit"),
    path("<slug:team_slug>/mfa/", mfa_views.team_mfa, name="mfa"),
    path("<slug:team_slug>/trash/", views.trash, name="trash"),
    path("<slug:team_slug>/trash/empty/", views.trash_empty, name="trash_empty"),
    path("<slug:team_slug>/trash/<int:pk>/restore/", views.template_untrash, name="untrash"),
    path("<slug:team_slug>/members/", views.members, name="members"),
    path("<slug:team_slug>/members/add/", views.member_add, name="member_add"),
    path(
        "<slug:team_slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"
    ),
    path(
        "<slug:team_slug>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:team_slug>/members/invite/",
        invitation_views.invitation_create,
        name="invitation_create",
    ),
    path(
        "<slug:team_slug>/members/invitations/<int:invitation_id>/revoke/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:team_slug>/rules/", rule_views.rules, name="rules"),
    path("<slug:team_slug>/rules/add/", rule_views.rule_add, name="rule_add"),
    path("<slug:team_slug>/rules/<int:rule_id>/edit/", rule_views.rule_edit, name="rule_edit"),
    path(
        "<slug:team_slug>/rules/<int:rule_id>/remove/",
        rule_views.rule_remove,
        name="rule_remove",
    ),
    path(template, views.template_detail, name="template"),
    path(template + "open/", views.template_open, name="open"),
    path(template + "access/", access_panel_views.template_access, name="access"),
    path(template + "save/", views.template_save, name="save_version"),
    path(template + "diff/", views.template_diff, name="diff"),
    path(template + "download/", views.template_download, name="download"),
    path(
        template + "versions/<int:number>/download/",
        views.version_download,
        name="version_download",
    ),
    path(
        template + "versions/<int:number>/restore/", views.version_restore, name="version_restore"
    ),
    path(template + "delete/", views.template_delete, name="delete"),
    path(template + "share/", views.template_share, name="share"),
    path(template + "share/teams/", views.share_picker, name="share_picker"),
    path(template + "shares/<int:share_id>/withdraw/", views.share_withdraw, name="share_withdraw"),
    path(template + "publish/", views.template_publish, name="publish"),
    path(template + "unpublish/", views.template_unpublish, name="unpublish"),
    path(template + "copy/", views.template_copy, name="copy"),
    path(template + "rename/", views.template_rename, name="rename"),
]
