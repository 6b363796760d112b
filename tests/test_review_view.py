"""The review page's data: stored replies read back as reports, tables, trends and precision."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from replycheck import review_view as view
from replycheck.history import open_store

CUSTOMER_SV = "Hej, var är mitt paket? Jag beställde det för en vecka sedan och har inte hört något."
REPLY_NL = "Hej!\n\nBedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd.\n\nMet vriendelijke groet,\nAnna"
REPLY_SV = "Hej!\n\nTack för ditt meddelande. Ditt paket kommer på fredag.\n\nMed vänliga hälsningar,\nAnna"


@pytest.fixture()
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path}/h.sqlite3") as store:
        yield store


def test_a_stored_reply_reads_back_as_the_report_it_was(store, fast_checker):
    report = fast_checker.check(REPLY_NL, CUSTOMER_SV)
    stored = store.reply(store.save(report, agent="Anna", customer=CUSTOMER_SV, external_id="n1", row_key="a.csv:2"))
    again = view.report_of(stored)
    assert again.to_dict() == report.to_dict()
    assert again.reply == REPLY_NL
    mismatch = next(f for f in again.findings if f.code == "language/mismatch")
    assert REPLY_NL[mismatch.start:mismatch.end].startswith("Bedankt")
    result = view.as_result(stored)
    assert (result.row.id, result.row.agent, result.row.where, result.report.verdict) == ("n1", "Anna", "a.csv:2", "block")


def test_a_redacted_reply_keeps_spans_and_codes_only(store, fast_checker):
    report = fast_checker.check(REPLY_NL, CUSTOMER_SV)
    stored = store.reply(store.save(report, redact=True))
    again = view.report_of(stored)
    assert again.reply == "" and [f.code for f in again.findings] == [f.code for f in report.findings]
    table = view.findings_without_text(again)
    assert list(table.columns) == ["start", "end", "code", "severity"]
    assert list(table["code"]) == [f.code for f in report.findings]
    replies, _ = view.frames([stored])
    assert bool(replies["redacted"].iloc[0])


def test_frames_marks_and_precision(store, fast_checker):
    nl = store.save(fast_checker.check(REPLY_NL, CUSTOMER_SV), agent="Anna")
    store.save(fast_checker.check(REPLY_SV, CUSTOMER_SV), agent=None)
    codes = [f["code"] for f in store.reply(nl).findings]
    store.mark_finding(nl, codes.index("language/mismatch"), author="Lea", note="asked for Dutch")
    stored = store.replies()
    replies, findings = view.frames(stored)
    assert sorted(replies["agent"]) == ["(no agent)", "Anna"]
    assert dict(zip(replies["agent"], replies["marked_wrong"])) == {"Anna": 1, "(no agent)": 0}
    assert set(replies["language_pair"]) == {"sv → nl", "sv → sv"}
    assert "language/mismatch" in set(findings["code"])
    wrong = view.marked_wrong(stored)
    assert list(wrong["code"]) == ["language/mismatch"]
    assert wrong["text"].iloc[0].startswith("Bedankt") and wrong["note"].iloc[0] == "asked for Dutch"
    table = view.precision_table(store.check_precision())
    assert table.iloc[0]["code"] == "language/mismatch" and table.iloc[0]["marked_wrong"] == 1


def test_trends_become_three_long_tables_and_charts(store, fast_checker):
    now = datetime.now(timezone.utc)
    store.save(fast_checker.check(REPLY_NL, CUSTOMER_SV), checked_at=now - timedelta(days=8))
    store.save(fast_checker.check(REPLY_SV, CUSTOMER_SV), checked_at=now)
    scores, verdicts, categories = view.trend_frames(store.weekly_trends())
    assert len(scores) == 2 and list(scores["week"]) == sorted(scores["week"])
    assert set(verdicts["verdict"]) == {"ok", "review", "block"}
    assert verdicts["replies"].sum() == 2
    assert list(categories["category"]) == ["language"]
    for chart in (view.score_trend_chart(scores), view.verdict_trend_chart(verdicts), view.category_trend_chart(categories)):
        assert chart.to_dict()["data"]


def test_an_empty_history_gives_empty_tables():
    replies, findings = view.frames([])
    assert replies.empty and list(replies.columns) == view.REPLY_COLUMNS and findings.empty
    assert all(frame.empty for frame in view.trend_frames([]))
    assert view.precision_table([]).empty and view.marked_wrong([]).empty
