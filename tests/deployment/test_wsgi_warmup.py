"""The WSGI application warms the validator and freezes its start-up objects (core.warmup)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_wsgi_application_freezes_the_start_up_objects():
    code = "import gc, policybuilder.wsgi; print(gc.get_freeze_count())"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert int(done.stdout.strip()) > 10_000  # Django's and our modules, not a handful
