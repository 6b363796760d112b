"""Checking many sent replies at once: loading rows, running them, tabulating and writing results.

Used by ``replycheck batch`` and the Streamlit review page::

    rows, problems = load_rows(["sample.csv"], mapping={"reply": "body"})
    results = run_batch(rows, checker, workers=2, progress=lambda done, total: ...)
    table = results_table(results)          # flat dicts, one per row
    write_results(results, "results.csv")   # .csv, .jsonl or .html

Inputs: CSV (``,``/``;``/tab separated, any encoding ``replycheck.inputs`` can read), JSONL,
a JSON array, an mbox, or ``.eml`` files. Fields: ``reply`` (required), ``customer``,
``source``, ``agent``, ``id``, ``sent_at``; ``mapping`` names other columns for them.
A row that cannot be checked (no reply, binary junk, a broken line, a malformed message)
becomes a ``RowProblem`` (keeping its id, agent and send time) or an error ``BatchResult``;
it never aborts the batch and never changes how the other rows are read. Uploaded bytes are
given as ``Upload(name, data)`` so results name the user's file, not a temporary copy.
The CSV export neutralises spreadsheet formulas (``spreadsheet_safe``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
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
    """One reply to check. ``where`` names its origin (``file:line``, ``file#n`` for a message
    in an mbox) by the user's file name; ``notes`` say how it was read (another encoding)."""

    reply: str
    customer: str | None = None
    source: str | None = None
    agent: str | None = None
    id: str | None = None
    sent_at: str | None = None
    where: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that was skipped while loading, and why; its id, agent and send time are kept."""

    where: str
    message: str
    id: str | None = None
    agent: str | None = None
    sent_at: str | None = None


@dataclass(frozen=True, slots=True)
class Upload:
    """An input given as bytes (a file uploaded to the review page) under the user's own file
    name, which is what results and problems name (``sample.csv:12``), not a temporary path."""

    name: str
    data: bytes


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
@dataclass(frozen=True, slots=True)
class _Source:
    """One input: the name results use, and its bytes (read when first needed)."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        return inputs.read_bytes(self.path)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


def _sources(items: Iterable[str | Path | Upload]) -> list[_Source]:
    sources: list[_Source] = []
    seen: Counter = Counter()
    for item in items:
        if isinstance(item, Upload):
            name = Path(item.name).name or "upload"
            seen[name] += 1
            if seen[name] > 1:  # two uploads of the same name: tell them apart
                stem, suffix = Path(name).stem, Path(name).suffix
                name = f"{stem} ({seen[name]}){suffix}"
            sources.append(_Source(name, data=bytes(item.data)))
        else:
            sources.append(_Source(str(item), path=Path(item)))
    return sources


def load_rows(
    paths: Iterable[str | Path | Upload], mapping: dict[str, str] | None = None
) -> tuple[list[BatchRow], list[RowProblem]]:
    """Read every path or ``Upload`` (CSV, JSONL/JSON, mbox, .eml) into rows; problems are
    collected, not raised.

    An unreadable file is one problem; a bad row in a good file is one problem, and the other
    rows are read as if it were not there.
    """
    mapping = dict(mapping or {})
    rows: list[BatchRow] = []
    problems: list[RowProblem] = []
    for source in _sources(paths):
        try:
            suffix = source.suffix
            if suffix in _EMAIL_SUFFIXES:
                _load_email(source, rows, problems)
            elif suffix in _MBOX_SUFFIXES or (suffix not in (".csv", ".tsv", ".jsonl", ".json", ".ndjson") and _is_mbox(source)):
                _load_mbox(source, rows, problems)
            elif suffix in (".jsonl", ".ndjson", ".json"):
                _load_json(source, mapping, rows, problems)
            elif suffix in (".csv", ".tsv", ".txt"):
                _load_csv(source, mapping, rows, problems)
            else:
                problems.append(RowProblem(source.name, "unknown file type; use .csv, .jsonl, .mbox or .eml"))
        except InputError as error:
            problems.append(RowProblem(source.name, str(error)))
    return rows, problems


def _is_mbox(source: _Source) -> bool:
    try:
        return source.read()[:5] == b"From "
    except InputError:
        return False


def _row_from(record: dict, mapping: dict[str, str], where: str) -> BatchRow | RowProblem:
    """A row from one record (CSV row or JSON object), or the problem that keeps it out."""
    values = _values(record, mapping)
    row_id = values.get("id") or None
    keep = {"id": row_id, "agent": values.get("agent") or None, "sent_at": values.get("sent_at") or None}
    reply = values.get("reply")
    column = mapping.get("reply", "reply")
    if reply is None:
        return RowProblem(where, f"no {column!r} column", **keep)
    if not reply.strip() or not _visible(reply):
        return RowProblem(where, "empty reply", **keep)
    try:
        inputs.check_text(reply, "reply")
        for name in ("customer", "source"):
            if values.get(name):
                inputs.check_text(values[name], name)
    except InputError as error:
        return RowProblem(where, str(error), **keep)
    return BatchRow(
        reply=reply,
        customer=values.get("customer") or None,
        source=values.get("source") or None,
        where=where,
        **keep,
    )


def _values(record: dict, mapping: dict[str, str]) -> dict[str, str | None]:
    """The ``FIELDS`` of a record, as text, by their mapped (case-insensitive) column names."""
    values: dict[str, str | None] = {}
    for name in FIELDS:
        key = mapping.get(name, name)
        value = record.get(key)
        if value is None and key not in record:
            value = next((v for k, v in record.items() if isinstance(k, str) and k.strip().lower() == key.lower()), None)
        if value is not None and not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
        values[name] = value
    return values


_UNDECODED = re.compile("[\udc80-\udcff]+")


def _printable(value: str | None) -> str | None:
    """A field of a refused row made safe to show and write: undecodable bytes as U+FFFD."""
    return _UNDECODED.sub("\ufffd", value) if value else value


def _visible(text: str) -> bool:
    import unicodedata

    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc") for ch in text)


def _add(item: BatchRow | RowProblem, rows: list, problems: list) -> None:
    (rows if isinstance(item, BatchRow) else problems).append(item)


def _load_csv(source: _Source, mapping: dict[str, str], rows: list, problems: list) -> None:
    decoded = inputs.decode_records(source.read(), source.name)
    text = decoded.text
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if source.suffix == ".tsv" else max(",;\t|", key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))  # long replies are rows, not errors
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        problems.append(RowProblem(source.name, "empty CSV file (no header row)"))
        return
    reply_column = mapping.get("reply", "reply")
    if reply_column.lower() not in (name.strip().lower() for name in reader.fieldnames if name):
        problems.append(RowProblem(source.name, f"no {reply_column!r} column (columns: {', '.join(n for n in reader.fieldnames if n)}); use --column reply=NAME"))
        return
    blank = {n for n, line in enumerate(io.StringIO(text, newline=""), 1) if not line.strip()}
    last = reader.line_num
    try:
        for number, record in enumerate(reader, 1):
            lines = [n for n in range(last + 1, reader.line_num + 1) if n not in blank] or [reader.line_num]
            last = reader.line_num
            where = f"{source.name}:{lines[0]}"
            record = {k: v for k, v in record.items() if k is not None}
            refused = [decoded.refused[n] for n in lines if n in decoded.refused]
            if refused:
                values = _values(record, mapping)
                problems.append(RowProblem(
                    where, f"row {number}: {refused[0]}", _printable(values.get("id")) or None,
                    _printable(values.get("agent")) or None, _printable(values.get("sent_at")) or None,
                ))
                continue
            item = _row_from(record, mapping, where)
            notes = tuple(f"row {number}: {decoded.notes[n]}" for n in lines if n in decoded.notes)
            if notes and isinstance(item, BatchRow):
                item = dataclasses.replace(item, notes=notes)
            _add(item, rows, problems)
    except csv.Error as error:
        problems.append(RowProblem(f"{source.name}:{reader.line_num}", f"broken CSV: {error}; the rest of the file was skipped"))


def _load_json(source: _Source, mapping: dict[str, str], rows: list, problems: list) -> None:
    data = source.read()
    if source.suffix == ".json":
        text = inputs.decode_bytes(data, source.name).text
        try:
            records = json.loads(text)
        except json.JSONDecodeError as error:
            problems.append(RowProblem(source.name, f"invalid JSON: {error}"))
            return
        if isinstance(records, dict):
            records = [records]
        if not isinstance(records, list):
            problems.append(RowProblem(source.name, "expected a list of objects"))
            return
        for index, record in enumerate(records, 1):
            where = f"{source.name}[{index}]"
            if not isinstance(record, dict):
                problems.append(RowProblem(where, "not a JSON object"))
            else:
                _add(_row_from(record, mapping, where), rows, problems)
        return
    for number, raw in enumerate(data.splitlines(), 1):
        where = f"{source.name}:{number}"
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
        except RecursionError:
            problems.append(RowProblem(where, "invalid JSON: nested too deeply"))
            continue
        if not isinstance(record, dict):
            problems.append(RowProblem(where, "not a JSON object"))
            continue
        _add(_row_from(record, mapping, where), rows, problems)


def _load_message(data: bytes, what: str, where: str, rows: list, problems: list) -> None:
    """One e-mail message as a row, or one problem with a one-line reason (never raises)."""
    if inputs.looks_binary(data):
        problems.append(RowProblem(where, "looks like binary data, not an e-mail message"))
        return
    try:
        text = inputs.parse_email(data, what)
    except InputError as error:
        headers = inputs.message_headers(data)
        problems.append(RowProblem(
            where, " ".join(str(error).split()), headers.get("message-id"), headers.get("from"), headers.get("date")
        ))
        return
    rows.append(BatchRow(
        reply=text.reply, customer=text.customer, agent=text.sender, id=text.message_id,
        sent_at=text.date, where=where, notes=text.notes,
    ))


def _load_email(source: _Source, rows: list, problems: list) -> None:
    _load_message(source.read(), source.name, source.name, rows, problems)


_MBOX_FROM = re.compile(rb"^From ", re.M)


def _mbox_messages(data: bytes) -> list[bytes]:
    """The messages of an mbox, split where the ``mailbox`` module splits them (every line
    starting ``From ``), without their ``From `` lines."""
    starts = [m.start() for m in _MBOX_FROM.finditer(data)]
    messages = []
    for start, end in zip(starts, starts[1:] + [len(data)]):
        chunk = data[start:end]
        newline = chunk.find(b"\n")
        body = chunk[newline + 1 :] if newline >= 0 else b""
        if body.endswith(b"\r\n"):
            body = body[:-2]
        elif body.endswith(b"\n"):
            body = body[:-1]
        messages.append(body)
    return messages


def _load_mbox(source: _Source, rows: list, problems: list) -> None:
    data = source.read()
    if data.strip() and not _MBOX_FROM.search(data):
        raise InputError(f"{source.name}: not an mbox (no line starts with 'From ')")
    for index, message in enumerate(_mbox_messages(data), 1):
        _load_message(message, f"message {index}", f"{source.name}#{index}", rows, problems)


# -- running ----------------------------------------------------------------------------------
def _check_row(row: BatchRow, checker, glossary, first: Callable[[], Report] | None = None) -> BatchResult:
    """Check one row; a failure becomes an error result. A check that failed inside the
    report (LanguageTool died, say) is retried once, and the better report kept.

    ``first`` makes the first report (default: ``checker.check`` of the row), e.g. the
    ``finish`` of a check a pipelined worker began."""
    notes: list[str] = list(row.notes)
    try:
        report = first() if first is not None else checker.check(row.reply, row.customer, row.source, glossary=glossary)
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


def _problem_result(problem: RowProblem) -> BatchResult:
    """A skipped row as an error result, with the id, agent and send time it had."""
    row = BatchRow(reply="", id=problem.id, agent=problem.agent, sent_at=problem.sent_at, where=problem.where)
    return BatchResult(row, None, problem.message)


def _problem_row(problem: RowProblem) -> dict:
    return result_row(_problem_result(problem))


#: What a spreadsheet reads as a formula (or a cell starting one) when a cell begins with it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula
    (``=HYPERLINK(...)``, ``+``, ``-``, ``@``, a tab or CR first), as OWASP advises against
    CSV injection; numbers and other text are unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


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
                writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in table)
        elif suffix == ".jsonl":
            records = [
                (order(r.row.where), {
                    "id": r.row.id, "agent": r.row.agent, "sent_at": r.row.sent_at, "where": r.row.where,
                    "report": r.report.to_dict() if r.report else None,
                    "error": r.error,
                })
                for r in results
            ] + [
                (order(p.where), {"id": p.id, "agent": p.agent, "sent_at": p.sent_at, "where": p.where,
                                  "report": None, "error": p.message})
                for p in problems
            ]
            with path.open("w", encoding="utf-8") as handle:
                for _, record in sorted(records, key=lambda item: item[0]):
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            failed = [_problem_result(p) for p in problems]
            failed = [dataclasses.replace(f, row=dataclasses.replace(f.row, id=f.row.id or f.row.where)) for f in failed]
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


# -- at scale ---------------------------------------------------------------------------------
def run(inputs, out, **options):
    """Check every reply in ``inputs`` and write each result to ``out`` as it is done.

    ``out``: ``.csv``/``.jsonl`` (written row by row in input order, flushed per row) or
    ``.html``. Options: ``checker`` or ``config``, ``workers`` (threads sharing one Checker:
    LanguageTool requests in flight), ``processes=True`` (the workers are processes, each with
    its own Checker asking the same LanguageTool server: replycheck's checks on every core), ``mapping``, ``glossary``, ``resume`` (skip rows whose
    id is already in ``out``), ``progress(done, total)``, ``message(kind, where, text)``, and
    ``client=dask.distributed.Client(...)`` to spread the rows over a Dask cluster (see
    ``replycheck.dask_batch``; ``out`` may then be ``folder/part-*.jsonl``). Returns a
    ``streaming.BatchSummary``.
    """
    from replycheck.streaming import run as run_streaming

    return run_streaming(inputs, out, **options)
