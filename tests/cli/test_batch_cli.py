"""`replycheck batch`: a 1,000-row sample with broken rows, every output format."""

from __future__ import annotations

import csv
import json
import random

import pytest

from cli_samples import EN_REPLY, SV_CUSTOMER, SV_REPLY

NO_LT = "--no-languagetool"

REPLIES = [
    ("sv", SV_REPLY, SV_CUSTOMER),
    ("en", EN_REPLY, SV_CUSTOMER),
    ("da", "Hej Mette,\n\nTak for din henvendelse. Vi sender en ny pakke til dig i dag.\n\nVenlig hilsen\nSøren", "Hej, min pakke er ikke kommet endnu. Hvad sker der?"),
    ("de", "Hallo Frau Weber,\n\nvielen Dank für Ihre Nachricht. Wir senden Ihnen heute ein neues Paket.\n\nMit freundlichen Grüßen\nJonas", "Hallo, mein Paket ist noch nicht angekommen. Was ist los?"),
    ("fi", "Hei Matti,\n\nkiitos viestistäsi. Lähetämme sinulle uuden paketin tänään.\n\nYstävällisin terveisin\nAino", "Hei, pakettini ei ole vieläkään tullut. Mitä on tapahtunut?"),
]


def _batch_rows(run_cli, sample, out) -> tuple[list[dict], str]:
    """Run ``replycheck batch`` on ``sample`` into the CSV ``out``: its rows and the stderr."""
    result = run_cli("batch", sample, "--out", out, NO_LT, "--workers", "2", timeout=900)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle)), err


def make_sample(path, count=1000, seed=7):
    """``count`` rows, every 50th with an empty reply and every 77th with binary junk."""
    rng = random.Random(seed)
    broken = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "agent", "customer", "reply", "sent_at"])
        for n in range(1, count + 1):
            _, reply, customer = rng.choice(REPLIES)
            if n % 50 == 0:
                reply, _ = "  ", broken.add(str(n))
            elif n % 77 == 0:
                reply, _ = "\x00\x01\x02PK\x03\x04" + "".join(chr(rng.randrange(1, 32)) for _ in range(40)), broken.add(str(n))
            else:
                reply = reply.replace("Erik", f"Erik {n}")
            writer.writerow([str(n), f"agent{n % 7}", customer, reply, "2024-03-04"])
    return broken


@pytest.mark.slow
def test_batch_of_1000_rows_with_broken_rows(run_cli, tmp_path):
    sample = tmp_path / "sample.csv"
    broken = make_sample(sample)
    rows, err = _batch_rows(run_cli, sample, tmp_path / "results.csv")
    assert len(rows) == 1000
    skipped = {r["id"] for r in rows if r["error"]}
    assert skipped == broken
    done = [r for r in rows if not r["error"]]
    assert len(done) == 1000 - len(broken)
    assert all(r["verdict"] in ("ok", "review", "block") for r in done)
    # English replies to Swedish customers are caught
    assert any(r["findings"].startswith("language/mismatch") for r in done)
    summary = [line for line in err.splitlines() if " checked, " in line][-1]
    assert summary.startswith(f"{1000 - len(broken)} checked, {len(broken)} skipped")
    assert "checking" in err  # the progress bar went to stderr


def test_batch_jsonl_and_html_outputs(run_cli, tmp_path):
    sample = tmp_path / "sample.jsonl"
    records = [
        {"id": "a", "reply": SV_REPLY, "customer": SV_CUSTOMER, "agent": "erik"},
        {"id": "b", "reply": ""},
        {"id": "c", "body": EN_REPLY, "customer": SV_CUSTOMER},
    ]
    sample.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    result = run_cli("batch", sample, "--out", out, NO_LT)
    assert result.returncode == 0, result.stderr
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [w["id"] for w in written if w["report"]] == ["a"]
    assert len([w for w in written if w["error"]]) == 3  # empty reply, no reply column, broken JSON
    assert "skipped" in result.stderr.decode()

    out_html = tmp_path / "report.html"
    mapped = run_cli("batch", sample, "--out", out_html, NO_LT, "--column", "reply=body")
    assert mapped.returncode == 0, mapped.stderr
    page = out_html.read_text(encoding="utf-8")
    assert "language/mismatch" in page and "<html" in page


def test_batch_usage_errors(run_cli, tmp_path):
    sample = tmp_path / "s.csv"
    sample.write_text("reply\nHej\n", encoding="utf-8")
    assert run_cli("batch", sample, NO_LT).returncode == 2  # --out missing
    bad_out = run_cli("batch", sample, "--out", tmp_path / "r.xlsx", NO_LT)
    assert bad_out.returncode == 2 and len(bad_out.stderr.decode().strip().splitlines()) == 1
    assert run_cli("batch", sample, "--out", tmp_path / "r.csv", "--column", "nonsense", NO_LT).returncode == 2
    empty = tmp_path / "empty.csv"
    empty.write_text("reply\n\n", encoding="utf-8")
    nothing = run_cli("batch", empty, "--out", tmp_path / "r.csv", NO_LT)
    assert nothing.returncode == 2 and b"no checkable rows" in nothing.stderr


def test_batch_mbox(run_cli, tmp_path):
    import mailbox
    from email.message import EmailMessage

    box = mailbox.mbox(str(tmp_path / "sent.mbox"))
    for body in (SV_REPLY, EN_REPLY + "\n\nOn Mon, 4 Mar 2024 at 10:00, Anna <anna@example.se> wrote:\n> " + SV_CUSTOMER):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "erik@example.com", "anna@example.se", "Re"
        message.set_content(body)
        box.add(message)
    box.flush()
    box.close()
    out = tmp_path / "r.csv"
    result = run_cli("batch", tmp_path / "sent.mbox", "--out", out, NO_LT)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["verdict"] for r in rows] == ["ok", "block"]
    assert rows[1]["customer_language"] == "sv"


# -- issue 13: one bad row or message never spoils or stops the batch ------------------------
_HEAD = b"From: erik@example.com\r\nTo: anna@example.se\r\nSubject: Re: order\r\nMIME-Version: 1.0\r\n"


def test_batch_csv_with_one_binary_row_checks_the_others_untouched(run_cli, tmp_path):
    de = REPLIES[3][1].replace("\n", " ")
    lines = ["id,agent,reply,sent_at".encode()]
    for n in range(1, 201):
        lines.append(f'{n},agent{n % 3},"{SV_REPLY.replace(chr(10), " ") if n % 2 else de}",2024-03-04'.encode())
    lines[50] = b"50,agent2,\xff\xfe\x00,2024-03-04"
    sample = tmp_path / "sample.csv"
    sample.write_bytes(b"\n".join(lines) + b"\n")
    rows, err = _batch_rows(run_cli, sample, tmp_path / "results.csv")
    assert len(rows) == 200
    bad = [r for r in rows if r["error"]]
    assert [(r["id"], r["agent"], r["where"]) for r in bad] == [("50", "agent2", f"{sample}:51")]
    assert "row 50" in bad[0]["error"] and f"skipped {sample}:51: row 50" in err
    done = [r for r in rows if not r["error"]]
    assert {r["reply_language"] for r in done} == {"sv", "de"}
    assert all(r["verdict"] == "ok" for r in done), [r for r in done if r["verdict"] != "ok"][:3]


def test_batch_refuses_malformed_messages_one_line_each_and_checks_the_rest(run_cli, tmp_path):
    deep = _HEAD + b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(1000))
    deep += b"Content-Type: text/plain\r\n\r\nHej Anna, tack.\r\n"
    files = {
        "idna.eml": _HEAD + b'Content-Type: text/plain; charset="idna"\r\n\r\n' + SV_REPLY.encode() + b"\r\n",
        "deep.eml": deep,
        "long.eml": _HEAD + b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + b"=C3=A5" * 1_000_000,
        "fwd.eml": _HEAD + b"Content-Type: message/rfc822\r\n\r\nFrom: lisa@example.com\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + SV_REPLY.encode(),
        "image.eml": _HEAD + b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "r.jsonl"
    result = run_cli("batch", *[tmp_path / name for name in files], "--out", out, NO_LT, timeout=300)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    written = {json.loads(line)["where"].rsplit("/", 1)[-1]: json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()}
    assert set(written) == set(files)
    assert {name for name, w in written.items() if w["report"]} == {"idna.eml", "fwd.eml"}
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert sorted(line.split(":", 1)[0].rsplit("/", 1)[-1] for line in skipped) == ["deep.eml", "image.eml", "long.eml"]
    assert all(written[name]["agent"] == "erik@example.com" for name in files if name != "fwd.eml")


def test_batch_with_worker_processes_writes_what_threads_write(run_cli, tmp_path):
    sample = tmp_path / "sample.csv"
    make_sample(sample, count=60)
    threads, processes = tmp_path / "threads.csv", tmp_path / "processes.csv"
    assert run_cli("batch", sample, "--out", threads, NO_LT, "--workers", "2", timeout=900).returncode == 0
    result = run_cli("batch", sample, "--out", processes, NO_LT, "--workers", "2", "--processes", timeout=900)
    assert result.returncode == 0, result.stderr.decode()
    assert processes.read_bytes() == threads.read_bytes()
