"""An invitation in headless Chromium: the owner makes the link, a new person opens it, sets a
password, signs in for the first time and lands in the team."""

from __future__ import annotations

from playwright.sync_api import expect

from policybuilder.teams import services

NEW_PASSWORD = "correct-horse-battery-9"


def test_an_invited_person_goes_from_the_link_to_the_first_sign_in(
    signed_in_page, live_server, browser_user, browser
):
    services.team_create(name="Contact centre", owner=browser_user, slug="contact-centre")
    page = signed_in_page
    page.goto(f"{live_server.url}/teams/contact-centre/members/")
    page.get_by_label("Role", exact=True).last.select_option("editor")
    page.get_by_role("button", name="Make an invitation link").click()
    link = page.get_by_label("Invitation link").input_value()

    newcomer = browser.new_context().new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Join Contact centre")).to_be_visible()
    newcomer.get_by_label("Username").fill("newton")
    newcomer.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    newcomer.get_by_label("Password confirmation").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Create my account and join").click()
    expect(newcomer.get_by_text("Your account newton is ready")).to_be_visible()
    newcomer.get_by_label("Username").fill("newton")
    newcomer.get_by_label("Password").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Sign in").click()
    expect(newcomer.get_by_role("heading", name="Contact centre")).to_be_visible()
    expect(newcomer.get_by_text("Editor", exact=True)).to_be_visible()
    newcomer.context.close()
