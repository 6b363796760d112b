"""A batch stores its rows as it writes them; a failing history never costs the output file."""

from __future__ import annotations

import json

from replycheck.batch import BatchRow, RowProblem
from replycheck.errors import HistoryError
from replycheck.history import open_store
from replycheck.history.recording import BatchRecorder
from replycheck.streaming import run_rows

from samples import CUSTOMER, EN_REPLY, PLACEHOLDER, SV_REPLY

ROWS = [
    BatchRow(reply=SV_REPLY, customer=CUSTOMER, agent="erik", id="1", sent_at="2026-03-02", where="in.csv:2"),
    BatchRow(reply=EN_REPLY, customer=CUSTOMER, agent="lisa", id="2", where="in.csv:3"),
    BatchRow(reply=PLACEHOLDER, customer=CUSTOMER, agent="erik", where="in.csv:5"),
]
PROBLEMS = [RowProblem("in.csv:4", "empty reply", id="3")]


def _written(path) -> list[str]:
    return [json.loads(line)["where"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_rows_are_stored_with_their_place_agent_and_id(tmp_path, fast_checker):
    url, warnings = f"sqlite:///{tmp_path / 'h.sqlite3'}", []
    recorder = BatchRecorder.start("in.csv", 3, url=url, team="nordics", warn=warnings.append)
    summary = run_rows(ROWS, PROBLEMS, tmp_path / "out.jsonl", written=recorder, checker=fast_checker, workers=2)
    recorder.finish()
    assert summary.checked == 3 and warnings == [] and recorder.stored == 3
    assert _written(tmp_path / "out.jsonl") == ["in.csv:2", "in.csv:3", "in.csv:4", "in.csv:5"]
    with open_store(url) as store:
        (batch,) = store.batches()
        assert (batch.name, batch.team, batch.total, batch.stored, batch.status) == ("in.csv", "nordics", 3, 3, "done")
        stored = sorted(store.replies(batch_id=batch.id), key=lambda r: r.id)
        assert [(r.row_key, r.agent, r.external_id, r.sent_at, r.team, r.verdict) for r in stored] == [
            ("in.csv:2", "erik", "1", "2026-03-02", "nordics", "ok"),
            ("in.csv:3", "lisa", "2", None, "nordics", "block"),
            ("in.csv:5", "erik", None, None, "nordics", "block"),
        ]
        assert stored[0].reply == SV_REPLY and stored[0].customer == CUSTOMER
        assert store.done_keys(batch.id) == {"in.csv:2", "in.csv:3", "in.csv:5"}


def test_a_resumed_batch_continues_the_unfinished_one(tmp_path, fast_checker):
    url = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    first = BatchRecorder.start("in.csv", 3, url=url, redact=True, warn=print)
    run_rows(ROWS[:1], [], tmp_path / "out.jsonl", written=first, checker=fast_checker)
    first.finish("cancelled")
    again = BatchRecorder.start("in.csv", 3, url=url, redact=True, resume=True, warn=print)
    assert again.batch_id == first.batch_id and again.skip == {"in.csv:2"}
    run_rows(ROWS, [], tmp_path / "out.jsonl", written=again, checker=fast_checker, resume=True)
    again.finish()
    with open_store(url) as store:
        (batch,) = store.batches()
        assert (batch.stored, batch.status) == (3, "done")
        assert all(r.redacted and r.reply is None for r in store.replies())


def test_a_history_that_fails_midway_is_one_warning_and_the_output_is_complete(tmp_path, fast_checker):
    url, warnings = f"sqlite:///{tmp_path / 'h.sqlite3'}", []
    recorder = BatchRecorder.start("in.csv", 3, url=url, warn=warnings.append)
    real_save, calls = recorder.store.save, []

    def save(*args, **kwargs):
        calls.append(kwargs["row_key"])
        if len(calls) > 1:
            raise HistoryError("history database sqlite:///h.sqlite3: disk I/O error")
        return real_save(*args, **kwargs)

    recorder.store.save = save
    for out in (tmp_path / "out.csv", tmp_path / "out.html"):
        run_rows(ROWS, PROBLEMS, out, written=recorder, checker=fast_checker)
    recorder.finish()
    assert calls == ["in.csv:2", "in.csv:3"]  # no more tries after the failure
    assert warnings == ["history database sqlite:///h.sqlite3: disk I/O error; stopped storing results in the "
                        "history at in.csv:3 (the output file is complete)"]
    assert len((tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()) == 5
    assert "{{order_number}}" in (tmp_path / "out.html").read_text(encoding="utf-8")  # the last row
    with open_store(url) as store:
        (batch,) = store.batches()
        assert (batch.stored, batch.status) == (1, "failed")


def test_an_unreachable_history_is_a_warning_not_an_error():
    warnings = []
    assert BatchRecorder.start("in.csv", 1, url="sqlite:////proc/no/h.sqlite3", warn=warnings.append) is None
    assert warnings == ["history database sqlite:////proc/no/h.sqlite3: cannot create its folder (No such file or "
                        "directory); the results are not stored in the history"]
