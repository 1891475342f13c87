from django.contrib import admin
from django.urls import include, path

from policybuilder.sso import views as sso_views
from policybuilder.teams import compare_views, custom_views, invitation_views
from policybuilder.teams import views as teams_views

urlpatterns = [
    # The web app's first: the builder's live preview, sent on every change of the form, is the
    # most frequent request, and Django tries the patterns in order (the admin's alone are
    # dozens). No path matches two patterns, so the order changes nothing else.
    path("", include("policybuilder.web.urls")),
    path("admin/", admin.site.urls),
    # Sign-in and sign-out know about single sign-on (policybuilder/sso); the rest is Django's.
    path("accounts/login/", sso_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", sso_views.SignOutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/mfa/", include("policybuilder.mfa.urls")),
    path("oidc/", include("policybuilder.sso.urls")),
    path("teams/", include("policybuilder.teams.urls")),
    path("invitations/<str:token>/", invitation_views.invitation_accept, name="invitation"),
    path("library/", include("policybuilder.teams.library_urls")),
    path("compare/", compare_views.compare_page, name="compare"),
    path(
        "exports/teams/<slug:team_slug>/templates/<int:pk>/",
        teams_views.export_template,
        name="export_template",
    ),
    # The custom builder is the web app's page; saving it to a team is the teams app's view.
    path("custom/save", custom_views.save, name="custom_save"),
    path("", include("policybuilder.api.urls")),
    path("", include("policybuilder.combine.urls")),
]
