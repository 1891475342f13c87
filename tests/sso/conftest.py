from oidc_provider import oidc_provider, sso  # noqa: F401  (fixtures)
