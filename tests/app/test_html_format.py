"""formats/html.py: highlighted replies and the self-contained batch report."""

from __future__ import annotations

import html as html_lib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from replycheck.batch import BatchResult, BatchRow
from replycheck.formats.html import batch_report_html, finding_card, highlight_fragment, highlight_html
from replycheck.model import Finding, LanguageGuess, Report

MARK = re.compile(r'<mark class="rc-finding[^"]*" data-category="([^"]*)" data-code="([^"]*)" title="([^"]*)"[^>]*>(.*?)</mark>', re.S)


def report_of(reply: str, *findings: Finding, customer: str | None = "sv") -> Report:
    return Report(
        reply=reply,
        reply_language=LanguageGuess("en", 0.98),
        customer_language=LanguageGuess(customer, 0.97) if customer else None,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
    )


def visible_text(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded, zero-width carets removed."""
    fragment = re.sub(r'<mark class="rc-finding rc-point".*?</mark>', "", fragment, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_each_span_is_marked_with_its_category_message_and_suggestions():
    reply = "Hi {{first_name}},\nWe has shipped it."
    placeholder = Finding("hygiene/placeholder", "error", 3, 17, "Unfilled placeholder.", ())
    grammar = Finding("grammar/lt-base-form", "warning", 22, 25, "Use the base form.", ("have",))
    out = highlight_html(report_of(reply, placeholder, grammar))
    marks = MARK.findall(out)
    assert [(m[0], m[1], html_lib.unescape(m[3])) for m in marks] == [
        ("hygiene", "hygiene/placeholder", "{{first_name}}"),
        ("grammar", "grammar/lt-base-form", "has"),
    ]
    title = html_lib.unescape(marks[1][2])
    assert "grammar/lt-base-form (warning)" in title and "Use the base form." in title and "Suggestions: have" in title
    assert "white-space:pre-wrap" in out  # line breaks of the reply survive


def test_reply_text_is_escaped():
    reply = 'Click <script>alert("x")</script> & "go"'
    finding = Finding("hygiene/placeholder", "error", 6, 14, 'A <b>bold</b> "message"', ())
    out = highlight_fragment(reply, [finding])
    assert "<script>" not in out and "<b>" not in out
    assert visible_text(out) == reply


def test_overlapping_findings_share_marks_and_keep_every_message():
    reply = "Thanks for you message today."
    wide = Finding("tone/too-casual", "info", 0, 22, "Casual.", ())
    narrow = Finding("grammar/lt-your", "warning", 11, 14, "Did you mean your?", ("your",))
    out = highlight_fragment(reply, [wide, narrow])
    marks = MARK.findall(out)
    assert [html_lib.unescape(m[3]) for m in marks] == ["Thanks for ", "you", " message"]
    assert marks[1][0] == "grammar tone"
    shared = html_lib.unescape(marks[1][2])
    assert "Casual." in shared and "Did you mean your?" in shared
    assert visible_text(out) == reply


def test_a_zero_width_finding_is_a_caret_at_its_point():
    reply = "Hello Anna"
    missing = Finding("hygiene/missing-signoff", "warning", 10, 10, "No sign-off.", ())
    out = highlight_fragment(reply, [missing])
    assert out.endswith("</mark>") and "rc-point" in out and "No sign-off." in html_lib.unescape(out)
    assert visible_text(out) == reply


def test_offsets_are_code_points_not_utf16_units():
    reply = "Hej 😀 {{namn}} och ✉️ tack"
    start = reply.index("{{namn}}")
    out = highlight_fragment(reply, [Finding("hygiene/placeholder", "error", start, start + 8, "x", ())])
    assert html_lib.unescape(MARK.findall(out)[0][3]) == "{{namn}}"


def test_spans_outside_the_reply_are_ignored_not_crashed_on():
    out = highlight_fragment("short", [Finding("hygiene/placeholder", "error", 3, 50, "x", ())])
    assert visible_text(out) == "short" and "<mark" not in out


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6))
def test_highlighting_never_changes_the_text(reply, spans):
    n = len(reply) + 1
    findings = [
        Finding("grammar/x", "warning", min(a % n, b % n), max(a % n, b % n), "m", ("s",)) for a, b in spans
    ]
    assert visible_text(highlight_fragment(reply, findings)) == reply


def test_batch_report_is_self_contained_and_lists_skipped_rows():
    mismatch = Finding("language/mismatch", "error", 0, 20, "The reply looks Dutch.", ())
    results = [
        BatchResult(BatchRow(reply="Bedankt voor uw bericht.", id="r2", agent="Bram"), report_of("Bedankt voor uw bericht.", mismatch)),
        BatchResult(BatchRow(reply="Tack för ditt meddelande.", id="r1", agent="Anna"), report_of("Tack för ditt meddelande.")),
        BatchResult(BatchRow(reply="\x00\x01", id="r3", agent="Bram"), None, "reply looks like binary data, not text"),
    ]
    out = batch_report_html(results)
    assert out.startswith("<!DOCTYPE html>")
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', out)  # nothing loaded from elsewhere
    assert "<script" not in out
    assert "3 rows: 2 checked, 1 skipped" in out
    assert "r3: reply looks like binary data, not text" in out
    assert "Findings per category" in out and "language/mismatch" in out
    assert "sv → en" in out  # language pairs
    assert batch_report_html(results) == out  # deterministic
    assert "Generated 2026-01-02." in batch_report_html(results, generated="2026-01-02")
    # Lowest score first.
    assert out.index(">r2 ·") < out.index(">r1 ·")


def test_a_finding_card_names_category_severity_code_quote_message_and_suggestions():
    reply = "We has shipped it."
    finding = Finding("grammar/lt-base-form", "warning", 3, 6, "Use the base form.", ("have", ""))
    card = finding_card(finding, reply)
    assert '<span class="rc-chip"' in card and ">grammar</span>" in card
    assert '<strong class="rc-severity">warning</strong>' in card
    assert '<code class="rc-code">grammar/lt-base-form</code>' in card
    assert '<q class="rc-quote">has</q>' in card
    assert '<div class="rc-message">Use the base form.</div>' in card
    assert "→ have | (delete)" in card
    assert "rc-suggestions" not in finding_card(finding, reply, suggestions=False)
    long = Finding("tone/too-casual", "info", 0, 200, "Casual.")
    assert "x" * 120 + "…</q>" in finding_card(long, "x" * 200)


def test_the_batch_report_uses_the_pages_finding_cards():
    reply = "Bedankt voor uw bericht."
    mismatch = Finding("language/mismatch", "error", 0, 20, "The reply looks Dutch.", ())
    out = batch_report_html([BatchResult(BatchRow(reply=reply, id="r2"), report_of(reply, mismatch))])
    assert finding_card(mismatch, reply) in out
