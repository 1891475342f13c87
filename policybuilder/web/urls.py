from django.urls import path

from policybuilder.web import access_views, views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("scenarios/<slug:slug>/", views.builder, name="builder"),
    path("scenarios/<slug:slug>/download", views.download, name="download"),
    path("scenarios/<slug:slug>/access", access_views.builder_access, name="builder_access"),
    path("validate/", views.validate_page, name="validate"),
    path("validate/fix", views.validate_fix, name="validate_fix"),
    path("validate/download", views.validate_download, name="validate_download"),
    path("validate/access", access_views.validate_access, name="validate_access"),
]
