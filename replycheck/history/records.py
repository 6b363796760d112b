"""What the history database gives back: frozen records (dicts only in ``to_dict``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class FindingMark:
    """A team lead's judgement of one finding: ``wrong`` (a false alarm) or confirmed."""

    finding_index: int
    code: str
    wrong: bool
    author: str | None
    note: str
    created_at: datetime

    def to_dict(self) -> dict:
        return {"finding_index": self.finding_index, "code": self.code, "wrong": self.wrong,
                "author": self.author, "note": self.note, "created_at": self.created_at.isoformat()}


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment on a stored reply."""

    id: int
    author: str | None
    text: str
    created_at: datetime

    def to_dict(self) -> dict:
        return {"id": self.id, "author": self.author, "text": self.text, "created_at": self.created_at.isoformat()}


@dataclass(frozen=True, slots=True)
class StoredReply:
    """One checked reply or draft as stored. ``reply`` and ``customer`` are None when redacted,
    and then each finding in ``report`` keeps only its category, code, severity and span."""

    id: int
    kind: str
    batch_id: int | None
    row_key: str | None
    checked_at: datetime
    agent: str | None
    team: str | None
    external_id: str | None
    sent_at: str | None
    reply_language: str
    customer_language: str | None
    verdict: str
    score: int
    reply: str | None
    customer: str | None
    redacted: bool
    report: dict = field(hash=False)
    marks: tuple[FindingMark, ...] = ()
    comments: tuple[Comment, ...] = ()

    @property
    def findings(self) -> list[dict]:
        return self.report.get("findings", [])

    def to_dict(self) -> dict:
        """JSON-safe: times as ISO 8601 text, marks and comments as lists of objects."""
        return {
            "id": self.id, "kind": self.kind, "batch_id": self.batch_id, "row_key": self.row_key,
            "checked_at": self.checked_at.isoformat(), "agent": self.agent, "team": self.team,
            "external_id": self.external_id, "sent_at": self.sent_at,
            "reply_language": self.reply_language, "customer_language": self.customer_language,
            "verdict": self.verdict, "score": self.score, "reply": self.reply, "customer": self.customer,
            "redacted": self.redacted, "report": self.report,
            "marks": [m.to_dict() for m in self.marks], "comments": [c.to_dict() for c in self.comments],
        }


@dataclass(frozen=True, slots=True)
class StoredBatch:
    """A batch run: ``total`` rows given, ``stored`` replies saved so far; ``status`` is
    ``running``, ``done``, ``cancelled`` or ``failed``."""

    id: int
    name: str
    team: str | None
    started_at: datetime
    finished_at: datetime | None
    total: int
    stored: int
    status: str


@dataclass(frozen=True, slots=True)
class CheckPrecision:
    """How often one finding code was marked wrong: ``precision = 1 - marked_wrong / findings``."""

    code: str
    findings: int
    marked_wrong: int
    precision: float


@dataclass(frozen=True, slots=True)
class WeekTrend:
    """One ISO week (``week`` is its Monday): replies, mean score, verdict counts and the
    warnings and errors found per category."""

    week: date
    replies: int
    mean_score: float
    verdicts: dict = field(hash=False)
    findings: dict = field(hash=False)
