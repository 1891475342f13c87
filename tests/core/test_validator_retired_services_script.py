"""scripts/update_retired_services.py: which catalogue releases it reads (no network here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "update_retired_services.py"


def load():
    spec = importlib.util.spec_from_file_location("update_retired_services", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VERSIONS = [f"0.1.2025{m:02d}011" for m in range(1, 13)]


def test_the_sample_starts_with_the_oldest_release():
    assert load().sample(VERSIONS, VERSIONS[-1], 5)[0] == VERSIONS[0]


def test_the_sample_ends_with_the_newest_release_before_the_installed_one():
    assert load().sample(VERSIONS, VERSIONS[-1], 5)[-1] == VERSIONS[-2]


def test_the_sample_never_reads_the_installed_release():
    assert VERSIONS[-1] not in load().sample(VERSIONS, VERSIONS[-1], 1)


def test_reading_every_release_reads_all_but_the_installed_one():
    assert load().sample(VERSIONS, VERSIONS[-1], 1) == VERSIONS[:-1]
