"""A saved template opened in the builder, in headless Chromium: the live preview and the save."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from policybuilder.core import scenarios
from policybuilder.teams import services

SLUG = "users-by-resource-tag"


@pytest.fixture
def saved_page(signed_in_page, live_server, browser_user):
    team = services.team_create(name="Contact centre", owner=browser_user, slug="contact-centre")
    scenario = scenarios.get(SLUG)
    template = services.template_create(
        team=team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="Agents by tag",
        author=browser_user,
    )
    signed_in_page.goto(f"{live_server.url}/teams/contact-centre/templates/{template.pk}/open/")
    return signed_in_page, template


def test_the_preview_follows_typing_and_the_save_panel_stays(saved_page):
    page, _template = saved_page
    page.get_by_label("Tag value 1").fill("Purple")
    expect(page.locator("#policy-json")).to_contain_text('"Purple"')
    expect(page.get_by_role("heading", name="Saved template: Agents by tag")).to_be_visible()


def test_saving_a_new_version_keeps_what_was_typed(saved_page):
    page, template = saved_page
    page.get_by_label("Tag value 1").fill("Purple")
    expect(page.locator("#policy-json")).to_contain_text('"Purple"')
    page.get_by_label("Note for the history").fill("purple agents")
    page.get_by_role("button", name="Save new version").click()
    expect(page.get_by_text("as version 2")).to_be_visible()
    template.refresh_from_db()
    assert (template.version, '"Purple"' in template.document) == (2, True)
