"""The shared LanguageTool server's record (server.json), its lock, and how an engine uses it.

No real server here: a stand-in on 127.0.0.1 plays the shared server (the check that the
recorded process is a LanguageTool server is replaced for it). The real detached server is
driven through the command line in tests/cli/test_languagetool_cli.py.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from languagetool_stand_in import StandIn

from replycheck.config import Config
from replycheck.engines import languagetool as lt
from replycheck.engines.languagetool import server, shared

@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch):
    """Every test gets its own folder for server.json and server.lock."""
    folder = tmp_path / "state"
    monkeypatch.setenv("REPLYCHECK_LANGUAGETOOL_STATE", str(folder))
    return folder


@pytest.fixture
def stand_in(monkeypatch):
    fake = StandIn()
    monkeypatch.setattr(shared, "is_languagetool", lambda pid, port: pid == os.getpid() and port == fake.port)
    yield fake
    fake.close()


def _record(port: int, pid: int | None = None, **changes) -> shared.ServerRecord:
    values = dict(pid=pid or os.getpid(), port=port, version=lt.LT_VERSION, heap="1536m", threads=2, started=time.time())
    values.update(changes)
    return shared.ServerRecord(**values)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# -- the record --------------------------------------------------------------------------------
def test_the_record_is_written_atomically_for_the_owner_only(state):
    record = _record(8123, languages=("sv",))
    shared.write(record)
    path = state / "server.json"
    assert shared.read() == record
    assert json.loads(path.read_text(encoding="utf-8"))["languages"] == ["sv"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in state.iterdir()) == ["server.json"]  # no temporary file left
    shared.write(record.with_languages(["de", "sv"]))
    assert shared.read().languages == ("sv", "de")


def test_a_stale_record_is_removed_dead_process(state):
    shared.write(_record(9, pid=_dead_pid()))
    assert shared.find() is None
    assert not (state / "server.json").exists()


def test_a_record_of_a_process_that_is_not_languagetool_is_removed(state):
    shared.write(_record(9, pid=os.getpid()))  # this pytest process: alive, not a server
    assert shared.find() is None
    assert not (state / "server.json").exists()


def test_a_record_of_another_version_is_not_used(state, stand_in):
    shared.write(_record(stand_in.port, version="5.9"))
    assert shared.find() is None
    assert not (state / "server.json").exists()


def test_an_unreadable_record_is_removed(state):
    state.mkdir()
    (state / "server.json").write_text("{not json", encoding="utf-8")
    assert shared.find() is None
    assert not (state / "server.json").exists()


def test_without_a_record_nothing_is_created(state):
    assert shared.find() is None
    assert not state.exists()


def test_the_lock_is_exclusive_between_holders(state):
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with shared.locked():
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(5)
    with pytest.raises(lt.LanguageToolError, match=r"server\.lock is still locked after 0\.2 s"):
        with shared.locked(timeout=0.2):
            pass
    threading.Timer(0.3, release.set).start()
    began = time.monotonic()
    with shared.locked(timeout=5):
        assert time.monotonic() - began >= 0.2  # waited for the holder, then got it
    holder.join()
    assert stat.S_IMODE((state / "server.lock").stat().st_mode) == 0o600


def test_a_client_waits_for_a_start_in_progress_then_uses_its_server(state, stand_in):
    def starting() -> None:
        with shared.locked():
            time.sleep(0.5)  # the JVM is starting
            shared.write(_record(stand_in.port))

    starter = threading.Thread(target=starting)
    starter.start()
    time.sleep(0.1)
    record = shared.find()
    starter.join()
    assert record is not None and record.port == stand_in.port


# -- an engine in auto mode ----------------------------------------------------------------------
def test_auto_mode_uses_the_shared_server_and_leaves_it_running(state, stand_in):
    shared.write(_record(stand_in.port))
    engine = lt.LanguageToolEngine(Config(languagetool="auto"))
    text = "Hej på tesst"
    (match,) = engine.check(text, "sv", timeout=10)
    assert text[match.start : match.end] == "tesst"
    assert engine.url == f"http://127.0.0.1:{stand_in.port}/v2"
    assert (engine.pid, engine.owns_server, engine.status) == (os.getpid(), False, "ready")
    assert engine.shared == shared.read()
    engine.close()
    assert stand_in.requests == 1
    assert shared.read() is not None  # the record stays: the server was not ours to stop
    assert server.answers(f"http://127.0.0.1:{stand_in.port}/v2", timeout=2)


def test_when_the_shared_server_goes_away_the_engine_looks_again(state, stand_in, monkeypatch):
    shared.write(_record(stand_in.port))
    engine = lt.LanguageToolEngine(Config(languagetool="auto"))
    engine.check("Hej på tesst", "sv", timeout=10)
    replacement = StandIn()
    try:  # "languagetool stop" then "start": a new server on another port
        monkeypatch.setattr(shared, "is_languagetool", lambda pid, port: port == replacement.port)
        stand_in.close()
        shared.write(_record(replacement.port))
        engine.clear_cache()
        engine.check("Hej på tesst", "sv", timeout=10)
        assert (replacement.requests, engine.url) == (1, f"http://127.0.0.1:{replacement.port}/v2")
    finally:
        engine.close()
        replacement.close()


# -- sizing ----------------------------------------------------------------------------------------
def test_the_server_gets_a_thread_count_from_the_cores(monkeypatch):
    monkeypatch.delenv("REPLYCHECK_LANGUAGETOOL_THREADS", raising=False)
    cores = len(os.sched_getaffinity(0))
    assert server.server_threads() == max(2, min(server.MAX_THREADS, cores))
    monkeypatch.setenv("REPLYCHECK_LANGUAGETOOL_THREADS", "3")
    assert server.server_threads() == 3
    monkeypatch.setenv("REPLYCHECK_LANGUAGETOOL_THREADS", "many")
    with pytest.raises(lt.LanguageToolError, match="REPLYCHECK_LANGUAGETOOL_THREADS must be a whole number"):
        server.server_threads()


def test_the_config_file_sets_the_threads_and_keeps_pipelines():
    lines = server.server_properties(4).splitlines()
    assert "maxCheckThreads=4" in lines and "pipelineCaching=true" in lines
    assert "maxPipelinePoolSize=64" in lines  # 16 language x settings pairs for each of 4 threads
    command = server.server_command("java", Path("/lib"), 8123, "1536m", Path("/c/server-4.properties"))
    assert command[-5:] == ["org.languagetool.server.HTTPServer", "--config", "/c/server-4.properties", "--port", "8123"]
    assert "-Xmx1536m" in command


def test_the_default_heap_fits_five_languages():
    assert Config().languagetool_heap == server.DEFAULT_HEAP
