"""The review page's data, without Streamlit: stored replies as tables, reports and batch
results, and the weekly trends and per-check precision as Altair charts and tables.

Everything here takes what ``replycheck.history`` returns (``StoredReply``, ``WeekTrend``,
``CheckPrecision``) and works on an empty history (empty frames, no chart).
"""

from __future__ import annotations

from typing import Iterable, Sequence

import altair as alt
import pandas as pd

from replycheck.batch import BatchResult, BatchRow
from replycheck.formats.html import CATEGORY_COLOURS, VERDICT_COLOURS
from replycheck.model import CATEGORIES, Finding, LanguageGuess, Report, SkippedCheck

NO_AGENT = "(no agent)"
REPLY_COLUMNS = [
    "reply_id", "batch_id", "id", "agent", "team", "sent_at", "checked_at", "verdict", "score",
    "customer_language", "reply_language", "language_pair", "categories", "findings", "marked_wrong",
    "comments", "redacted",
]
FINDING_COLUMNS = ["reply_id", "id", "agent", "category", "code", "severity", "language_pair"]
PRECISION_COLUMNS = ["code", "findings", "marked_wrong", "precision"]
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
CATEGORY_SCALE = alt.Scale(domain=list(CATEGORY_COLOURS), range=list(CATEGORY_COLOURS.values()))
VERDICT_SCALE = alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values()))


# -- one stored reply --------------------------------------------------------------------------
def _guess(data: dict | None) -> LanguageGuess | None:
    if not data:
        return None
    return LanguageGuess(str(data.get("code") or "unknown"), float(data.get("confidence") or 0.0))


def report_of(stored) -> Report:
    """The ``Report`` a stored reply was saved from (``Report.to_dict()`` read back). A redacted
    reply has empty text: its findings keep their spans and codes."""
    data = stored.report or {}
    findings = []
    for item in data.get("findings", ()):
        try:
            findings.append(Finding(
                code=item["code"], severity=item["severity"], start=int(item["start"]), end=int(item["end"]),
                message=str(item.get("message", "")), suggestions=tuple(item.get("suggestions") or ()),
                related=tuple(item["related"]) if item.get("related") else None,
            ))
        except (KeyError, TypeError, ValueError):
            continue  # a finding from a newer schema this version cannot read: left out, not a crash
    not_run = data.get("skipped") or ()
    return Report(
        reply=stored.reply or "",
        reply_language=_guess(data.get("reply_language")) or LanguageGuess(stored.reply_language or "unknown", 0.0),
        customer_language=_guess(data.get("customer_language")),
        findings=tuple(findings),
        skipped=tuple(SkippedCheck(s.get("check", ""), s.get("reason", "")) for s in not_run if s.get("status") == "skipped"),
        errors=tuple(SkippedCheck(s.get("check", ""), s.get("reason", "")) for s in not_run if s.get("status") == "failed"),
    )


def language_pair(stored) -> str:
    return f"{stored.customer_language or '—'} → {stored.reply_language or '—'}"


def wrong_findings(stored) -> dict[int, object]:
    """The latest mark of each finding of a reply marked wrong, by finding index."""
    latest: dict[int, object] = {}
    for mark in sorted(stored.marks, key=lambda m: (m.created_at, m.finding_index)):
        latest[mark.finding_index] = mark
    return {index: mark for index, mark in latest.items() if mark.wrong}


def as_result(stored) -> BatchResult:
    """A stored reply as a ``batch.BatchResult`` (for ``batch.write_results``)."""
    row = BatchRow(
        reply=stored.reply or "", customer=stored.customer, agent=stored.agent, id=stored.external_id or str(stored.id),
        sent_at=str(stored.sent_at or ""), where=stored.row_key or f"reply {stored.id}",
    )
    return BatchResult(row, report_of(stored))


def findings_without_text(report: Report) -> pd.DataFrame:
    """A redacted reply's findings: spans and codes, no text."""
    return pd.DataFrame(
        [{"start": f.start, "end": f.end, "code": f.code, "severity": f.severity} for f in report.findings],
        columns=["start", "end", "code", "severity"],
    )


# -- many stored replies -------------------------------------------------------------------------
def frames(replies: Sequence) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per stored reply and one per warning or error finding."""
    rows, findings = [], []
    for stored in replies:
        report = stored.report or {}
        shown = [f for f in report.get("findings", ()) if f.get("severity") != "info"]
        pair = language_pair(stored)
        base = {"reply_id": stored.id, "id": stored.external_id or str(stored.id), "agent": stored.agent or NO_AGENT}
        rows.append({
            **base,
            "batch_id": stored.batch_id,
            "team": stored.team or "",
            "sent_at": str(stored.sent_at or ""),
            "checked_at": stored.checked_at,
            "verdict": stored.verdict,
            "score": stored.score,
            "customer_language": stored.customer_language or "—",
            "reply_language": stored.reply_language or "—",
            "language_pair": pair,
            "categories": ", ".join(sorted({f["code"].split("/", 1)[0] for f in shown})),
            "findings": len(shown),
            "marked_wrong": len(wrong_findings(stored)),
            "comments": len(stored.comments),
            "redacted": bool(stored.redacted),
        })
        for f in shown:
            findings.append({**base, "category": f["code"].split("/", 1)[0], "code": f["code"],
                             "severity": f["severity"], "language_pair": pair})
    return pd.DataFrame(rows, columns=REPLY_COLUMNS), pd.DataFrame(findings, columns=FINDING_COLUMNS)


def marked_wrong(replies: Iterable) -> pd.DataFrame:
    """Every finding a team lead marked wrong: the false-alarm list to fix."""
    rows = []
    for stored in replies:
        findings = (stored.report or {}).get("findings", [])
        for index, mark in sorted(wrong_findings(stored).items()):
            finding = findings[index] if 0 <= index < len(findings) else {}
            text = "" if stored.reply is None else stored.reply[finding.get("start", 0):finding.get("end", 0)]
            rows.append({"code": mark.code, "reply": stored.external_id or str(stored.id), "agent": stored.agent or NO_AGENT,
                         "text": text, "note": mark.note, "author": mark.author or "", "marked": str(mark.created_at)})
    return pd.DataFrame(rows, columns=["code", "reply", "agent", "text", "note", "author", "marked"])


def precision_table(precision: Iterable) -> pd.DataFrame:
    """Per-check precision, the checks with most false alarms first."""
    table = pd.DataFrame(
        [{"code": p.code, "findings": p.findings, "marked_wrong": p.marked_wrong, "precision": p.precision} for p in precision],
        columns=PRECISION_COLUMNS,
    )
    return table.sort_values(["marked_wrong", "precision", "code"], ascending=[False, True, True]).reset_index(drop=True)


# -- weekly trends -------------------------------------------------------------------------------
def trend_frames(trends: Iterable) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Weekly trends as three long tables: mean score, verdict counts, findings per category."""
    scores, verdicts, categories = [], [], []
    for week in trends:
        start = (getattr(week, "week", None) or week.week_start).isoformat()  # sorts as it reads
        scores.append({"week": start, "mean_score": week.mean_score, "replies": week.replies})
        for verdict in VERDICT_COLOURS:
            verdicts.append({"week": start, "verdict": verdict, "replies": int(week.verdicts.get(verdict, 0))})
        for category in CATEGORIES:
            if week.findings.get(category):
                categories.append({"week": start, "category": category, "findings": int(week.findings[category])})
    return (
        pd.DataFrame(scores, columns=["week", "mean_score", "replies"]),
        pd.DataFrame(verdicts, columns=["week", "verdict", "replies"]),
        pd.DataFrame(categories, columns=["week", "category", "findings"]),
    )


_WEEK = alt.X("week:O", title="week starting (Monday)", axis=alt.Axis(labelAngle=0))


def score_trend_chart(scores: pd.DataFrame) -> alt.Chart:
    """The weekly mean score, a line with a point per week."""
    return alt.Chart(scores, title="Mean score per week").mark_line(point=True).encode(
        x=_WEEK,
        y=alt.Y("mean_score:Q", title="mean score", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("week:O", title="week of"), alt.Tooltip("mean_score:Q", format=".1f"), "replies:Q"],
    )


def verdict_trend_chart(verdicts: pd.DataFrame) -> alt.Chart:
    """Replies per verdict, stacked per week."""
    return alt.Chart(verdicts, title="Verdicts per week").mark_bar().encode(
        x=_WEEK,
        y=alt.Y("sum(replies):Q", title="replies", axis=COUNT_AXIS),
        color=alt.Color("verdict:N", scale=VERDICT_SCALE),
        order=alt.Order("verdict:N"),
        tooltip=[alt.Tooltip("week:O", title="week of"), "verdict:N", "replies:Q"],
    )


def category_trend_chart(categories: pd.DataFrame) -> alt.Chart:
    """Warnings and errors per category, stacked per week."""
    return alt.Chart(categories, title="Warnings and errors by category").mark_bar().encode(
        x=_WEEK,
        y=alt.Y("sum(findings):Q", title="findings", axis=COUNT_AXIS),
        color=alt.Color("category:N", scale=CATEGORY_SCALE),
        tooltip=[alt.Tooltip("week:O", title="week of"), "category:N", "findings:Q"],
    )


# -- the selection's charts (as before the history) ----------------------------------------------
def count_chart(data: pd.DataFrame, by: str, title: str, colour: alt.Color, tooltip: list[str]) -> alt.Chart:
    """A horizontal bar per value of ``by``, longest first."""
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("count():Q", title=title, axis=COUNT_AXIS),
        y=alt.Y(f"{by}:N", sort="-x", title=None),
        color=colour,
        tooltip=tooltip,
    )


def score_chart(checked: pd.DataFrame) -> alt.Chart:
    """How the scores are spread, in bins of ten."""
    return alt.Chart(checked).mark_bar().encode(
        x=alt.X("score:Q", bin=alt.Bin(step=10, extent=[0, 110]), title="score"),
        y=alt.Y("count():Q", title="replies", axis=COUNT_AXIS),
        tooltip=["count()"],
    )
