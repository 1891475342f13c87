"""Multi-factor authentication: an authenticator app (TOTP, django-otp) with recovery codes.

Set up from the account page (``/account/mfa/``); at sign-in, after the password (Django's
LoginView and django-axes), a user with a device enters a code before any other page. Who must
have MFA is decided in ``policybuilder.teams.mfa_requirement``.
"""
