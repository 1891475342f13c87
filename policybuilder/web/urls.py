from django.urls import path

from policybuilder.web import access_views, custom_views, views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("scenarios/<slug:slug>/", views.builder, name="builder"),
    path("scenarios/<slug:slug>/download", views.download, name="download"),
    path("scenarios/<slug:slug>/access", access_views.builder_access, name="builder_access"),
    path("exports/scenarios/<slug:slug>/", views.export_scenario, name="export_scenario"),
    path("custom/", custom_views.builder, name="custom"),
    path("custom/actions", custom_views.action_search, name="custom_actions"),
    path("custom/download", custom_views.download, name="custom_download"),
    path("custom/export", custom_views.export, name="custom_export"),
    path("custom/access", custom_views.access_panel, name="custom_access"),
    path("validate/", views.validate_page, name="validate"),
    path("validate/fix", views.validate_fix, name="validate_fix"),
    path("validate/fix-all", views.validate_fix_all, name="validate_fix_all"),
    path("validate/download", views.validate_download, name="validate_download"),
    path("validate/access", access_views.validate_access, name="validate_access"),
]
