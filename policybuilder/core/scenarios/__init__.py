"""The scenario catalogue: AWS's documented Amazon Connect policies, as data."""

from __future__ import annotations

from policybuilder.core.scenarios import definitions, resource_level
from policybuilder.core.scenarios.engine import (
    IDENTITY_PAGE,
    RESOURCE_LEVEL_PAGE,
    Rendering,
    Scenario,
    render,
)

SCENARIOS: tuple[Scenario, ...] = (*definitions.SCENARIOS, *resource_level.SCENARIOS)

#: AWS's pages, each with its areas in the order the home page shows them.
PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (IDENTITY_PAGE, definitions.AREAS),
    (RESOURCE_LEVEL_PAGE, resource_level.AREAS),
)

#: Every area of every page (an area's name may be used on both pages).
AREAS: tuple[str, ...] = tuple(dict.fromkeys(a for _, areas in PAGES for a in areas))

BY_SLUG = {s.slug: s for s in SCENARIOS}


def grouped(scenarios: tuple[Scenario, ...] = SCENARIOS) -> list[tuple[str, list]]:
    """The scenarios by page, then area: ``[(page, [(area, [scenario, ...]), ...]), ...]``.

    Pages and areas without a scenario among those given are left out.
    """
    out: list[tuple[str, list]] = []
    for page, areas in PAGES:
        groups = []
        for area in areas:
            found = [s for s in scenarios if s.page == page and s.area == area]
            if found:
                groups.append((area, found))
        if groups:
            out.append((page, groups))
    return out


class UnknownScenario(KeyError):
    def __str__(self) -> str:
        return f"no scenario {self.args[0]!r}; known: {', '.join(BY_SLUG)}"


def get(slug: str) -> Scenario:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise UnknownScenario(slug) from None


__all__ = [
    "AREAS",
    "PAGES",
    "SCENARIOS",
    "Rendering",
    "Scenario",
    "UnknownScenario",
    "get",
    "grouped",
    "render",
]
