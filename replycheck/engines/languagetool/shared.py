"""The shared LanguageTool server: one long-lived server that many replycheck processes use.

``replycheck languagetool start`` starts a server detached from the terminal and records it
in ``server.json`` (pid, port, version, heap, threads, start time, languages warmed) in the
cache folder (``~/.cache/replycheck/languagetool/<version>/``; ``REPLYCHECK_LANGUAGETOOL_STATE``
moves it). The file is written atomically with owner-only permissions. A
``LanguageToolEngine`` in ``auto`` mode reads it first and uses the recorded server when it
answers and is ours (same LanguageTool version, the process is a LanguageTool server on that
port); it never stops a server it did not start. A record whose process is dead or deaf is
removed by whoever finds it.

Every reader and writer holds ``server.lock`` (``fcntl.flock``) while it looks, so a client
that arrives while ``start`` is launching the server waits for it instead of starting a second
one, and two ``start`` commands at once leave one server.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterator

from replycheck.engines.languagetool.errors import LanguageToolError
from replycheck.engines.languagetool.installer import LT_VERSION, cache_dir

STATE_FILE = "server.json"
LOCK_FILE = "server.lock"
LOCK_TIMEOUT = 180.0  # a start holds the lock until its server answers (a cold JVM: ~10-60 s)


@dataclass(frozen=True, slots=True)
class ServerRecord:
    """What ``server.json`` says about the shared server."""

    pid: int
    port: int
    version: str
    heap: str
    threads: int
    started: float  # seconds since the epoch
    languages: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v2"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["languages"] = list(self.languages)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ServerRecord":
        return cls(
            pid=int(data["pid"]),
            port=int(data["port"]),
            version=str(data["version"]),
            heap=str(data.get("heap", "")),
            threads=int(data.get("threads", 0)),
            started=float(data["started"]),
            languages=tuple(str(code) for code in data.get("languages", ())),
        )

    def with_languages(self, languages) -> "ServerRecord":
        merged = list(self.languages)
        merged += [code for code in languages if code not in merged]
        return replace(self, languages=tuple(merged))


def state_dir() -> Path:
    """Where ``server.json`` and ``server.lock`` live: ``$REPLYCHECK_LANGUAGETOOL_STATE`` or the cache."""
    configured = os.environ.get("REPLYCHECK_LANGUAGETOOL_STATE")
    return Path(configured) if configured else cache_dir()


def state_file() -> Path:
    return state_dir() / STATE_FILE


@contextmanager
def locked(timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold ``server.lock`` (exclusive); raises ``LanguageToolError`` after ``timeout`` seconds."""
    import fcntl

    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LanguageToolError(
                        f"{path} is still locked after {timeout:g} s (another replycheck is starting LanguageTool)"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def read() -> ServerRecord | None:
    """The record in ``server.json`` (``None`` when there is none or it is unreadable)."""
    try:
        return ServerRecord.from_dict(json.loads(state_file().read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(record: ServerRecord) -> None:
    """Replace ``server.json`` atomically (a temporary file, then rename); mode 0600."""
    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(prefix=".server-", suffix=".json", dir=folder)  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record.to_dict(), handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, folder / STATE_FILE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove(pid: int | None = None) -> None:
    """Delete ``server.json`` (only if it still names ``pid``, when given)."""
    record = read()
    if pid is not None and record is not None and record.pid != pid:
        return
    state_file().unlink(missing_ok=True)


def is_languagetool(pid: int, port: int) -> bool:
    """True when process ``pid`` is a LanguageTool server of this version listening on ``port``
    (not some other program that got the pid after the server died)."""
    import psutil

    try:
        command = psutil.Process(pid).cmdline()
    except (psutil.Error, OSError):
        return False
    return (
        "org.languagetool.server.HTTPServer" in command
        and any(f"{os.sep}{LT_VERSION}{os.sep}lib" in part for part in command)
        and str(port) in command[command.index("org.languagetool.server.HTTPServer") :]
    )


def healthy(record: ServerRecord, timeout: float = 3.0) -> bool:
    """True when the recorded server is ours (same version, same process) and answers."""
    from replycheck.engines.languagetool.server import answers

    return (
        record.version == LT_VERSION
        and is_languagetool(record.pid, record.port)
        and answers(record.url, timeout=timeout)
    )


def find(timeout: float = LOCK_TIMEOUT) -> ServerRecord | None:
    """The shared server when one runs and answers; a stale record is removed.

    Waits (up to ``timeout``) while another process holds the lock to start one.
    """
    if not state_file().exists() and not (state_dir() / LOCK_FILE).exists():
        return None  # nothing was ever shared here: no lock file to create
    with locked(timeout):
        return _find_locked()


def _find_locked() -> ServerRecord | None:
    record = read()
    if record is None:
        if state_file().exists():
            state_file().unlink(missing_ok=True)  # unreadable
        return None
    if healthy(record):
        return record
    remove(record.pid)
    return None


def stop(record: ServerRecord, wait: float = 10.0) -> None:
    """End the recorded server (SIGTERM, then SIGKILL after ``wait`` s) if it is ours."""
    import psutil

    if not is_languagetool(record.pid, record.port):
        return
    try:
        process = psutil.Process(record.pid)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=wait)
        except psutil.TimeoutExpired:
            process.kill()
            process.wait(timeout=wait)
    except psutil.NoSuchProcess:
        pass


# -- what `replycheck languagetool start|stop|status` do ----------------------------------------
def start(heap: str, progress=None) -> tuple[ServerRecord, bool]:
    """The shared server, started (detached) unless one answers already; ``(record, started)``.

    Holds the lock while it looks and launches, so two starts at once leave one server.
    """
    from replycheck.engines.languagetool.server import ManagedServer

    with locked():
        record = _find_locked()
        if record is not None:
            return record, False
        server = ManagedServer(heap, detached=True)
        server.start()
        record = ServerRecord(
            pid=server.pid, port=int(server.url.rsplit(":", 1)[1].split("/")[0]), version=LT_VERSION,
            heap=heap, threads=server.threads, started=time.time(),
        )
        write(record)
        return record, True


def warm(record: ServerRecord, texts: dict[str, tuple[str, ...]], timeout: float = 300.0) -> dict[str, float]:
    """Have the shared server load each language (``{lang: texts to check}``); seconds per language."""
    from replycheck.config import Config
    from replycheck.engines.languagetool.engine import LanguageToolEngine

    timings: dict[str, float] = {}
    engine = LanguageToolEngine(Config(languagetool=record.url))
    try:
        for lang, warming in texts.items():
            began = time.monotonic()
            for text in warming:
                engine.check(text, lang, timeout=timeout)
            timings[lang] = time.monotonic() - began
    finally:
        engine.close()
    with locked():
        current = read()
        if current is not None and current.pid == record.pid:
            write(current.with_languages(timings))
    return timings


def stop_shared() -> ServerRecord | None:
    """Stop the shared server and remove its record; the record it had (``None``: none ran)."""
    with locked():
        record = _find_locked()
        if record is None:
            return None
        stop(record)
        remove(record.pid)
        return record


def describe(record: ServerRecord) -> dict:
    """URL, pid, uptime, resident memory, heap, threads and languages warmed, for ``status``."""
    import psutil

    try:
        rss = psutil.Process(record.pid).memory_info().rss
    except psutil.Error:
        rss = 0
    return {
        "url": record.url,
        "pid": record.pid,
        "version": record.version,
        "uptime_seconds": max(0.0, time.time() - record.started),
        "rss_bytes": rss,
        "heap": record.heap,
        "threads": record.threads,
        "languages": list(record.languages),
    }
