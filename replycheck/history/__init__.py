"""The history of checked replies: a SQL database (SQLite by default, PostgreSQL for a team).

    from replycheck.history import open_store
    with open_store() as store:
        store.save(report, agent="erik")
        store.replies(since=date(2026, 3, 1), agent="erik")

See ``store`` for the API, ``settings`` for the ``REPLYCHECK_HISTORY*`` variables and
docs/history.md for the schema and what redaction keeps.
"""

from replycheck.errors import HistoryError
from replycheck.history.records import CheckPrecision, Comment, FindingMark, StoredBatch, StoredReply, WeekTrend
from replycheck.history.settings import HistorySettings, default_url
from replycheck.history.store import HistoryStore, open_store, redact_report

__all__ = [
    "CheckPrecision",
    "Comment",
    "FindingMark",
    "HistoryError",
    "HistorySettings",
    "HistoryStore",
    "StoredBatch",
    "StoredReply",
    "WeekTrend",
    "default_url",
    "open_store",
    "redact_report",
]
