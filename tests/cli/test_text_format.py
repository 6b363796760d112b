"""The terminal renderer: line/column positions, excerpts, colour on demand."""

from __future__ import annotations

import io

from rich.console import Console

from replycheck.formats.text import LineIndex, failure_notes, render
from replycheck.model import Finding, LanguageGuess, Report, SkippedCheck


def test_line_index_handles_all_line_endings():
    text = "ab\r\ncd\nef\rgh"
    index = LineIndex(text)
    assert index.position(0) == (1, 1)
    assert index.position(text.index("c")) == (2, 1)
    assert index.position(text.index("f")) == (3, 2)
    assert index.position(text.index("h")) == (4, 2)
    assert index.line(2) == (4, "cd")
    assert index.line(1) == (0, "ab")


def _report(reply: str, findings, errors=()) -> Report:
    return Report(
        reply=reply,
        reply_language=LanguageGuess("sv", 0.97),
        customer_language=LanguageGuess("da", 0.88),
        findings=tuple(findings),
        errors=tuple(errors),
    )


def _render(report, color=False, notes=()):
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=200, soft_wrap=True, highlight=False)
    render(report, console, notes=notes)
    return buffer.getvalue()


def test_render_shows_header_finding_excerpt_and_suggestions():
    reply = "Hej Anna,\r\n\r\nVi har skikat varan.\r\n"
    start = reply.index("skikat")
    finding = Finding("spelling/misspelling", "warning", start, start + 6, "Possible misspelling.", ("skickat", "skickar"))
    out = _render(_report(reply, [finding]), notes=("decoded as cp1252",))
    assert "Reply: sv (0.97)" in out and "Customer: da (0.88)" in out
    assert "Verdict: REVIEW" in out and "Score: 90/100" in out and "1 warning," in out
    assert "3:8" in out and "spelling/misspelling" in out and "Possible misspelling." in out
    assert "│ Vi har skikat varan." in out
    assert "→ skickat | skickar" in out
    assert "note: decoded as cp1252" in out
    assert "\x1b[" not in out


def test_render_colour_marks_the_span():
    reply = "Vi har skikat varan."
    finding = Finding("spelling/misspelling", "error", 7, 13, "Misspelt.")
    out = _render(_report(reply, [finding]), color=True)
    assert "\x1b[" in out
    assert "skikat" in out


def test_long_line_is_cut_around_the_span_and_empty_span_is_fine():
    reply = "a" * 300 + " FEL " + "b" * 300
    start = reply.index("FEL")
    out = _render(_report(reply, [Finding("grammar/x", "warning", start, start + 3, "m"), Finding("grammar/y", "info", 10, 10, "gap")]))
    excerpt = [line for line in out.splitlines() if "FEL" in line][0]
    assert len(excerpt) < 120 and excerpt.count("…") == 2
    assert "1:11" in out


def test_failure_notes_are_one_line_per_reason():
    errors = [SkippedCheck("grammar.languagetool", "LanguageToolError: down\nmore"), SkippedCheck("spelling.misspelling", "LanguageToolError: down\nmore")]
    notes = failure_notes(_report("Hej", [], errors))
    assert notes == ["not checked (grammar.languagetool, spelling.misspelling failed): LanguageToolError: down more"]
