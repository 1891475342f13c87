"""Property-based requests generated from the OpenAPI schema: none may cause a server error.

Schemathesis reads the schema the application serves and calls the WSGI
application in-process with a token of a team owner, so both the happy paths
and the validation of odd input are exercised.  Examples are bounded so the
whole run stays well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from policybuilder.api import tokens

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """Calling the raw WSGI app fires request signals that close the database connection,
    inside the test's transaction; on PostgreSQL that ends the test. Django's test client
    disconnects the same handler for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def owner_token(team, saved, owner) -> str:
    return tokens.issue(user=owner, name="schemathesis")[1]


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_the_schema_allows_causes_a_server_error(case, owner_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {owner_token}"}, checks=[not_a_server_error]
    )
