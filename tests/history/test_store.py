"""The history store on a real SQLite file and a real PostgreSQL database (``store`` fixture)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from replycheck.history import CheckPrecision, HistoryError, StoredReply, WeekTrend

from samples import CUSTOMER, EN_REPLY, PLACEHOLDER, SV_REPLY, TWO_PLACEHOLDERS

UTC = timezone.utc


@pytest.fixture(scope="module")
def reports(fast_checker):
    """name -> Report, each checked once."""
    return {
        "en": fast_checker.check(EN_REPLY, CUSTOMER),
        "sv": fast_checker.check(SV_REPLY, CUSTOMER),
        "sv_alone": fast_checker.check(SV_REPLY),
        "placeholder": fast_checker.check(PLACEHOLDER, CUSTOMER),
        "two": fast_checker.check(TWO_PLACEHOLDERS, CUSTOMER),
    }


def test_the_sample_reports_have_the_findings_the_tests_count_on(reports):
    assert [f.code for f in reports["en"].findings] == ["language/mismatch"]
    assert reports["sv"].findings == () and reports["sv"].score == 100
    assert [f.code for f in reports["placeholder"].findings] == ["hygiene/placeholder"]
    assert [f.code for f in reports["two"].findings] == ["hygiene/placeholder"] * 2
    assert (reports["en"].score, reports["placeholder"].score, reports["two"].score) == (75, 75, 50)


def test_a_saved_reply_comes_back_whole(store, reports):
    report = reports["en"]
    when = datetime(2026, 3, 4, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    reply_id = store.save(report, agent="erik", team="nordics", customer=CUSTOMER, external_id="T-1",
                          sent_at="2026-03-04 09:00", checked_at=when)
    stored = store.reply(reply_id)
    assert isinstance(stored, StoredReply)
    assert stored.id == reply_id and stored.kind == "batch" and stored.batch_id is None and stored.row_key is None
    assert stored.checked_at == datetime(2026, 3, 4, 9, 30, tzinfo=UTC) and stored.checked_at.tzinfo == UTC
    assert (stored.agent, stored.team, stored.external_id, stored.sent_at) == ("erik", "nordics", "T-1", "2026-03-04 09:00")
    assert (stored.reply_language, stored.customer_language, stored.verdict, stored.score) == ("en", "sv", "block", 75)
    assert (stored.reply, stored.customer, stored.redacted) == (EN_REPLY, CUSTOMER, False)
    assert stored.report == report.to_dict()
    assert stored.marks == () and stored.comments == ()
    data = json.loads(json.dumps(stored.to_dict()))
    assert data["checked_at"] == "2026-03-04T09:30:00+00:00"
    assert data["report"] == report.to_dict() and data["reply"] == EN_REPLY
    assert store.reply(reply_id + 1000) is None


def test_filters_at_day_edges_agents_and_language_pairs(store, reports):
    saved = {}
    for name, when, agent, report in [
        ("before", datetime(2026, 3, 1, 23, 59, 59, 999999, tzinfo=UTC), "erik", reports["en"]),
        ("first", datetime(2026, 3, 2, 0, 0, tzinfo=UTC), "erik", reports["sv"]),
        ("last", datetime(2026, 3, 2, 23, 59, 59, 999999, tzinfo=UTC), "lisa", reports["en"]),
        ("after", datetime(2026, 3, 3, 0, 0, tzinfo=UTC), "lisa", reports["sv_alone"]),
    ]:
        saved[name] = store.save(report, agent=agent, checked_at=when)

    def ids(**filters):
        return [r.id for r in store.replies(**filters)]

    assert ids() == [saved["after"], saved["last"], saved["first"], saved["before"]]  # newest first
    assert ids(since=date(2026, 3, 2), until=date(2026, 3, 2)) == [saved["last"], saved["first"]]
    assert ids(since=date(2026, 3, 3)) == [saved["after"]]
    assert ids(until=date(2026, 3, 1)) == [saved["before"]]
    assert ids(since=datetime(2026, 3, 2, 0, 0, tzinfo=UTC), until=datetime(2026, 3, 3, 0, 0, tzinfo=UTC)) == [
        saved["after"], saved["last"], saved["first"]]  # a datetime bound is inclusive
    assert ids(since=datetime(2026, 3, 2, 1, 0, tzinfo=timezone(timedelta(hours=2)))) == [
        saved["after"], saved["last"], saved["first"], saved["before"]]  # 01:00+02:00 is 23:00 UTC the day before
    assert ids(since=datetime(2026, 3, 2, 2, 0, tzinfo=timezone(timedelta(hours=2)))) == [
        saved["after"], saved["last"], saved["first"]]
    assert ids(since=datetime(2026, 3, 2, 0, 0)) == ids(since=date(2026, 3, 2))  # naive: UTC
    assert ids(agent="erik") == [saved["first"], saved["before"]]
    assert ids(agent="nobody") == []
    assert ids(language_pair=("en", "sv")) == [saved["last"], saved["before"]]
    assert ids(language_pair=("sv", None)) == [saved["after"]]
    assert ids(language_pair=("sv", "sv"), agent="erik") == [saved["first"]]
    assert ids(kind="draft") == [] and len(ids(kind="batch")) == 4
    assert ids(limit=2) == [saved["after"], saved["last"]]
    assert ids(since="2026-03-02", until="2026-03-02") == [saved["last"], saved["first"]]
    with pytest.raises(HistoryError, match="not a date"):
        store.replies(since="March")
    with pytest.raises(HistoryError, match="kind"):
        store.replies(kind="sent")


def test_redacted_replies_keep_only_codes_and_spans(store, reports):
    report = reports["placeholder"]
    reply_id = store.save(report, agent="erik", customer=CUSTOMER, redact=True)
    stored = store.reply(reply_id)
    assert (stored.reply, stored.customer, stored.redacted) == (None, None, True)
    finding = report.findings[0]
    assert stored.report["findings"] == [{"category": "hygiene", "code": "hygiene/placeholder", "severity": "error",
                                          "start": finding.start, "end": finding.end}]
    assert all(set(s) == {"check", "status"} for s in stored.report["skipped"])
    assert (stored.verdict, stored.score, stored.report["score"]) == ("block", 75, 75)
    text = json.dumps(stored.to_dict(), ensure_ascii=False)
    for word in ("beställning", "väntat", "skickar", "order_number", "Unfilled"):
        assert word not in text


def test_drafts_are_redacted_unless_said_otherwise(store, reports):
    draft = store.reply(store.save(reports["sv"], kind="draft", customer=CUSTOMER))
    kept = store.reply(store.save(reports["sv"], kind="draft", customer=CUSTOMER, redact=False))
    batch = store.reply(store.save(reports["sv"], customer=CUSTOMER))
    assert (draft.redacted, draft.reply) == (True, None)
    assert (kept.redacted, kept.reply, kept.customer) == (False, SV_REPLY, CUSTOMER)
    assert (batch.redacted, batch.reply) == (False, SV_REPLY)
    assert [r.id for r in store.replies(kind="draft")] == [kept.id, draft.id]
    with pytest.raises(HistoryError, match="kind"):
        store.save(reports["sv"], kind="sent")


def test_marks_replace_each_other_and_comments_are_kept(store, reports):
    reply_id = store.save(reports["two"], agent="erik")
    first = store.mark_finding(reply_id, 1, wrong=True, author="lead", note="the name is filled in by the mailer")
    again = store.mark_finding(reply_id, 1, wrong=False, author="lead2", note="no, it is a real problem")
    other = store.mark_finding(reply_id, 0, author="lead")
    assert again == first and other != first
    stored = store.reply(reply_id)
    assert [(m.finding_index, m.code, m.wrong, m.author, m.note) for m in stored.marks] == [
        (0, "hygiene/placeholder", True, "lead", ""),
        (1, "hygiene/placeholder", False, "lead2", "no, it is a real problem"),
    ]
    assert all(m.created_at.tzinfo == UTC for m in stored.marks)
    with pytest.raises(HistoryError, match="no finding 2"):
        store.mark_finding(reply_id, 2)
    one = store.comment(reply_id, "Ask the mailer team.", author="lead")
    two = store.comment(reply_id, "Done.")
    comments = store.reply(reply_id).comments
    assert [(c.id, c.author, c.text) for c in comments] == [(one, "lead", "Ask the mailer team."), (two, None, "Done.")]
    with pytest.raises(HistoryError, match="no reply"):
        store.comment(reply_id + 1000, "lost")
    data = store.reply(reply_id).to_dict()
    assert [m["wrong"] for m in data["marks"]] == [True, False] and data["comments"][1]["text"] == "Done."


def test_check_precision_counts_marked_findings(store, reports):
    two = store.save(reports["two"], agent="erik", checked_at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    placeholder = store.save(reports["placeholder"], agent="lisa", checked_at=datetime(2026, 3, 3, 9, tzinfo=UTC))
    en = [store.save(reports["en"], agent="lisa", checked_at=datetime(2026, 3, 3, 10, tzinfo=UTC)) for _ in range(4)]
    store.save(reports["sv"], agent="erik")
    store.mark_finding(two, 0, wrong=True)
    store.mark_finding(two, 1, wrong=True)
    store.mark_finding(placeholder, 0, wrong=False)  # confirmed: not a false alarm
    store.mark_finding(en[0], 0, wrong=True)
    store.mark_finding(en[1], 0, wrong=True)
    store.mark_finding(en[1], 0, wrong=False)  # changed their mind
    assert store.check_precision() == [
        CheckPrecision("hygiene/placeholder", findings=3, marked_wrong=2, precision=1 - 2 / 3),
        CheckPrecision("language/mismatch", findings=4, marked_wrong=1, precision=0.75),
    ]
    assert store.check_precision(agent="lisa") == [
        CheckPrecision("language/mismatch", findings=4, marked_wrong=1, precision=0.75),
        CheckPrecision("hygiene/placeholder", findings=1, marked_wrong=0, precision=1.0),
    ]
    assert store.check_precision(since=date(2026, 3, 3), language_pair=("sv", "sv")) == [
        CheckPrecision("hygiene/placeholder", findings=1, marked_wrong=0, precision=1.0)]
    assert store.check_precision(until=date(2026, 3, 1)) == []


def test_weekly_trends_across_two_weeks(store, reports):
    week1, week2 = date(2026, 3, 2), date(2026, 3, 9)  # Mondays
    for day, name in [(week1, "en"), (week1 + timedelta(days=6), "sv"), (week1 + timedelta(days=3), "two"),
                      (week2, "placeholder"), (week2 + timedelta(days=1), "sv")]:
        store.save(reports[name], checked_at=datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=23))
    zero = dict.fromkeys(("language", "grammar", "spelling", "translation", "contradiction", "terminology", "tone", "hygiene"), 0)
    assert store.weekly_trends() == [
        WeekTrend(week1, replies=3, mean_score=(75 + 100 + 50) / 3, verdicts={"ok": 1, "review": 0, "block": 2},
                  findings={**zero, "language": 1, "hygiene": 2}),
        WeekTrend(week2, replies=2, mean_score=87.5, verdicts={"ok": 1, "review": 0, "block": 1},
                  findings={**zero, "hygiene": 1}),
    ]
    assert [w.week for w in store.weekly_trends(since=week2)] == [week2]
    assert store.weekly_trends(agent="nobody") == []


def test_batches_record_rows_and_resume_keys(store, reports):
    first = store.start_batch("march.csv", 3, team="nordics")
    store.save(reports["sv"], batch_id=first, row_key="march.csv:2", external_id="1")
    store.save(reports["en"], batch_id=first, row_key="march.csv:3", external_id="2")
    assert store.done_keys(first) == {"march.csv:2", "march.csv:3"}
    second = store.start_batch("april.csv", 1)
    assert store.done_keys(second) == set()
    store.finish_batch(first, "cancelled")
    newest, oldest = store.batches()
    assert (newest.id, newest.name, newest.team, newest.total, newest.stored, newest.status, newest.finished_at) == (
        second, "april.csv", None, 1, 0, "running", None)
    assert (oldest.id, oldest.name, oldest.team, oldest.total, oldest.stored, oldest.status) == (
        first, "march.csv", "nordics", 3, 2, "cancelled")
    assert oldest.finished_at >= oldest.started_at and oldest.started_at.tzinfo == UTC
    assert [r.row_key for r in store.replies(batch_id=first)] == ["march.csv:3", "march.csv:2"]
    assert [b.id for b in store.batches(limit=1)] == [second]
    with pytest.raises(HistoryError, match="status"):
        store.finish_batch(second, "finished")
    with pytest.raises(HistoryError, match="no batch"):
        store.finish_batch(second + 100)


def test_pickers_list_distinct_values(store, reports):
    assert (store.agents(), store.teams(), store.language_pairs()) == ([], [], [])
    store.save(reports["en"], agent="lisa", team="nordics")
    store.save(reports["sv"], agent="erik", team="nordics")
    store.save(reports["sv_alone"], agent="erik")
    store.save(reports["sv"])
    assert store.agents() == ["erik", "lisa"]
    assert store.teams() == ["nordics"]
    assert store.language_pairs() == [("en", "sv"), ("sv", "sv"), ("sv", None)]
