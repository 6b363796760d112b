"""The managed LanguageTool server: one JVM on a free 127.0.0.1 port, restarted when dead.

The server is started without ``--public`` (it accepts loopback connections only),
with ``-Djava.net.preferIPv4Stack=true`` (so "localhost" is bound as 127.0.0.1 only) and
without ``--allow-origin`` (no CORS header: web pages in a browser cannot read its
answers). Its output goes to ``server.log`` in the cache directory. Every server still
running is stopped at interpreter exit, and on Linux when the Python process dies.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from replycheck.engines.languagetool.errors import LanguageToolError
from replycheck.engines.languagetool.installer import cache_dir, install
from replycheck.engines.languagetool.java import find_java

HEALTH_TIMEOUT = 120.0
_LIVE: "weakref.WeakSet[ManagedServer]" = weakref.WeakSet()
# Linux sends the parent-death signal when the *thread* that forked the child ends, so every
# server is forked by this one long-lived thread, never by a short-lived starter thread.
_LAUNCHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="languagetool-launcher")


def answers(base_url: str | None, timeout: float) -> bool:
    """True when the server at ``base_url`` (``.../v2``) answers ``/languages`` within ``timeout``."""
    if not base_url:
        return False
    try:
        return requests.get(f"{base_url}/languages", timeout=timeout).status_code == 200
    except requests.RequestException:
        return False


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(java: str, lib: Path, port: int, heap: str) -> list[str]:
    """The command line of a loopback-only LanguageTool server without CORS headers."""
    return [
        java, f"-Xmx{heap}", "-XX:+UseSerialGC", "-Xss2m", "-Djava.awt.headless=true",
        "-Djava.net.preferIPv4Stack=true",
        "-cp", str(lib / "*"), "org.languagetool.server.HTTPServer", "--port", str(port),
    ]


def _die_with_parent() -> None:  # pragma: no cover  (runs in the child)
    """Ask Linux to stop the server when the forking thread (``_LAUNCHER``) ends: at exit or death."""
    os.setsid()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class ManagedServer:
    """One LanguageTool server process that replycheck starts, watches and stops.

    ``start()`` returns its ``.../v2`` URL, starting (or replacing a dead) process when
    needed; ``restarts`` counts replacements; ``stop()`` ends it. Thread-safe.
    """

    def __init__(self, heap: str = "768m") -> None:
        self.heap = heap
        self.url: str | None = None
        self.restarts = 0
        self.startup_seconds: float | None = None
        self.log: Path | None = None
        self._process: subprocess.Popen | None = None
        self._lock = threading.RLock()
        _LIVE.add(self)

    @property
    def pid(self) -> int | None:
        """The process id while it runs (``None`` otherwise)."""
        proc = self._process
        return proc.pid if proc is not None and proc.poll() is None else None

    def running(self) -> bool:
        """True while the process is alive (it may still be loading)."""
        return self.pid is not None

    def start(self) -> str:
        """Make sure a server answers; return its base URL. Raises ``LanguageToolError``."""
        with self._lock:
            if self.running() and answers(self.url, timeout=5.0):
                return self.url  # type: ignore[return-value]
            if self._process is not None:  # died, or alive but deaf: replace it
                self.stop()
                self.restarts += 1
            return self._launch()

    def restart(self) -> str:
        """Stop the server (if running) and start a new one."""
        with self._lock:
            self.stop()
            self.restarts += 1
            return self._launch()

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL after 10 s); nothing when none runs."""
        with self._lock:
            proc, self._process = self._process, None
            if proc is None or proc.poll() is not None:
                return
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)

    def _launch(self) -> str:
        lib = install(progress=lambda msg: print(msg, file=sys.stderr))
        java = find_java()
        began = time.monotonic()
        self.log = cache_dir() / "server.log"
        last_error = "did not start"
        for _attempt in range(3):
            port = free_port()
            self.url = f"http://127.0.0.1:{port}/v2"
            with open(self.log, "ab") as log:
                self._process = _LAUNCHER.submit(
                    subprocess.Popen, server_command(java, lib, port, self.heap),
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    preexec_fn=_die_with_parent if os.name == "posix" else None,
                ).result()
            deadline = time.monotonic() + HEALTH_TIMEOUT
            while time.monotonic() < deadline:
                code = self._process.poll()
                if code is not None:
                    last_error = f"exited with code {code} (see {self.log})"
                    break
                if answers(self.url, timeout=1.0):
                    self.startup_seconds = time.monotonic() - began
                    return self.url
                time.sleep(0.2)
            else:
                last_error = f"gave no answer within {HEALTH_TIMEOUT:.0f} s (see {self.log})"
            self.stop()
        raise LanguageToolError(f"the LanguageTool server {last_error}")


@atexit.register
def _stop_all() -> None:
    for server in list(_LIVE):
        server.stop()
