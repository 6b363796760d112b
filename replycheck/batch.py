"""Checking many sent replies at once: loading rows, running them, tabulating and writing results.

Used by ``replycheck batch`` and the Streamlit review page::

    rows, problems = load_rows(["sample.csv"], mapping={"reply": "body"})
    results = run_batch(rows, checker, workers=2, progress=lambda done, total: ...)
    table = results_table(results)          # flat dicts, one per row
    write_results(results, "results.csv")   # .csv, .jsonl or .html

Inputs: CSV (``,``/``;``/tab separated, any encoding ``replycheck.inputs`` can read), JSONL,
a JSON array, an mbox, or ``.eml`` files. Fields: ``reply`` (required), ``customer``,
``source``, ``agent``, ``id``, ``sent_at``; ``mapping`` names other columns for them.
A row that cannot be checked (no reply, binary junk, a broken line) becomes a
``RowProblem`` or an error ``BatchResult``; it never aborts the batch.
"""

from __future__ import annotations

import csv
import io
import json
import mailbox
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from replycheck import inputs
from replycheck.errors import InputError, ReplycheckError
from replycheck.model import CATEGORIES, Report

FIELDS = ("reply", "customer", "source", "agent", "id", "sent_at")
OUTPUT_SUFFIXES = (".csv", ".jsonl", ".html", ".htm")
_EMAIL_SUFFIXES = (".eml",)
_MBOX_SUFFIXES = (".mbox", ".mbx")


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One reply to check. ``where`` names its origin (``file:line``) for messages."""

    reply: str
    customer: str | None = None
    source: str | None = None
    agent: str | None = None
    id: str | None = None
    sent_at: str | None = None
    where: str = ""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that was skipped while loading, and why."""

    where: str
    message: str
    id: str | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The outcome for one row: a report, or an error message when it could not be checked.

    ``notes`` say what went wrong but was recovered from (a retried LanguageTool failure).
    """

    row: BatchRow
    report: Report | None = None
    error: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.report is not None


# -- loading ----------------------------------------------------------------------------------
def load_rows(paths: Iterable[str | Path], mapping: dict[str, str] | None = None) -> tuple[list[BatchRow], list[RowProblem]]:
    """Read every path (CSV, JSONL/JSON, mbox, .eml) into rows; problems are collected, not raised.

    An unreadable file is one problem; a bad row in a good file is one problem.
    """
    mapping = dict(mapping or {})
    rows: list[BatchRow] = []
    problems: list[RowProblem] = []
    for path in paths:
        path = Path(path)
        try:
            suffix = path.suffix.lower()
            if suffix in _EMAIL_SUFFIXES:
                _load_email(path, rows, problems)
            elif suffix in _MBOX_SUFFIXES or (suffix not in (".csv", ".tsv", ".jsonl", ".json", ".ndjson") and _is_mbox(path)):
                _load_mbox(path, rows, problems)
            elif suffix in (".jsonl", ".ndjson", ".json"):
                _load_json(path, mapping, rows, problems)
            elif suffix in (".csv", ".tsv", ".txt"):
                _load_csv(path, mapping, rows, problems)
            else:
                problems.append(RowProblem(str(path), "unknown file type; use .csv, .jsonl, .mbox or .eml"))
        except InputError as error:
            problems.append(RowProblem(str(path), str(error)))
    return rows, problems


def _is_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def _row_from(record: dict, mapping: dict[str, str], where: str) -> BatchRow | RowProblem:
    """A row from one record (CSV row or JSON object), or the problem that keeps it out."""
    values: dict[str, str | None] = {}
    for name in FIELDS:
        key = mapping.get(name, name)
        value = record.get(key)
        if value is None and key not in record:
            value = next((v for k, v in record.items() if isinstance(k, str) and k.strip().lower() == key.lower()), None)
        if value is not None and not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
        values[name] = value
    row_id = values.get("id") or None
    reply = values.get("reply")
    column = mapping.get("reply", "reply")
    if reply is None:
        return RowProblem(where, f"no {column!r} column", row_id)
    if not reply.strip() or not _visible(reply):
        return RowProblem(where, "empty reply", row_id)
    try:
        inputs.check_text(reply, "reply")
        for name in ("customer", "source"):
            if values.get(name):
                inputs.check_text(values[name], name)
    except InputError as error:
        return RowProblem(where, str(error), row_id)
    return BatchRow(
        reply=reply,
        customer=values.get("customer") or None,
        source=values.get("source") or None,
        agent=values.get("agent") or None,
        id=row_id,
        sent_at=values.get("sent_at") or None,
        where=where,
    )


def _visible(text: str) -> bool:
    import unicodedata

    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc") for ch in text)


def _add(item: BatchRow | RowProblem, rows: list, problems: list) -> None:
    (rows if isinstance(item, BatchRow) else problems).append(item)


def _load_csv(path: Path, mapping: dict[str, str], rows: list, problems: list) -> None:
    text = inputs.decode_bytes(inputs.read_bytes(path), str(path), allow_binary=True).text
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else max(",;\t|", key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))  # long replies are rows, not errors
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        problems.append(RowProblem(str(path), "empty CSV file (no header row)"))
        return
    reply_column = mapping.get("reply", "reply")
    if reply_column.lower() not in (name.strip().lower() for name in reader.fieldnames if name):
        problems.append(RowProblem(str(path), f"no {reply_column!r} column (columns: {', '.join(n for n in reader.fieldnames if n)}); use --column reply=NAME"))
        return
    try:
        for record in reader:
            where = f"{path}:{reader.line_num}"
            record = {k: v for k, v in record.items() if k is not None}
            _add(_row_from(record, mapping, where), rows, problems)
    except csv.Error as error:
        problems.append(RowProblem(f"{path}:{reader.line_num}", f"broken CSV: {error}; the rest of the file was skipped"))


def _load_json(path: Path, mapping: dict[str, str], rows: list, problems: list) -> None:
    data = inputs.read_bytes(path)
    if path.suffix.lower() == ".json":
        text = inputs.decode_bytes(data, str(path)).text
        try:
            records = json.loads(text)
        except json.JSONDecodeError as error:
            problems.append(RowProblem(str(path), f"invalid JSON: {error}"))
            return
        if isinstance(records, dict):
            records = [records]
        if not isinstance(records, list):
            problems.append(RowProblem(str(path), "expected a list of objects"))
            return
        for index, record in enumerate(records, 1):
            where = f"{path}[{index}]"
            if not isinstance(record, dict):
                problems.append(RowProblem(where, "not a JSON object"))
            else:
                _add(_row_from(record, mapping, where), rows, problems)
        return
    for number, raw in enumerate(data.splitlines(), 1):
        where = f"{path}:{number}"
        if not raw.strip():
            continue
        try:
            line = inputs.decode_bytes(raw, f"line {number}").text
            record = json.loads(line)
        except InputError as error:
            problems.append(RowProblem(where, str(error)))
            continue
        except json.JSONDecodeError as error:
            problems.append(RowProblem(where, f"invalid JSON: {error.msg}"))
            continue
        if not isinstance(record, dict):
            problems.append(RowProblem(where, "not a JSON object"))
            continue
        _add(_row_from(record, mapping, where), rows, problems)


def _message_row(message_text: inputs.MessageText, message, where: str) -> BatchRow:
    def header(name: str) -> str | None:
        try:
            value = message.get(name)
        except Exception:  # noqa: BLE001  (malformed header)
            return None
        return str(value) if value else None

    return BatchRow(
        reply=message_text.reply,
        customer=message_text.customer,
        agent=header("from"),
        id=header("message-id"),
        sent_at=header("date"),
        where=where,
    )


def _load_email(path: Path, rows: list, problems: list) -> None:
    import email
    import email.policy

    data = inputs.read_bytes(path)
    if inputs.looks_binary(data):
        problems.append(RowProblem(str(path), "looks like binary data, not an e-mail message"))
        return
    message = email.message_from_bytes(data, policy=email.policy.default)
    try:
        text = inputs.parse_email(message, str(path))
    except InputError as error:
        problems.append(RowProblem(str(path), str(error)))
        return
    rows.append(_message_row(text, message, str(path)))


def _load_mbox(path: Path, rows: list, problems: list) -> None:
    import email
    import email.policy

    if not path.is_file():
        raise InputError(f"{path}: no such file")

    def parse(handle):
        return email.message_from_binary_file(handle, policy=email.policy.default)

    box = mailbox.mbox(str(path), factory=parse, create=False)
    try:
        for index, message in enumerate(box, 1):
            where = f"{path}#{index}"
            if message is None:
                problems.append(RowProblem(where, "unreadable message"))
                continue
            try:
                text = inputs.parse_email(message, f"message {index}")
            except InputError as error:
                problems.append(RowProblem(where, str(error)))
                continue
            except Exception as error:  # noqa: BLE001  (a malformed message must not end the batch)
                problems.append(RowProblem(where, f"unreadable message: {type(error).__name__}: {error}"))
                continue
            rows.append(_message_row(text, message, where))
    finally:
        box.close()


# -- running ----------------------------------------------------------------------------------
def _check_row(row: BatchRow, checker, glossary) -> BatchResult:
    """Check one row; a failure becomes an error result. A check that failed inside the
    report (LanguageTool died, say) is retried once, and the better report kept."""
    notes: list[str] = []
    try:
        report = checker.check(row.reply, row.customer, row.source, glossary=glossary)
    except ReplycheckError as error:
        return BatchResult(row, None, str(error))
    except Exception as error:  # noqa: BLE001  (one row's crash must not end the batch)
        try:  # an engine that died may be restarted by the next call
            report = checker.check(row.reply, row.customer, row.source, glossary=glossary)
            notes.append(f"retried after {type(error).__name__}: {error}")
        except Exception as again:  # noqa: BLE001
            return BatchResult(row, None, f"{type(again).__name__}: {again}")
    if report.errors:
        try:
            retry = checker.check(row.reply, row.customer, row.source, glossary=glossary)
        except Exception:  # noqa: BLE001
            retry = None
        if retry is not None and len(retry.errors) < len(report.errors):
            notes.append("retried after: " + "; ".join(f"{e.name}: {e.reason}" for e in report.errors))
            report = retry
        else:
            notes.extend(f"{e.name} failed: {e.reason}" for e in report.errors)
    return BatchResult(row, report, None, tuple(notes))


def run_batch(
    rows: Sequence[BatchRow],
    checker,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    *,
    glossary=None,
) -> list[BatchResult]:
    """Check every row with ``checker``; results come back in the rows' order.

    ``progress(done, total)`` is called after each row (from the calling thread when
    ``workers`` is 1, from worker threads otherwise). A row that fails is an error result.
    """
    rows = list(rows)
    total = len(rows)
    results: list[BatchResult | None] = [None] * total
    done = 0
    lock = threading.Lock()

    def run(index: int) -> None:
        nonlocal done
        results[index] = _check_row(rows[index], checker, glossary)
        with lock:
            done += 1
            if progress is not None:
                progress(done, total)

    if progress is not None:
        progress(0, total)
    if workers <= 1 or total <= 1:
        for index in range(total):
            run(index)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(run, index) for index in range(total)]:
                future.result()
    return [r for r in results if r is not None]


# -- results ----------------------------------------------------------------------------------
def _summary_of(report: Report, limit: int = 8) -> str:
    parts = []
    for finding in report.findings:
        if finding.severity == "info":
            continue
        snippet = report.reply[finding.start : finding.end].replace("\n", " ").strip()
        if len(snippet) > 40:
            snippet = snippet[:39] + "…"
        parts.append(f"{finding.code}" + (f" '{snippet}'" if snippet else ""))
    if len(parts) > limit:
        parts = parts[:limit] + [f"+{len(parts) - limit} more"]
    return "; ".join(parts)


def result_row(result: BatchResult) -> dict:
    """One flat dict for a result (the columns of ``results_table``)."""
    row, report = result.row, result.report
    out = {
        "id": row.id or "",
        "agent": row.agent or "",
        "sent_at": row.sent_at or "",
        "where": row.where,
        "reply_language": report.reply_language.code if report else "",
        "reply_confidence": round(report.reply_language.confidence, 3) if report else None,
        "customer_language": (report.customer_language.code if report and report.customer_language else ""),
        "verdict": report.verdict if report else "",
        "score": report.score if report else None,
        "errors": len(report.at_least("error")) if report else 0,
        "warnings": sum(1 for f in report.findings if f.severity == "warning") if report else 0,
    }
    counts = Counter(f.category for f in report.findings if f.severity != "info") if report else Counter()
    for category in CATEGORIES:
        out[category] = counts.get(category, 0)
    out["findings"] = _summary_of(report) if report else ""
    out["error"] = result.error or ""
    return out


def results_table(results: Iterable[BatchResult]) -> list[dict]:
    """Flat rows: id, agent, sent_at, where, reply/customer language, verdict, score, counts of
    errors and warnings, one count per category (warnings and errors), a findings summary, error."""
    return [result_row(r) for r in results]


def _problem_row(problem: RowProblem) -> dict:
    blank = result_row(BatchResult(BatchRow(reply="", id=problem.id, where=problem.where), None, problem.message))
    return blank


def write_results(results: Sequence[BatchResult], path: str | Path, problems: Sequence[RowProblem] = ()) -> Path:
    """Write results as ``.csv`` (``results_table`` + skipped rows), ``.jsonl`` (one object per
    row with the full report) or ``.html`` (a self-contained report)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise InputError(f"{path}: write .csv, .jsonl or .html")
    results = list(results)
    order = _input_order([r.row.where for r in results] + [p.where for p in problems])
    results = sorted(results, key=lambda r: order(r.row.where))
    problems = sorted(problems, key=lambda p: order(p.where))
    try:
        if suffix == ".csv":
            table = [row for _, row in sorted(
                [(order(r.row.where), result_row(r)) for r in results]
                + [(order(p.where), _problem_row(p)) for p in problems],
                key=lambda item: item[0],
            )]
            columns = list(result_row(BatchResult(BatchRow(reply="x"))).keys())
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                writer.writerows(table)
        elif suffix == ".jsonl":
            records = [
                (order(r.row.where), {
                    "id": r.row.id, "agent": r.row.agent, "sent_at": r.row.sent_at, "where": r.row.where,
                    "report": r.report.to_dict() if r.report else None,
                    "error": r.error,
                })
                for r in results
            ] + [
                (order(p.where), {"id": p.id, "agent": None, "sent_at": None, "where": p.where,
                                  "report": None, "error": p.message})
                for p in problems
            ]
            with path.open("w", encoding="utf-8") as handle:
                for _, record in sorted(records, key=lambda item: item[0]):
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            failed = [BatchResult(BatchRow(reply="", id=p.id or p.where, where=p.where), None, p.message) for p in problems]
            path.write_text(_html(results + failed), encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot write ({error.strerror or error})") from None
    return path


_POSITION = re.compile(r"^(.*?)(?:[:#\[](\d+)\]?)?$")


def _input_order(places: Iterable[str]) -> Callable[[str], tuple[int, int]]:
    """A sort key putting ``file:line`` places back in input order (files as first seen)."""
    files: dict[str, int] = {}
    for place in places:
        files.setdefault(_POSITION.match(place).group(1), len(files))

    def key(place: str) -> tuple[int, int]:
        match = _POSITION.match(place)
        return files.get(match.group(1), len(files)), int(match.group(2) or 0)

    return key


def _html(results: list[BatchResult]) -> str:
    try:
        from replycheck.formats.html import batch_report_html
    except ImportError:  # the HTML renderer is optional; keep a plain table
        import html

        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r.values()) + "</tr>"
            for r in results_table(results)
        )
        return f"<!DOCTYPE html><meta charset='utf-8'><title>replycheck batch</title><table>{rows}</table>\n"
    return batch_report_html(results)


def summarize(results: Sequence[BatchResult], problems: Sequence[RowProblem] = ()) -> str:
    """One line: how many rows were checked and skipped, verdicts and mean score."""
    checked = [r for r in results if r.report is not None]
    failed = len(results) - len(checked) + len(problems)
    verdicts = Counter(r.report.verdict for r in checked)
    mean = sum(r.report.score for r in checked) / len(checked) if checked else 0.0
    return (
        f"{len(checked)} checked, {failed} skipped; "
        f"ok {verdicts['ok']}, review {verdicts['review']}, block {verdicts['block']}; "
        f"mean score {mean:.1f}"
    )
