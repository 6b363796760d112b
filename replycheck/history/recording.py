"""Storing a batch's replies in the history as the batch writes them.

``BatchRecorder`` saves each checked row (agent, id, send time, ``row_key`` = its ``where``)
and turns a failing database into one warning: the batch and its output file go on.
It is given to ``streaming.run_rows(..., written=recorder)``, which calls it after each item
is written.
"""

from __future__ import annotations

from typing import Callable

from replycheck.batch import BatchResult, RowProblem
from replycheck.errors import HistoryError

Warn = Callable[[str], None]


class BatchRecorder:
    """One batch's record in the history; call it with each written result.

    ``resume`` continues the newest unfinished batch of the same name (skipping the rows it
    stored already) instead of starting a new one.
    """

    def __init__(self, store, batch_id: int, *, team: str | None, redact: bool, warn: Warn,
                 skip: set[str] | None = None) -> None:
        self.store, self.batch_id, self.team, self.redact, self.warn = store, batch_id, team, redact, warn
        self.skip = skip or set()
        self.stored = 0
        self.failed: str | None = None

    @classmethod
    def start(cls, name: str, total: int, *, url: str | None = None, team: str | None = None,
              redact: bool = False, resume: bool = False, warn: Warn) -> "BatchRecorder | None":
        """Open the history and start (or resume) the batch; None, after a warning, when it cannot."""
        from replycheck.history.store import open_store

        try:
            store = open_store(url)
        except HistoryError as error:
            warn(f"{error}; the results are not stored in the history")
            return None
        try:
            if resume:
                unfinished = [b for b in store.batches(limit=200) if b.name == name and b.status != "done"]
                if unfinished:
                    batch_id = unfinished[0].id
                    return cls(store, batch_id, team=team, redact=redact, warn=warn, skip=store.done_keys(batch_id))
            return cls(store, store.start_batch(name, total, team=team), team=team, redact=redact, warn=warn)
        except HistoryError as error:
            store.close()
            warn(f"{error}; the results are not stored in the history")
            return None

    def __call__(self, item: BatchResult | RowProblem) -> None:
        """Store ``item`` if it is a checked row (not yet stored); never raises."""
        if self.failed or not isinstance(item, BatchResult) or item.report is None:
            return
        row = item.row
        if row.where in self.skip:
            return
        try:
            self.store.save(
                item.report, kind="batch", agent=row.agent, team=self.team, customer=row.customer,
                batch_id=self.batch_id, row_key=row.where, external_id=row.id, sent_at=row.sent_at,
                redact=self.redact,
            )
            self.stored += 1
        except Exception as error:  # noqa: BLE001  (the history must never cost the batch its output)
            self.failed = str(error)
            self.warn(f"{error}; stopped storing results in the history at {row.where} (the output file is complete)")

    def finish(self, status: str = "done") -> None:
        """Record how the batch ended and close the database."""
        try:
            self.store.finish_batch(self.batch_id, "failed" if self.failed and status == "done" else status)
        except Exception as error:  # noqa: BLE001
            if not self.failed:
                self.warn(f"{error}; the batch's end was not recorded in the history")
        finally:
            self.store.close()

