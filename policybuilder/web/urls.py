from django.urls import path

from policybuilder.web import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("scenarios/<slug:slug>/", views.builder, name="builder"),
    path("scenarios/<slug:slug>/download", views.download, name="download"),
    path("validate/", views.validate_page, name="validate"),
    path("validate/fix", views.validate_fix, name="validate_fix"),
    path("validate/download", views.validate_download, name="validate_download"),
]
