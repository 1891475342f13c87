from django.urls import path

from policybuilder.web import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("scenarios/<slug:slug>/", views.builder, name="builder"),
    path("scenarios/<slug:slug>/download", views.download, name="download"),
]
