"""Hostile text is inert (issue 13): in the HTML report, on the agent page and on the review page.

A reply, a customer message, a finding message (from a glossary note), a suggestion, an agent
name, a row id and a file name may all carry ``<script>``, event attributes and ``javascript:``
links. Everywhere they are shown, they are shown as text: the markup holds no element, event
attribute or link that came from them, and in Chromium no dialog opens and no script runs.
"""

from __future__ import annotations

import json

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest

from replycheck.batch import BatchResult, BatchRow, RowProblem, write_results
from replycheck.formats.html import batch_report_html, finding_card, highlight_html
from replycheck.model import Finding, LanguageGuess, Report

ROOT = Path(__file__).resolve().parents[2]

# Each payload sets window.__rc_pwned (or opens a dialog) if it ever runs.
PAYLOADS = (
    '<script>window.__rc_pwned="script"</script>',
    "<img src=x onerror=\"window.__rc_pwned='img';alert(1)\">",
    "<a href=\"javascript:window.__rc_pwned='link'\">click</a>",
    '[click](javascript:window.__rc_pwned="md")',
    "<svg onload=\"window.__rc_pwned='svg'\"></svg>",
)
HOSTILE = " ".join(PAYLOADS)
HOSTILE_NAME = "<img src=x onerror=alert(1)><svg onload=alert(2)>"  # no slash: a valid file name
REPLY = f"Hi John,\n\nThank you for your message. We will ship your order asap. {HOSTILE}\n\nBest regards,\nAnna"
CUSTOMER = f"Hi, where is my order? {HOSTILE}"
ACTIVE_TAGS = {"script", "img", "svg", "a", "iframe", "object", "embed", "form", "link", "base", "meta-refresh"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class _Markup(HTMLParser):
    """The tags, attributes and text of an HTML string, as a browser's parser sees them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def assert_inert(markup: str, *shown: str) -> None:
    """No active element, event attribute or ``javascript:`` URL; each of ``shown`` is plain text."""
    parsed = _Markup(markup)
    for tag, attrs in parsed.tags:
        assert tag not in ACTIVE_TAGS, f"<{tag}> in the markup"
        for name, value in attrs:
            assert not name.startswith("on"), f"event attribute {name} on <{tag}>"
            assert not (name in URL_ATTRIBUTES and "javascript:" in (value or "").lower()), f"{name}={value!r}"
    text = "".join(parsed.text)
    for piece in shown:
        assert piece in text, f"{piece!r} is not shown as text"


def hostile_finding(reply: str = REPLY) -> Finding:
    start = reply.index("asap")
    return Finding("terminology/forbidden", "warning", start, start + 4, f"Forbidden: {HOSTILE}", (HOSTILE_NAME,))


def hostile_report(reply: str = REPLY) -> Report:
    whole = Finding("tone/too-casual", "info", 0, len(reply), f"Whole reply {PAYLOADS[0]}", ())
    return Report(reply, LanguageGuess("en", 0.99), LanguageGuess("en", 0.9),
                  tuple(sorted((hostile_finding(reply), whole), key=Finding.sort_key)))


# -- the HTML renderers ------------------------------------------------------------------------------
def test_a_finding_card_shows_hostile_text_as_text():
    card = finding_card(hostile_finding(), REPLY)
    assert_inert(card, f"Forbidden: {HOSTILE}", HOSTILE_NAME, "asap")
    assert "&lt;script&gt;" in card and "<script" not in card


def test_the_highlighted_reply_shows_hostile_text_as_text():
    out = highlight_html(hostile_report())
    assert_inert(out, REPLY)
    assert "&lt;img src=x onerror=" in out


def _hostile_results() -> list[BatchResult]:
    row = BatchRow(reply=REPLY, customer=CUSTOMER, agent=f"{PAYLOADS[1]} Anna", id=HOSTILE_NAME, where=f"{HOSTILE_NAME}.csv:2")
    failed = BatchRow(reply="\x00", agent=PAYLOADS[4], id=PAYLOADS[0], where=f"{HOSTILE_NAME}.csv:3")
    return [BatchResult(row, hostile_report()), BatchResult(failed, None, f"cannot read {HOSTILE}")]


def test_the_batch_report_shows_hostile_rows_as_text():
    out = batch_report_html(_hostile_results(), title=f"Report {PAYLOADS[2]}")
    assert_inert(out, REPLY, f"{PAYLOADS[1]} Anna", HOSTILE_NAME, f"Forbidden: {HOSTILE}", f"cannot read {HOSTILE}",
                 f"Report {PAYLOADS[2]}")


def test_the_exported_report_names_a_hostile_file_as_text(tmp_path):
    problem = RowProblem(f"{tmp_path}/{HOSTILE_NAME}.csv:4", f"empty reply {PAYLOADS[3]}")
    out = write_results(_hostile_results(), tmp_path / "report.html", [problem]).read_text(encoding="utf-8")
    assert_inert(out, f"{HOSTILE_NAME}.csv:4", f"empty reply {PAYLOADS[3]}")


# -- the pages, in-process (what the pages send to the browser) ------------------------------------
def _sent_markup(at: AppTest) -> list[str]:
    """Everything the page sends as HTML: st.html bodies and markdown that allows HTML."""
    return [h.value for h in at.html] + [m.value for m in at.markdown if m.proto.allow_html]


def test_the_agent_page_sends_hostile_text_as_text(monkeypatch):
    monkeypatch.setenv("REPLYCHECK_LANGUAGETOOL", "off")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["customer"] = CUSTOMER
    at.session_state["reply"] = REPLY
    at.session_state["report"] = hostile_report()
    at.run()
    assert not at.exception
    markup = "".join(_sent_markup(at))
    assert_inert(markup, f"Forbidden: {HOSTILE}")
    # The draft goes to the editor component as data (JSON), never as markup; its script puts
    # it into the page as text only (tests/app/test_ui_editor.py, test_editor_browser.py).
    editor = json.loads(at.get("bidi_component")[0].proto.json)
    assert editor["text"] == editor["checked"] == REPLY


def test_a_hostile_eml_file_name_is_shown_as_text(monkeypatch):
    monkeypatch.setenv("REPLYCHECK_LANGUAGETOOL", "off")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.file_uploader(key="eml").upload(f"{HOSTILE_NAME}.eml", b"\x00\x01\x02", "message/rfc822").run()
    assert not at.exception
    [error] = at.error
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in error.value  # Markdown-escaped: shown as typed
    assert not [m for m in _sent_markup(at) if "onerror" in m]


# -- the pages in Chromium -----------------------------------------------------------------------------
_DOM_CHECK = """() => {
  const found = [];
  for (const s of document.querySelectorAll('script'))
    if (s.textContent.includes('rc_pwned')) found.push('script element');
  for (const el of document.querySelectorAll('*'))
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) && /rc_pwned|alert/.test(a.value)) found.push(el.tagName + ' ' + a.name);
      if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\\s*javascript:/i.test(a.value))
        found.push(el.tagName + ' ' + a.name);
    }
  return found;
}"""


def _watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def assert_nothing_ran(page, dialogs: list[str]) -> None:
    page.wait_for_timeout(1000)  # time for an onerror or onload to fire
    assert dialogs == []
    assert page.evaluate("() => window.__rc_pwned") is None
    assert page.evaluate(_DOM_CHECK) == []


@pytest.mark.browser
def test_the_html_report_runs_nothing_in_chromium(page, tmp_path):
    dialogs = _watch_dialogs(page)
    path = write_results(_hostile_results(), tmp_path / "report.html", [RowProblem(f"{HOSTILE_NAME}.csv:4", HOSTILE)])
    page.goto(path.as_uri())
    expect(page.get_by_text(f"Forbidden: {HOSTILE}").first).to_be_visible()
    assert_nothing_ran(page, dialogs)


def _hostile_glossary(folder: Path) -> Path:
    """A team glossary whose file name, description, note and suggestion are hostile."""
    entry = {"term": "asap", "note": HOSTILE, "suggest": [HOSTILE_NAME]}
    data = {"description": PAYLOADS[0], "languages": {"en": {"forbidden": [entry]}}}
    path = folder / f"{HOSTILE_NAME}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.browser
@pytest.mark.slow
def test_the_agent_page_runs_nothing_in_chromium(start_app_server, page, tmp_path):
    _hostile_glossary(tmp_path)
    server = start_app_server("app-hostile", REPLYCHECK_LANGUAGETOOL="off", REPLYCHECK_GLOSSARIES=str(tmp_path))
    dialogs = _watch_dialogs(page)
    page.goto(server.url)
    expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("combobox", name="Glossary")).to_have_value(f"{HOSTILE_NAME}.yaml")
    page.get_by_label("Customer's message").fill(CUSTOMER)
    page.get_by_label("Your draft reply").fill(REPLY)
    page.get_by_label("Your draft reply").blur()
    expect(page.get_by_label("Your draft reply")).to_have_value(REPLY)
    page.get_by_role("button", name="Check", exact=True).click()
    # A fresh server on a busy machine: the first check loads the detector's models.
    expect(page.get_by_text("terminology/forbidden").first).to_be_visible(timeout=120_000)
    # Shown as typed: escaped, not stripped by a sanitiser.
    expect(page.locator(".rc-card .rc-message").filter(has_text=PAYLOADS[1]).first).to_be_visible()
    expect(page.locator(".rc-reply").first).to_contain_text(PAYLOADS[0])
    expect(page.get_by_role("button", name=f"Apply: {HOSTILE_NAME}")).to_be_visible()
    assert_nothing_ran(page, dialogs)


@pytest.mark.browser
@pytest.mark.slow
def test_the_review_page_runs_nothing_in_chromium(app_server, page):
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["id", "agent", "customer", "reply"])
    writer.writerow([PAYLOADS[0], f"{PAYLOADS[1]} Anna", CUSTOMER, REPLY])
    writer.writerow([HOSTILE_NAME, PAYLOADS[4], CUSTOMER, ""])  # skipped: empty reply
    dialogs = _watch_dialogs(page)
    page.goto(f"{app_server.url}/Review")
    expect(page.get_by_role("heading", name="Review sent replies")).to_be_visible(timeout=60_000)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": f"{HOSTILE_NAME}.csv", "mimeType": "text/csv", "buffer": table.getvalue().encode("utf-8")}
    )
    page.get_by_role("button", name="Run review").click()
    expect(page.get_by_text("Findings per category")).to_be_visible(timeout=90_000)
    skipped = page.get_by_text("Skipped: 1 of 2 rows")
    skipped.click()
    # The file name, as text.
    expect(page.get_by_text(re.compile(re.escape(HOSTILE_NAME) + r"\.csv:\d+: empty reply")).first).to_be_visible()
    expect(page.locator(".rc-reply").first).to_contain_text(PAYLOADS[0])
    page.get_by_text(f"{PAYLOADS[1]} Anna: best score").click()
    assert_nothing_ran(page, dialogs)
