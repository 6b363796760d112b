"""A long review batch in the background: check rows, store each result in the history as it
is done, report progress, stop on request, pick up where a stopped batch left off.

Used by the review page (no Streamlit here)::

    run = ReviewRun.new(store, checker, rows, name="sample.csv").start()
    run.progress()            # done, total, replies per second, seconds left, state
    run.cancel()              # the rows in flight finish; the batch is marked "cancelled"
    run = ReviewRun.resume(store, checker, rows, batch_id).start()   # skips stored rows

Each row is stored under ``row_key = row.where`` (``sample.csv:12``), so a resumed batch
skips the rows ``store.done_keys(batch_id)`` already holds. A row that cannot be checked or
stored is counted as failed with its reason; it never stops the run.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from replycheck import batch
from replycheck.batch import BatchResult, BatchRow

RUNNING, CANCELLING, DONE, CANCELLED, FAILED = "running", "cancelling", "done", "cancelled", "failed"


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a run is: ``done`` of ``total`` rows (rows stored before a resume count as done),
    ``rate`` replies per second in this run, ``seconds_left`` (``None`` until a row is done)."""

    batch_id: int
    done: int
    total: int
    checked: int
    failed: int
    rate: float
    seconds_left: float | None
    state: str
    errors: tuple[tuple[str, str], ...] = ()

    @property
    def finished(self) -> bool:
        return self.state in (DONE, CANCELLED, FAILED)

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 1.0


class ReviewRun:
    """Checks ``rows`` with ``checker`` in background threads and saves each report to
    ``store`` (a ``replycheck.history`` store) under ``batch_id``. Thread-safe."""

    def __init__(
        self,
        store,
        checker,
        rows: Sequence[BatchRow],
        batch_id: int,
        *,
        workers: int = 1,
        glossary=None,
        team: str | None = None,
        redact: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store, self.checker, self.batch_id = store, checker, batch_id
        self.rows = tuple(rows)
        self.workers, self.glossary, self.team, self.redact = max(1, workers), glossary, team, redact
        self._clock = clock
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._results: dict[int, BatchResult] = {}
        self._errors: list[tuple[str, str]] = []
        self._skipped = 0
        self._checked = self._failed = 0
        self._started = self._ended = None
        self._state = RUNNING
        self._todo: list[int] = []

    @classmethod
    def new(cls, store, checker, rows: Sequence[BatchRow], *, name: str, total: int | None = None,
            team: str | None = None, **options) -> "ReviewRun":
        """A run for a new batch; ``total`` (default: the rows) is what the history records,
        e.g. rows plus rows that could not be read."""
        batch_id = store.start_batch(name, len(rows) if total is None else total, team=team)
        return cls(store, checker, rows, batch_id, team=team, **options)

    @classmethod
    def resume(cls, store, checker, rows: Sequence[BatchRow], batch_id: int, **options) -> "ReviewRun":
        """A run that checks only the rows of ``batch_id`` the history does not hold yet."""
        return cls(store, checker, rows, batch_id, **options)

    # -- control -------------------------------------------------------------------------
    def start(self) -> "ReviewRun":
        """Start checking in the background (once); returns ``self``."""
        with self._lock:
            if self._thread is not None:
                return self
            self._thread = threading.Thread(target=self._run, name=f"replycheck-review-{self.batch_id}", daemon=True)
            self._started = self._clock()
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop taking rows; the rows in flight finish and are stored."""
        self._cancel.set()
        with self._lock:
            if self._state == RUNNING:
                self._state = CANCELLING

    def wait(self, timeout: float | None = None) -> Progress:
        """Wait for the run to end (or ``timeout`` seconds); its progress then."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.progress()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- state ---------------------------------------------------------------------------
    def progress(self) -> Progress:
        with self._lock:
            done_now = self._checked + self._failed
            end = self._ended if self._ended is not None else self._clock()
            elapsed = max(1e-9, end - self._started) if self._started is not None else 0.0
            rate = done_now / elapsed if done_now and elapsed else 0.0
            left = len(self.rows) - self._skipped - done_now
            seconds = (left / rate if rate else None) if self._state in (RUNNING, CANCELLING) else 0.0
            return Progress(
                batch_id=self.batch_id, done=self._skipped + done_now, total=len(self.rows),
                checked=self._checked, failed=self._failed, rate=rate, seconds_left=seconds,
                state=self._state, errors=tuple(self._errors),
            )

    @property
    def results(self) -> list[BatchResult]:
        """The results of this run (not of rows stored before a resume), in row order."""
        with self._lock:
            return [self._results[i] for i in sorted(self._results)]

    # -- work ----------------------------------------------------------------------------
    def _run(self) -> None:
        final = DONE
        try:
            stored = set(self.store.done_keys(self.batch_id))
            todo = [i for i, row in enumerate(self.rows) if row.where not in stored or not row.where]
            with self._lock:
                self._skipped = len(self.rows) - len(todo)
                self._todo = todo[::-1]
            workers = [
                threading.Thread(target=self._work, name=f"replycheck-review-{self.batch_id}-{n}", daemon=True)
                for n in range(min(self.workers, max(1, len(todo))))
            ]
            for thread in workers:
                thread.start()
            for thread in workers:
                thread.join()
            final = CANCELLED if self._cancel.is_set() else DONE
        except Exception as error:  # noqa: BLE001  (the history broke: the batch is marked failed)
            final = FAILED
            with self._lock:
                self._errors.append(("batch", f"{type(error).__name__}: {error}"))
        finally:
            try:
                self.store.finish_batch(self.batch_id, status=final)
            except Exception:  # noqa: BLE001
                final = FAILED
            with self._lock:
                self._state, self._ended = final, self._clock()

    def _next(self) -> int | None:
        with self._lock:
            if self._cancel.is_set() or not self._todo:
                return None
            return self._todo.pop()

    def _work(self) -> None:
        while (index := self._next()) is not None:
            row = self.rows[index]
            result = self._check(row)
            if result.report is not None:
                try:
                    with self._save_lock:
                        self.store.save(
                            result.report, kind="batch", agent=row.agent, team=self.team, customer=row.customer,
                            batch_id=self.batch_id, row_key=row.where, external_id=row.id, sent_at=row.sent_at,
                            redact=self.redact,
                        )
                except Exception as error:  # noqa: BLE001  (one row's storage failure is that row's error)
                    result = BatchResult(row, result.report, f"not stored: {error}", result.notes)
            with self._lock:
                self._results[index] = result
                if result.error:
                    self._failed += 1
                    self._errors.append((row.where, result.error))
                else:
                    self._checked += 1

    def _check(self, row: BatchRow) -> BatchResult:
        try:
            return batch.run_batch([row], self.checker, glossary=self.glossary)[0]
        except Exception as error:  # noqa: BLE001  (run_batch contains failures; belt and braces)
            return BatchResult(row, None, f"{type(error).__name__}: {error}")
