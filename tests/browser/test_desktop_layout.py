"""On a 1366×768 desktop screen the policy preview is in view without scrolling: the
explanation is below the form and the preview."""

from __future__ import annotations

import pytest
from browser_pages import BUILDER_SLUGS, site_data

DESKTOP = {"width": 1366, "height": 768}

POLICY_TOP = """() => {
  const box = document.querySelector("#preview");
  const policy = box.querySelector("#policy-json, .fix-first");
  return [policy.getBoundingClientRect().top, window.innerHeight];
}"""


def _policy_is_in_the_upper_half(page) -> bool:
    top, height = page.evaluate(POLICY_TOP)
    return top < height / 2


@pytest.mark.parametrize("slug", BUILDER_SLUGS)
def test_the_builder_shows_the_policy_without_scrolling_on_a_desktop(
    slug, signed_in_page, live_server
):
    signed_in_page.set_viewport_size(DESKTOP)
    signed_in_page.goto(f"{live_server.url}/scenarios/{slug}/")
    assert _policy_is_in_the_upper_half(signed_in_page)


def test_a_saved_template_shows_the_policy_without_scrolling_on_a_desktop(
    signed_in_page, live_server, browser_user
):
    data = site_data(browser_user)
    signed_in_page.set_viewport_size(DESKTOP)
    signed_in_page.goto(
        f"{live_server.url}/teams/{data.team_slug}/templates/{data.template_pk}/open/"
    )
    assert _policy_is_in_the_upper_half(signed_in_page)


def test_the_explanation_is_still_on_the_builder_page_below_the_preview(
    signed_in_page, live_server
):
    signed_in_page.set_viewport_size(DESKTOP)
    signed_in_page.goto(f"{live_server.url}/scenarios/campaigns-onboarding/")
    about = signed_in_page.locator("#about").bounding_box()
    preview = signed_in_page.locator("#preview").bounding_box()
    assert about["y"] > preview["y"] + preview["height"]


#: Ten lines of a policy at the preview's size: what must show below the box's top.
LINES_IN_VIEW = 200

OTHER_PREVIEWS = {
    "validate": ("/validate/", "#results"),
    "template": ("/teams/{team}/templates/{pk}/", ".preview pre"),
    "combine": ("/teams/{team}/templates/{c}/open/", "#policy-json"),
}


@pytest.mark.parametrize("name", OTHER_PREVIEWS)
def test_the_page_shows_its_policy_box_without_scrolling_on_a_desktop(
    name, signed_in_page, live_server, browser_user
):
    data = site_data(browser_user)
    path, selector = OTHER_PREVIEWS[name]
    url = path.format(team=data.team_slug, pk=data.template_pk, c=data.combined_pk)
    signed_in_page.set_viewport_size(DESKTOP)
    signed_in_page.goto(live_server.url + url)
    box = signed_in_page.locator(selector).bounding_box()
    assert box["y"] + LINES_IN_VIEW < DESKTOP["height"]
