"""replycheck.pipeline: a batch worker prepares its next reply while LanguageTool answers."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest

import replycheck
from replycheck.api import PendingCheck
from replycheck.batch import BatchRow
from replycheck.pipeline import PipelinedWorkers
from replycheck.streaming import check_stream

sys.path.insert(0, str(Path(__file__).resolve().parent / "engines"))
from languagetool_stand_in import StandIn  # noqa: E402

SV = "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik {n}"
FLAGGED = SV.index("en ny vara"), SV.index("en ny vara") + len("en ny vara")  # what the stand-in flags
ANSWER = {"matches": [{
    "offset": FLAGGED[0], "length": FLAGGED[1] - FLAGGED[0], "message": "Kongruensfel.", "replacements": [],
    "rule": {"id": "SV_STAND_IN_RULE", "issueType": "grammar", "category": {"id": "GRAMMAR"}},
}]}


@pytest.fixture
def stand_in():
    server = StandIn(delay=0.05, body=json.dumps(ANSWER).encode())
    yield server
    server.close()


class Recording(replycheck.Checker):
    """A Checker that notes when each reply is prepared, sent and finished."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def note(self, what: str, reply: str) -> None:
        with self.lock:
            self.events.append((what, reply.rsplit(" ", 1)[-1]))

    def build_context(self, reply, *args, **kwargs):
        self.note("prepare", reply)
        return super().build_context(reply, *args, **kwargs)

    def begin(self, ctx, reply=None):
        self.note("send", reply)
        pending = super().begin(ctx, reply)
        answered = pending.wait

        def wait():
            answered()
            self.note("answered", reply)

        pending.wait = wait
        return pending


def rows(count: int) -> list[BatchRow]:
    return [BatchRow(reply=SV.format(n=n), id=str(n)) for n in range(count)]


def test_one_worker_prepares_the_next_reply_before_it_waits_and_sends_only_after_the_answer(stand_in):
    with Recording(replycheck.Config(languagetool=stand_in.url, language="sv")) as checker:
        results = list(check_stream(rows(4), checker, workers=1))
    assert [r.row.id for r in results] == ["0", "1", "2", "3"]
    assert all(r.report is not None and r.error is None for r in results)
    events = checker.events
    for n in range(3):
        here, after = str(n), str(n + 1)
        # the next reply is split and identified while this one's request is on the server...
        assert events.index(("prepare", after)) < events.index(("answered", here))
        # ...and sent only once this one is answered: one request in flight per worker
        assert events.index(("answered", here)) < events.index(("send", after))
    assert stand_in.most_in_flight == 1


def test_two_workers_keep_at_most_two_requests_in_flight_and_the_input_order(stand_in):
    with replycheck.Checker(replycheck.Config(languagetool=stand_in.url, language="sv")) as checker:
        expected = [checker.check(row.reply) for row in rows(8)]
        checker.languagetool().clear_cache()  # every reply asked again
        stand_in.most_in_flight = 0
        results = list(check_stream(rows(8), checker, workers=2))
    assert [r.row.id for r in results] == [str(n) for n in range(8)]
    assert [r.report.findings for r in results] == [e.findings for e in expected]
    assert [(f.start, f.end) for f in expected[0].findings if f.code.startswith("grammar/")] == [FLAGGED]  # its answer is used
    assert stand_in.most_in_flight == 2


def test_a_row_that_cannot_be_prepared_is_an_error_in_its_place(stand_in):
    with replycheck.Checker(replycheck.Config(languagetool=stand_in.url, language="sv")) as checker:
        batch = rows(3)
        batch.insert(1, BatchRow(reply="   ", id="empty"))
        results = list(check_stream(batch, checker, workers=2))
    assert [r.row.id for r in results] == ["0", "empty", "1", "2"]
    assert results[1].report is None and "empty" in results[1].error
    assert all(r.report is not None for r in results if r.row.id != "empty")


def test_two_pipelined_workers_prepare_ahead_with_one_request_in_flight_each(stand_in):
    with Recording(replycheck.Config(languagetool=stand_in.url, language="sv")) as checker:
        workers = PipelinedWorkers(checker, 2)
        futures = [workers.submit(row) for row in rows(6)]
        results = [f.result(timeout=60) for f in futures]
        workers.shutdown()
    assert [r.row.id for r in results] == [str(n) for n in range(6)]
    assert all(r.report is not None for r in results)
    assert 1 <= stand_in.most_in_flight <= 2


def test_a_checker_without_begin_is_checked_row_by_row(fast_checker):
    class OnlyCheck:
        def check(self, reply, *args, **kwargs):
            return fast_checker.check(reply, *args, **kwargs)

    results = list(check_stream(rows(5), OnlyCheck(), workers=2))
    assert [r.row.id for r in results] == [str(n) for n in range(5)]
    assert all(r.report is not None for r in results)


def test_pending_check_finish_is_what_check_returns(fast_checker):
    reply = SV.format(n=1)
    pending = fast_checker.begin(fast_checker.build_context(reply), reply)
    assert isinstance(pending, PendingCheck)
    assert pending.finish() == fast_checker.check(reply)
