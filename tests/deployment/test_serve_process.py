"""`make serve`'s last step, deploy/serve.py run: nginx and gunicorn in the foreground, and no
stray daemon when it stops, however it stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from deployment_stack import ROOT, Browser, open_directory, prepare, production_env, serve


@pytest.fixture(scope="module")
def prepared():
    with open_directory() as directory:
        env = production_env(directory)
        prepare(env)
        yield directory, env


#: serve.py processes this module started; any still running after its test are killed.
_started: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_serve_outlives_its_test():
    """A test that fails before its serve.py stops (a wait that timed out) leaves no stack
    behind: serve.py killed, its nginx and gunicorn die with it (PR_SET_PDEATHSIG)."""
    yield
    while _started:
        process = _started.pop()
        if process.poll() is None:
            process.kill()
            process.wait(10)


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains ``text`` (here: the stack's var directory)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = next(
                line for line in (entry / "status").read_text().splitlines() if line[:6] == "State:"
            )
        except (OSError, StopIteration):
            continue
        if text in cmdline and "zombie" not in state:
            found.append(int(entry.name))
    return found


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def start_serve(
    directory: Path, env: dict, name: str, *, sigint_ignored: bool = False
) -> tuple[subprocess.Popen, str, Path]:
    """``serve.py run`` in the background; ``sigint_ignored``: started as a non-interactive
    shell starts a background job (``make serve &`` in a script), SIGINT ignored."""
    var = directory / name
    port = serve.free_port()
    process = subprocess.Popen(
        [sys.executable, "deploy/serve.py", "run", "--port", str(port), "--workers", "1"]
        + ["--var", str(var)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        if sigint_ignored
        else None,
    )
    _started.append(process)
    address = f"127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return Browser().get(address, "/healthz", timeout=2).status == 200
        except OSError:
            return False

    assert wait_for(answers, 60), "serve.py run did not start"
    return process, address, var


def test_serve_answers_on_its_port_through_nginx(prepared):
    process, address, var = start_serve(*prepared, "var-answers")
    try:
        assert Browser().get(address, "/healthz").headers["server"] == "nginx"
    finally:
        process.terminate()
        process.wait(30)


@pytest.mark.parametrize(
    "sigint_ignored", [False, True], ids=["from a terminal", "started with SIGINT ignored"]
)
def test_interrupting_serve_with_ctrl_c_stops_nginx_and_gunicorn(prepared, sigint_ignored):
    name = "var-int-ignored" if sigint_ignored else "var-int"
    process, _, var = start_serve(*prepared, name, sigint_ignored=sigint_ignored)
    process.send_signal(signal.SIGINT)  # Ctrl-C
    process.wait(30)
    assert wait_for(lambda: processes_mentioning(str(var)) == [], 20)


def test_terminating_serve_stops_nginx_and_gunicorn(prepared):
    process, _, var = start_serve(*prepared, "var-term")
    process.terminate()
    process.wait(30)
    assert wait_for(lambda: processes_mentioning(str(var)) == [], 20)


def test_killing_serve_with_sigkill_still_stops_nginx_and_gunicorn(prepared):
    process, _, var = start_serve(*prepared, "var-kill")
    process.kill()
    process.wait(10)
    assert wait_for(lambda: processes_mentioning(str(var)) == [], 20)


def test_serve_stops_nginx_when_gunicorn_dies(prepared):
    process, _, var = start_serve(*prepared, "var-crash")
    gunicorn_master = min(
        pid
        for pid in processes_mentioning(str(var))
        if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    )
    os.killpg(gunicorn_master, signal.SIGKILL)
    assert process.wait(30) != 0
    assert wait_for(lambda: processes_mentioning(str(var)) == [], 20)
