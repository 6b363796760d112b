"""replycheck.streaming: several rows in flight, each result written as it is done, --resume."""

from __future__ import annotations

import csv
import json
import threading

import pytest

from replycheck.batch import BatchRow, load_rows, run, run_batch, write_results
from replycheck.streaming import check_stream, check_to_file, done_keys, load

SV = "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik"
EN = "Hello Anna,\n\nThank you for your email. We will send a new item to you today.\n\nBest regards\nErik"
DE = "Hallo Frau Weber,\n\nvielen Dank für Ihre Nachricht. Wir senden Ihnen heute ein neues Paket.\n\nMit freundlichen Grüßen\nJonas"
CUSTOMER = "Hej, min beställning har inte kommit. Vad händer?"


def sample(tmp_path, count=12):
    """A JSONL file of ``count`` replies in three languages, one empty reply and one broken line."""
    records = [{"id": str(n), "reply": (SV, EN, DE)[n % 3].replace("Erik", f"Erik {n}"), "customer": CUSTOMER,
                "agent": f"a{n % 2}"} for n in range(count)]
    records.insert(3, {"id": "=cmd", "reply": "  "})
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n{broken\n", encoding="utf-8")
    return path


def reference(path, out, checker):
    rows, problems = load_rows([path])
    return write_results(run_batch(rows, checker), out, problems)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_streamed_output_is_what_write_results_writes(tmp_path, fast_checker, suffix):
    path = sample(tmp_path)
    expected = reference(path, tmp_path / f"expected{suffix}", fast_checker).read_bytes()
    summary = run([path], tmp_path / f"out{suffix}", checker=fast_checker, workers=3)
    assert (tmp_path / f"out{suffix}").read_bytes() == expected
    assert summary.line().startswith("12 checked, 2 skipped")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_worker_processes_write_what_one_thread_writes(tmp_path, fast_checker, suffix):
    """Two spawned worker processes, each with its own Checker: the same bytes, in input order."""
    path = sample(tmp_path)
    expected = reference(path, tmp_path / f"expected{suffix}", fast_checker).read_bytes()
    summary = run([path], tmp_path / f"out{suffix}", checker=fast_checker, workers=2, processes=True)
    assert (tmp_path / f"out{suffix}").read_bytes() == expected
    assert summary.line().startswith("12 checked, 2 skipped")


def test_check_stream_keeps_input_order_with_rows_in_flight(fast_checker):
    class Slow:
        """Every third row is slow, so later rows finish first."""

        def __init__(self):
            self.active = self.most = 0
            self.lock = threading.Lock()

        def check(self, reply, *args, **kwargs):
            with self.lock:
                self.active += 1
                self.most = max(self.most, self.active)
            threading.Event().wait(0.05 if "Erik 3" in reply or "Erik 6" in reply else 0.0)
            try:
                return fast_checker.check(reply, *args, **kwargs)
            finally:
                with self.lock:
                    self.active -= 1

    checker = Slow()
    rows = [BatchRow(reply=SV.replace("Erik", f"Erik {n}"), id=str(n)) for n in range(10)]
    results = list(check_stream(rows, checker, workers=3))
    assert [r.row.id for r in results] == [str(n) for n in range(10)]
    assert checker.most >= 2  # several rows were really in flight at once


class Crash(BaseException):
    """What a killed process looks like to the rows after it: nothing more is written."""


class CrashingChecker:
    def __init__(self, checker, after):
        self.checker, self.after, self.calls = checker, after, 0

    def check(self, *args, **kwargs):
        self.calls += 1
        if self.calls > self.after:
            raise Crash()
        return self.checker.check(*args, **kwargs)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_crash_keeps_what_was_written_and_resume_finishes_the_rest(tmp_path, fast_checker, suffix):
    path = sample(tmp_path)
    expected = reference(path, tmp_path / f"expected{suffix}", fast_checker).read_bytes()
    out = tmp_path / f"out{suffix}"
    rows, problems = load([path])
    with pytest.raises(Crash):
        check_to_file(rows, problems, CrashingChecker(fast_checker, after=5), out)
    assert sum(done_keys(out).values()) == 6  # 5 checked rows and the refused row between them, flushed
    first = out.read_bytes()
    assert expected.startswith(first)

    counting = CrashingChecker(fast_checker, after=1000)
    summary = check_to_file(rows, problems, counting, out, resume=True)
    assert counting.calls == 12 - 5  # only the rows not written yet were checked
    assert summary.resumed == 6 and summary.checked == 7
    assert out.read_bytes() == expected


def test_resume_repairs_a_last_row_cut_short(tmp_path, fast_checker):
    path = sample(tmp_path)
    expected = reference(path, tmp_path / "expected.jsonl", fast_checker).read_bytes()
    out = tmp_path / "out.jsonl"
    out.write_bytes(expected[: expected.index(b"\n", 2000) + 40])  # whole rows, then half of one
    summary = run([path], out, checker=fast_checker, resume=True, workers=2)
    assert out.read_bytes() == expected
    assert summary.resumed == expected[: expected.index(b"\n", 2000) + 1].count(b"\n")


def test_resume_of_a_csv_matches_ids_as_written(tmp_path, fast_checker):
    path = sample(tmp_path)
    out = tmp_path / "out.csv"
    run([path], out, checker=fast_checker)
    keys = done_keys(out)
    assert keys["'=cmd"] == 1  # the formula-like id was written neutralised, and is found as such
    again = run([path], out, checker=CrashingChecker(fast_checker, after=0), resume=True)
    assert again.resumed == 14 and again.checked == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 14


def test_duplicate_ids_are_resumed_by_count(tmp_path, fast_checker):
    path = tmp_path / "dup.jsonl"
    path.write_text("".join(json.dumps({"id": "same", "reply": SV}) + "\n" for _ in range(3)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    rows, problems = load([path])
    with pytest.raises(Crash):
        check_to_file(rows, problems, CrashingChecker(fast_checker, after=2), out)
    summary = check_to_file(rows, problems, fast_checker, out, resume=True)
    assert summary.resumed == 2 and summary.checked == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_parquet_input_is_read_like_a_csv(tmp_path, fast_checker):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": [1, 2, 3], "reply": [SV, "", EN], "customer": [CUSTOMER, None, CUSTOMER]})
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=2)
    rows, problems = load([tmp_path / "in.parquet"])
    assert [(r.id, r.where.rsplit("/", 1)[-1]) for r in rows] == [("1", "in.parquet:1"), ("3", "in.parquet:3")]
    assert [(p.id, p.message) for p in problems] == [("2", "empty reply")]
    summary = run([tmp_path / "in.parquet"], tmp_path / "out.jsonl", checker=fast_checker)
    assert summary.line().startswith("2 checked, 1 skipped; ok 1, review 0, block 1")


def test_html_output_and_resume_refusal(tmp_path, fast_checker):
    from replycheck.errors import InputError

    path = sample(tmp_path, count=3)
    run([path], tmp_path / "report.html", checker=fast_checker, workers=2)
    assert "<html" in (tmp_path / "report.html").read_text(encoding="utf-8").lower()
    with pytest.raises(InputError, match="--resume needs a .csv or .jsonl"):
        run([path], tmp_path / "report.html", checker=fast_checker, resume=True)
