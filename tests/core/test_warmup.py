"""warm(): what a long-running process runs once at start-up (policybuilder/wsgi.py)."""

from __future__ import annotations

import gc

import pytest

from policybuilder.core import warmup
from policybuilder.core.validator import validate


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test run keeps the collector as it was


def test_the_probe_policy_is_clean_so_that_warming_reports_nothing():
    assert validate(warmup._PROBE) == []


def test_warm_freezes_what_is_alive(unfrozen):
    assert gc.get_freeze_count() == 0
    warmup.warm()
    assert gc.get_freeze_count() > 0


def test_warm_without_freeze_leaves_the_collector_alone(unfrozen):
    warmup.warm(freeze=False)
    assert gc.get_freeze_count() == 0
