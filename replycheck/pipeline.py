"""Batch worker threads that keep LanguageTool busy: each prepares its next reply while
LanguageTool answers the current one.

A plain worker leaves its LanguageTool request slot empty while it splits and identifies
the next reply and while it runs the checks that need the answer. A pipelined worker does
that work while its request is on the server::

    prepare(next)  ->  wait for the answer to the current  ->  send next (own checks run)
                   ->  finish the current (the checks that need the answer, the report)

so each worker still has at most one request in flight (the same load on LanguageTool as
``workers`` plain threads) and LanguageTool waits for Python only when Python is the slower.
A worker that finds no row ready to prepare finishes the one it holds first, so the caller,
waiting for the oldest row, never waits on a worker that waits for more input.

``streaming.check_stream`` pipelines a single worker (``bench/batch.py``: 11.0–12.8 → 13.4–14.1
replies/s on 2 cores). With two workers plain threads were faster (22.5 against 20.6–21.0
replies/s): the other worker's checks already fill the wait, and prepared replies only made
the threads compete for the interpreter.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

from replycheck.batch import BatchResult, BatchRow, _check_row

_END = object()  # one per worker: no more rows


class PipelinedWorkers:
    """``workers`` threads checking the rows given to ``submit`` with one shared Checker."""

    def __init__(self, checker, workers: int, glossary=None) -> None:
        self._checker = checker
        self._glossary = glossary
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._stopped = threading.Event()
        self._threads = [
            threading.Thread(target=self._work, name=f"replycheck-batch-{n}", daemon=True) for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, row: BatchRow) -> Future:
        """Queue ``row``; the future's result is its ``BatchResult`` (a failed check is an error
        result; only what stops the program, such as ``KeyboardInterrupt``, is raised)."""
        future: Future = Future()
        self._tasks.put((row, future))
        return future

    def shutdown(self) -> None:
        """Stop taking rows (queued ones are dropped) and wait for the threads."""
        self._stopped.set()
        for _ in self._threads:
            self._tasks.put(_END)
        for thread in self._threads:
            thread.join()

    def _next_task(self, holding: bool):
        """The next row to prepare; ``None`` when one is held and none is ready."""
        if not holding:
            return self._tasks.get()
        try:
            return self._tasks.get_nowait()
        except queue.Empty:
            return None

    def _work(self) -> None:
        if not hasattr(self._checker, "begin"):  # a checker with only check(): one row at a time
            while (task := self._tasks.get()) is not _END and not self._stopped.is_set():
                row, future = task
                self._settle(row, future, lambda: _check_row(row, self._checker, self._glossary))
            return
        held = None  # (row, future, PendingCheck): its request is on the server
        while True:
            task = self._next_task(held is not None)
            if self._stopped.is_set():
                return
            ready = self._prepare(task) if task not in (None, _END) else None
            if held is not None:
                held[2].wait()
            started = self._begin(*ready) if ready is not None else None
            if held is not None:
                self._finish(*held)
            held = started
            if task is _END and held is None:
                return

    def _prepare(self, task):
        """(row, future, context), or ``None`` when the row was answered straight away."""
        row, future = task
        try:
            return row, future, self._checker.build_context(row.reply, row.customer, row.source, glossary=self._glossary)
        except BaseException:  # noqa: BLE001  (bad input or a failing engine: the plain path reports it)
            self._settle(row, future, lambda: _check_row(row, self._checker, self._glossary))
            return None

    def _begin(self, row: BatchRow, future: Future, ctx):
        try:
            return row, future, self._checker.begin(ctx, row.reply)
        except BaseException:  # noqa: BLE001  (as above)
            self._settle(row, future, lambda: _check_row(row, self._checker, self._glossary))
            return None

    def _finish(self, row: BatchRow, future: Future, pending) -> None:
        self._settle(row, future, lambda: _check_row(row, self._checker, self._glossary, first=pending.finish))

    @staticmethod
    def _settle(row: BatchRow, future: Future, make) -> None:
        try:
            future.set_result(make())
        except Exception as error:  # noqa: BLE001  (never leave the caller waiting)
            future.set_result(BatchResult(row, None, f"{type(error).__name__}: {error}"))
        except BaseException as error:  # the caller gets it, as from an executor's future
            future.set_exception(error)
