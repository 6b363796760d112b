"""Fixtures for the page tests: a real `streamlit run app.py` server and headless Chromium.

The server listens on 127.0.0.1 on a free port (``--server.address 127.0.0.1``; with
``address=None`` the address comes from ``.streamlit/config.toml``, as for ``make run``); the
browser is Debian's Chromium (`scripts/ensure_chromium.sh` installs it; `make test` runs that
first), driven through Playwright's Python API. Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("REPLYCHECK_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` in a subprocess, headless, on 127.0.0.1:<free port>.

    ``address=None`` passes no ``--server.address``: the project's config file decides.
    """

    def __init__(self, env: dict[str, str], log: Path, address: str | None = "127.0.0.1") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        streamlit = Path(sys.executable).with_name("streamlit")
        command = [
            str(streamlit) if streamlit.exists() else sys.executable,
            *([] if streamlit.exists() else ["-m", "streamlit"]),
            "run", str(ROOT / "app.py"),
            "--server.headless", "true",
            "--server.port", str(self.port),
            *(["--server.address", address] if address else []),
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]
        self._log_handle = log.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log_handle, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not answer within {timeout:.0f} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log_handle.close()


def _server(tmp_path_factory, name: str, address: str | None = "127.0.0.1", **env_overrides) -> StreamlitServer:
    """A page server; its history database is a fresh SQLite file unless ``REPLYCHECK_HISTORY_URL``
    is given, so a test never writes to the user's history."""
    env = {k: v for k, v in os.environ.items() if not (k.startswith("REPLYCHECK_") or k.startswith("STREAMLIT_SERVER_"))}
    env.update(env_overrides)
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    folder = tmp_path_factory.mktemp(name)
    env.setdefault("REPLYCHECK_HISTORY_URL", f"sqlite:///{folder / 'history.sqlite3'}")
    log = folder / "streamlit.log"
    server = StreamlitServer(env, log, address)
    try:
        server.wait()
    except Exception:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """The page with LanguageTool switched off (fast, deterministic)."""
    server = _server(tmp_path_factory, "app-lt-off", REPLYCHECK_LANGUAGETOOL="off")
    yield server
    server.stop()


class SilentServer:
    """Accepts connections on 127.0.0.1 and never answers: a LanguageTool that hangs."""

    def __init__(self) -> None:
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self._held:
            conn.close()


@pytest.fixture()
def app_server_with_hanging_languagetool(tmp_path_factory):
    """The page configured for a LanguageTool server that never answers."""
    silent = SilentServer()
    server = _server(tmp_path_factory, "app-lt-hangs", REPLYCHECK_LANGUAGETOOL=silent.url)
    yield server
    server.stop()
    silent.close()


@pytest.fixture()
def app_server_with_languagetool(tmp_path_factory):
    """The page as `streamlit run app.py` runs it by default: LanguageTool managed ("auto")."""
    server = _server(tmp_path_factory, "app-lt-auto")
    yield server
    server.stop()


@pytest.fixture()
def start_app_server(tmp_path_factory):
    """A factory: ``start_app_server(name, address=..., REPLYCHECK_X=...)``; stopped after the test."""
    servers: list[StreamlitServer] = []

    def start(name: str, address: str | None = "127.0.0.1", **env) -> StreamlitServer:
        servers.append(_server(tmp_path_factory, name, address, **env))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing; run scripts/ensure_chromium.sh (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    from playwright.sync_api import expect

    # The machine may be busy (charts load their code lazily): wait for what a user would see.
    expect.set_options(timeout=30_000)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
