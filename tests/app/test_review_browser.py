"""The review page's history in a real browser (Playwright, headless Chromium).

A batch run on the page is still there after a reload (summary, table, weekly trend); a finding
marked wrong shows in the per-check precision table, a comment under its reply, both after a
reload; the period, agent and language-pair pickers filter the history (seeded through the
store API over two weeks). Also takes docs/screenshots/history.png (1400×1000).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import expect

from replycheck.history import open_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CUSTOMER_SV = "Hej, var är mitt paket? Jag beställde det för en vecka sedan och har inte hört något."
CUSTOMER_DE = "Hallo, wo ist meine Bestellung? Ich habe sie vor einer Woche bestellt."
REPLY_SV = "Hej!\n\nTack för ditt meddelande. Ditt paket kommer på fredag.\n\nMed vänliga hälsningar,\nAnna"
REPLY_DE = (
    "Hallo,\n\nvielen Dank für Ihre Nachricht. Ihre Bestellung wurde heute verschickt und kommt am Freitag an."
    "\n\nMit freundlichen Grüßen\nBram"
)
REPLY_NL = (
    "Hej!\n\nBedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd.\n\n"
    "Met vriendelijke groet,\nAnna"
)
MISMATCH = "Bedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd."


def _csv() -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    lines = ["id,agent,customer,reply"]
    lines.append(f"s1,Anna,{quoted(CUSTOMER_SV)},{quoted(REPLY_SV)}")
    lines.append(f"d1,Bram,{quoted(CUSTOMER_DE)},{quoted(REPLY_DE)}")
    lines.append(f"n1,Anna,{quoted(CUSTOMER_SV)},{quoted(REPLY_NL)}")
    lines.append('x1,Bram,"Where is my order?",""')
    return "\n".join(lines) + "\n"


def _server(start_app_server, tmp_path):
    url = f"sqlite:///{tmp_path}/h.sqlite3"
    return start_app_server("review-history", REPLYCHECK_LANGUAGETOOL="off", REPLYCHECK_HISTORY_URL=url), url


def _open(page, server) -> None:
    page.goto(f"{server.url}/Review")
    expect(page.get_by_role("heading", name="Review sent replies")).to_be_visible(timeout=60_000)


def _pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox labelled ``label``."""
    _settle(page)
    box = page.get_by_role("combobox", name=label, exact=True)
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):  # a menu opened while the page scrolls can close again: open it again
        box.click()
        try:
            choice.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001
            page.keyboard.press("Escape")
    choice.click()


def _settle(page) -> None:
    """Wait until the page's script has finished its run: no "Running…" indicator and no
    element left over from the previous run (Streamlit shows those faded until replaced)."""
    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def _metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def _trend_note(page):
    return page.get_by_text(re.compile(r"^\d+ weeks? with replies"))


def test_a_batch_its_marks_and_comments_are_there_after_a_reload(start_app_server, page, tmp_path):
    server, _ = _server(start_app_server, tmp_path)
    _open(page, server)
    expect(page.get_by_text("Nothing stored yet")).to_be_visible()

    sample = tmp_path / "sample.csv"
    sample.write_text(_csv(), encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sample))
    expect(page.get_by_text("sample.csv")).to_be_visible()
    expect(page.get_by_text("Column mapping")).to_be_visible()  # the page has rerun for the upload
    _settle(page)
    page.get_by_label("Batch name").fill("December sample")
    page.get_by_label("Batch name").press("Enter")
    _settle(page)
    page.get_by_role("button", name="Run review").click()
    expect(page.get_by_text("Findings per category")).to_be_visible(timeout=120_000)
    expect(_metric(page, "Replies checked")).to_have_text("3")

    # A reload: a new session, nothing in memory; everything is read back from the history.
    _open(page, server)
    expect(_metric(page, "Replies checked")).to_have_text("3", timeout=60_000)
    expect(_metric(page, "Blocked")).to_have_text("1")
    expect(page.get_by_role("combobox", name="Batch", exact=True)).to_have_value(
        re.compile(r"^#1 · December sample · .* · 3 of 4 stored · done$"))
    expect(page.get_by_text(re.compile(r"Skipped: 1 of 4 rows"))).to_be_visible()
    expect(page.get_by_role("heading", name="Trends per week")).to_be_visible()
    expect(_trend_note(page)).to_have_text(re.compile(r"^1 week with replies, from the week of .*: 3 replies\.$"))
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.nth(6)).to_be_visible()  # 4 for the batch, 3 trends (score, verdicts, categories)
    mark = page.locator('mark.rc-finding[data-category~="language"]').first
    expect(mark).to_be_visible()
    assert mark.inner_text() == MISMATCH  # the lowest score opens first, highlighted
    expect(page.get_by_role("button", name="Download HTML report")).to_be_visible()

    # Mark the language finding wrong, with a note; comment on the reply.
    _settle(page)
    page.get_by_label("Your name (for marks and comments)").fill("Lea")
    page.get_by_label("Your name (for marks and comments)").press("Enter")
    _settle(page)
    page.get_by_placeholder("Why is this finding wrong? (optional)").first.fill("customer writes Dutch too")
    page.get_by_placeholder("Why is this finding wrong? (optional)").first.press("Enter")
    _settle(page)
    page.get_by_role("button", name="This finding is wrong").first.click()
    expect(page.get_by_text("Marked wrong by Lea: customer writes Dutch too")).to_be_visible()
    _settle(page)
    page.get_by_label("Add a comment").fill("Ask Anna which language the customer used before.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Ask Anna which language the customer used before.")).to_be_visible()

    _open(page, server)
    expect(page.get_by_text("Marked wrong by Lea: customer writes Dutch too")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Ask Anna which language the customer used before.")).to_be_visible()
    precision = page.locator('[data-testid="stTable"]').first
    first_row = precision.locator("tbody tr").first
    expect(first_row.locator("td, th").nth(0)).to_have_text("language/mismatch")
    expect(first_row.locator("td, th").nth(2)).to_have_text("1")
    expect(first_row.locator("td, th").nth(3)).to_have_text("0%")

    # Taking the mark back removes it from the precision table.
    _settle(page)
    page.get_by_role("button", name="Not wrong after all").first.click()
    expect(page.get_by_text("No finding has been marked wrong yet.")).to_be_visible()


def _seed(url: str) -> None:
    """Two batches a week apart: last week Anna and Bram, this week Anna (one Dutch answer)."""
    import replycheck

    now = datetime.now(timezone.utc)
    with replycheck.Checker(replycheck.Config(languagetool="off")) as checker, open_store(url) as store:
        def put(batch_id, when, agent, customer, reply, key):
            return store.save(checker.check(reply, customer), agent=agent, team="Nordic", customer=customer,
                       batch_id=batch_id, row_key=key, external_id=key, checked_at=when)

        old = store.start_batch("last week", 3, team="Nordic")
        put(old, now - timedelta(days=8), "Anna", CUSTOMER_SV, REPLY_SV, "old-1")
        put(old, now - timedelta(days=8), "Bram", CUSTOMER_DE, REPLY_DE, "old-2")
        wrong = put(old, now - timedelta(days=8), "Bram", CUSTOMER_SV, REPLY_NL, "old-3")
        codes = [f["code"] for f in store.reply(wrong).findings]
        store.mark_finding(wrong, codes.index("language/mismatch"), author="Lea", note="Dutch was asked for")
        store.finish_batch(old)
        new = store.start_batch("this week", 2, team="Nordic")
        put(new, now - timedelta(minutes=5), "Anna", CUSTOMER_SV, REPLY_SV, "new-1")
        put(new, now - timedelta(minutes=5), "Anna", CUSTOMER_SV, REPLY_NL, "new-2")
        store.finish_batch(new)


def test_pickers_filter_the_history_and_the_trend_spans_two_weeks(start_app_server, page, tmp_path):
    url = f"sqlite:///{tmp_path}/h.sqlite3"
    _seed(url)
    server = start_app_server("review-history", REPLYCHECK_LANGUAGETOOL="off", REPLYCHECK_HISTORY_URL=url)
    _open(page, server)
    # The newest batch by default; the trend covers every batch of the period.
    expect(_metric(page, "Replies checked")).to_have_text("2", timeout=60_000)
    expect(_trend_note(page)).to_have_text(re.compile(r"^2 weeks with replies, from .* to .*: 5 replies\.$"))

    _pick(page, "Batch", "All batches in the period")
    expect(_metric(page, "Replies checked")).to_have_text("5")
    precision = page.locator('[data-testid="stTable"]').first.locator("tbody tr").first
    expect(precision).to_contain_text("language/mismatch")
    expect(precision.locator("td, th").nth(1)).to_have_text("2")
    expect(precision.locator("td, th").nth(3)).to_have_text("50%")
    _screenshot_history(page)

    _pick(page, "Period", "Last 7 days")
    expect(_metric(page, "Replies checked")).to_have_text("2")
    expect(_trend_note(page)).to_have_text(re.compile(r"^1 week with replies.*: 2 replies\.$"))

    _pick(page, "Period", "Last 12 weeks")
    _pick(page, "Agent", "Bram")
    expect(_metric(page, "Replies checked")).to_have_text("2")
    expect(_trend_note(page)).to_have_text(re.compile(r"^1 week with replies.*: 2 replies\.$"))

    _pick(page, "Agent", "(all)")
    _pick(page, "Language pair (customer → reply)", "sv → nl")
    expect(_metric(page, "Replies checked")).to_have_text("2")
    expect(_metric(page, "Blocked")).to_have_text("2")
    expect(_trend_note(page)).to_have_text(re.compile(r"^2 weeks with replies.*: 2 replies\.$"))


def test_a_long_batch_shows_time_left_and_can_be_cancelled_and_resumed(start_app_server, page, tmp_path):
    rows = 300  # enough that the batch cannot end between seeing its progress and pressing Cancel
    server, url = _server(start_app_server, tmp_path)
    sample = tmp_path / "long.csv"
    sample.write_text(_csv().splitlines()[0] + "\n" + "".join(
        f"{kind}{n},Anna,{customer},{reply}\n"
        for n in range(rows)
        for kind, customer, reply in [("s", '"' + CUSTOMER_SV + '"', '"' + REPLY_SV.replace("fredag", f"fredag {n}") + '"')]
    ), encoding="utf-8")
    _open(page, server)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sample))
    expect(page.get_by_text("long.csv")).to_be_visible()
    expect(page.get_by_text("Column mapping")).to_be_visible()
    _settle(page)
    page.get_by_role("button", name="Run review").click()
    expect(page.get_by_text(re.compile(rf"Checking: \d+ of {rows} replies · [\d.]+ replies/s · about \d+ (s|min) left"))).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Cancel batch").click()
    expect(page.get_by_text(re.compile(rf"Batch #1 stopped \(cancelled\) after \d+ of {rows} replies"))).to_be_visible()
    with open_store(url) as store:
        [info] = store.batches()
        assert info.status == "cancelled" and 0 < info.stored < rows
    page.get_by_role("button", name="Resume batch").click()
    expect(page.get_by_text(f"Checked {rows} of {rows} replies.")).to_be_visible(timeout=180_000)
    _settle(page)
    expect(_metric(page, "Replies checked")).to_have_text(str(rows))
    with open_store(url) as store:
        [info] = store.batches()
        assert (info.status, info.stored, info.total) == ("done", rows, rows)
        assert len(store.done_keys(info.id)) == rows


def test_an_empty_history_says_so(start_app_server, page, tmp_path):
    server, _ = _server(start_app_server, tmp_path)
    _open(page, server)
    expect(page.get_by_text("Nothing stored yet")).to_be_visible()
    expect(page.get_by_role("button", name="Run review")).to_be_disabled()
    assert page.locator('[data-testid="stException"]').count() == 0


def _screenshot_history(page) -> None:
    """docs/screenshots/history.png: the trends of the history view, 1400×1000."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _settle(page)
    page.get_by_role("heading", name="Trends per week").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1000)  # let the charts lay out
    page.screenshot(path=str(SCREENSHOTS / "history.png"))
