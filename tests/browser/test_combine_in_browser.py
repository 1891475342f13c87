"""The combine page in headless Chromium: each part shows and hides its own fields."""

from __future__ import annotations

from helpers import check_instance_field_follows_its_switch
from playwright.sync_api import expect


def add_part(page, slug: str) -> None:
    page.get_by_label("Add a scenario").select_option(slug)
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()


def open_with_parts(page, live_server, *slugs: str) -> None:
    page.goto(f"{live_server.url}/combine/")
    for slug in slugs:
        add_part(page, slug)


def test_a_parts_instance_field_appears_only_while_its_instance_guardrail_is_on(
    signed_in_page, live_server
):
    page = signed_in_page
    open_with_parts(page, live_server, "users-by-resource-tag")
    check_instance_field_follows_its_switch(page.locator("#part-0"))


def test_one_parts_guardrail_leaves_the_other_parts_fields_alone(signed_in_page, live_server):
    page = signed_in_page
    open_with_parts(page, live_server, "users-by-resource-tag", "users-by-resource-tag")
    first, second = page.locator("#part-0"), page.locator("#part-1")
    second.get_by_label("Restrict to an instance").check()
    expect(second.get_by_role("textbox", name="Amazon Connect instance")).to_be_visible()
    expect(first.get_by_role("textbox", name="Amazon Connect instance")).to_be_hidden()


def test_a_parts_choice_shows_the_fields_that_depend_on_it(signed_in_page, live_server):
    page = signed_in_page
    open_with_parts(page, live_server, "campaigns-read-only", "view-users")
    part = page.locator("#part-1")
    instance = part.get_by_role("textbox", name="Amazon Connect instance")
    expect(instance).to_be_hidden()
    part.get_by_label("One instance").check()
    expect(instance).to_be_visible()
