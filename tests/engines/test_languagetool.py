"""The LanguageTool engine: install, managed server lifecycle, offsets, restart after a kill."""

import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import replycheck
from replycheck.config import Config
from replycheck.engines import languagetool as lt

pytestmark = pytest.mark.languagetool


# -- offsets (no server needed) -----------------------------------------------------------
def test_utf16_offsets_become_code_points():
    text = "Hej 😀 detta är en tesst."
    convert = lt.utf16_to_codepoints(text)
    utf16_start = len(text[: text.index("tesst")].encode("utf-16-le")) // 2
    assert text[convert(utf16_start) : convert(utf16_start + 5)] == "tesst"
    assert convert(10_000) == len(text) and convert(-3) == 0


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_utf16_conversion_is_monotone_and_inside_the_text(text):
    convert = lt.utf16_to_codepoints(text)
    units = len(text.encode("utf-16-le")) // 2
    points = [convert(i) for i in range(units + 2)]
    assert points == sorted(points)
    assert all(0 <= p <= len(text) for p in points)
    assert convert(units) == len(text)


def test_parse_matches_maps_spans_after_astral_characters():
    text = "👍👍 Vi har skickat en fakutra."
    offset = len(text[: text.index("fakutra")].encode("utf-16-le")) // 2
    payload = {"matches": [{
        "offset": offset, "length": 7, "message": "stavfel",
        "replacements": [{"value": v} for v in ("faktura", "fakturan", "fakturor", "fakturas")],
        "rule": {"id": "HUNSPELL_RULE", "issueType": "misspelling", "category": {"id": "TYPOS"}},
    }]}
    (match,) = lt.parse_matches(text, payload)
    assert text[match.start : match.end] == "fakutra"
    assert match.replacements == ("faktura", "fakturan", "fakturor")
    assert match.is_spelling


# -- install ------------------------------------------------------------------------------
def test_install_is_idempotent_and_offline_once_done(lt_checker):
    assert lt.installed()
    lines = []
    lib = lt.install(progress=lines.append)
    assert lines == [f"LanguageTool {lt.LT_VERSION} is installed in {lt.cache_dir()}"]
    assert any(p.name.startswith("languagetool-server") for p in lib.glob("*.jar"))


def test_install_command_exits_zero(lt_checker):
    done = subprocess.run(
        [sys.executable, "-m", "replycheck.engines.languagetool", "install"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "installed" in done.stdout


def test_every_language_module_is_installed():
    for lang in ("sv", "da", "de", "nl", "en", "fr", "es"):
        assert lt.language_settings(lang) is not None, lang
    assert {"sv", "da", "de", "en"} <= set(lt.modules())
    assert lt.language_settings("nb") is None  # Norwegian: Hunspell, not LanguageTool


# -- the managed server ---------------------------------------------------------------------
def test_server_listens_on_loopback_only(lt_checker):
    engine = lt_checker.languagetool()
    assert engine.ready()
    assert engine.url.startswith("http://127.0.0.1:")
    assert engine.status == "ready"


def test_check_returns_code_point_spans(lt_checker):
    engine = lt_checker.languagetool()
    text = "Hej 😀! Vi har skickat en ny fakutra till dig."
    matches = engine.check(text, "sv")
    assert "fakutra" in [text[m.start : m.end] for m in matches if m.is_spelling]


def test_killing_the_server_between_two_checks_loses_nothing(lt_checker):
    engine = lt_checker.languagetool()
    reply = "Hej!\n\nVi har skickat en ny fakutra till dig.\n\nVänliga hälsningar\nKundtjänst"
    before = lt_checker.check(reply)
    assert any(f.code == "spelling/misspelling" for f in before.findings)
    pid = engine.pid
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while engine.pid == pid and time.monotonic() < deadline:
        time.sleep(0.05)
    engine.clear_cache()
    after = lt_checker.check(reply.replace("dig", "er"))
    assert after.errors == ()
    assert any(f.code == "spelling/misspelling" for f in after.findings)
    assert engine.pid not in (None, pid)
    assert engine.ready()


def test_a_request_in_flight_when_the_server_dies_is_retried(lt_checker):
    engine = lt_checker.languagetool()
    engine.start()
    os.kill(engine.pid, signal.SIGKILL)  # killed, and the engine has not noticed yet
    restarts = engine.restarts
    engine.clear_cache()
    matches = engine.check("Vi har skickat en ny fakutra till dig i dag.", "sv")
    assert any(m.is_spelling for m in matches)
    assert engine.restarts == restarts + 1


def test_existing_server_by_url_is_used_and_left_running(lt_checker):
    managed = lt_checker.languagetool()
    url = managed.url
    with replycheck.Checker(Config(languagetool=url)) as remote:
        engine = remote.languagetool()
        assert not engine.managed
        assert engine.ready()
        report = remote.check("Hej!\n\nVi har skickat en ny fakutra till dig.\n\nVänliga hälsningar\nKundtjänst")
        assert any(f.code == "spelling/misspelling" for f in report.findings)
    assert managed.ready()  # closing the URL client did not stop the server


def test_url_from_environment(monkeypatch, lt_checker):
    monkeypatch.setenv("REPLYCHECK_LANGUAGETOOL_URL", lt_checker.languagetool().url)
    assert Config.from_env().languagetool.startswith("http://127.0.0.1:")


def test_unreachable_url_is_an_explained_error():
    engine = lt.LanguageToolEngine(Config(languagetool="http://127.0.0.1:9"))
    assert not engine.ready()
    with pytest.raises(lt.LanguageToolError, match="127.0.0.1:9"):
        engine.check("Hej", "sv")


def test_start_async_then_wait_and_close():
    engine = lt.LanguageToolEngine(Config(languagetool="auto"))
    try:
        engine.start_async()
        assert engine.status in ("starting", "ready")
        assert engine.wait(timeout=180)
        assert engine.ready() and engine.startup_seconds > 0
        pid = engine.pid
    finally:
        engine.close()
    assert not engine.ready()
    with pytest.raises(ProcessLookupError):
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
