"""`bootstrap` names the address the server really listens on."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command


def _run(**options) -> str:
    out = StringIO()
    call_command("bootstrap", stdout=out, **options)
    return out.getvalue()


def test_bootstrap_prints_the_port_it_is_given(db):
    assert "http://127.0.0.1:8001/" in _run(port=8001)


def test_bootstrap_reads_the_port_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("PORT", "8042")
    assert "http://127.0.0.1:8042/" in _run()


def test_bootstrap_without_a_port_does_not_guess_one(db, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    assert "127.0.0.1:8000" not in _run()


def test_make_run_and_make_serve_pass_their_port_to_bootstrap():
    makefile = Path(__file__).parents[2].joinpath("Makefile").read_text(encoding="utf-8")
    calls = re.findall(r"manage\.py bootstrap.*", makefile)
    assert calls and all("--port $(PORT)" in call for call in calls)
