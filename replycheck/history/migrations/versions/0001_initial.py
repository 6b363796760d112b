"""The first schema: batches, replies, their findings, team leads' marks and comments.

Revision ID: 0001
Revises:
Create Date: 2026-12-07

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table of the history database."""
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("team", sa.String(255)),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id", ondelete="CASCADE")),
        sa.Column("row_key", sa.Text),
        sa.Column("checked_at", WHEN, nullable=False),
        sa.Column("agent", sa.String(255)),
        sa.Column("team", sa.String(255)),
        sa.Column("external_id", sa.Text),
        sa.Column("sent_at", sa.Text),
        sa.Column("reply_language", sa.String(16), nullable=False),
        sa.Column("customer_language", sa.String(16)),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("reply", sa.Text),
        sa.Column("customer", sa.Text),
        sa.Column("redacted", sa.Boolean, nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
    )
    op.create_index("ix_replies_checked_at", "replies", ["checked_at"])
    op.create_index("ix_replies_agent", "replies", ["agent"])
    op.create_index("ix_replies_team", "replies", ["team"])
    op.create_index("ix_replies_batch_id", "replies", ["batch_id"])
    op.create_table(
        "findings",
        sa.Column("reply_id", sa.Integer, sa.ForeignKey("replies.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("finding_index", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("code", sa.String(255), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
    )
    op.create_index("ix_findings_code", "findings", ["code"])
    op.create_table(
        "finding_marks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reply_id", sa.Integer, sa.ForeignKey("replies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("finding_index", sa.Integer, nullable=False),
        sa.Column("code", sa.String(255), nullable=False),
        sa.Column("wrong", sa.Boolean, nullable=False),
        sa.Column("author", sa.String(255)),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("reply_id", "finding_index", name="uq_finding_marks_reply_finding"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reply_id", sa.Integer, sa.ForeignKey("replies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("author", sa.String(255)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_comments_reply_id", "comments", ["reply_id"])


def downgrade() -> None:
    """Drop every table (their data with them)."""
    for table in ("comments", "finding_marks", "findings", "replies", "batches"):
        op.drop_table(table)
