"""A batch at LanguageTool's limit: several replies in flight, each result written as it finishes.

Used by ``replycheck batch`` and ``replycheck.batch.run``::

    with Checker(config) as checker:
        summary = check_to_file(rows, problems, checker, "results.jsonl", workers=4, resume=True)
    print(summary.line())

* ``check_stream(rows, checker, workers)`` yields ``BatchResult``s in input order while up to
  ``workers`` threads check rows with one shared (thread-safe) ``Checker``; LanguageTool
  checks requests in parallel on its side, so the threads keep it busy. A single worker is
  pipelined (``pipeline``): it splits and identifies its next reply while LanguageTool answers
  the current one, still with one request in flight (``bench/batch.py``: 11–12.8 → 13.4–14.1
  replies/s). Several workers are plain threads: there the others' checks already fill that
  time, and pipelining them was slower (20.6–21.0 against 22.5 replies/s with 2). At most
  ``4 * workers`` rows are held at once, so memory does not grow with the archive.
* ``ResultFile`` appends to a ``.csv`` or ``.jsonl`` output and flushes after every row: a
  crash loses only the rows still being checked. The rows and columns are those of
  ``batch.write_results`` (the same bytes for the same results).
* ``done_keys(path)`` reads an existing output for ``--resume``: a row is already done when
  its key (its id, or its ``where`` when it has no id) is in the output; a row id that occurs
  twice in the input is skipped as often as it occurs in the output. A last row cut short by
  a crash is removed before appending.

Threads by default: their job is to keep several LanguageTool requests in flight, and they
share one Checker's memory. ``processes=True`` (``--processes``) runs the workers as processes
(``worker_pool``), each with its own Checker asking the same server, so replycheck's own checks
use more than one core. On the 2-core machine threads stay faster (``bench/batch.py``, 1,000
replies: 2 threads 21–24 replies/s, 2 processes 19, start-up included: the processes compete
with LanguageTool for the two cores); processes are for machines with cores to spare beside
LanguageTool's threads. For more than one machine, see ``replycheck.dask_batch``.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from replycheck.batch import (
    BatchResult,
    BatchRow,
    RowProblem,
    _check_row,
    _input_order,
    _problem_result,
    result_row,
    spreadsheet_safe,
)
from replycheck.errors import InputError
from replycheck.pipeline import PipelinedWorkers

STREAM_SUFFIXES = (".csv", ".jsonl")
COLUMNS = tuple(result_row(BatchResult(BatchRow(reply="x"))).keys())


# -- checking ---------------------------------------------------------------------------------
def check_stream(
    rows: Iterable[BatchRow],
    checker,
    workers: int = 1,
    *,
    glossary=None,
    window: int | None = None,
    processes: bool = False,
) -> Iterator[BatchResult]:
    """Check ``rows`` with ``workers`` threads sharing ``checker`` (or, with ``processes``,
    ``workers`` processes each with a Checker like it: see ``worker_pool``); results in input order.

    Up to ``window`` (default ``4 * workers``) rows are submitted ahead of the one being
    yielded. A row that fails is an error result (see ``batch._check_row``), never an exception;
    so is a row whose worker process died.
    """
    if workers <= 1 and (processes or not hasattr(checker, "begin")):
        for row in rows:
            yield _check_row(row, checker, glossary)
        return
    workers = max(workers, 1)
    window = max(workers, window or 4 * workers)
    if processes:
        from replycheck import worker_pool

        pool = worker_pool.process_pool(checker, workers)

        def submit(row: BatchRow) -> Future:
            return pool.submit(worker_pool.check_row, row, glossary)

        def close() -> None:
            pool.shutdown(wait=True, cancel_futures=True)

    elif workers == 1:  # one worker prepares its next reply while LanguageTool answers (see pipeline)
        worker = PipelinedWorkers(checker, 1, glossary)
        submit, close = worker.submit, worker.shutdown
    else:  # several: while one waits for LanguageTool, the others' checks use the time
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="replycheck-batch")

        def submit(row: BatchRow) -> Future:
            return pool.submit(_check_row, row, checker, glossary)

        def close() -> None:
            pool.shutdown(wait=True, cancel_futures=True)

    pending: deque = deque()

    def result(row: BatchRow, future) -> BatchResult:
        try:
            return future.result()
        except Exception as error:  # noqa: BLE001  (a worker process died: this row failed, not the batch)
            return BatchResult(row, None, f"{type(error).__name__}: {error}")

    try:
        for row in rows:
            pending.append((row, submit(row)))
            if len(pending) >= window:
                yield result(*pending.popleft())
        while pending:
            yield result(*pending.popleft())
    finally:
        close()


# -- writing ----------------------------------------------------------------------------------
def row_key(row_id: str | None, where: str) -> str:
    """What identifies a row in an output: its id, or where it was read when it has none."""
    return row_id or where


def result_record(result: BatchResult) -> dict:
    """The ``.jsonl`` record of a result (as ``batch.write_results`` writes it)."""
    row = result.row
    return {
        "id": row.id, "agent": row.agent, "sent_at": row.sent_at, "where": row.where,
        "report": result.report.to_dict() if result.report else None,
        "error": result.error,
    }


def problem_record(problem: RowProblem) -> dict:
    return {"id": problem.id, "agent": problem.agent, "sent_at": problem.sent_at, "where": problem.where,
            "report": None, "error": problem.message}


def _csv_line(values: Sequence) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


class ResultFile:
    """A ``.csv`` or ``.jsonl`` results file written one row at a time, flushed after each.

    ``append=True`` continues an existing file (after removing a last row cut short);
    otherwise the file is replaced. Use as a context manager.
    """

    def __init__(self, path: str | Path, *, append: bool = False) -> None:
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in STREAM_SUFFIXES:
            raise InputError(f"{self.path}: results are written row by row to .csv or .jsonl only")
        self.written = 0
        try:
            if append and self.path.is_file() and _repair(self.path, self.suffix):
                self._handle = self.path.open("a", encoding="utf-8", newline="")
            else:
                self._handle = self.path.open("w", encoding="utf-8-sig" if self.suffix == ".csv" else "utf-8", newline="")
                if self.suffix == ".csv":
                    self._handle.write(_csv_line(COLUMNS))
                    self._handle.flush()
        except OSError as error:
            raise InputError(f"{self.path}: cannot write ({error.strerror or error})") from None

    def write(self, item: BatchResult | RowProblem) -> None:
        """Append one result or skipped row and flush it to the operating system."""
        if self.suffix == ".csv":
            row = result_row(item) if isinstance(item, BatchResult) else result_row(_problem_result(item))
            text = _csv_line([spreadsheet_safe(row[c]) for c in COLUMNS])
        else:
            record = result_record(item) if isinstance(item, BatchResult) else problem_record(item)
            text = json.dumps(record, ensure_ascii=False) + "\n"
        try:
            self._handle.write(text)
            self._handle.flush()
        except OSError as error:
            raise InputError(f"{self.path}: cannot write ({error.strerror or error})") from None
        self.written += 1

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "ResultFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _repair(path: Path, suffix: str) -> bool:
    """Make ``path`` end with a whole row (a crash may have cut the last one short).

    Returns False when there is nothing to keep (the caller starts the file anew). A CSV
    written with other columns is refused: appending would mix two layouts.
    """
    data = path.read_bytes()
    if suffix == ".csv":
        text = data.decode("utf-8-sig", errors="replace")
        if not text.strip():
            return False
        records = list(csv.reader(io.StringIO(text, newline="")))
        if tuple(records[0]) != COLUMNS:
            raise InputError(f"{path}: written with other columns than this version's; cannot resume it")
        if text.endswith("\n") and all(len(r) == len(COLUMNS) for r in records):
            return True
        whole = [r for r in records[1:] if len(r) == len(COLUMNS)]
        if not text.endswith("\n") and whole and whole[-1] == records[-1]:
            whole.pop()  # the last row has all its fields, but its last field may be cut short
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            handle.write(_csv_line(COLUMNS) + "".join(_csv_line(r) for r in whole))
        return True
    if not data.strip():
        return False
    if not data.endswith(b"\n"):
        with path.open("r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)
    return True


def done_keys(path: str | Path) -> Counter:
    """The row keys (``row_key``) already in the output at ``path``, and how often.

    Keys are as written: in a CSV an id ``=1`` was written ``'=1`` (``spreadsheet_safe``).
    """
    path = Path(path)
    keys: Counter = Counter()
    if not path.is_file():
        return keys
    suffix = path.suffix.lower()
    if suffix not in STREAM_SUFFIXES:
        raise InputError(f"{path}: --resume needs a .csv or .jsonl output")
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    if suffix == ".csv":
        lines = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
        for record in csv.DictReader(io.StringIO(lines, newline="")):
            keys[record.get("id") or record.get("where") or ""] += 1
        return keys
    for line in text.splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # cut short by a crash: not done
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            keys[row_key(record.get("id"), record.get("where") or "")] += 1
    return keys


def _written_key(item: BatchRow | RowProblem, suffix: str) -> str:
    key = row_key(item.id, item.where)
    return spreadsheet_safe(key) if suffix == ".csv" else key


def skip_done(items: Sequence, done: Counter, suffix: str) -> tuple[list, int]:
    """``items`` (rows and problems) without those already written; how many were dropped."""
    done = Counter(done)
    kept, dropped = [], 0
    for item in items:
        key = _written_key(item, suffix)
        if done[key] > 0:
            done[key] -= 1
            dropped += 1
        else:
            kept.append(item)
    return kept, dropped


def in_input_order(rows: Sequence[BatchRow], problems: Sequence[RowProblem]) -> list[BatchRow | RowProblem]:
    """Rows and problems merged in the order ``batch.write_results`` writes them."""
    order = _input_order([r.where for r in rows] + [p.where for p in problems])
    keyed = [((order(r.where), 0, n), r) for n, r in enumerate(rows)]
    keyed += [((order(p.where), 1, n), p) for n, p in enumerate(problems)]
    return [item for _, item in sorted(keyed, key=lambda pair: pair[0])]


# -- the whole run ----------------------------------------------------------------------------
@dataclass
class BatchSummary:
    """What a streamed batch did: counts, verdicts, and each row's notes and errors."""

    out: str = ""
    checked: int = 0
    failed: int = 0
    resumed: int = 0
    seconds: float = 0.0
    verdicts: Counter = field(default_factory=Counter)
    score_total: float = 0.0
    messages: list[tuple[str, str, str]] = field(default_factory=list)  # (note|refused|skipped, where, text)

    def add(self, item: BatchResult | RowProblem) -> tuple[tuple[str, str, str], ...]:
        """Count one written item; returns the messages it brings: ``note`` (how a row was
        read), ``refused`` (not checkable, found while reading) or ``skipped`` (checking failed)."""
        if isinstance(item, RowProblem):  # refused while reading (the CLI has said so already)
            new = (("refused", item.where, item.message),)
            self.failed += 1
        else:
            new = tuple(("note", item.row.where, note) for note in item.row.notes)
            if item.report is None:
                self.failed += 1
                new += (("skipped", item.row.where, item.error or "not checked"),)
            else:
                self.checked += 1
                self.verdicts[item.report.verdict] += 1
                self.score_total += item.report.score
        self.messages.extend(new)
        return new

    def merge(self, other: "BatchSummary") -> None:
        self.checked += other.checked
        self.failed += other.failed
        self.verdicts.update(other.verdicts)
        self.score_total += other.score_total
        self.messages.extend(other.messages)

    @property
    def rate(self) -> float:
        """Replies checked (or refused) per second."""
        return (self.checked + self.failed) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        """The one-line summary ``batch.summarize`` prints, plus rows left from an earlier run."""
        mean = self.score_total / self.checked if self.checked else 0.0
        text = (
            f"{self.checked} checked, {self.failed} skipped; "
            f"ok {self.verdicts['ok']}, review {self.verdicts['review']}, block {self.verdicts['block']}; "
            f"mean score {mean:.1f}"
        )
        if self.resumed:
            text += f"; {self.resumed} already in {self.out} (resumed)"
        return text


Progress = Callable[[int, int], None]
Message = Callable[[str, str, str], None]
Written = Callable[[BatchResult | RowProblem], None]


def check_to_file(
    rows: Sequence[BatchRow],
    problems: Sequence[RowProblem],
    checker,
    out: str | Path,
    *,
    workers: int = 1,
    processes: bool = False,
    resume: bool = False,
    glossary=None,
    progress: Progress | None = None,
    message: Message | None = None,
    written: Written | None = None,
) -> BatchSummary:
    """Check ``rows`` and write every result and problem to ``out`` (.csv/.jsonl) as it is
    done, in input order. ``resume`` keeps ``out`` and checks only the rows not in it yet;
    ``workers`` and ``processes`` as for ``check_stream``.

    ``progress(done, total)`` counts checked rows; ``message(kind, where, text)`` is called for
    each note and skipped row as it is written; ``written(item)`` after each item is written
    (the history stores it then).
    """
    suffix = Path(out).suffix.lower()
    items = in_input_order(rows, problems)
    resumed = 0
    if resume:
        items, resumed = skip_done(items, done_keys(out), suffix)
    summary = BatchSummary(out=str(out), resumed=resumed)
    todo = [item for item in items if isinstance(item, BatchRow)]
    total, done = len(todo), 0
    started = time.perf_counter()
    if progress is not None:
        progress(0, total)
    results = check_stream(todo, checker, workers, glossary=glossary, processes=processes)
    try:
        with ResultFile(out, append=resume) as handle:
            for item in items:
                if isinstance(item, BatchRow):
                    item = next(results)
                    done += 1
                handle.write(item)
                if written is not None:
                    written(item)
                for kind, where, text in summary.add(item):
                    if message is not None:
                        message(kind, where, text)
                if progress is not None and isinstance(item, BatchResult):
                    progress(done, total)
    finally:
        results.close()  # stops the threads (rows not started are not checked)
    summary.seconds = time.perf_counter() - started
    return summary


def progress_bar(console, total: int = 0):
    """A rich progress bar: done/total, replies per second and the time left (on ``console``)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} replies/s" if speed else "- replies/s")

    return Progress(
        TextColumn("checking"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(),
        console=console, transient=False,
    )


# -- inputs -----------------------------------------------------------------------------------
PARQUET_SUFFIXES = (".parquet", ".pq")


def is_parquet(path) -> bool:
    return isinstance(path, (str, Path)) and Path(str(path)).suffix.lower() in PARQUET_SUFFIXES


def parquet_groups(path: str | Path) -> list[tuple[int, int]]:
    """A Parquet file's row groups as ``(group, rows before it)``: its natural partitions."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(str(path)).metadata
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"{path}: not a readable Parquet file ({' '.join(str(error).split())[:200]})") from None
    groups, offset = [], 0
    for group in range(meta.num_row_groups):
        groups.append((group, offset))
        offset += meta.row_group(group).num_rows
    return groups


def parquet_items(path: str | Path, group: int, offset: int, mapping: dict | None = None) -> list[BatchRow | RowProblem]:
    """The rows (or problems) of one row group; ``where`` is ``file:N`` counting from the file's first row."""
    import pyarrow.parquet as pq

    from replycheck.batch import _row_from

    records = pq.ParquetFile(str(path)).read_row_group(group).to_pylist()
    return [_row_from(record, dict(mapping or {}), f"{path}:{offset + n}") for n, record in enumerate(records, 1)]


def load(paths: Iterable, mapping: dict | None = None) -> tuple[list[BatchRow], list[RowProblem]]:
    """``batch.load_rows`` plus Parquet files (one row per table row, columns as in a CSV)."""
    from replycheck.batch import load_rows

    paths = list(paths)
    rows, problems = load_rows([p for p in paths if not is_parquet(p)], mapping)
    for path in filter(is_parquet, paths):
        try:
            for group, offset in parquet_groups(path):
                for item in parquet_items(path, group, offset, mapping):
                    (rows if isinstance(item, BatchRow) else problems).append(item)
        except InputError as error:
            problems.append(RowProblem(str(path), str(error)))
    return rows, problems


def run(
    inputs: Iterable,
    out: str | Path,
    *,
    checker=None,
    config=None,
    workers: int = 1,
    processes: bool = False,
    mapping: dict | None = None,
    glossary=None,
    resume: bool = False,
    client=None,
    partition_size: int = 100,
    progress: Progress | None = None,
    message: Message | None = None,
) -> BatchSummary:
    """Check every reply in ``inputs`` (paths or ``Upload``s: CSV, JSONL, Parquet, mbox, .eml)
    and write the results to ``out``; see ``replycheck.batch.run``."""
    if client is not None:
        from replycheck import dask_batch

        return dask_batch.run(
            inputs, out, client=client, config=config, workers=workers, mapping=mapping, glossary=glossary,
            resume=resume, partition_size=partition_size, progress=progress, message=message,
        )
    rows, problems = load(inputs, mapping)
    return run_rows(rows, problems, out, checker=checker, config=config, workers=workers, processes=processes,
                    glossary=glossary, resume=resume, progress=progress, message=message)


def run_rows(
    rows: Sequence[BatchRow],
    problems: Sequence[RowProblem],
    out: str | Path,
    *,
    checker=None,
    config=None,
    workers: int = 1,
    processes: bool = False,
    glossary=None,
    resume: bool = False,
    progress: Progress | None = None,
    message: Message | None = None,
    written: Written | None = None,
) -> BatchSummary:
    """``run`` for rows already loaded: on this machine, ``workers`` threads (or processes with
    ``processes``); ``written(item)``
    is called after each item is written (for .html, once the page is written)."""
    suffix = Path(out).suffix.lower()
    if suffix not in STREAM_SUFFIXES:  # .html: one page, written when every row is done
        from replycheck.batch import write_results

        if resume:
            raise InputError(f"{out}: --resume needs a .csv or .jsonl output")
        with _checker(checker, config) as active:
            summary = BatchSummary(out=str(out))
            started = time.perf_counter()
            results = []
            for n, result in enumerate(check_stream(rows, active, workers, glossary=glossary, processes=processes), 1):
                results.append(result)
                summary.add(result)
                if progress is not None:
                    progress(n, len(rows))
            for problem in problems:
                summary.add(problem)
            write_results(results, out, problems)
            for item in (*results, *problems) if written is not None else ():
                written(item)
            summary.seconds = time.perf_counter() - started
            return summary
    with _checker(checker, config) as active:
        return check_to_file(rows, problems, active, out, workers=workers, processes=processes, resume=resume,
                             glossary=glossary, progress=progress, message=message, written=written)


class _checker:
    """The given checker (left open), or a new one from ``config`` (closed at the end)."""

    def __init__(self, checker, config) -> None:
        self.given, self.config, self.own = checker, config, None

    def __enter__(self):
        if self.given is not None:
            return self.given
        from replycheck.api import Checker

        self.own = Checker(self.config)
        return self.own

    def __exit__(self, *exc) -> None:
        if self.own is not None:
            self.own.close()
