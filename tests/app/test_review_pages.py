"""The review page with Streamlit's AppTest (no browser), each test on its own history database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from replycheck.history import open_store

ROOT = Path(__file__).resolve().parents[2]
REVIEW = str(ROOT / "views" / "review.py")
CUSTOMER_SV = "Hej, var är mitt paket? Jag beställde det för en vecka sedan och har inte hört något."
REPLY_SV = "Hej!\n\nTack för ditt meddelande. Ditt paket kommer på fredag.\n\nMed vänliga hälsningar,\nAnna"
REPLY_NL = (
    "Hej!\n\nBedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd.\n\n"
    "Met vriendelijke groet,\nAnna"
)
SAMPLE = (
    "id,agent,customer,reply\n"
    f'r1,Anna,"{CUSTOMER_SV}","{REPLY_SV}"\n'
    f'r2,Bram,"{CUSTOMER_SV}","{REPLY_NL}"\n'
    f'r3,Bram,"{CUSTOMER_SV}","{REPLY_SV}"\n'
)


@pytest.fixture()
def history_url(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYCHECK_LANGUAGETOOL", "off")
    url = f"sqlite:///{tmp_path}/h.sqlite3"
    monkeypatch.setenv("REPLYCHECK_HISTORY_URL", url)
    return url


def review() -> AppTest:
    at = AppTest.from_file(REVIEW, default_timeout=120).run()
    assert not at.exception
    return at


def test_an_empty_history_says_nothing_is_stored_yet(history_url):
    at = review()
    assert any("Nothing stored yet" in i.value for i in at.info)
    assert not at.metric and not at.dataframe


def test_a_history_that_cannot_be_opened_is_an_error_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYCHECK_HISTORY_URL", f"sqlite:///{tmp_path}")  # a folder, not a database
    at = review()
    assert any("The history cannot be opened" in e.value for e in at.error)


def test_a_redacted_reply_shows_spans_and_codes_without_text(history_url, fast_checker):
    with open_store(history_url) as store:
        batch_id = store.start_batch("private", 1)
        store.save(fast_checker.check(REPLY_NL, CUSTOMER_SV), agent="Bram", customer=CUSTOMER_SV,
                   batch_id=batch_id, row_key="p.csv:2", external_id="p1", redact=True)
        store.finish_batch(batch_id)
    at = review()
    assert at.metric[0].value == "1"
    assert any("Stored without its text" in c.value for c in at.caption)
    codes = at.dataframe[1].value  # [0] is the table of replies
    assert list(codes.columns) == ["start", "end", "code", "severity"]
    assert "language/mismatch" in set(codes["code"])
    shown = " ".join(str(e.value) for e in (*at.markdown, *at.get("html")) if hasattr(e, "value"))
    assert "Bedankt" not in shown and "Bedankt" not in str(at.get("html"))


def test_a_stopped_batch_resumes_with_the_same_file(history_url, fast_checker):
    with open_store(history_url) as store:
        batch_id = store.start_batch("sample.csv", 3)
        store.save(fast_checker.check(REPLY_SV, CUSTOMER_SV), agent="Anna", batch_id=batch_id,
                   row_key="sample.csv:2", external_id="r1")
        store.finish_batch(batch_id, "cancelled")
    at = review()
    at.file_uploader(key="uploads").upload("sample.csv", SAMPLE.encode("utf-8"), "text/csv").run()
    options = at.selectbox(key="resume_batch").options
    assert options[0] == "New batch" and options[1].startswith(f"Resume #{batch_id} · sample.csv · ")
    assert options[1].endswith(" · 1 of 3 stored · cancelled")
    at.selectbox(key="resume_batch").set_value(batch_id).run()
    at.button(key="run_review").click().run()
    assert not at.exception
    with open_store(history_url) as store:
        [info] = store.batches()
        assert (info.status, info.stored, info.total) == ("done", 3, 3)
        # each row once, under the line it starts on (the replies span several lines)
        assert sorted(r.row_key for r in store.replies(batch_id=batch_id)) == ["sample.csv:14", "sample.csv:2", "sample.csv:8"]
    assert at.metric[0].value == "3"
    assert list(at.dataframe[0].value["id"])[0] == "r2"  # lowest score first


def test_a_comment_and_a_mark_are_kept(history_url, fast_checker):
    with open_store(history_url) as store:
        batch_id = store.start_batch("one", 1)
        store.save(fast_checker.check(REPLY_NL, CUSTOMER_SV), agent="Bram", batch_id=batch_id, row_key="o:2")
        store.finish_batch(batch_id)
    at = review()
    at.text_input(key="reviewer").set_value("Lea").run()
    wrong = [b for b in at.button if b.label == "This finding is wrong"]
    assert wrong
    wrong[0].click().run()
    assert any(c.value.startswith("Marked wrong by Lea") for c in at.caption)
    at.text_area(key=next(t.key for t in at.text_area if t.key.startswith("comment-"))).set_value("Good catch?")
    next(b for b in at.button if b.label == "Add comment").click().run()
    assert not at.exception
    with open_store(history_url) as store:
        [stored] = store.replies()
        assert [c.text for c in stored.comments] == ["Good catch?"] and stored.comments[0].author == "Lea"
        assert [(m.finding_index, m.code, m.wrong, m.author) for m in stored.marks] == [(0, "language/mismatch", True, "Lea")]
        [precision] = store.check_precision()
        assert (precision.code, precision.findings, precision.marked_wrong, precision.precision) == ("language/mismatch", 1, 1, 0.0)
