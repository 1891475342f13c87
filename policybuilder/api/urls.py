"""Mounted at the site root: ``/api/…`` (JSON API and the tokens page), ``/combine/``, exports."""

from django.urls import path

from policybuilder.api import views
from policybuilder.api.api import api
from policybuilder.api.limits import limited_patterns

_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("api/tokens/", views.tokens_page, name="api_tokens"),
    path("api/tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("api/", (limited_patterns(_patterns), _app_name, _namespace)),
    path("combine/", views.combine_page, name="combine"),
    path("exports/scenarios/<slug:slug>/", views.export_scenario, name="export_scenario"),
    path(
        "exports/teams/<slug:team_slug>/templates/<int:pk>/",
        views.export_template,
        name="export_template",
    ),
]
