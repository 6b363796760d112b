"""The history store: checked replies, batches, marks and comments in one SQL database.

    with open_store() as store:                    # $REPLYCHECK_HISTORY_URL or SQLite in the cache
        batch = store.start_batch("march.csv", total=2)
        store.save(report, agent="erik", batch_id=batch, row_key="march.csv:2")
        store.finish_batch(batch)
        store.mark_finding(reply_id, 0, wrong=True, author="lead")
        store.check_precision(since=date(2026, 3, 1))

Times are UTC. Filters (``since``, ``until``, ``agent``, ``team``, ``language_pair`` as
``(reply language, customer language)``, ``batch_id``, ``kind``) are shared by ``replies``,
``check_precision`` and ``weekly_trends``; a ``date`` bound covers the whole day.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator

from replycheck.errors import HistoryError
from replycheck.history import tables as t
from replycheck.history.database import connect, migrate, reason, shown
from replycheck.history.records import CheckPrecision, Comment, FindingMark, StoredBatch, StoredReply, WeekTrend
from replycheck.history.settings import HistorySettings
from replycheck.model import CATEGORIES, Report

KINDS = ("batch", "draft")
BATCH_STATUSES = ("done", "cancelled", "failed")
VERDICTS = ("ok", "review", "block")
_REDACTED_FINDING = ("category", "code", "severity", "start", "end")
_CHUNK = 500  # ids per IN (...) query


def open_store(url: str | None = None) -> "HistoryStore":
    """Open (and migrate to the newest schema) the history database at ``url``, or at
    ``$REPLYCHECK_HISTORY_URL``, or SQLite at ``<cache>/history.sqlite3``. Raises HistoryError."""
    settings = HistorySettings.from_env()
    url = url or settings.url
    engine = connect(url)
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return HistoryStore(engine, settings)


def redact_report(report: dict) -> dict:
    """``report`` without text: each finding keeps only its category, code, severity and span,
    and each check that did not run only its name and status (a reason may quote the text)."""
    out = dict(report)
    out["findings"] = [{k: f[k] for k in _REDACTED_FINDING if k in f} for f in report.get("findings", [])]
    out["skipped"] = [{k: s[k] for k in ("check", "status") if k in s} for s in report.get("skipped", [])]
    return out


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _bound(value, end: bool) -> datetime | None:
    """A ``since``/``until`` value as a UTC datetime: a date is the start of the day (``since``)
    or the start of the next day (``until``, exclusive); ISO text is parsed."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip()) if "T" in value or " " in value.strip() else date.fromisoformat(value.strip())
        except ValueError:
            raise HistoryError(f"not a date or time: {value!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        day = value + timedelta(days=1) if end else value
        return datetime.combine(day, time(0), tzinfo=timezone.utc)
    raise HistoryError(f"not a date or time: {value!r}")


def _short(value: str | None) -> str | None:
    return None if value is None else str(value)[: t.SHORT]


class HistoryStore:
    """A connection pool to one history database; safe to share between threads.

    Use ``open_store`` to get one; close it (or use ``with``) when done.
    """

    def __init__(self, engine, settings: HistorySettings | None = None) -> None:
        self._engine = engine
        self.settings = settings or HistorySettings()
        self.url = shown(engine.url)

    # -- plumbing -----------------------------------------------------------------------------
    @contextmanager
    def _begin(self) -> Iterator:
        """A transaction; database errors become HistoryError naming the database."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self._engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise HistoryError(f"history database {self.url}: {reason(error)}") from None

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> "HistoryStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- batches ------------------------------------------------------------------------------
    def start_batch(self, name: str, total: int, *, team: str | None = None) -> int:
        """Record a batch of ``total`` rows as running; returns its id."""
        if total < 0:
            raise HistoryError(f"a batch's total cannot be negative ({total})")
        with self._begin() as db:
            result = db.execute(t.batches.insert().values(
                name=name, team=_short(team), started_at=_now(), total=int(total), status="running"))
            return int(result.inserted_primary_key[0])

    def finish_batch(self, batch_id: int, status: str = "done") -> None:
        """Mark a batch ``done``, ``cancelled`` or ``failed`` now."""
        if status not in BATCH_STATUSES:
            raise HistoryError(f"batch status must be one of {', '.join(BATCH_STATUSES)}, not {status!r}")
        with self._begin() as db:
            done = db.execute(t.batches.update().where(t.batches.c.id == batch_id)
                              .values(status=status, finished_at=_now()))
            if done.rowcount == 0:
                raise HistoryError(f"no batch {batch_id} in the history")

    def batches(self, limit: int = 50) -> list[StoredBatch]:
        """The newest batches first, each with how many replies it has stored."""
        from sqlalchemy import func, select

        stored = (select(func.count()).select_from(t.replies)
                  .where(t.replies.c.batch_id == t.batches.c.id).scalar_subquery())
        query = (select(t.batches, stored.label("stored"))
                 .order_by(t.batches.c.started_at.desc(), t.batches.c.id.desc()).limit(limit))
        with self._begin() as db:
            return [StoredBatch(row.id, row.name, row.team, row.started_at, row.finished_at, row.total,
                                int(row.stored), row.status) for row in db.execute(query)]

    def done_keys(self, batch_id: int) -> set[str]:
        """The ``row_key``s already stored in a batch (a resumed batch skips them)."""
        from sqlalchemy import select

        query = select(t.replies.c.row_key).where(t.replies.c.batch_id == batch_id, t.replies.c.row_key.is_not(None))
        with self._begin() as db:
            return {key for (key,) in db.execute(query)}

    # -- replies ------------------------------------------------------------------------------
    def save(
        self,
        report: Report,
        *,
        kind: str = "batch",
        agent: str | None = None,
        team: str | None = None,
        customer: str | None = None,
        batch_id: int | None = None,
        row_key: str | None = None,
        external_id: str | None = None,
        sent_at: str | None = None,
        redact: bool | None = None,
        checked_at: datetime | None = None,
    ) -> int:
        """Store one checked reply (``kind`` ``batch``) or draft (``draft``); returns its id.

        ``redact`` stores no text: not the reply, not ``customer``, and of each finding only
        its category, code, severity and span. ``None``: the setting for ``kind`` (drafts are
        redacted unless ``REPLYCHECK_HISTORY_REDACT_DRAFTS=off``; batch replies are not unless
        ``REPLYCHECK_HISTORY_REDACT=on``).
        """
        if kind not in KINDS:
            raise HistoryError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if redact is None:
            redact = self.settings.redact(kind)
        data = report.to_dict()
        if redact:
            data = redact_report(data)
        values = dict(
            kind=kind, batch_id=batch_id, row_key=row_key, checked_at=_utc(checked_at) if checked_at else _now(),
            agent=_short(agent), team=_short(team), external_id=external_id, sent_at=sent_at,
            reply_language=report.reply_language.code,
            customer_language=report.customer_language.code if report.customer_language else None,
            verdict=report.verdict, score=int(report.score),
            reply=None if redact else report.reply, customer=None if redact else customer,
            redacted=bool(redact), report=data,
        )
        with self._begin() as db:
            reply_id = int(db.execute(t.replies.insert().values(**values)).inserted_primary_key[0])
            if report.findings:
                db.execute(t.findings.insert(), [
                    {"reply_id": reply_id, "finding_index": n, "code": _short(f.code), "category": f.category,
                     "severity": f.severity}
                    for n, f in enumerate(report.findings)
                ])
        return reply_id

    def _filters(self, since=None, until=None, agent=None, team=None, language_pair=None, batch_id=None, kind=None):
        r = t.replies.c
        where = []
        start, end = _bound(since, False), _bound(until, True)
        if start is not None:
            where.append(r.checked_at >= start)
        if end is not None:
            where.append(r.checked_at < end if not isinstance(until, datetime) else r.checked_at <= end)
        if agent is not None:
            where.append(r.agent == agent)
        if team is not None:
            where.append(r.team == team)
        if language_pair is not None:
            reply_language, customer_language = language_pair
            where.append(r.reply_language == reply_language)
            where.append(r.customer_language.is_(None) if customer_language is None else r.customer_language == customer_language)
        if batch_id is not None:
            where.append(r.batch_id == batch_id)
        if kind is not None:
            if kind not in KINDS:
                raise HistoryError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
            where.append(r.kind == kind)
        return where

    def replies(self, *, since=None, until=None, agent=None, team=None, language_pair=None, batch_id=None,
                kind=None, limit: int | None = None) -> list[StoredReply]:
        """Stored replies matching every filter given, newest first, with their marks and comments."""
        from sqlalchemy import select

        where = self._filters(since, until, agent, team, language_pair, batch_id, kind)
        query = select(t.replies).where(*where).order_by(t.replies.c.checked_at.desc(), t.replies.c.id.desc())
        if limit is not None:
            query = query.limit(max(0, int(limit)))
        with self._begin() as db:
            rows = list(db.execute(query))
            marks, comments = self._extras(db, [row.id for row in rows])
        return [self._stored(row, marks, comments) for row in rows]

    def reply(self, reply_id: int) -> StoredReply | None:
        """One stored reply by id, or None."""
        from sqlalchemy import select

        with self._begin() as db:
            row = db.execute(select(t.replies).where(t.replies.c.id == reply_id)).first()
            if row is None:
                return None
            marks, comments = self._extras(db, [row.id])
        return self._stored(row, marks, comments)

    @staticmethod
    def _extras(db, ids: list[int]) -> tuple[dict, dict]:
        from sqlalchemy import select

        marks: dict[int, list[FindingMark]] = defaultdict(list)
        comments: dict[int, list[Comment]] = defaultdict(list)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            m = t.finding_marks.c
            for row in db.execute(select(t.finding_marks).where(m.reply_id.in_(chunk)).order_by(m.finding_index)):
                marks[row.reply_id].append(FindingMark(row.finding_index, row.code, bool(row.wrong), row.author,
                                                       row.note, row.created_at))
            c = t.comments.c
            for row in db.execute(select(t.comments).where(c.reply_id.in_(chunk)).order_by(c.created_at, c.id)):
                comments[row.reply_id].append(Comment(row.id, row.author, row.text, row.created_at))
        return marks, comments

    @staticmethod
    def _stored(row, marks: dict, comments: dict) -> StoredReply:
        return StoredReply(
            id=row.id, kind=row.kind, batch_id=row.batch_id, row_key=row.row_key, checked_at=row.checked_at,
            agent=row.agent, team=row.team, external_id=row.external_id, sent_at=row.sent_at,
            reply_language=row.reply_language, customer_language=row.customer_language, verdict=row.verdict,
            score=row.score, reply=row.reply, customer=row.customer, redacted=bool(row.redacted), report=row.report,
            marks=tuple(marks.get(row.id, ())), comments=tuple(comments.get(row.id, ())),
        )

    # -- marks and comments -------------------------------------------------------------------
    def mark_finding(self, reply_id: int, finding_index: int, *, wrong: bool = True, author: str | None = None,
                     note: str = "") -> int:
        """Mark finding ``finding_index`` of a reply wrong (a false alarm) or right; a new mark
        of the same finding replaces the old one. Returns the mark's id."""
        from sqlalchemy import select

        f, m = t.findings.c, t.finding_marks.c
        with self._begin() as db:
            code = db.execute(select(f.code).where(f.reply_id == reply_id, f.finding_index == finding_index)).scalar()
            if code is None:
                raise HistoryError(f"reply {reply_id} has no finding {finding_index} in the history")
            values = dict(code=code, wrong=bool(wrong), author=_short(author), note=note or "", created_at=_now())
            mark_id = db.execute(select(m.id).where(m.reply_id == reply_id, m.finding_index == finding_index)).scalar()
            if mark_id is not None:
                db.execute(t.finding_marks.update().where(m.id == mark_id).values(**values))
                return int(mark_id)
            inserted = db.execute(t.finding_marks.insert().values(reply_id=reply_id, finding_index=finding_index, **values))
            return int(inserted.inserted_primary_key[0])

    def comment(self, reply_id: int, text: str, *, author: str | None = None) -> int:
        """Add a comment to a stored reply; returns its id."""
        from sqlalchemy import select

        if not text.strip():
            raise HistoryError("a comment needs some text")
        with self._begin() as db:
            if db.execute(select(t.replies.c.id).where(t.replies.c.id == reply_id)).first() is None:
                raise HistoryError(f"no reply {reply_id} in the history")
            inserted = db.execute(t.comments.insert().values(reply_id=reply_id, author=_short(author), text=text,
                                                             created_at=_now()))
            return int(inserted.inserted_primary_key[0])

    # -- figures ------------------------------------------------------------------------------
    def check_precision(self, **filters) -> list[CheckPrecision]:
        """Per finding code: findings, how many were marked wrong, and ``1 - wrong/findings``;
        the most often wrong first (the false alarms to fix)."""
        from sqlalchemy import and_, case, func, select

        f, m, r = t.findings.c, t.finding_marks.c, t.replies.c
        wrong = func.sum(case((m.wrong.is_(True), 1), else_=0))
        query = (
            select(f.code, func.count().label("findings"), wrong.label("wrong"))
            .select_from(t.findings.join(t.replies, r.id == f.reply_id)
                         .outerjoin(t.finding_marks, and_(m.reply_id == f.reply_id, m.finding_index == f.finding_index)))
            .where(*self._filters(**filters))
            .group_by(f.code)
        )
        with self._begin() as db:
            rows = [(code, int(count), int(marked or 0)) for code, count, marked in db.execute(query)]
        out = [CheckPrecision(code, count, marked, 1 - marked / count) for code, count, marked in rows]
        return sorted(out, key=lambda p: (-p.marked_wrong, p.precision, p.code))

    def weekly_trends(self, **filters) -> list[WeekTrend]:
        """Per ISO week (oldest first): replies, mean score, verdicts, and warnings and errors
        per category (info findings are not counted, as in the batch table)."""
        from sqlalchemy import select

        r, f = t.replies.c, t.findings.c
        where = self._filters(**filters)
        replies_q = select(r.id, r.checked_at, r.verdict, r.score).where(*where)
        findings_q = (select(f.reply_id, f.category).select_from(t.findings.join(t.replies, r.id == f.reply_id))
                      .where(*where, f.severity != "info"))
        with self._begin() as db:
            week_of: dict[int, date] = {}
            weeks: dict[date, dict] = {}
            for reply_id, checked_at, verdict, score in db.execute(replies_q):
                day = checked_at.date()
                week = day - timedelta(days=day.weekday())
                week_of[reply_id] = week
                entry = weeks.setdefault(week, {"replies": 0, "score": 0, "verdicts": Counter(), "findings": Counter()})
                entry["replies"] += 1
                entry["score"] += score
                entry["verdicts"][verdict] += 1
            for reply_id, category in db.execute(findings_q):
                weeks[week_of[reply_id]]["findings"][category] += 1
        return [
            WeekTrend(
                week=week, replies=e["replies"], mean_score=e["score"] / e["replies"],
                verdicts={v: e["verdicts"].get(v, 0) for v in VERDICTS},
                findings={c: e["findings"].get(c, 0) for c in CATEGORIES},
            )
            for week, e in sorted(weeks.items())
        ]

    # -- pickers ------------------------------------------------------------------------------
    def _distinct(self, *columns) -> list:
        from sqlalchemy import select

        query = select(*columns).distinct().where(columns[0].is_not(None))
        with self._begin() as db:
            rows = [tuple(row) for row in db.execute(query)]
        return sorted(rows, key=lambda row: tuple((v is None, v or "") for v in row))

    def agents(self) -> list[str]:
        """Every agent with a stored reply, sorted."""
        return [agent for (agent,) in self._distinct(t.replies.c.agent)]

    def teams(self) -> list[str]:
        """Every team with a stored reply, sorted."""
        return [team for (team,) in self._distinct(t.replies.c.team)]

    def language_pairs(self) -> list[tuple[str, str | None]]:
        """Every (reply language, customer language) stored; None: no customer text."""
        return self._distinct(t.replies.c.reply_language, t.replies.c.customer_language)
