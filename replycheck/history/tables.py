"""The history database's tables (SQLAlchemy Core). ``migrations/`` creates them; keep both in step."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

SHORT = 255  # agents, teams, codes: longer values are cut to this when stored


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite keeps naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):  # a value written by another tool
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


metadata = MetaData()

batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("team", String(SHORT)),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("total", Integer, nullable=False),
    Column("status", String(16), nullable=False),
)

replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id", ondelete="CASCADE")),
    Column("row_key", Text),
    Column("checked_at", UTCDateTime, nullable=False),
    Column("agent", String(SHORT)),
    Column("team", String(SHORT)),
    Column("external_id", Text),
    Column("sent_at", Text),
    Column("reply_language", String(16), nullable=False),
    Column("customer_language", String(16)),
    Column("verdict", String(16), nullable=False),
    Column("score", Integer, nullable=False),
    Column("reply", Text),
    Column("customer", Text),
    Column("redacted", Boolean, nullable=False),
    Column("report", JSON, nullable=False),
    Index("ix_replies_checked_at", "checked_at"),
    Index("ix_replies_agent", "agent"),
    Index("ix_replies_team", "team"),
    Index("ix_replies_batch_id", "batch_id"),
)

findings = Table(
    "findings",
    metadata,
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_index", Integer, primary_key=True, autoincrement=False),
    Column("code", String(SHORT), nullable=False),
    Column("category", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Index("ix_findings_code", "code"),
)

finding_marks = Table(
    "finding_marks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="CASCADE"), nullable=False),
    Column("finding_index", Integer, nullable=False),
    Column("code", String(SHORT), nullable=False),
    Column("wrong", Boolean, nullable=False),
    Column("author", String(SHORT)),
    Column("note", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("reply_id", "finding_index", name="uq_finding_marks_reply_finding"),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="CASCADE"), nullable=False),
    Column("author", String(SHORT)),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_comments_reply_id", "reply_id"),
)
