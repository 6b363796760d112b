"""Bad input, one test each, through the API and the CLI (issue 2, "Bad input")."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import replycheck
from replycheck import Config, InputError

NO_LT = "--no-languagetool"
SV = "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik\n"


def cli(*args, input: bytes | None = None) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("replycheck")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "replycheck"]
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([*command, *map(str, args)], input=input, capture_output=True, timeout=180, env=env)


def assert_spans_inside(report, text):
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding


@pytest.mark.parametrize("reply", ["", "   ", "\n\r\n\t ", "\u200b\u200b", "\ufeff"])
def test_empty_or_whitespace_reply_api(fast_checker, reply):
    with pytest.raises(InputError, match="empty"):
        fast_checker.check(reply)


def test_empty_reply_cli_exit_2(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text(" \n \n", encoding="utf-8")
    result = cli("check", path, NO_LT)
    assert result.returncode == 2
    assert result.stderr.decode().strip().count("\n") == 0 and "empty" in result.stderr.decode()


def test_one_megabyte_reply_is_refused_clearly_and_fast(fast_checker):
    reply = ("Tack för ditt mejl. " * 60_000)[:1_000_000]
    started = time.perf_counter()
    with pytest.raises(InputError, match="limit"):
        fast_checker.check(reply)
    assert time.perf_counter() - started < 5


def test_one_megabyte_reply_within_a_raised_limit_works(fast_checker):
    reply = ("Tack för ditt mejl. Vi skickar en ny vara i dag.\n\n" * 20_000)[:1_000_000]
    config = Config(languagetool="off", max_reply_chars=2_000_000)
    started = time.perf_counter()
    report = fast_checker.check(reply, config=config)
    assert time.perf_counter() - started < 120
    assert report.reply_language.code == "sv"
    assert_spans_inside(report, reply)


def test_one_megabyte_reply_cli_exit_2(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Tack för ditt mejl. " * 52_500, encoding="utf-8")
    result = cli("check", path, NO_LT)
    assert result.returncode == 2
    assert "limit" in result.stderr.decode()


def test_binary_bytes_api(fast_checker):
    with pytest.raises(InputError, match="bytes"):
        fast_checker.check(b"\x00\x01\x02binary")


def test_binary_file_cli_exit_2(tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(range(256)) * 16)
    result = cli("check", path, NO_LT)
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "binary" in err


def test_file_not_valid_utf8_is_decoded_with_note(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(SV.encode("cp1252"))
    result = cli("check", path, NO_LT, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert b"not valid UTF-8" in result.stderr
    import json

    assert json.loads(result.stdout)["reply_language"]["code"] == "sv"


def test_eml_with_no_text_part(tmp_path):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "scan"
    message.add_attachment(b"%PDF-1.4\x00\x01", maintype="application", subtype="pdf", filename="a.pdf")
    path = tmp_path / "pdf-only.eml"
    path.write_bytes(bytes(message))
    result = cli("check", path, NO_LT)
    assert result.returncode == 2 and b"no text part" in result.stderr


def test_emoji(fast_checker):
    reply = "Hej Anna! 😊🎉\n\nTack för ditt mejl 👍🏽 Vi skickar en ny vara i dag. 🇸🇪\n\nMvh\nErik"
    report = fast_checker.check(reply, "Hej, var är mitt paket? 😡")
    assert report.reply_language.code == "sv"
    assert report.verdict != "block"
    assert_spans_inside(report, reply)


def test_zero_width_characters(fast_checker):
    reply = "Hej\u200b Anna,\n\nTack\u200d för ditt\u2060 mejl.\ufeff Vi skickar en ny vara i\u200c dag.\n\nMvh\nErik"
    report = fast_checker.check(reply, "Hej, var är mitt paket?")
    assert report.reply_language.code == "sv"
    assert not [f for f in report.findings if f.code == "language/mismatch"]
    assert_spans_inside(report, reply)


@pytest.mark.parametrize(
    "reply, code",
    [
        ("مرحباً، شكراً على رسالتك. سنرسل لك منتجاً جديداً اليوم.", "ar"),
        ("שלום, תודה על ההודעה שלך. נשלח לך מוצר חדש היום.", "he"),
    ],
)
def test_right_to_left_scripts(fast_checker, reply, code):
    report = fast_checker.check(reply, "Hej, var är mitt paket? Jag har väntat länge.")
    assert_spans_inside(report, reply)
    assert not report.errors
    # Whatever it is, it is not confidently Swedish.
    assert report.reply_language.confidence_for("sv") < 0.5


def test_right_to_left_script_is_not_called_nordic(fast_checker):
    report = fast_checker.check("مرحباً، شكراً على رسالتك. سنرسل لك منتجاً جديداً اليوم.")
    assert report.reply_language.code not in ("sv", "da", "nb", "nn")


def test_windows_line_endings_same_findings(fast_checker):
    unix = "Hello Anna,\n\nThank you for your email. We will send a new item today.\n\nBest regards\nErik"
    windows = unix.replace("\n", "\r\n")
    customer = "Hej, var är mitt paket? Jag har väntat i två veckor."
    a, b = fast_checker.check(unix, customer), fast_checker.check(windows, customer)
    assert [f.code for f in a.findings] == [f.code for f in b.findings]
    for finding_unix, finding_win in zip(a.findings, b.findings):
        assert unix[finding_unix.start : finding_unix.end].replace("\n", "") == windows[finding_win.start : finding_win.end].replace("\r\n", "")


def test_windows_line_endings_cli(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(SV.replace("\n", "\r\n").encode())
    result = cli("check", path, NO_LT)
    assert result.returncode == 0, result.stderr
    assert b"Reply: sv" in result.stdout


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reply=st.text(min_size=1, max_size=300), customer=st.one_of(st.none(), st.text(max_size=120)))
def test_property_spans_inside_and_no_crash(fast_checker, reply, customer):
    try:
        report = fast_checker.check(reply, customer)
    except InputError as error:
        assert "empty" in str(error)  # the only refusal for text this short
        return
    assert_spans_inside(report, reply)
    assert not report.errors, report.errors
    assert report.to_dict()["verdict"] in ("ok", "review", "block")
