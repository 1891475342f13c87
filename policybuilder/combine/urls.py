"""Mounted at the site root: ``/combine/``."""

from django.urls import path

from policybuilder.combine import views

urlpatterns = [
    path("combine/", views.combine_page, name="combine"),
]
