"""The API tests' own fixtures: tokens per actor (the actors are in tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from policybuilder.api import tokens


@pytest.fixture
def example_values(scenario) -> dict:
    return scenario.example_values()


@pytest.fixture
def token_for(db):
    """A function that issues a token for a user and returns the token text."""

    def issue(user) -> str:
        return tokens.issue(user=user, name="test")[1]

    return issue


@pytest.fixture
def api_as(token_for, request):
    """A client that sends the named actor's token ("anonymous": none)."""

    def make(name: str) -> Client:
        if name == "anonymous":
            return Client()
        token = token_for(request.getfixturevalue(name))
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make
