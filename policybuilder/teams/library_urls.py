"""Mounted at ``/library/``: the organisation-wide library of published templates."""

from django.urls import path

from policybuilder.teams import views

app_name = "library"

urlpatterns = [
    path("", views.library, name="index"),
]
