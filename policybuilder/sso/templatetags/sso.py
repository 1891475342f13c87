from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def sso_provider_name() -> str:
    """The provider's name when single sign-on is configured, or nothing."""
    return settings.OIDC_PROVIDER_NAME if settings.OIDC_ISSUER else ""


@register.simple_tag
def password_sign_in() -> bool:
    return settings.PASSWORD_SIGN_IN
