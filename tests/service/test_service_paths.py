"""The service's refusal paths: token, busy queue, time limit, LanguageTool slow or gone."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

import replycheck
from replycheck.errors import ConfigError
from replycheck.service import ServiceSettings
from replycheck.service.settings import read_token

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "engines"))
from conftest import TOKEN, RunningService  # noqa: E402
from languagetool_stand_in import StandIn  # noqa: E402

REPLY = "Hej Anna,\n\nVi har skickat din beställning i dag.\n\nMvh\nTobias"


# -- token ---------------------------------------------------------------------------------------
def test_the_token_is_required_when_set(guarded):
    url = guarded.url + "/v1/check"
    missing = requests.post(url, json={"reply": REPLY}, timeout=30)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"]["code"] == "unauthorized"
    wrong = requests.post(url, json={"reply": REPLY}, headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"}, timeout=30)
    assert wrong.status_code == 401
    right = requests.post(url, json={"reply": REPLY}, headers={"Authorization": "Bearer " + TOKEN}, timeout=30)
    assert right.status_code == 200 and right.json()["verdict"] in ("ok", "review", "block")
    assert requests.get(guarded.url + "/v1/checks", timeout=30).status_code == 401
    assert requests.get(guarded.url + "/healthz", timeout=30).status_code == 200  # probes need no token


def test_listening_beyond_loopback_needs_a_token(tmp_path):
    with pytest.raises(ConfigError, match="refusing to listen on 0.0.0.0 without a bearer token"):
        ServiceSettings(host="0.0.0.0")
    assert ServiceSettings(host="0.0.0.0", token=TOKEN).host == "0.0.0.0"
    assert ServiceSettings(host="::1").token is None
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    assert read_token(None, str(secret)) == TOKEN
    with pytest.raises(ConfigError, match="at least 16 characters"):
        read_token("short", None)
    with pytest.raises(ConfigError, match="token file .* is empty"):
        (tmp_path / "empty").write_text("\n", encoding="utf-8")
        read_token(None, str(tmp_path / "empty"))


def test_the_cli_refuses_to_listen_openly_without_a_token():
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPLYCHECK_TOKEN")}
    done = subprocess.run([sys.executable, "-m", "replycheck", "serve", "--host", "0.0.0.0", "--no-languagetool"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    assert "refusing to listen on 0.0.0.0 without a bearer token" in done.stderr


# -- queue and time limit ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def slow_languagetool():
    stand_in = StandIn(delay=2.0)
    yield stand_in
    stand_in.close()


def test_a_full_queue_answers_503_with_retry_after(slow_languagetool):
    config = replycheck.Config(languagetool=slow_languagetool.url, languagetool_timeout=20)
    settings = ServiceSettings(workers=1, queue=1, retry_after=7)
    answers: list = []
    asked = slow_languagetool.requests
    with replycheck.Checker(config) as checker, RunningService(settings, checker) as running:
        def send(index):
            reply = REPLY.replace("din beställning", f"beställning {1000 + index}")  # no LanguageTool cache hit
            answers.append(requests.post(running.url + "/v1/check", json={"reply": reply}, timeout=60))

        threads = [threading.Thread(target=send, args=(i,)) for i in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert running.app.state.service.admission.admitted == 0
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 200, 503, 503, 503]
    for busy in (a for a in answers if a.status_code == 503):
        assert busy.headers["retry-after"] == "7"
        assert busy.json()["error"]["code"] == "busy"
    for done in (a for a in answers if a.status_code == 200):
        assert "grammar.languagetool" not in {s["check"] for s in done.json()["skipped"]}
    assert slow_languagetool.requests - asked == 2  # the refused requests never reached LanguageTool


def test_a_check_over_the_time_limit_answers_504(slow_languagetool):
    config = replycheck.Config(languagetool=slow_languagetool.url, languagetool_timeout=20)
    with replycheck.Checker(config) as checker, RunningService(ServiceSettings(request_timeout=0.5), checker) as running:
        answer = requests.post(running.url + "/v1/check", json={"reply": REPLY.replace("Anna", "Berit")}, timeout=60)
        assert answer.status_code == 504
        assert answer.json()["error"] == {"code": "timeout", "message": "the check took longer than 0.5 s"}


# -- LanguageTool failing ------------------------------------------------------------------------
def _grammar_reason(report: dict) -> str:
    return next(s["reason"] for s in report["skipped"] if s["check"] == "grammar.languagetool")


def test_languagetool_erroring_or_gone_still_answers_marked_not_checked():
    broken = StandIn(status=500)
    gone = StandIn()
    gone.close()
    try:
        for stand_in in (broken, gone):
            config = replycheck.Config(languagetool=stand_in.url, languagetool_timeout=10)
            with replycheck.Checker(config) as checker, RunningService(ServiceSettings(), checker) as running:
                answer = requests.post(running.url + "/v1/check", json={"reply": REPLY}, timeout=60)
                assert answer.status_code == 200
                assert _grammar_reason(answer.json()).startswith("grammar not checked: LanguageTool failed")
    finally:
        broken.close()


def test_a_service_checker_gives_up_on_languagetool_before_the_request_does():
    from replycheck.service.app import Service

    service = Service(ServiceSettings(request_timeout=8), None, replycheck.Config(languagetool="off"))
    try:
        assert service.checker.config.languagetool_timeout == 6
    finally:
        service.close()
