"""replycheck/ui.py: the pure helpers behind the pages."""

from __future__ import annotations

import pytest

from replycheck import ui
from replycheck.model import CATEGORIES, Finding, LanguageGuess, Report


def test_language_labels():
    assert ui.language_name("sv") == "Swedish"
    assert ui.language_name("nb") == "Norwegian Bokmål"
    assert ui.language_name("xx") == "xx"
    assert ui.language_label(LanguageGuess("de", 0.934)) == "German (de) · 93%"
    assert ui.language_label(LanguageGuess("unknown", 0.0)) == "unknown"
    assert ui.language_label(None) == "not given"


def test_apply_suggestion_replaces_exactly_the_span():
    reply = "Hej 😀 we has it"
    start = reply.index("has")
    finding = Finding("grammar/x", "warning", start, start + 3, "m", ("have",))
    assert ui.apply_suggestion(reply, finding, "have") == "Hej 😀 we have it"
    assert ui.apply_suggestion(reply, finding, "") == "Hej 😀 we  it"
    with pytest.raises(ValueError):
        ui.apply_suggestion("short", Finding("grammar/x", "warning", 3, 40, "m"), "x")


def test_findings_grouped_in_the_api_category_order():
    findings = (
        Finding("tone/a", "info", 0, 1, "m"),
        Finding("grammar/b", "warning", 2, 3, "m"),
        Finding("language/mismatch", "error", 4, 5, "m"),
        Finding("grammar/c", "warning", 6, 7, "m"),
    )
    report = Report("x" * 10, LanguageGuess("en", 1.0), None, findings)
    grouped = ui.findings_by_category(report)
    assert [c for c, _ in grouped] == ["language", "grammar", "tone"]
    assert [f.code for f in grouped[1][1]] == ["grammar/b", "grammar/c"]
    assert all(c in CATEGORIES for c, _ in grouped)
    assert ui.language_mismatch(report)
    assert not ui.language_mismatch(Report("x", LanguageGuess("en", 1.0), LanguageGuess("sv", 1.0), ()))


def test_glossary_listing(tmp_path, monkeypatch):
    (tmp_path / "b.yml").write_text("x: 1\n")
    (tmp_path / "a.yaml").write_text("x: 1\n")
    (tmp_path / "readme.md").write_text("no\n")
    assert [p.name for p in ui.list_glossaries(tmp_path)] == ["a.yaml", "b.yml"]
    monkeypatch.setenv("REPLYCHECK_GLOSSARIES", str(tmp_path))
    assert ui.glossary_dir() == tmp_path
    assert ui.list_glossaries(tmp_path / "missing") == []


def test_language_choices_cover_the_supported_languages():
    assert {"sv", "nb", "nn", "da", "fi", "de", "nl", "en", "fr", "es"} <= set(ui.language_choices())


def test_lt_state():
    base = Report("x", LanguageGuess("en", 1.0), None, ())
    assert ui.lt_state(None) == "off"
    assert ui.lt_state(base) == "done"
    pending = Report("x", LanguageGuess("en", 1.0), None, (), pending=("languagetool",))
    assert ui.lt_state(pending) == "pending"


def test_md_escape_switches_off_markdown_and_maths():
    import markdown_it  # Streamlit renders CommonMark; check the escaped text comes back as typed

    text = "Pay $5 and $10 *now* <b>x</b> [a](b) C:\\x # _y_ ~z~ :smile:"
    rendered = markdown_it.MarkdownIt().render(ui.md_escape(text))
    import html

    assert html.unescape(rendered.strip().removeprefix("<p>").removesuffix("</p>")) == text
