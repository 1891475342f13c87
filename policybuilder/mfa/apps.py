from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "policybuilder.mfa"
    label = "mfa"
    verbose_name = "Multi-factor authentication"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_remember_device, dispatch_uid="policybuilder.mfa.device")


def _remember_device(sender, request, user, **kwargs) -> None:
    """At every sign-in: whether this user has a device, so the session asks for its code; and
    no identity provider's word on MFA from an earlier sign-in of the same session (the single
    sign-on sets it again after its own sign-in)."""
    from policybuilder.mfa.state import IDP_MFA_SESSION_KEY, has_device, record_device

    if request is not None and hasattr(request, "session"):
        record_device(request, has_device(user))
        request.session.pop(IDP_MFA_SESSION_KEY, None)
