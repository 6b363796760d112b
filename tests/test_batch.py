"""replycheck.batch: loading CSV/JSONL/mbox/.eml, bad rows skipped, results written."""

from __future__ import annotations

import csv
import json
import mailbox
from email.message import EmailMessage

import pytest

from replycheck.batch import (
    BatchResult,
    BatchRow,
    RowProblem,
    load_rows,
    results_table,
    run_batch,
    summarize,
    write_results,
)
from replycheck.model import CATEGORIES

SV_REPLY = "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik"
EN_REPLY = "Hello Anna,\n\nThank you for your email. We will send a new item to you today.\n\nBest regards\nErik"
SV_CUSTOMER = "Hej, min beställning har inte kommit och jag har väntat i två veckor. Vad händer?"


def write_csv(path, rows, delimiter=","):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(row)
    return path


def test_load_csv_with_bad_rows(tmp_path):
    path = write_csv(
        tmp_path / "sample.csv",
        [
            ["id", "agent", "customer", "reply", "sent_at"],
            ["1", "erik", SV_CUSTOMER, SV_REPLY, "2024-03-04"],
            ["2", "erik", SV_CUSTOMER, "   ", ""],
            ["3", "lisa", SV_CUSTOMER, "junk \x00\x01\x02\x03 data", ""],
            ["4", "lisa", SV_CUSTOMER, EN_REPLY, ""],
        ],
    )
    rows, problems = load_rows([path])
    assert [r.id for r in rows] == ["1", "4"]
    assert rows[0].reply == SV_REPLY and rows[0].customer == SV_CUSTOMER and rows[0].agent == "erik"
    assert rows[0].sent_at == "2024-03-04"
    assert [(p.id, p.message) for p in problems] == [("2", "empty reply"), ("3", "reply looks like binary data, not text")]
    assert problems[0].where.startswith(str(path))


def test_load_csv_semicolon_and_column_mapping(tmp_path):
    path = write_csv(tmp_path / "export.csv", [["Body", "Kund"], [SV_REPLY, SV_CUSTOMER]], delimiter=";")
    rows, problems = load_rows([path], {"reply": "body", "customer": "Kund"})
    assert not problems
    assert rows[0].reply == SV_REPLY and rows[0].customer == SV_CUSTOMER


def test_load_csv_without_reply_column_is_one_problem(tmp_path):
    path = write_csv(tmp_path / "wrong.csv", [["text"], ["hello"]])
    rows, problems = load_rows([path])
    assert rows == [] and len(problems) == 1 and "reply" in problems[0].message


def test_load_jsonl_with_broken_lines(tmp_path):
    path = tmp_path / "sample.jsonl"
    lines = [
        json.dumps({"id": 1, "reply": SV_REPLY, "customer": SV_CUSTOMER}, ensure_ascii=False).encode(),
        b"{not json",
        json.dumps({"id": 2, "reply": ""}).encode(),
        json.dumps({"id": 3, "customer": "x"}).encode(),
        b"\xff\xfe\x00\x00garbage\x00",
        json.dumps(["a list"]).encode(),
        json.dumps({"id": 4, "reply": EN_REPLY, "agent": "lisa"}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    rows, problems = load_rows([path])
    assert [r.id for r in rows] == ["1", "4"]
    assert len(problems) == 5
    assert [p.where for p in problems] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]


def _message(body: str, sender: str = "erik@example.com") -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "anna@example.se", "Re: order"
    message["Message-ID"] = f"<{abs(hash(body))}@example.com>"
    message.set_content(body)
    return message


def test_load_mbox_and_eml(tmp_path):
    box_path = tmp_path / "sent.mbox"
    box = mailbox.mbox(str(box_path))
    quoted = EN_REPLY + "\n\nOn Mon, 4 Mar 2024 at 10:00, Anna <anna@example.se> wrote:\n> " + SV_CUSTOMER + "\n"
    box.add(_message(SV_REPLY))
    box.add(_message(quoted, "lisa@example.com"))
    image = EmailMessage()
    image["From"], image["Subject"] = "x@example.com", "scan"
    image.add_attachment(b"\x89PNG", maintype="image", subtype="png", filename="a.png")
    box.add(image)
    box.flush()
    box.close()
    eml = tmp_path / "one.eml"
    eml.write_bytes(bytes(_message(SV_REPLY)))

    rows, problems = load_rows([box_path, eml])
    assert len(rows) == 3 and len(problems) == 1
    assert "no text part" in problems[0].message
    assert rows[1].agent == "lisa@example.com"
    assert rows[1].reply == EN_REPLY and rows[1].customer == SV_CUSTOMER
    assert rows[2].where == str(eml)


def test_run_batch_keeps_order_contains_errors_and_reports_progress(fast_checker):
    rows = [
        BatchRow(reply=SV_REPLY, customer=SV_CUSTOMER, id="a"),
        BatchRow(reply="x" * (fast_checker.config.max_reply_chars + 1), id="too-long"),
        BatchRow(reply=EN_REPLY, customer=SV_CUSTOMER, id="b"),
    ]
    seen = []
    results = run_batch(rows, fast_checker, workers=2, progress=lambda done, total: seen.append((done, total)))
    assert [r.row.id for r in results] == ["a", "too-long", "b"]
    assert results[0].report.verdict == "ok"
    assert results[1].report is None and "limit" in results[1].error
    assert [f.code for f in results[2].report.findings] == ["language/mismatch"]
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


class FlakyChecker:
    """A real checker whose first call raises, as a LanguageTool server dying would."""

    def __init__(self, checker):
        self.checker, self.calls = checker, 0

    def check(self, *args, **kwargs):
        self.calls += 1
        if self.calls == 1:
            raise ConnectionError("LanguageTool server went away")
        return self.checker.check(*args, **kwargs)


def test_engine_failure_is_retried_not_lost(fast_checker):
    results = run_batch([BatchRow(reply=SV_REPLY, id="a")], FlakyChecker(fast_checker))
    assert results[0].report is not None and results[0].error is None
    assert "ConnectionError" in results[0].notes[0]


def test_results_table_and_writers(tmp_path, fast_checker):
    rows = [BatchRow(reply=EN_REPLY, customer=SV_CUSTOMER, id="b", agent="lisa"), BatchRow(reply="x" * 10, id="bad")]
    results = run_batch(rows, fast_checker)
    results[1] = BatchResult(rows[1], None, "reply is empty")
    table = results_table(results)
    assert table[0]["id"] == "b" and table[0]["agent"] == "lisa" and table[0]["verdict"] == "block"
    assert table[0]["reply_language"] == "en" and table[0]["customer_language"] == "sv"
    assert table[0]["language"] == 1 and all(c in table[0] for c in CATEGORIES)
    assert "language/mismatch 'Thank you" in table[0]["findings"]
    assert table[1]["error"] == "reply is empty" and table[1]["score"] is None

    problems = [RowProblem("in.csv:9", "empty reply", "c")]
    out_csv = write_results(results, tmp_path / "r.csv", problems)
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [r["id"] for r in written] == ["b", "bad", "c"]
    assert written[0]["score"] == str(results[0].report.score)

    out_jsonl = write_results(results, tmp_path / "r.jsonl", problems)
    records = [json.loads(line) for line in out_jsonl.read_text(encoding="utf-8").splitlines()]
    assert records[0]["report"] == results[0].report.to_dict()
    assert records[1]["report"] is None and records[2]["error"] == "empty reply"

    out_html = write_results(results, tmp_path / "r.html", problems)
    page = out_html.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "language/mismatch" in page


def test_summarize(fast_checker):
    results = run_batch([BatchRow(reply=SV_REPLY), BatchRow(reply=EN_REPLY, customer=SV_CUSTOMER)], fast_checker)
    line = summarize(results, [RowProblem("x", "empty reply")])
    assert line.startswith("2 checked, 1 skipped; ok 1, review 0, block 1")


def test_frozen():
    with pytest.raises(AttributeError):
        BatchRow(reply="x").reply = "y"  # type: ignore[misc]


@pytest.mark.languagetool
@pytest.mark.slow
def test_languagetool_killed_mid_batch_loses_no_row():
    """Kill the real LanguageTool server while the batch runs: every row still gets a full report."""
    import os
    import signal

    from replycheck import Checker, Config

    replies = [
        SV_REPLY.replace("Erik", f"Erik {n}").replace("skickar", "skikar" if n % 2 else "skickar") for n in range(12)
    ]
    rows = [BatchRow(reply=r, customer=SV_CUSTOMER, id=str(n)) for n, r in enumerate(replies)]
    with Checker(Config(languagetool="auto")) as checker:
        engine = checker.languagetool()
        engine.start()
        killed = []

        def progress(done, total):
            if done == 4 and not killed:
                killed.append(engine.pid)
                os.kill(engine.pid, signal.SIGKILL)

        results = run_batch(rows, checker, progress=progress)
        assert killed and killed[0] is not None
        assert engine.pid != killed[0]  # a new server took over
    assert [r.row.id for r in results] == [str(n) for n in range(12)]
    for n, result in enumerate(results):
        assert result.error is None and result.report is not None, result
        assert not result.report.errors, (n, result.report.errors, result.notes)
        flagged = [
            result.report.reply[f.start : f.end]
            for f in result.report.findings
            if f.category in ("spelling", "grammar") and "skikar" in result.report.reply[f.start : f.end]
        ]
        assert bool(flagged) == bool(n % 2), (n, flagged)  # LanguageTool really ran on every row


def test_csv_with_a_very_long_reply_is_one_row_not_a_broken_file(tmp_path):
    long_reply = "Tack för ditt mejl. " * 20_000  # 400,000 characters: over csv's default field limit
    path = write_csv(tmp_path / "long.csv", [["id", "reply"], ["1", long_reply], ["2", SV_REPLY]])
    rows, problems = load_rows([path])
    assert [r.id for r in rows] == ["1", "2"] and not problems


# -- issue 13: nothing breaks, nothing is lost, nothing leaks ---------------------------------
DE_REPLY = "Hallo Frau Weber,\n\nvielen Dank für Ihre Nachricht. Wir senden Ihnen heute ein neues Paket.\n\nMit freundlichen Grüßen\nJonas"


def _clean_sample(count=200):
    """``count`` rows of Swedish and German replies, as UTF-8 CSV lines (header first)."""
    lines = ["id,agent,reply,sent_at"]
    for n in range(1, count + 1):
        reply = (SV_REPLY if n % 2 else DE_REPLY).replace("\n", " ")
        lines.append(f'{n},agent{n % 3},"{reply}",2024-03-{n % 28 + 1:02d}')
    return lines


def test_one_binary_row_does_not_garble_the_other_rows(tmp_path):
    lines = [line.encode("utf-8") for line in _clean_sample()]
    lines[100] = b"100,agent1,\xff\xfe\x00,2024-03-05"  # row 100 is binary junk
    path = tmp_path / "sample.csv"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    rows, problems = load_rows([path])
    assert len(rows) == 199
    originals = {str(n): (SV_REPLY if n % 2 else DE_REPLY).replace("\n", " ") for n in range(1, 201)}
    assert all(row.reply == originals[row.id] for row in rows)  # untouched, not re-decoded
    assert [(p.where, p.id, p.agent, p.sent_at) for p in problems] == [(f"{path}:101", "100", "agent1", "2024-03-05")]
    assert "row 100" in problems[0].message and "binary" in problems[0].message


def test_a_row_in_another_encoding_is_decoded_on_its_own_with_a_note(tmp_path):
    lines = [line.encode("utf-8") for line in _clean_sample(20)]
    lines[5] = '5,agent2,"Hej, tack för ditt mejl. Vi återkommer så snart vi kan. Hälsningar Åsa",2024-03-06'.encode("cp1252")
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    rows, problems = load_rows([path])
    assert not problems and len(rows) == 20
    assert rows[4].reply == "Hej, tack för ditt mejl. Vi återkommer så snart vi kan. Hälsningar Åsa"
    assert rows[4].notes and "cp1252" in rows[4].notes[0] and "row 5" in rows[4].notes[0]
    assert rows[0].reply == SV_REPLY.replace("\n", " ") and not rows[0].notes


def test_a_legacy_encoded_file_is_still_read_whole(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes("id,reply\n1,\"Hej! Tack för ditt mejl, vi återkommer i morgon.\"\n2,Vielen Dank für Ihre Geduld.\n".encode("cp1252"))
    rows, problems = load_rows([path])
    assert not problems
    assert [r.reply for r in rows] == ["Hej! Tack för ditt mejl, vi återkommer i morgon.", "Vielen Dank für Ihre Geduld."]


def test_uploads_are_named_by_the_users_file_name(tmp_path):
    from replycheck.batch import Upload

    data = "\n".join(_clean_sample(3) + ["4,agent1,,2024-03-09"]).encode("utf-8")
    rows, problems = load_rows([Upload("sample.csv", data)])
    assert [r.where for r in rows] == ["sample.csv:2", "sample.csv:3", "sample.csv:4"]
    assert [p.where for p in problems] == ["sample.csv:5"]
    box = mailbox.mbox(str(tmp_path / "sent.mbox"))
    box.add(_message(SV_REPLY))
    box.close()
    rows, problems = load_rows([Upload("sent.mbox", (tmp_path / "sent.mbox").read_bytes()), Upload("one.eml", bytes(_message(SV_REPLY)))])
    assert [r.where for r in rows] == ["sent.mbox#1", "one.eml"] and not problems
    out = write_results([BatchResult(r) for r in rows], tmp_path / "r.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert [r["where"] for r in csv.DictReader(handle)] == ["sent.mbox#1", "one.eml"]


def test_skipped_rows_keep_agent_and_sent_at_in_every_export(tmp_path):
    path = write_csv(tmp_path / "s.csv", [["id", "agent", "reply", "sent_at"], ["7", "lisa", "  ", "2024-03-04 10:00"]])
    rows, problems = load_rows([path])
    assert not rows and (problems[0].agent, problems[0].sent_at) == ("lisa", "2024-03-04 10:00")
    with write_results([], tmp_path / "r.csv", problems).open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert (written[0]["id"], written[0]["agent"], written[0]["sent_at"]) == ("7", "lisa", "2024-03-04 10:00")
    assert written[0]["where"] == f"{path}:2" and written[0]["error"] == "empty reply"
    record = json.loads(write_results([], tmp_path / "r.jsonl", problems).read_text(encoding="utf-8"))
    assert (record["agent"], record["sent_at"]) == ("lisa", "2024-03-04 10:00")


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\r=1+1"])
def test_csv_export_neutralises_formulas(tmp_path, value):
    problems = [RowProblem(f"{value}:3", value, value, agent=value, sent_at=value)]
    out = write_results([], tmp_path / "r.csv", problems)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        written = next(csv.DictReader(handle))
    for column in ("id", "agent", "sent_at", "where", "error"):
        assert written[column].startswith("'"), (column, written[column])
        assert written[column][1:].startswith(value[:1]), column  # the text itself is kept


def test_csv_export_keeps_numbers_and_plain_text(tmp_path, fast_checker):
    results = run_batch([BatchRow(reply=SV_REPLY, id="-", agent="anna-lisa")], fast_checker)
    with write_results(results, tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        written = next(csv.DictReader(handle))
    assert written["agent"] == "anna-lisa" and written["id"] == "'-"
    assert written["score"] == str(results[0].report.score)


# Malformed messages: each must become one problem with a one-line reason, never a crash.
_HEAD = b"From: erik@example.com\r\nTo: anna@example.se\r\nSubject: Re: order\r\nDate: Mon, 4 Mar 2024 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"


def _idna_message() -> bytes:
    return _HEAD + b'Content-Type: text/plain; charset="idna"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' + SV_REPLY.encode() + b"\r\n"


def _deep_message(depth=1000) -> bytes:
    out = _HEAD
    for i in range(depth):
        out += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
    out += b"Content-Type: text/plain\r\n\r\nHej Anna, tack.\r\n"
    return out + b"".join(b"--b%d--\r\n" % i for i in reversed(range(depth)))


def _long_qp_message(units=1_000_000) -> bytes:
    return _HEAD + b'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' + b"=C3=A5" * units + b"\r\n"


def _forwarded_only_message() -> bytes:
    inner = b"From: lisa@example.com\r\nTo: anna@example.se\r\nSubject: inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + SV_REPLY.encode() + b"\r\n"
    return _HEAD + b"Content-Type: message/rfc822\r\n\r\n" + inner


def test_malformed_emails_are_refused_one_by_one_and_the_rest_is_read(tmp_path):
    import time

    files = {
        "idna.eml": _idna_message(), "deep.eml": _deep_message(), "long.eml": _long_qp_message(),
        "forwarded.eml": _forwarded_only_message(), "good.eml": bytes(_message(SV_REPLY)),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    started = time.monotonic()
    rows, problems = load_rows([tmp_path / name for name in files])
    assert time.monotonic() - started < 60
    refused = {p.where.rsplit("/", 1)[-1]: p.message for p in problems}
    assert set(refused) == {"deep.eml", "long.eml"}, refused
    assert all("\n" not in message for message in refused.values())
    assert "nested" in refused["deep.eml"] and "characters" in refused["long.eml"]
    assert problems[0].agent == "erik@example.com" and "4 Mar 2024" in problems[0].sent_at
    read = {r.where.rsplit("/", 1)[-1]: r for r in rows}
    assert set(read) == {"idna.eml", "forwarded.eml", "good.eml"}
    assert read["idna.eml"].reply == SV_REPLY and read["forwarded.eml"].reply == SV_REPLY


def test_malformed_messages_in_an_mbox_do_not_end_it(tmp_path):
    path = tmp_path / "sent.mbox"
    messages = [_deep_message(), bytes(_message(SV_REPLY)), _idna_message(), _long_qp_message(), bytes(_message(EN_REPLY))]
    path.write_bytes(b"".join(b"From MAILER-DAEMON Mon Mar  4 10:00:00 2024\n" + m.replace(b"\r\n", b"\n") + b"\n" for m in messages))
    rows, problems = load_rows([path])
    assert [r.where for r in rows] == [f"{path}#2", f"{path}#3", f"{path}#5"]
    assert [p.where for p in problems] == [f"{path}#1", f"{path}#4"]
