"""Property-based fuzzing (hypothesis): hostile text through ``check_fast`` and hostile
messages through the e-mail reader. Nothing may raise but ``InputError``, every finding's
span lies inside the reply, and the same input gives the same report.

Bounded for the suite (``max_examples=150``); ``bench/fuzz.py`` runs 10,000 inputs.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replycheck import InputError, inputs

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces a hostile reply is made of: real prose, e-mail structure, and what breaks text tools.
PROSE = [
    "Hej Anna,", "Tack för ditt mejl.", "Vielen Dank für Ihre Nachricht.", "Thank you for your email.",
    "Med vänliga hälsningar\nErik", "Mit freundlichen Grüßen", "Kiitos viestistäsi.", "Bestellung A-10293",
    "https://example.com/orders/A-10293?x=1", "support@example.com", "{{first_name}}", "[NAME]", "+46 8 123 45 67",
    "1.299,00 €", "2024-03-04", "On Mon, Mar 4, 2024 at 10:00 AM Anna <a@example.se> wrote:", "> Var är mitt paket?",
    "Den 3 mars 2024 kl. 10:12 skrev Anna:", "-- \nErik", "PS.", "NB!", "Nej, inte", "inte inte inte",
]
HOSTILE = [
    "\x00", "\ud83d", "\udc00", "\ud83d\ude00", "😀", "\U0001f1f8\U0001f1ea", "e\u0301\u0301\u0301", "\u202e", "\u202d",
    "\u200b", "\u200f", "\ufeff", "\ufffd", "\r", "\r\n", "\n\n\n", "\t", "\x0b", "\x0c", "\x1c", "\u2028", "\u2029", "\x85",
    "שלום עולם", "مرحبا بالعالم", "你好", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﬁ", "İı", "ß", "\u0308", "<p>", "</div>", "&amp;", "&#0;", "&#xD800;",
    "<script>alert(1)</script>", "<!--", "]]>", "\\", "%s", "%d", "{0}", "{", "}", "((((", "....", "!!!!", "????",
    "a" * 300, "å" * 300, "1" * 300, "-" * 300, " " * 300, "@" * 50, "@a." * 40, "x@" * 40, ">" * 40,
]
pieces = st.one_of(st.sampled_from(PROSE), st.sampled_from(HOSTILE), st.text(max_size=30),
                   st.text(st.characters(codec=None, exclude_categories=()), max_size=30))
hostile_text = st.lists(pieces, max_size=25).map("".join) | st.text(st.characters(exclude_categories=()), max_size=400)


def _assert_sound(report, reply: str) -> None:
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(reply), (finding.code, finding.start, finding.end, len(reply))


@FUZZ
@given(reply=hostile_text, customer=st.none() | hostile_text)
def test_check_fast_survives_hostile_text(fast_checker, reply, customer):
    try:
        report = fast_checker.check_fast(reply, customer)
    except InputError:
        return
    _assert_sound(report, reply)
    assert not report.errors, [(e.name, e.reason) for e in report.errors]
    again = fast_checker.check_fast(reply, customer)
    assert again.to_dict() == report.to_dict()


# -- the e-mail reader ---------------------------------------------------------------------------
CHARSETS = ["utf-8", "iso-8859-1", "cp1252", "idna", "utf-7", "utf-16", "x-no-such", "", "\xff", "punycode", "rot13",
            "base64", "utf-8\"; q=\"", "ascii"]
ENCODINGS = ["7bit", "8bit", "quoted-printable", "base64", "x-uuencode", "binary", "bogus"]
TYPES = ["text/plain", "text/html", "message/rfc822", "multipart/mixed", "multipart/alternative", "image/png",
         "application/octet-stream", "text/", "/", ""]


@st.composite
def hostile_message(draw) -> bytes:
    """An e-mail whose headers, MIME structure, charsets and bodies are drawn to break readers."""
    head = b"From: " + draw(st.sampled_from([b"erik@example.com", b"\xff\xfe", b"=?utf-8?q?=FF?=", b""])) + b"\r\n"
    head += b"Subject: " + draw(st.binary(max_size=20)).replace(b"\n", b" ") + b"\r\nMIME-Version: 1.0\r\n"

    def part(depth: int) -> bytes:
        kind = draw(st.sampled_from(TYPES if depth < 4 else TYPES[:2]))
        charset = draw(st.sampled_from(CHARSETS)).encode("latin-1")
        cte = draw(st.sampled_from(ENCODINGS)).encode()
        header = b"Content-Type: " + kind.encode() + b'; charset="' + charset + b'"'
        if kind.startswith("multipart/"):
            boundary = b"b%d" % depth
            children = [part(depth + 1) for _ in range(draw(st.integers(0, 3)))]
            body = b"".join(b"--" + boundary + b"\r\n" + child for child in children)
            body += draw(st.sampled_from([b"--" + boundary + b"--\r\n", b"", b"--" + boundary + b"\r\n"]))
            return header + b'; boundary="' + boundary + b'"\r\n\r\n' + body
        if kind == "message/rfc822":
            return header + b"\r\n\r\n" + head + part(depth + 1)
        text = draw(hostile_text)
        body = draw(st.sampled_from(["utf-8", "cp1252", "utf-16"]))
        raw = text.encode(body, "surrogatepass" if body == "utf-8" else "replace") + draw(st.binary(max_size=40))
        return header + b"\r\nContent-Transfer-Encoding: " + cte + b"\r\n\r\n" + raw + b"\r\n"

    return head + part(0)


@FUZZ
@given(raw=hostile_message())
def test_email_reader_refuses_or_reads_every_message(raw):
    try:
        first = inputs.parse_email(raw, "fuzz.eml")
    except InputError as error:
        assert "\n" not in str(error) and "fuzz.eml" in str(error)
        return
    assert isinstance(first.reply, str) and first.reply.strip()
    assert first == inputs.parse_email(raw, "fuzz.eml")


@FUZZ
@given(raw=hostile_message())
def test_batch_loads_every_message_or_one_problem(tmp_path_factory, raw):
    from replycheck.batch import Upload, load_rows

    escaped = re.sub(rb"(?m)^From ", b">From ", raw.replace(b"\r\n", b"\n"))
    box = b"From fuzz Mon Mar  4 10:00:00 2024\n" + escaped + b"\nFrom ok Mon Mar  4 10:00:00 2024\n"
    box += b"From: a@example.com\nSubject: ok\n\nHej Anna, tack.\n"
    rows, problems = load_rows([Upload("fuzz.mbox", box), Upload("fuzz.eml", raw)])
    assert len(rows) + len(problems) == 3
    assert any(r.where == "fuzz.mbox#2" and r.reply == "Hej Anna, tack." for r in rows)
    assert all("\n" not in p.message for p in problems)


@pytest.mark.parametrize("text", ["\ud83d", "Hej \ud83d Anna, tack för ditt mejl.", "Tack.\udc00\n\nHälsningar"])
def test_lone_surrogates_do_not_crash_check_fast(fast_checker, text):
    try:
        report = fast_checker.check_fast(text)
    except InputError:
        return
    _assert_sound(report, text)


# -- inputs bench/fuzz.py found hanging past its 10 s (CPU) watchdog, or crashing a check -------
_RUN_ONE = """
import sys, time
from replycheck import Checker, Config
checker = Checker(Config(languagetool="off"))
checker.check_fast("Hej Anna, tack.", "Hej")
reply = sys.stdin.read()
started = time.process_time()
report = checker.check_fast(reply)
print(round(time.process_time() - started, 2), [e.name + ": " + e.reason for e in report.errors])
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("Hej Anna, " + "a-" * 8000 + " tack.", id="order-id-lookahead"),  # patterns.yaml order_id (fixed)
        pytest.param("Hej Anna, " + "a" * 16000 + " tack.", id="email-pattern-and-speller"),  # patterns.yaml email (fixed); hunspell candidates
        pytest.param("support@example.com " + "å" * 14135 + " -- \nErik", id="speller-candidates"),  # engines/hunspell.py candidates()
        pytest.param("PS. " + "a" * 11101 + " support@example.com", id="speller-candidates-2"),  # engines/hunspell.py candidates()
        pytest.param("Hej Anna, klockan " + "1" * 5000 + " i dag.", id="int-of-5000-digits"),  # checks/_numbers.py (fixed)
    ],
)
def test_long_runs_are_checked_in_bounded_time(reply):
    import subprocess
    import sys

    try:
        done = subprocess.run([sys.executable, "-c", _RUN_ONE], input=reply, capture_output=True, text=True,
                              timeout=90, encoding="utf-8")
    except subprocess.TimeoutExpired:
        pytest.fail("check_fast did not finish in 90 s")
    assert done.returncode == 0, done.stderr[-2000:]
    seconds, errors = done.stdout.split(" ", 1)
    assert float(seconds) < 10, f"check_fast took {seconds} s of CPU"
    assert errors.strip() == "[]", errors
