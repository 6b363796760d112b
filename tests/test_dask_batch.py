"""replycheck.dask_batch: a batch over a Dask LocalCluster gives the same reports as a local run."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("distributed")

from replycheck import Config  # noqa: E402
from replycheck.batch import run  # noqa: E402
from replycheck.streaming import load  # noqa: E402

pytestmark = pytest.mark.slow

REPLIES = {
    "sv": "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik",
    "en": "Hello Anna,\n\nThank you for your email. We will send a new item to you today.\n\nBest regards\nErik",
    "de": "Hallo Frau Weber,\n\nvielen Dank für Ihre Nachricht. Wir senden Ihnen heute ein neues Paket.\n\nMit freundlichen Grüßen\nErik",
}
CUSTOMER = "Hej, min beställning har inte kommit. Vad händer?"


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        yield client


def archive(tmp_path, count=21):
    """``count`` replies in sv/en/de (every 7th with a typo), one empty reply, one broken line."""
    langs = list(REPLIES)
    records = []
    for n in range(count):
        reply = REPLIES[langs[n % 3]].replace("Erik", f"Erik {n}")
        if n % 7 == 0:
            reply = reply.replace("ditt", "dit").replace("your", "yuor").replace("Ihre", "Ihrre")
        records.append({"id": f"r{n}", "reply": reply, "customer": CUSTOMER, "agent": f"agent{n % 4}"})
    records.insert(10, {"id": "empty", "reply": ""})
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n{broken\n", encoding="utf-8")
    return path


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_cluster_run_gives_the_local_reports_row_for_row(tmp_path, client, fast_checker):
    path = archive(tmp_path)
    local = tmp_path / "local.jsonl"
    run([path], local, checker=fast_checker)
    config = Config(languagetool="off")

    one_file = tmp_path / "dask.jsonl"
    seen = []
    summary = run([path], one_file, client=client, config=config, partition_size=4,
                  progress=lambda done, total: seen.append((done, total)))
    assert one_file.read_bytes() == local.read_bytes()  # in input order, byte for byte
    written = lines(one_file)
    assert len(written) == 23 and {w["report"]["reply_language"]["code"] for w in written if w["report"]} == {"sv", "en", "de"}
    assert summary.checked == 21 and summary.failed == 2 and seen[-1] == (21, 21)

    parts = tmp_path / "parts"
    summary = run([path], f"{parts}/part-*.jsonl", client=client, config=config, partition_size=5)
    files = sorted(parts.glob("part-*.jsonl"))
    assert [f.name for f in files] == [f"part-{n:05d}.jsonl" for n in range(5)]
    assert [r for f in files for r in lines(f)] == lines(local)
    assert summary.checked == 21

    files[2].unlink()  # as if that partition's worker had died before writing it
    again = run([path], f"{parts}/part-*.jsonl", client=client, config=config, partition_size=5, resume=True)
    assert again.resumed == 23 - 5 and again.checked == 4  # that partition: the empty reply and 4 replies
    assert [r for f in sorted(parts.glob("part-*.jsonl")) for r in lines(f)] == lines(local)


def test_parquet_row_groups_are_read_on_the_workers(tmp_path, client, fast_checker):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows, _ = load([archive(tmp_path)])
    table = pa.table({"id": [r.id for r in rows], "reply": [r.reply for r in rows], "customer": [r.customer for r in rows]})
    pq.write_table(table, tmp_path / "archive.parquet", row_group_size=6)
    local = tmp_path / "local.csv"
    run([tmp_path / "archive.parquet"], local, checker=fast_checker)
    out = tmp_path / "dask.csv"
    summary = run([tmp_path / "archive.parquet"], out, client=client, config=Config(languagetool="off"))
    assert out.read_bytes() == local.read_bytes()
    assert summary.checked == 21


@pytest.mark.languagetool
def test_with_languagetool_each_worker_asks_the_server(tmp_path, client, lt_checker):
    path = tmp_path / "few.jsonl"
    texts = [REPLIES["sv"].replace("ditt", "dit"), REPLIES["en"].replace("your", "yuor"), REPLIES["de"]]
    path.write_text("".join(json.dumps({"id": str(n), "reply": t}, ensure_ascii=False) + "\n" for n, t in enumerate(texts)),
                    encoding="utf-8")
    local = tmp_path / "local.jsonl"
    run([path], local, checker=lt_checker)
    out = tmp_path / "dask.jsonl"
    url = lt_checker.languagetool().url.removesuffix("/v2")
    run([path], out, client=client, config=Config(languagetool=url), partition_size=1)
    assert lines(out) == lines(local)
    codes = [{f["code"] for f in w["report"]["findings"]} for w in lines(out)]
    assert any(code.startswith("spelling/") for code in codes[1]), codes  # LanguageTool really answered
