"""The pages in a real browser: `streamlit run app.py` driven by Playwright in Chromium.

Each test does what a user does (paste, press Check, upload a CSV) and looks for what a user
sees (the category name, the highlighted span, a chart, the table). The draft is typed into the
draft editor (a component whose text box is labelled "Your draft reply"); its highlights are the
``mark.rc-finding`` elements behind that text box (tests/app/test_editor_browser.py clicks them). The screenshots for the
README are taken here, in docs/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CUSTOMER_SV = "Hej, var är mitt paket? Jag beställde det för en vecka sedan och har inte hört något."
REPLY_NL = (
    "Hej!\n\nBedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd.\n\n"
    "Met vriendelijke groet,\nAnna"
)
REPLY_NL_PLACEHOLDER = REPLY_NL.replace("Hej!", "Hej {{first_name}}!")
MISMATCH = "Bedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd."


def _screenshot(page, name: str) -> None:
    """A tall window so the whole page fits (Streamlit scrolls inside its own container)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.wait_for_timeout(800)  # let charts re-layout
    page.screenshot(path=str(SCREENSHOTS / name))


def _fill_and_check(page, customer: str, reply: str) -> None:
    page.get_by_label("Customer's message").fill(customer)
    page.get_by_label("Your draft reply").fill(reply)
    page.get_by_label("Your draft reply").blur()
    page.get_by_role("button", name="Check", exact=True).click()


def test_agent_page_shows_the_mismatch_category_and_highlight(app_server, page):
    page.goto(app_server.url)
    expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)
    _fill_and_check(page, CUSTOMER_SV, REPLY_NL_PLACEHOLDER)

    banner = page.get_by_text(re.compile(r"Verdict: block"))
    expect(banner).to_be_visible(timeout=60_000)
    # The category name exactly as the API spells it, and the finding's code.
    expect(page.get_by_text("language/mismatch").first).to_be_visible()
    # The span is highlighted in the reply, with the message on hover (title attribute).
    mark = page.locator('mark.rc-finding[data-category~="language"]').first
    expect(mark).to_be_visible()
    assert mark.inner_text() == MISMATCH
    assert "customer wrote in Swedish" in (mark.get_attribute("title") or "")
    placeholder = page.locator('mark.rc-finding[data-category~="hygiene"]').first
    expect(placeholder).to_be_visible()
    assert placeholder.inner_text() == "{{first_name}}"
    expect(page.get_by_text("hygiene/placeholder").first).to_be_visible()
    # Both languages side by side, the mismatch made obvious.
    expect(page.get_by_text(re.compile(r"Swedish \(sv\)")).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Dutch \(nl\)")).first).to_be_visible()
    expect(page.get_by_text(re.compile("Language mismatch: the customer wrote Swedish"))).to_be_visible()

    _screenshot(page, "agent-page.png")


def test_glossary_finding_and_one_click_apply_suggestion(app_server, page):
    """Pick a team glossary, check, apply the glossary's suggestion: the draft is updated."""
    page.goto(app_server.url)
    expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="example-team.yaml").click()
    reply = (
        "Hej Karin!\n\nTack för ditt meddelande. Din kreditering är nu gjord och pengarna syns på "
        "ditt konto inom tre dagar.\n\nMed vänliga hälsningar,\nAnna"
    )
    _fill_and_check(page, "Hej, när får jag tillbaka mina pengar för den returnerade jackan?", reply)
    expect(page.get_by_text("terminology/preferred").first).to_be_visible(timeout=60_000)
    mark = page.locator('mark.rc-finding[data-category~="terminology"]').first
    expect(mark).to_be_visible()
    assert mark.inner_text() == "kreditering"
    page.get_by_role("button", name="Apply: återbetalning").click()
    expect(page.get_by_label("Your draft reply")).to_have_value(reply.replace("kreditering", "återbetalning"))
    expect(page.locator('mark.rc-finding[data-category~="terminology"]')).to_have_count(0)


def test_agent_page_reports_an_empty_reply_without_crashing(app_server, page):
    page.goto(app_server.url)
    expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_text("reply is empty")).to_be_visible()
    expect(page.get_by_text(re.compile("Traceback"))).to_have_count(0)


def test_fast_findings_do_not_wait_for_languagetool(app_server_with_hanging_languagetool, page):
    """LanguageTool never answers here: the other findings still show at once, a status line
    says grammar and spelling are coming, and later that they are unavailable. No crash."""
    page.goto(app_server_with_hanging_languagetool.url)
    expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)
    _fill_and_check(page, CUSTOMER_SV, REPLY_NL)
    expect(page.get_by_text(re.compile(r"Verdict: block"))).to_be_visible(timeout=60_000)
    expect(page.locator('mark.rc-finding[data-category~="language"]').first).to_be_visible()
    # A status line at once (the background warm-up may already have found the server dead).
    status = r"Grammar and spelling: LanguageTool is starting|Grammar and spelling: checking|Grammar and spelling are unavailable"
    expect(page.get_by_text(re.compile(status)).first).to_be_visible(timeout=10_000)
    expect(page.get_by_text(re.compile(r"Grammar and spelling are unavailable"))).to_be_visible(timeout=180_000)
    expect(page.get_by_text(re.compile(r"Verdict: block"))).to_be_visible()
    expect(page.get_by_text(re.compile("Traceback"))).to_have_count(0)


REVIEW_CSV = """id,agent,customer,reply
r1,Anna,"Hej, var är mitt paket? Jag beställde det för en vecka sedan.","Hej!

Tack för ditt meddelande. Ditt paket skickades i går och kommer fram på fredag.

Med vänliga hälsningar,
Anna"
r2,Bram,"Hej, var är mitt paket? Jag beställde det för en vecka sedan.","Hej!

Bedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd.

Met vriendelijke groet,
Bram"
r3,Bram,"Where is my order?",""
r4,Anna,"Wo ist meine Bestellung? Ich warte schon seit zwei Wochen.","Hallo,

vielen Dank für Ihre Nachricht. Ihre Bestellung wurde heute verschickt und kommt am Freitag an.

Mit freundlichen Grüßen
Anna"
"""


def test_review_page_runs_a_csv_and_shows_charts_and_table(app_server, page, tmp_path):
    sample = tmp_path / "sample.csv"
    sample.write_text(REVIEW_CSV, encoding="utf-8")
    page.goto(f"{app_server.url}/Review")
    expect(page.get_by_role("heading", name="Review sent replies")).to_be_visible(timeout=60_000)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sample))
    expect(page.get_by_text("sample.csv")).to_be_visible()
    page.get_by_role("button", name="Run review").click()

    expect(page.get_by_text("Findings per category")).to_be_visible(timeout=90_000)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    expect(charts.first.locator("canvas, svg").first).to_be_visible()
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    # The bad row is reported and skipped, the others are checked.
    expect(page.get_by_text(re.compile(r"Skipped: 1 of 4 rows"))).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("3")
    # The lowest-scoring reply opens highlighted.
    mark = page.locator('mark.rc-finding[data-category~="language"]').first
    expect(mark).to_be_visible()
    assert mark.inner_text() == MISMATCH
    expect(page.get_by_role("button", name="Download HTML report")).to_be_visible()

    _screenshot(page, "review-page.png")


@pytest.mark.languagetool
def test_grammar_joins_when_languagetool_is_ready_and_a_suggestion_applies(app_server_with_languagetool, page):
    page.goto(app_server_with_languagetool.url)
    expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)
    reply = "Hi John,\n\nThank you for your message. We has shipped your order yesterday.\n\nBest regards,\nAnna"
    _fill_and_check(page, "Hi, where is my order? I ordered it a week ago.", reply)
    # Each engine says what it checked, in which language.
    expect(page.get_by_text("Grammar: LanguageTool (English)")).to_be_visible(timeout=240_000)
    expect(page.get_by_text("Spelling: LanguageTool (English)")).to_be_visible()
    mark = page.locator('mark.rc-finding[data-category~="grammar"]').first
    expect(mark).to_be_visible()
    assert mark.inner_text() == "has"
    page.get_by_role("button", name="Apply: have").first.click()
    expect(page.get_by_label("Your draft reply")).to_have_value(reply.replace("We has", "We have"), timeout=20_000)


def test_the_draft_survives_a_visit_to_the_review_page(app_server, page):
    page.goto(app_server.url)
    expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)
    _fill_and_check(page, CUSTOMER_SV, REPLY_NL)
    expect(page.get_by_text(re.compile(r"Verdict: block"))).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Review replies").click()
    expect(page.get_by_role("heading", name="Review sent replies")).to_be_visible()
    page.get_by_role("link", name="Check a reply").click()
    expect(page.get_by_label("Your draft reply")).to_have_value(REPLY_NL)
    expect(page.get_by_label("Customer's message")).to_have_value(CUSTOMER_SV)


def test_text_pasted_while_the_page_reruns_is_kept(app_server, page):
    """Leaving the customer box reruns the page; a draft pasted meanwhile must not be wiped."""
    for attempt in range(3):
        page.goto(app_server.url)
        expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)
        _fill_and_check(page, CUSTOMER_SV, REPLY_NL)
        expect(page.get_by_text(re.compile(r"Verdict: block"))).to_be_visible(timeout=20_000)
        expect(page.get_by_label("Your draft reply")).to_have_value(REPLY_NL)
