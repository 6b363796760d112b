"""`replycheck check --languagetool-url`: the CLI against the real LanguageTool server."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.languagetool, pytest.mark.slow]

REPLY = "Hej Anna,\n\nTack för ditt mejl. Vi har skikat en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik\n"


def test_check_with_running_languagetool(run_cli, lt_checker, tmp_path):
    url = lt_checker.languagetool().url
    assert url
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    result = run_cli("check", path, "--languagetool-url", url, "--format", "json", "--fail-on", "warning")
    report = json.loads(result.stdout)
    assert report == lt_checker.check(REPLY).to_dict()
    spelling = [f for f in report["findings"] if f["category"] == "spelling"]
    assert [REPLY[f["start"] : f["end"]] for f in spelling] == ["skikat"]
    assert result.returncode == 1


def test_unreachable_languagetool_is_a_note_not_a_crash(run_cli, tmp_path):
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    result = run_cli("check", path, "--languagetool-url", "http://127.0.0.1:9", "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["reply_language"]["code"] == "sv"
    reason = (
        "grammar not checked: LanguageTool failed: "
        "LanguageTool at http://127.0.0.1:9/v2 cannot be reached: Connection refused"
    )
    skipped = {entry["check"]: entry for entry in report["skipped"]}
    for check in ("grammar.languagetool", "spelling.misspelling"):
        assert skipped[check] == {"check": check, "status": "skipped", "reason": reason}


# -- replycheck languagetool start | status | stop: one real, detached server -------------------
import os  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import psutil  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _script() -> list[str]:
    script = Path(sys.executable).with_name("replycheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "replycheck"]


def _servers_of(state) -> list[int]:
    """The pids of LanguageTool servers started with this state folder (inherited environment)."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if "org.languagetool.server.HTTPServer" in (proc.info["cmdline"] or ()) and \
                    proc.environ().get("REPLYCHECK_LANGUAGETOOL_STATE") == str(state):
                found.append(proc.pid)
        except psutil.Error:
            pass
    return sorted(found)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """Two `languagetool start` at once in a fresh state folder: one server, shared by both."""
    state = tmp_path_factory.mktemp("lt-state")
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200", REPLYCHECK_LANGUAGETOOL_STATE=str(state))
    env.pop("REPLYCHECK_LANGUAGETOOL_URL", None)

    def run(*args, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run([*_script(), *map(str, args)], capture_output=True, text=True,
                              timeout=timeout, env=env, cwd=ROOT)

    starts = [
        subprocess.Popen([*_script(), "languagetool", "start", "--languages", "sv"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        for _ in range(2)
    ]
    outcomes = [(proc.communicate(timeout=300), proc.returncode) for proc in starts]
    try:
        yield run, state, outcomes
    finally:
        run("languagetool", "stop")
        for pid in _servers_of(state):  # never leave a server behind, whatever failed
            psutil.Process(pid).kill()


def test_two_starts_at_once_leave_one_server_that_both_print(shared_server):
    run, state, outcomes = shared_server
    urls = [out.strip() for (out, _err), _code in outcomes]
    assert [code for _, code in outcomes] == [0, 0], outcomes
    assert urls[0] == urls[1] and re.fullmatch(r"http://127\.0\.0\.1:\d+/v2", urls[0])
    assert any("already runs" in err for (_out, err), _code in outcomes)
    record = json.loads((state / "server.json").read_text(encoding="utf-8"))
    assert _servers_of(state) == [record["pid"]]
    assert (state / "server.json").stat().st_mode & 0o077 == 0


def test_status_names_the_url_pid_and_warmed_languages(shared_server):
    run, state, outcomes = shared_server
    result = run("languagetool", "status")
    assert result.returncode == 0, result.stderr
    record = json.loads((state / "server.json").read_text(encoding="utf-8"))
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert lines["url"] == f"http://127.0.0.1:{record['port']}/v2"
    assert lines["pid"] == str(record["pid"])
    assert lines["languages"] == "sv"
    assert re.fullmatch(r"\d+ MiB \(heap \w+, \d+ check threads\)", lines["rss"])
    assert re.fullmatch(r"(\d+h )?\d+m \d\ds", lines["uptime"])


def test_check_uses_the_shared_server_and_leaves_it_running(shared_server, tmp_path):
    run, state, _ = shared_server
    pid = json.loads((state / "server.json").read_text(encoding="utf-8"))["pid"]
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    began = time.monotonic()
    result = run("check", path, "--format", "json", "--fail-on", "never")
    seconds = time.monotonic() - began
    assert result.returncode == 0, result.stderr
    spelling = [f for f in json.loads(result.stdout)["findings"] if f["category"] == "spelling"]
    assert [REPLY[f["start"] : f["end"]] for f in spelling] == ["skikat"]
    assert _servers_of(state) == [pid]  # no server of its own, and the shared one lives on
    assert seconds < 60  # far below a LanguageTool start plus Swedish rules (a loose bound on a busy machine)


def test_stop_ends_the_server_and_status_then_says_not_running(shared_server):
    run, state, _ = shared_server
    pid = json.loads((state / "server.json").read_text(encoding="utf-8"))["pid"]
    assert run("languagetool", "stop").stdout.strip() == "stopped"
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not (state / "server.json").exists()
    result = run("languagetool", "status")
    assert (result.returncode, result.stdout.strip()) == (3, "not running")
    assert run("languagetool", "stop").stdout.strip() == "not running"


def test_start_refuses_a_language_languagetool_does_not_cover(run_cli):
    result = run_cli("languagetool", "start", "--languages", "sv,fi")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "replycheck: error: --languages: LanguageTool does not cover fi"
