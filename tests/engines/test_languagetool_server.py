"""The LanguageTool server's exposure and failure modes: loopback only, no CORS header, quick
and explained errors when it cannot be reached, per-call time limits, restart after SIGKILL.

Servers other than the managed one are tiny stand-ins on 127.0.0.1 (``_FakeServer``), so
time limits and HTTP errors are tested exactly; nothing leaves the loopback interface.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest
import requests

from languagetool_stand_in import StandIn

from replycheck.config import Config
from replycheck.engines import languagetool as lt
from replycheck.engines.languagetool import server

_FakeServer = StandIn


@pytest.fixture
def fake():
    servers: list[_FakeServer] = []

    def make(**kwargs) -> _FakeServer:
        servers.append(_FakeServer(**kwargs))
        return servers[-1]

    yield make
    for item in servers:
        item.close()


# -- the command line (no server needed) ----------------------------------------------------
def test_the_server_command_is_loopback_only_without_cors():
    command = server.server_command("java", Path("/lib"), 8123, "512m")
    assert "--allow-origin" not in command and "--public" not in command
    assert "-Djava.net.preferIPv4Stack=true" in command
    # answers are sent at once: without TCP_NODELAY every other answer on a kept-alive
    # connection waited ~40 ms for a delayed ACK (bench/latency.py)
    assert "-Dsun.net.httpserver.nodelay=true" in command
    assert command[-3:] == ["org.languagetool.server.HTTPServer", "--port", "8123"]


# -- unreachable, time limits, HTTP errors (stand-ins) --------------------------------------
def test_unreachable_url_raises_at_once_naming_the_url():
    engine = lt.LanguageToolEngine(Config(languagetool="http://127.0.0.1:9/"))
    began = time.monotonic()
    with pytest.raises(lt.LanguageToolError) as caught:
        engine.check("Hej tesst", "sv")
    assert time.monotonic() - began < 3.0
    assert type(caught.value) is lt.LanguageToolUnreachable
    assert str(caught.value) == "LanguageTool at http://127.0.0.1:9/v2 cannot be reached: Connection refused"


def test_a_slow_answer_times_out_after_the_calls_limit(fake):
    slow = fake(delay=3.0)
    engine = lt.LanguageToolEngine(Config(languagetool=slow.url))
    began = time.monotonic()
    with pytest.raises(lt.LanguageToolTimeout) as caught:
        engine.check("Hej tesst", "sv", timeout=0.5)
    assert 0.5 <= time.monotonic() - began < 2.0
    assert str(caught.value) == f"LanguageTool at {slow.url}/v2 timed out after 0.5 s"
    assert slow.requests == 1  # a time-out is not retried


def test_within_the_limit_the_answer_is_mapped_and_kept(fake):
    quick = fake(delay=0.2)
    engine = lt.LanguageToolEngine(Config(languagetool=quick.url + "/v2"))
    (match,) = engine.check("Hej på tesst", "sv", timeout=5)
    assert ("Hej på tesst"[match.start : match.end], match.rule_id) == ("tesst", "HUNSPELL_RULE")
    assert engine.check("Hej på tesst", "sv", timeout=5) == [match]
    assert quick.requests == 1


def test_a_prefetch_in_flight_is_waited_for_only_until_the_limit(fake):
    slow = fake(delay=2.0)
    engine = lt.LanguageToolEngine(Config(languagetool=slow.url))
    engine.prefetch("Hej på tesst", "sv")
    with pytest.raises(lt.LanguageToolTimeout, match=r"timed out after 0\.3 s$"):
        engine.check("Hej på tesst", "sv", timeout=0.3)
    time.sleep(2.5)  # the prefetch still lands in the cache
    assert [m.rule_id for m in engine.check("Hej på tesst", "sv", timeout=0.3)] == ["HUNSPELL_RULE"]
    assert slow.requests == 1
    engine.close()


def test_an_error_status_is_an_error_naming_the_url(fake):
    broken = fake(status=500, body=b"Error: internal trouble")
    engine = lt.LanguageToolEngine(Config(languagetool=broken.url))
    with pytest.raises(lt.LanguageToolError) as caught:
        engine.check("Hej", "sv")
    assert type(caught.value) is lt.LanguageToolError
    assert str(caught.value) == f"LanguageTool at {broken.url}/v2 answered 500: Error: internal trouble"


def test_invalid_json_is_an_error_not_a_crash(fake):
    garbled = fake(body=b"<html>proxy login</html>")
    engine = lt.LanguageToolEngine(Config(languagetool=garbled.url))
    with pytest.raises(lt.LanguageToolError) as caught:
        engine.check("Hej", "sv")
    assert str(caught.value) == f"LanguageTool at {garbled.url}/v2 answered with invalid JSON"


def test_a_timeout_must_be_positive():
    engine = lt.LanguageToolEngine(Config(languagetool="http://127.0.0.1:9"))
    with pytest.raises(ValueError, match="timeout must be positive seconds, not 0"):
        engine.check("Hej", "sv", timeout=0)


# -- the real managed server ---------------------------------------------------------------
@pytest.mark.languagetool
def test_the_managed_server_listens_on_127_0_0_1_only(lt_checker):
    engine = lt_checker.languagetool()
    engine.start()
    port = int(engine.url.rsplit(":", 1)[1].split("/")[0])
    listening = [
        (c.laddr.ip, c.laddr.port)
        for c in psutil.Process(engine.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert listening == [("127.0.0.1", port)]


@pytest.mark.languagetool
def test_the_managed_server_sends_no_cors_header_to_other_origins(lt_checker):
    engine = lt_checker.languagetool()
    engine.start()
    evil = {"Origin": "http://evil.example"}
    answers = [
        requests.get(f"{engine.url}/languages", headers=evil, timeout=30),
        requests.post(f"{engine.url}/check", data={"language": "sv", "text": "Hej"}, headers=evil, timeout=120),
        requests.options(f"{engine.url}/check", headers={**evil, "Access-Control-Request-Method": "POST"}, timeout=30),
    ]
    assert [a.status_code for a in answers[:2]] == [200, 200]
    for answer in answers:
        assert "Access-Control-Allow-Origin" not in answer.headers
        assert not any(name.lower().startswith("access-control-") for name in answer.headers)


@pytest.mark.languagetool
def test_after_sigkill_the_next_check_restarts_the_server_and_succeeds(lt_checker):
    engine = lt_checker.languagetool()
    engine.start()
    pid, restarts = engine.pid, engine.restarts
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while engine.pid == pid and time.monotonic() < deadline:
        time.sleep(0.05)
    assert engine.pid is None and not engine.ready()
    text = "Vi har skickat en ny fakutra till dig, Sven."
    matches = engine.check(text, "sv", timeout=180)
    assert "fakutra" in [text[m.start : m.end] for m in matches if m.is_spelling]
    assert engine.restarts == restarts + 1
    assert engine.pid not in (None, pid)


@pytest.mark.languagetool
@pytest.mark.slow
def test_a_limit_shorter_than_the_start_times_out_and_the_server_starts_and_stays():
    engine = lt.LanguageToolEngine(Config(languagetool="auto"))
    try:
        began = time.monotonic()
        with pytest.raises(lt.LanguageToolTimeout) as caught:
            engine.check("Hej tesst", "sv", timeout=0.5)
        assert time.monotonic() - began < 2.0
        assert str(caught.value).endswith("timed out after 0.5 s")
        assert engine.status == "starting"
        assert engine.wait(timeout=180)
        pid = engine.pid
        time.sleep(2.0)  # the thread that started it has ended: the server must live on
        assert engine.pid == pid
        text = "Vi har skickat en ny fakutra till dig."
        matches = engine.check(text, "sv", timeout=180)
        assert "fakutra" in [text[m.start : m.end] for m in matches if m.is_spelling]
        assert (engine.pid, engine.restarts) == (pid, 0)
    finally:
        engine.close()
