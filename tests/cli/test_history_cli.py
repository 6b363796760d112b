"""`replycheck history`, and `replycheck batch` storing its rows in the history database."""

from __future__ import annotations

import csv
import json

import pytest

from replycheck.history import open_store

from cli_samples import EN_REPLY, SV_CUSTOMER, SV_REPLY

NO_LT = "--no-languagetool"


@pytest.fixture
def sample(tmp_path):
    """Three rows: Erik's Swedish reply, Lisa's English one to a Swedish customer, an empty one."""
    path = tmp_path / "sample.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "agent", "customer", "reply", "sent_at"])
        writer.writerow(["T-1", "erik", SV_CUSTOMER, SV_REPLY, "2026-03-02"])
        writer.writerow(["T-2", "lisa", SV_CUSTOMER, EN_REPLY, "2026-03-03"])
        writer.writerow(["T-3", "lisa", SV_CUSTOMER, "  ", "2026-03-03"])
    return path


def _lines(result) -> list[dict]:
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_batch_stores_every_checked_row_and_history_lists_them(run_cli, sample, tmp_path):
    url, out = f"sqlite:///{tmp_path / 'h.sqlite3'}", tmp_path / "out.csv"
    result = run_cli("batch", sample, "--out", out, NO_LT, "--history-db", url, "--team", "nordics")
    assert result.returncode == 0, result.stderr.decode()
    assert "replycheck: note: stored 2 replies in the history (batch 1)" in result.stderr.decode()

    with out.open(encoding="utf-8-sig", newline="") as handle:
        where = {r["id"]: r["where"] for r in csv.DictReader(handle)}
    assert where["T-1"] == f"{sample}:2"

    lines = _lines(run_cli("history", "--db", url, "--format", "json"))
    assert [(r["agent"], r["external_id"], r["row_key"], r["sent_at"], r["team"], r["kind"], r["batch_id"]) for r in lines] == [
        ("lisa", "T-2", where["T-2"], "2026-03-03", "nordics", "batch", 1),
        ("erik", "T-1", where["T-1"], "2026-03-02", "nordics", "batch", 1),
    ]
    assert [(r["reply_language"], r["customer_language"], r["verdict"], r["score"]) for r in lines] == [
        ("en", "sv", "block", 75), ("sv", "sv", "ok", 100)]
    assert lines[1]["reply"] == SV_REPLY and lines[1]["customer"] == SV_CUSTOMER
    assert [f["code"] for f in lines[0]["report"]["findings"]] == ["language/mismatch"]
    with open_store(url) as store:  # the JSON is the stored reply, whole
        assert lines == [store.reply(r["id"]).to_dict() for r in lines]
        (batch,) = store.batches()
        assert (batch.name, batch.total, batch.stored, batch.status) == (str(sample), 2, 2, "done")

    assert [r["agent"] for r in _lines(run_cli("history", "--db", url, "--format", "json", "--agent", "erik"))] == ["erik"]
    assert [r["agent"] for r in _lines(run_cli("history", "--db", url, "--format", "json", "--language-pair", "en:sv"))] == ["lisa"]
    assert _lines(run_cli("history", "--db", url, "--format", "json", "--since", "2999-01-01")) == []
    assert len(_lines(run_cli("history", "--db", url, "--format", "json", "--batch", "1", "--limit", "1"))) == 1

    table = run_cli("history", "--db", url)
    assert table.returncode == 0
    header, *rows = table.stdout.decode().splitlines()
    assert header.split() == ["id", "time", "(UTC)", "agent", "languages", "verdict", "score", "findings", "reply"]
    assert rows[0].split()[3:9] == ["lisa", "en:sv", "block", "75", "1", "Hello"]
    assert rows[1].split()[3:9] == ["erik", "sv:sv", "ok", "100", "0", "Hej"]


def test_no_history_and_history_off_store_nothing(run_cli, sample, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    result = run_cli("batch", sample, "--out", tmp_path / "a.jsonl", NO_LT, "--history-db", url, "--no-history")
    assert result.returncode == 0 and b"in the history" not in result.stderr
    monkeypatch.setenv("REPLYCHECK_HISTORY", "off")
    result = run_cli("batch", sample, "--out", tmp_path / "b.jsonl", NO_LT, "--history-db", url)
    assert result.returncode == 0 and b"in the history" not in result.stderr
    assert not (tmp_path / "h.sqlite3").exists()
    assert len((tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_redact_stores_no_text(run_cli, sample, tmp_path):
    url = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    assert run_cli("batch", sample, "--out", tmp_path / "out.jsonl", NO_LT, "--history-db", url, "--redact").returncode == 0
    lines = _lines(run_cli("history", "--db", url, "--format", "json"))
    assert [(r["reply"], r["customer"], r["redacted"]) for r in lines] == [(None, None, True)] * 2
    assert lines[0]["report"]["findings"] == [{"category": "language", "code": "language/mismatch", "severity": "error",
                                               "start": 13, "end": 76}]
    table = run_cli("history", "--db", url).stdout.decode()
    assert table.count("(redacted)") == 2 and "Hello" not in table
    for word in ("beställning", "Thank", "skickar"):
        assert word.encode() not in (tmp_path / "h.sqlite3").read_bytes()


def test_a_history_that_cannot_be_written_keeps_the_output_file(run_cli, sample, tmp_path):
    out = tmp_path / "out.csv"
    result = run_cli("batch", sample, "--out", out, NO_LT, "--history-db", "sqlite:////proc/no/such/h.sqlite3")
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert ("replycheck: warning: history database sqlite:////proc/no/such/h.sqlite3: cannot create its folder "
            "(No such file or directory); the results are not stored in the history") in err
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert [r["id"] for r in csv.DictReader(handle)] == ["T-1", "T-2", "T-3"]


@pytest.mark.parametrize("args, message", [
    (["--since", "2026-02-30"], "Invalid value for '--since'"),
    (["--until", "yesterday"], "Invalid value for '--until'"),
    (["--since", "2026-03-02", "--until", "2026-03-01"], "--until is before --since"),
    (["--language-pair", "swedish"], "Invalid value for '--language-pair'"),
    (["--kind", "sent"], "Invalid value for '--kind'"),
    (["--limit", "-1"], "Invalid value for '--limit'"),
    (["--db", "nonsense"], "replycheck: error: history database 'nonsense': not a database URL"),
])
def test_history_usage_errors_exit_2_without_a_traceback(run_cli, args, message):
    result = run_cli("history", *args)
    err = result.stderr.decode()
    assert result.returncode == 2 and message in err and "Traceback" not in err
