"""The share picker in headless Chromium: type part of a team's name, pick it, share."""

from __future__ import annotations

from playwright.sync_api import expect

from policybuilder.core import scenarios
from policybuilder.teams import services
from policybuilder.teams.models import TemplateShare


def test_an_owner_finds_a_team_by_name_and_shares_with_it(
    signed_in_page, live_server, browser_user
):
    team = services.team_create(name="Contact centre", owner=browser_user, slug="contact-centre")
    for name in ("Billing", "Security office", "Support"):
        services.team_create(name=name, owner=browser_user)
    scenario = scenarios.get("view-own-permissions")
    template = services.template_create(
        team=team,
        scenario=scenario,
        raw_values=scenario.example_values(),
        name="Agents",
        author=browser_user,
    )
    page = signed_in_page
    page.goto(f"{live_server.url}/teams/contact-centre/templates/{template.pk}/")
    page.get_by_label("Find a team").fill("secur")
    picker = page.get_by_label("Share read-only with team")
    expect(picker.locator("option")).to_have_count(1)
    expect(picker).to_have_value("security-office")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Shared read-only with Security office.")).to_be_visible()
    assert TemplateShare.objects.filter(template=template, team__slug="security-office").exists()
