"""Single sign-on with OpenID Connect (mozilla-django-oidc), configured from the environment.

The provider's endpoints come from its discovery document (discovery.py); the backend
(backends.py) verifies the ID token and turns the provider's claims into an account, linked by
(issuer, subject) so that a changed e-mail at the provider stays the same person (models.py).
"""
