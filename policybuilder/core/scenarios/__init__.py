"""The scenario catalogue: AWS's documented Amazon Connect policies, as data."""

from __future__ import annotations

from policybuilder.core.scenarios.definitions import AREAS, SCENARIOS
from policybuilder.core.scenarios.engine import Rendering, Scenario, render

BY_SLUG = {s.slug: s for s in SCENARIOS}


class UnknownScenario(KeyError):
    def __str__(self) -> str:
        return f"no scenario {self.args[0]!r}; known: {', '.join(BY_SLUG)}"


def get(slug: str) -> Scenario:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise UnknownScenario(slug) from None


__all__ = ["AREAS", "SCENARIOS", "Rendering", "Scenario", "UnknownScenario", "get", "render"]
