"""The review page's long-batch runner: real Checker (LanguageTool off), real SQLite history."""

from __future__ import annotations

import threading
import time

import pytest

from replycheck.batch import BatchRow
from replycheck.history import HistoryError, open_store
from replycheck.review_run import CANCELLED, DONE, ReviewRun

REPLY_SV = "Hej!\n\nTack för ditt meddelande. Ditt paket kommer på fredag.\n\nMed vänliga hälsningar,\nAnna"
REPLY_NL = "Hej!\n\nBedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd.\n\nMet vriendelijke groet,\nAnna"
CUSTOMER_SV = "Hej, var är mitt paket? Jag beställde det för en vecka sedan och har inte hört något."


def rows(n: int) -> list[BatchRow]:
    return [
        BatchRow(reply=REPLY_SV if i % 2 else REPLY_NL, customer=CUSTOMER_SV, agent=f"agent{i % 2}", id=f"r{i}",
                 sent_at="2026-12-01", where=f"sample.csv:{i + 2}")
        for i in range(n)
    ]


@pytest.fixture()
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path}/h.sqlite3") as store:
        yield store


class GatedChecker:
    """The real checker, but each check waits for a permit: the test decides when rows end."""

    def __init__(self, checker) -> None:
        self.checker = checker
        self.permits = threading.Semaphore(0)
        self.started = 0

    def check(self, *args, **kwargs):
        self.started += 1
        assert self.permits.acquire(timeout=60), "the test gave no permit"
        return self.checker.check(*args, **kwargs)

    def release(self, n: int) -> None:
        for _ in range(n):
            self.permits.release()


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_every_row_is_stored_as_it_is_checked(store, fast_checker):
    given = rows(4)
    run = ReviewRun.new(store, fast_checker, given, name="sample", team="Nordic", workers=2).start()
    progress = run.wait(120)
    assert (progress.state, progress.done, progress.total, progress.checked, progress.failed) == (DONE, 4, 4, 4, 0)
    assert progress.seconds_left == 0.0 and progress.rate > 0
    [info] = store.batches()
    assert (info.id, info.status, info.total, info.stored, info.team) == (run.batch_id, "done", 4, 4, "Nordic")
    stored = {s.row_key: s for s in store.replies(batch_id=run.batch_id)}
    assert set(stored) == {r.where for r in given}
    first = stored["sample.csv:2"]
    assert (first.external_id, first.agent, first.team, first.sent_at, first.kind) == ("r0", "agent0", "Nordic", "2026-12-01", "batch")
    assert first.reply == REPLY_NL and first.verdict == "block"  # Dutch answer to Swedish
    assert [r.row.where for r in run.results] == [r.where for r in given]


def test_rows_that_cannot_be_checked_or_stored_do_not_stop_the_run(store, fast_checker):
    given = rows(3)
    given.insert(1, BatchRow(reply="", agent="x", id="empty", where="sample.csv:9"))

    class FlakyStore:
        """Refuses to store one row; everything else goes to the real store."""

        def __getattr__(self, name):
            return getattr(store, name)

        def save(self, report, **fields):
            if fields["row_key"] == "sample.csv:4":
                raise HistoryError("disk full")
            return store.save(report, **fields)

    run = ReviewRun.new(FlakyStore(), fast_checker, given, name="flaky").start()
    progress = run.wait(120)
    assert (progress.state, progress.checked, progress.failed) == (DONE, 2, 2)
    assert dict(progress.errors) == {"sample.csv:9": "reply is empty", "sample.csv:4": "not stored: disk full"}
    assert store.done_keys(run.batch_id) == {"sample.csv:2", "sample.csv:3"}
    assert store.batches()[0].status == "done"


def test_cancel_stops_after_the_row_in_flight_and_resume_checks_the_rest(store, fast_checker):
    given = rows(8)
    gated = GatedChecker(fast_checker)
    run = ReviewRun.new(store, gated, given, name="long").start()
    gated.release(2)
    wait_until(lambda: run.progress().done == 2 and gated.started == 3)  # the third row is in flight
    run.cancel()
    assert run.progress().state == "cancelling"
    gated.release(1)
    progress = run.wait(60)
    assert (progress.state, progress.done, progress.checked) == (CANCELLED, 3, 3)
    assert gated.started == 3  # no row was taken after the cancel
    assert store.batches()[0].status == "cancelled"
    assert store.done_keys(run.batch_id) == {r.where for r in given[:3]}

    resumed = ReviewRun.resume(store, fast_checker, given, run.batch_id).start()
    progress = resumed.wait(120)
    assert (progress.state, progress.done, progress.total, progress.checked) == (DONE, 8, 8, 5)
    assert [r.row.where for r in resumed.results] == [r.where for r in given[3:]]
    replies = store.replies(batch_id=run.batch_id)
    assert sorted(r.row_key for r in replies) == sorted(r.where for r in given)  # each row once
    info = store.batches()[0]
    assert (info.status, info.stored, info.total) == ("done", 8, 8)


def test_progress_gives_replies_per_second_and_time_left(store, fast_checker):
    now = [100.0]
    gated = GatedChecker(fast_checker)
    run = ReviewRun.new(store, gated, rows(5), name="timed", clock=lambda: now[0]).start()
    first = run.progress()
    assert (first.done, first.rate, first.seconds_left, first.state) == (0, 0.0, None, "running")
    now[0] = 104.0
    gated.release(2)
    wait_until(lambda: run.progress().done == 2)
    progress = run.progress()
    assert progress.rate == pytest.approx(0.5)  # 2 replies in 4 s
    assert progress.seconds_left == pytest.approx(6.0)  # 3 more at 0.5/s
    assert progress.fraction == pytest.approx(0.4)
    gated.release(3)
    assert run.wait(60).seconds_left == 0.0


def test_resuming_a_finished_batch_checks_nothing(store, fast_checker):
    given = rows(2)
    run = ReviewRun.new(store, fast_checker, given, name="twice").start()
    run.wait(120)
    again = ReviewRun.resume(store, fast_checker, given, run.batch_id).start().wait(60)
    assert (again.state, again.done, again.checked) == (DONE, 2, 0)
    assert len(store.replies(batch_id=run.batch_id)) == 2


def test_redacted_runs_store_no_text(store, fast_checker):
    run = ReviewRun.new(store, fast_checker, rows(1), name="private", redact=True).start()
    run.wait(120)
    [stored] = store.replies(batch_id=run.batch_id)
    assert stored.redacted and stored.reply is None and stored.customer is None
    assert all("message" not in f for f in stored.report["findings"])
