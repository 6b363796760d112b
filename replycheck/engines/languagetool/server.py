"""The managed LanguageTool server: one JVM on a free 127.0.0.1 port, restarted when dead.

The server is started without ``--public`` (it accepts loopback connections only),
with ``-Djava.net.preferIPv4Stack=true`` (so "localhost" is bound as 127.0.0.1 only) and
without ``--allow-origin`` (no CORS header: web pages in a browser cannot read its
answers). Its output goes to ``server.log`` in the cache directory. Every server still
running is stopped at interpreter exit, and on Linux when the Python process dies --
except a ``detached`` one (``replycheck languagetool start``), which outlives its starter.

Sizing (``server.properties``, passed with ``--config``): ``maxCheckThreads`` = the
machine's cores (at least 2, at most 8; ``REPLYCHECK_LANGUAGETOOL_THREADS`` overrides it):
checks are CPU-bound, so more threads than cores only add memory, while at least two let a
short check pass a long one. ``pipelineCaching`` keeps each language's checker pipeline
between requests instead of building one per request: measured on the same five ~150-word
replies (1536m heap), warm checks went from sv 0.43 / de 1.74 / nl 0.60 / fr 1.60 s to
0.08 / 0.82 / 0.24 / 0.67 s. The pool holds 16 pipelines per thread: with 4 per thread, eight
languages (or two settings of four) pushed each other out and were rebuilt (p95 of the dev
cases 1.6 s -> 0.4 s).

``-Dsun.net.httpserver.nodelay=true`` sets TCP_NODELAY on the server's connections: without it
every other answer on a kept-alive connection waited about 40 ms for the client's delayed ACK
(the same request twice in a row: 22 ms, then 61 ms; with it 22 and 22 ms).

Heap: ``DEFAULT_HEAP`` (2g, a ceiling: the serial collector commits only what is used).
Measured with sv, de, nl, en and fr loaded (a ~150-word check in each, then three more
rounds; ``jstat -gcutil``): with 768m the old generation sat at 97% with 14 full
collections (14 s of full GC, 21 s of GC in all) and warm checks of 1.8-3.9 s in nl/de/fr;
with 1536m 3 full collections (3.5 s); with 2g 3 (1.8 s), 9 s of GC in all and warm checks
of 0.1-2.6 s. The resident size was about the same (~1 GB) in all three. The serial
collector stays: on two cores a parallel one only competes with the checks.
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
DEFAULT_HEAP = "2g"  # the ceiling; see the module docstring for the measurement
MAX_THREADS = 8
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


def server_threads() -> int:
    """How many checks the server runs at once: the cores (2..8), or ``REPLYCHECK_LANGUAGETOOL_THREADS``."""
    configured = os.environ.get("REPLYCHECK_LANGUAGETOOL_THREADS")
    if configured:
        try:
            value = int(configured)
        except ValueError:
            raise LanguageToolError(
                f"REPLYCHECK_LANGUAGETOOL_THREADS must be a whole number, not {configured!r}"
            ) from None
        if value < 1:
            raise LanguageToolError(f"REPLYCHECK_LANGUAGETOOL_THREADS must be at least 1, not {value}")
        return value
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 2)
    return max(2, min(MAX_THREADS, cores))


def server_properties(threads: int) -> str:
    """The ``--config`` file of the server (LanguageTool's ``HTTPServerConfig`` keys)."""
    return "".join(
        f"{key}={value}\n"
        for key, value in (
            ("maxCheckThreads", threads),  # requests checked at once; the rest wait in the queue
            ("pipelineCaching", "true"),  # keep a language's pipeline between requests
            ("maxPipelinePoolSize", 16 * threads),  # 16 language x settings pairs, one pipeline per thread each
            ("pipelineExpireTimeInSeconds", 3600),  # ...for an hour without use
        )
    )


def write_properties(threads: int) -> Path:
    """Write ``server-<threads>.properties`` into the cache directory (atomically); its path."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"server-{threads}.properties"
    text = server_properties(threads)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    return path


def server_command(java: str, lib: Path, port: int, heap: str, config: Path | None = None) -> list[str]:
    """The command line of a loopback-only LanguageTool server without CORS headers."""
    return [
        java, f"-Xmx{heap}", "-XX:+UseSerialGC", "-Xss2m", "-Djava.awt.headless=true",
        "-Djava.net.preferIPv4Stack=true",
        "-Dsun.net.httpserver.nodelay=true",  # TCP_NODELAY: no 40 ms delayed-ACK stall per answer
        "-cp", str(lib / "*"), "org.languagetool.server.HTTPServer",
        *(["--config", str(config)] if config is not None else []),
        "--port", str(port),
    ]


def _prctl():
    """libc's ``prctl``, looked up here in the parent: a child forked from a busy, threaded
    process must not import or ``dlopen`` anything (another thread may have held the loader's
    lock at the fork, and the child would wait for it forever)."""
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl() if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:  # pragma: no cover  (runs in the child)
    """Ask Linux to stop the server when the forking thread (``_LAUNCHER``) ends: at exit or death."""
    os.setsid()
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class ManagedServer:
    """One LanguageTool server process that replycheck starts, watches and stops.

    ``start()`` returns its ``.../v2`` URL, starting (or replacing a dead) process when
    needed; ``restarts`` counts replacements; ``stop()`` ends it. Thread-safe.
    ``detached=True`` starts it in its own session, not tied to this process's life (it is
    not stopped at exit): ``replycheck languagetool start`` records it for others to share.
    """

    def __init__(self, heap: str = DEFAULT_HEAP, *, detached: bool = False, threads: int | None = None) -> None:
        self.heap = heap
        self.detached = detached
        self.threads = threads or server_threads()
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
        config = write_properties(self.threads)
        began = time.monotonic()
        self.log = cache_dir() / "server.log"
        last_error = "did not start"
        for _attempt in range(3):
            port = free_port()
            self.url = f"http://127.0.0.1:{port}/v2"
            command = server_command(java, lib, port, self.heap, config)
            with open(self.log, "ab") as log:
                if self.detached:
                    self._process = subprocess.Popen(
                        command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                        start_new_session=True, close_fds=True,
                    )
                else:
                    self._process = _LAUNCHER.submit(
                        subprocess.Popen, command,
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
        if not server.detached:
            server.stop()
