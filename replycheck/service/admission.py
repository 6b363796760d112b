"""A bounded queue in front of the checker: ``workers`` checks at once, ``queue`` more waiting.

A request that finds every place taken is refused at once (the caller answers 503 with
``Retry-After``) instead of waiting without bound. A request that outlives its time limit is
answered, but its check keeps its place until the worker is really done with it, so the
bound holds even when checks are slow.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

T = TypeVar("T")


class Busy(Exception):
    """Every place in the queue is taken."""


class TimedOut(Exception):
    """The work did not finish within its time limit."""


class Admission:
    """Runs blocking work on ``workers`` threads with at most ``capacity`` jobs admitted."""

    def __init__(self, workers: int, capacity: int) -> None:
        self.workers, self.capacity = workers, capacity
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="replycheck-serve")
        self._lock = threading.Lock()
        self._admitted = 0

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    def _enter(self) -> None:
        with self._lock:
            if self._admitted >= self.capacity:
                raise Busy(f"{self._admitted} checks are running or waiting (the limit)")
            self._admitted += 1

    def _leave(self, _future=None) -> None:
        with self._lock:
            self._admitted -= 1

    async def run(self, work: Callable[[], T], timeout: float) -> T:
        """Run ``work`` on a worker thread; raise ``Busy`` or ``TimedOut`` instead of waiting long."""
        self._enter()
        try:
            future = self._pool.submit(work)
        except BaseException:
            self._leave()
            raise
        future.add_done_callback(self._leave)  # the place is free when the work really ends
        try:
            # On time-out the wrapper is cancelled, and with it the work if it had not started.
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except asyncio.TimeoutError:
            raise TimedOut(f"the check took longer than {timeout:g} s") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
