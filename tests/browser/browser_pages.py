"""Every page of the application, as the narrow-screen, accessibility and console tests open
them: a name for the test id and a function that takes a signed-in page there.

The data behind them (a team with a template of two versions, a combined policy) is made by
``site_data``, called once per test with the browser's user as the team's owner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from helpers import COMBINED_PARTS, combined_values

from policybuilder.core import combine, scenarios
from policybuilder.teams import services

#: A policy with findings and long unbroken lines: an ARN far wider than a phone.
ARN = "arn:aws:connect:eu-west-2:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
TAG = '"aws:ResourceTag/Department-of-the-very-long-name": "Customer-service-and-support-team"'
BROKEN_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["connect:DescribeUser", "connect:ListUsers"]
      "Resource": "ARN/agent/*",
      "Condition": {"StringEquals": {TAG}}
    },
  ]
}""".replace("ARN", ARN).replace("TAG", TAG)


@dataclass
class SiteData:
    team_slug: str
    template_pk: int
    combined_pk: int


def site_data(owner) -> SiteData:
    team = services.team_create(name="Contact centre", owner=owner, slug="contact-centre")
    scenario = scenarios.get("users-by-resource-tag")
    values = scenario.example_values()
    template = services.template_create(
        team=team,
        scenario=scenario,
        raw_values=values,
        name="Agents by tag",
        author=owner,
    )
    services.template_save_version(
        template=template,
        raw_values={**values, "tags": ["Department=Customer-service-and-support-team"]},
        base_version=1,
        author=owner,
        note="a longer tag value",
    )
    combined = services.template_create(
        team=team,
        scenario=combine.COMBINED,
        raw_values=combined_values(*COMBINED_PARTS),
        name="Ops roles",
        author=owner,
    )
    return SiteData(team.slug, template.pk, combined.pk)


def _first_scenario_of_each_area() -> list[str]:
    seen: dict[str, str] = {}
    for s in scenarios.SCENARIOS:
        seen.setdefault(s.area, s.slug)
    return list(seen.values())


BUILDER_SLUGS = _first_scenario_of_each_area()


@dataclass(frozen=True)
class SitePage:
    name: str
    open: Callable  # (page, base_url, SiteData) -> None


def _goto(path: str) -> Callable:
    def go(page, base, data: SiteData) -> None:
        page.goto(base + path.format(team=data.team_slug, pk=data.template_pk, c=data.combined_pk))

    return go


def _validate_with_findings(page, base, data: SiteData) -> None:
    page.goto(base + "/validate/")
    page.get_by_label("Policy JSON").fill(BROKEN_POLICY)
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector(".finding")


def _combine_with_parts(page, base, data: SiteData) -> None:
    page.goto(base + "/combine/")
    for slug in ("campaigns-onboarding", "users-by-resource-tag"):
        page.locator("#add-scenario").select_option(slug)
        page.get_by_role("button", name="Add", exact=True).click()
        page.wait_for_load_state()


SIGNED_IN_PAGES = [
    SitePage("home", _goto("/")),
    *(SitePage(f"builder-{slug}", _goto(f"/scenarios/{slug}/")) for slug in BUILDER_SLUGS),
    SitePage("custom", _goto("/custom/")),
    SitePage("validate-empty", _goto("/validate/")),
    SitePage("validate-with-findings", _validate_with_findings),
    SitePage("combine-empty", _goto("/combine/")),
    SitePage("combine-with-parts", _combine_with_parts),
    SitePage("combined-template-open", _goto("/teams/{team}/templates/{c}/open/")),
    SitePage("compare", _goto("/compare/?old={pk}:1&new={pk}")),
    SitePage("teams-list", _goto("/teams/")),
    SitePage("team", _goto("/teams/{team}/")),
    SitePage("members", _goto("/teams/{team}/members/")),
    SitePage("rules", _goto("/teams/{team}/rules/")),
    SitePage("trash", _goto("/teams/{team}/trash/")),
    SitePage("library", _goto("/library/")),
    SitePage("template", _goto("/teams/{team}/templates/{pk}/")),
    SitePage("template-open", _goto("/teams/{team}/templates/{pk}/open/")),
    SitePage("diff", _goto("/teams/{team}/templates/{pk}/diff/")),
    SitePage("audit", _goto("/teams/{team}/audit/")),
    SitePage("tokens", _goto("/api/tokens/")),
    SitePage("password-change", _goto("/accounts/password_change/")),
    SitePage("mfa-account", _goto("/account/mfa/")),
    SitePage("mfa-setup", _goto("/account/mfa/setup/")),
]

SIGNED_IN_IDS = [p.name for p in SIGNED_IN_PAGES]
