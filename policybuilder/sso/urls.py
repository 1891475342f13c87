from django.contrib.auth.decorators import login_not_required
from django.urls import path

from policybuilder.sso import views

# The names are mozilla-django-oidc's, which builds the redirect URI from the callback's.
urlpatterns = [
    path(
        "authenticate/",
        login_not_required(views.SignInAtProviderView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "callback/",
        login_not_required(views.CallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
