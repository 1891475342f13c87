"""The combine page previews live, as the builder does: a change in a part updates the merged
policy without pressing Preview."""

from __future__ import annotations

from browser_pages import site_data
from helpers import combined_values
from playwright.sync_api import expect

from policybuilder.core import combine
from policybuilder.teams import services


def _open_combined(page, live_server, browser_user):
    data = site_data(browser_user)
    page.goto(f"{live_server.url}/teams/{data.team_slug}/templates/{data.combined_pk}/open/")
    return page


def test_a_guardrail_turned_on_in_a_part_updates_the_merged_policy(
    signed_in_page, live_server, browser_user
):
    page = _open_combined(signed_in_page, live_server, browser_user)
    page.locator("#part-0").get_by_label("Require MFA").check()
    expect(page.locator("#policy-json")).to_contain_text("aws:MultiFactorAuthPresent")


def test_a_wrong_value_in_a_part_is_marked_beside_its_field_while_typing(
    signed_in_page, live_server, browser_user
):
    page = _open_combined(signed_in_page, live_server, browser_user)
    page.locator('#part-0 input[name="p0-scope"][value="instance"]').check()
    page.locator("#part-0").get_by_role("textbox", name="Amazon Connect instance").fill("nonsense")
    expect(page.locator("#error-p0-instance")).not_to_be_empty()


def test_the_live_preview_keeps_the_focus_in_the_field_being_typed(
    signed_in_page, live_server, browser_user
):
    page = _open_combined(signed_in_page, live_server, browser_user)
    page.locator('#part-0 input[name="p0-scope"][value="instance"]').check()
    instance = page.locator("#part-0").get_by_role("textbox", name="Amazon Connect instance")
    instance.fill("bbbbbbbb-5678-90ab-cdef-0123456789ab")
    expect(page.locator("#policy-json")).to_contain_text("bbbbbbbb-5678")
    expect(instance).to_be_focused()


FIVE = (
    "view-users",
    "campaigns-read-only",
    "view-own-permissions",
    "event-integrations",
    "wisdom-assistants",
)


def test_with_five_parts_adding_and_the_merged_policy_stay_in_view(
    signed_in_page, live_server, browser_user
):
    team = services.team_create(name="Five", owner=browser_user, slug="five")
    template = services.template_create(
        team=team,
        scenario=combine.COMBINED,
        raw_values=combined_values(*FIVE),
        name="Five parts",
        author=browser_user,
    )
    page = signed_in_page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/teams/five/templates/{template.pk}/open/")
    # Working in the last part: the side column (Add a scenario, the merged policy) is in view.
    page.locator("#part-4 > legend").scroll_into_view_if_needed()
    expect(page.get_by_role("heading", name="Merged policy")).to_be_in_viewport()
    expect(page.get_by_label("Add a scenario")).to_be_in_viewport()
