"""The draft editor's Python side and the page helpers behind it (no browser)."""

from __future__ import annotations

from pathlib import Path

from replycheck import ui
from replycheck.components.editor import (
    EditedDraft,
    EditorEvent,
    EditorFinding,
    edited_draft,
    editor_event,
    payload,
    utf16_offsets,
)
from replycheck.model import CATEGORIES, Finding, LanguageGuess, Report

EDITOR = Path(ui.__file__).parent / "components" / "editor"


def _report(reply: str, *findings: Finding) -> Report:
    return Report(reply, LanguageGuess("sv", 0.99), None, tuple(findings))


def test_offsets_are_sent_in_utf16_units_like_javascript_strings():
    reply = "Hej 😀 Tyvär, vi har 😀 kreditering"
    start = reply.index("kreditering")
    finding = Finding("terminology/preferred", "warning", start, start + 11, "m", ("återbetalning",))
    data = payload(reply, 3, reply, [EditorFinding(0, finding, "#b5e8b0", "why", ("Replace",))], "team.yaml")
    [sent] = data["findings"]
    units = reply.encode("utf-16-le")
    assert units[2 * sent["start"] : 2 * sent["end"]].decode("utf-16-le") == "kreditering"
    assert (sent["start"], sent["end"]) == (start + 2, start + 13)  # two emoji, two units each
    assert sent["fixes"] == [{"index": 0, "label": "Replace"}]
    assert (data["text"], data["version"], data["checked"], data["glossary"]) == (reply, 3, reply, "team.yaml")
    assert utf16_offsets("a😀b") == [0, 1, 3, 4]


def test_findings_outside_the_checked_text_and_without_a_check_are_not_sent():
    outside = Finding("tone/shouting", "info", 3, 40, "m")
    assert payload("short", 0, "short", [EditorFinding(0, outside, "#fff")])["findings"] == []
    assert payload("short", 0, None, [EditorFinding(0, outside, "#fff")])["findings"] == []


def test_the_editor_state_and_actions_are_read_defensively():
    assert edited_draft({"draft": {"text": "Hej", "version": 2}}) == EditedDraft("Hej", 2)
    assert edited_draft({"draft": {"text": "Hej"}}) == EditedDraft("Hej", -1)
    assert edited_draft(None) is None and edited_draft({"draft": "Hej"}) is None
    assert editor_event({"action": {"kind": "fix", "finding": 1, "fix": 0}}) == EditorEvent("fix", 1, 0)
    assert editor_event({"action": {"kind": "dismiss", "finding": 2, "fix": None}}) == EditorEvent("dismiss", 2)
    assert editor_event({"action": {"kind": "rm -rf", "finding": 2}}) is None
    assert editor_event({"action": None}) is None and editor_event(None) is None


def test_the_editor_puts_user_text_in_as_text_only():
    script = (EDITOR / "editor.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "outerHTML" not in script
    assert "eval(" not in script


def test_dismiss_keys_name_a_finding_by_code_text_and_occurrence():
    reply = "Din kreditering och din kreditering."
    first, second = reply.index("kreditering"), reply.rindex("kreditering")
    report = _report(reply, Finding("terminology/preferred", "warning", first, first + 11, "m"),
                     Finding("terminology/preferred", "warning", second, second + 11, "m"),
                     Finding("tone/no-greeting", "info", 0, 0, "m"))
    keys = [ui.dismiss_key(report, i) for i in range(3)]
    assert keys == [("terminology/preferred", "kreditering", 0), ("terminology/preferred", "kreditering", 1),
                    ("tone/no-greeting", "", 0)]
    shown = ui.without_dismissed(report, {keys[1]})
    assert ui.shown_indexes(report, {keys[1]}) == (0, 2)
    assert [f.start for f in shown.findings] == [first, 0] and shown.verdict == "review"
    assert ui.without_dismissed(report, {keys[0], keys[1]}).verdict == "ok"
    assert ui.without_dismissed(report, set()) is report
    # The same finding after a fix elsewhere moved: its key is the same.
    moved = _report("Hej! " + reply, Finding("terminology/preferred", "warning", first + 5, first + 16, "m"))
    assert ui.dismiss_key(moved, 0) == keys[0]


def test_why_it_matters_comes_from_the_data_file_code_first_then_category():
    assert ui.why_it_matters(Finding("hygiene/placeholder", "error", 0, 1, "m")).startswith("An unfilled placeholder")
    assert ui.why_it_matters(Finding("grammar/some-new-rule", "warning", 0, 1, "m")).startswith("Grammar slips")
    assert all(ui.why_it_matters(Finding(f"{c}/x", "info", 0, 1, "m")) for c in CATEGORIES)


def test_dictionary_words_and_the_confirmation_question():
    reply = "Tyvär är din ordrebekreftelsa klar."
    spelling = Finding("spelling/misspelling", "warning", 0, 5, "m")
    two_words = Finding("spelling/misspelling", "warning", 0, 8, "m")
    grammar = Finding("grammar/x", "warning", 0, 5, "m")
    report = _report(reply, spelling)
    assert ui.dictionary_word(report, spelling) == "Tyvär"
    assert ui.dictionary_word(report, two_words) is None
    assert ui.dictionary_word(report, grammar) is None
    assert ui.glossary_question("add_word", "Tyvär", "example-team.yaml", "sv") == (
        "Add “Tyvär” to the team dictionary in example-team.yaml?")
    assert ui.glossary_question("never_flag", "kreditering", "team.yaml", "sv") == (
        "Never flag “kreditering” in Swedish replies again (team.yaml)?")
    assert ui.glossary_question("never_flag", "x", "team.yaml", None) == "Never flag “x” again (team.yaml)?"


def test_engine_lines_and_newlines():
    assert ui.engine_line("Grammar: LanguageTool (German)", "checked") == "✓ Grammar: LanguageTool (German)"
    assert ui.engine_line("Spelling: off (LanguageTool is switched off)", "off").endswith("switched off)")
    assert ui.normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
