"""At a phone's width (390 px) no page scrolls sideways: long ARNs and policy lines wrap or
scroll inside their own box, and the top navigation wraps."""

from __future__ import annotations

import pytest
from browser_pages import SIGNED_IN_IDS, SIGNED_IN_PAGES, site_data

PHONE = {"width": 390, "height": 844}

WIDER_THAN_THE_WINDOW = """() => {
  const limit = window.innerWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > limit + 1 && el.offsetParent !== null)
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
         (typeof el.className === "string" ? "." + el.className.replaceAll(" ", ".") : "") +
         " right=" + Math.round(el.getBoundingClientRect().right));
}"""


def _page_width(page) -> tuple[int, int, list[str]]:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return width, inner, page.evaluate(WIDER_THAN_THE_WINDOW)


@pytest.mark.parametrize("site_page", SIGNED_IN_PAGES, ids=SIGNED_IN_IDS)
def test_the_page_does_not_scroll_sideways_on_a_phone(
    site_page, signed_in_page, live_server, browser_user
):
    data = site_data(browser_user)
    signed_in_page.set_viewport_size(PHONE)
    site_page.open(signed_in_page, live_server.url, data)
    width, inner, culprits = _page_width(signed_in_page)
    assert width <= inner, culprits


def test_the_sign_in_page_does_not_scroll_sideways_on_a_phone(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    width, inner, culprits = _page_width(page)
    assert width <= inner, culprits
