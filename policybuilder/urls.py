from django.contrib import admin
from django.urls import include, path

from policybuilder.teams import compare_views, invitation_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("teams/", include("policybuilder.teams.urls")),
    path("invitations/<str:token>/", invitation_views.invitation_accept, name="invitation"),
    path("library/", include("policybuilder.teams.library_urls")),
    path("compare/", compare_views.compare_page, name="compare"),
    path("", include("policybuilder.api.urls")),
    path("", include("policybuilder.web.urls")),
]
