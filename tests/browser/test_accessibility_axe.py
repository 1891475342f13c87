"""axe-core (npm, pinned in tests/browser/package-lock.json, installed by `make node-deps`)
injected into every page: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_pages import SIGNED_IN_IDS, SIGNED_IN_PAGES, site_data

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + " (" + v.impact + "): " + v.help + " at " +
         v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""


def _serious_violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-deps` (npm ci in tests/browser)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("site_page", SIGNED_IN_PAGES, ids=SIGNED_IN_IDS)
def test_the_page_has_no_serious_accessibility_violation(
    site_page, signed_in_page, live_server, browser_user
):
    data = site_data(browser_user)
    site_page.open(signed_in_page, live_server.url, data)
    assert _serious_violations(signed_in_page) == []


def test_the_sign_in_page_has_no_serious_accessibility_violation(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert _serious_violations(page) == []


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe arrives as an inline script, which the site's Content-Security-Policy ('self') refuses.
    return {**browser_context_args, "bypass_csp": True}
