"""Where the page listens (issue 13): 127.0.0.1 only, unless someone opens it on purpose."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_config_file_binds_the_page_to_loopback():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


def _make_run(*args: str, **env: str) -> str:
    """The streamlit command ``make run`` would run (``make -n``: nothing is executed)."""
    out = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    [line] = [line for line in out.splitlines() if "streamlit run app.py" in line]
    return line


def test_make_run_binds_to_loopback_unless_host_is_given_on_the_command_line():
    assert _make_run().endswith("--server.address 127.0.0.1")
    assert _make_run("HOST=0.0.0.0").endswith("--server.address 0.0.0.0")
    # A HOST left in the environment (common in container images) does not open the page.
    assert _make_run(HOST="0.0.0.0").endswith("--server.address 127.0.0.1")


def _listening(pid: int) -> set[str]:
    """The addresses a process and its children accept connections on."""
    process = psutil.Process(pid)
    addresses = set()
    for each in (process, *process.children(recursive=True)):
        addresses |= {c.laddr.ip for c in each.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
    return addresses


@pytest.mark.slow
def test_the_page_listens_on_127_0_0_1_only_by_default(start_app_server):
    """No ``--server.address``: the project's config file alone keeps the page on loopback."""
    server = start_app_server("app-default-address", address=None, REPLYCHECK_LANGUAGETOOL="off")
    assert _listening(server.process.pid) == {"127.0.0.1"}


@pytest.mark.slow
def test_the_browser_tests_server_listens_on_127_0_0_1_only(app_server):
    assert _listening(app_server.process.pid) == {"127.0.0.1"}
