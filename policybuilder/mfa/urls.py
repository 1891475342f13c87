"""Mounted at ``/account/mfa/``."""

from django.urls import path

from policybuilder.mfa import views

app_name = "mfa"

urlpatterns = [
    path("", views.account, name="account"),
    path("setup/", views.setup, name="setup"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("remove/", views.remove, name="remove"),
    path("verify/", views.verify, name="verify"),
]
