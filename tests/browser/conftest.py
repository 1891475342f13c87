"""Real-browser tests: Debian's Chromium driven by Playwright against live_server.

Playwright cannot download its own browser here, so the launch points at
/usr/bin/chromium (installed by `make browser-deps`, which `make test` runs).
"""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model

# The sync Playwright API runs an event loop in this thread; Django's ORM calls
# from live_server fixtures are safe here because nothing else shares it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "browser-test-pass-1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def browser_user(transactional_db):
    return get_user_model().objects.create_user(username="bella", password=PASSWORD)


@pytest.fixture
def signed_in_page(page, live_server, browser_user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(browser_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page
