"""Batch throughput at LanguageTool's limit: replycheck against bare LanguageTool on one server.

    .venv/bin/python bench/batch.py                 # 1,000 replies in 8 languages
    .venv/bin/python bench/batch.py --replies 100   # smaller, to check it works
    .venv/bin/python bench/batch.py --no-dask       # without the Dask LocalCluster figure

Replies are built from the sentences in ../shared/langid/<lang>.txt (two to four each,
wrapped in that language's greeting and sign-off). One managed LanguageTool server is
started and warmed in every language, then on that same server, in this order:

1. the floor: every reply sent as a bare ``/v2/check`` request (the ``engines.languagetool``
   client, a fresh engine so nothing is cached) with 1 and with 2 requests in flight;
2. ``replycheck.streaming.run_rows`` (a whole check, written to a .jsonl file row by row)
   with ``--workers`` 1 and 2 (pipelined threads sharing one Checker: each prepares its next
   reply while LanguageTool answers, one request in flight per worker), and 2 with
   ``--processes`` (two spawned processes, each with its own Checker, asking the same server;
   their start-up counted);
3. the same through a Dask LocalCluster (2 worker processes, 1 thread each, each with its
   own Checker asking the same server), timed after a warm-up partition.

Each rate is followed by the CPU it took per reply, in this process (Python: replycheck's own
checks and the HTTP client) and in the LanguageTool server, and how many cores the server kept
busy: on two cores the two add up to the limit. Peak memory: this process's peak RSS
(``ru_maxrss``) and the server's RSS at the end.
The last line: ``floor_ratio=<replycheck 2-worker rate / bare LanguageTool 2-request rate>
speedup_2w=<replycheck 2-worker rate / 1-worker rate>``, with the faster of the two 2-worker runs
(named; both are printed above it).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGID = ROOT.parent / "shared" / "langid"

FRAMES = {
    "sv": ("Hej {name},", "Med vänliga hälsningar\nErik\nKundtjänst"),
    "de": ("Hallo Frau {name},", "Mit freundlichen Grüßen\nJonas Weber\nKundenservice"),
    "en": ("Hello {name},", "Best regards\nSam\nCustomer Service"),
    "fr": ("Bonjour {name},", "Cordialement,\nClaire\nService client"),
    "es": ("Hola {name}:", "Saludos cordiales,\nLucía\nAtención al cliente"),
    "nl": ("Beste {name},", "Met vriendelijke groet,\nDaan\nKlantenservice"),
    "da": ("Hej {name},", "Venlig hilsen\nSøren\nKundeservice"),
    "it": ("Buongiorno {name},", "Cordiali saluti,\nGiulia\nServizio clienti"),
}
NAMES = ("Anna", "Weber", "Martin", "Laura", "Jansen", "Rossi", "Nielsen", "Dubois")


def build_replies(count: int, seed: int = 12) -> list[tuple[str, str]]:
    """``count`` (language, reply) pairs, languages taking turns."""
    rng = random.Random(seed)
    sentences = {}
    for lang in FRAMES:
        lines = [line.strip() for line in (LANGID / f"{lang}.txt").read_text(encoding="utf-8").splitlines()]
        sentences[lang] = [line for line in lines if 40 <= len(line) <= 220]
    langs = list(FRAMES)
    replies = []
    for n in range(count):
        lang = langs[n % len(langs)]
        greeting, sign_off = FRAMES[lang]
        body = " ".join(rng.sample(sentences[lang], rng.randint(2, 4)))
        replies.append((lang, f"{greeting.format(name=rng.choice(NAMES))}\n\n{body}\n\n{sign_off}"))
    return replies


def rss_mib(pid: int | None) -> float:
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss / 2**20 if pid else 0.0
    except psutil.Error:
        return 0.0


class CpuUse:
    """CPU seconds this process and the LanguageTool server spend in a ``with`` block, per reply."""

    def __init__(self, server_pid: int | None, count: int) -> None:
        import psutil

        self._server = psutil.Process(server_pid) if server_pid else None
        self._count = count

    def _times(self) -> tuple[float, float, float]:
        own = resource.getrusage(resource.RUSAGE_SELF)
        server = sum(self._server.cpu_times()[:2]) if self._server else 0.0
        return time.perf_counter(), own.ru_utime + own.ru_stime, server

    def __enter__(self) -> "CpuUse":
        self._start = self._times()
        return self

    def __exit__(self, *exc) -> None:
        wall, own, server = (b - a for a, b in zip(self._start, self._times()))
        self.line = (f"CPU per reply: Python {own / self._count * 1000:.1f} ms, LanguageTool "
                     f"{server / self._count * 1000:.1f} ms; LanguageTool busy {server / wall:.2f} cores")


def bare_rate(url: str, replies, concurrency: int, server_pid: int | None = None) -> tuple[float, str]:
    """Replies per second of bare /v2/check requests, ``concurrency`` in flight, and the CPU use."""
    from replycheck.config import Config
    from replycheck.engines.languagetool import LanguageToolEngine

    engine = LanguageToolEngine(Config(languagetool=url))  # a client only: its own (empty) cache
    started = time.perf_counter()
    with CpuUse(server_pid, len(replies)) as cpu, ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _ in pool.map(lambda pair: engine.check(pair[1], pair[0], timeout=120), replies):
            pass
    return len(replies) / (time.perf_counter() - started), cpu.line


def replycheck_rate(checker, rows, workers: int, folder: Path, processes: bool = False) -> tuple[float, str]:
    from replycheck.streaming import run_rows

    checker.languagetool().clear_cache()
    name = f"local-{workers}{'-processes' if processes else ''}.jsonl"
    with CpuUse(checker.languagetool().pid, len(rows)) as cpu:
        summary = run_rows(rows, [], folder / name, checker=checker, workers=workers, processes=processes)
    return summary.rate, f"{summary.line()}; {cpu.line}" + (" (the worker processes' not counted)" if processes else "")


def dask_rate(url: str, path: Path, folder: Path, count: int) -> float:
    from distributed import Client, LocalCluster

    from replycheck.batch import run
    from replycheck.config import Config

    config = Config(languagetool=url)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        warm = folder / "warm.jsonl"
        warm.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:16]), encoding="utf-8")
        run([warm], folder / "warm-out.jsonl", client=client, config=config, partition_size=4)  # checkers built
        started = time.perf_counter()
        summary = run([path], folder / "dask.jsonl", client=client, config=config, partition_size=25)
        seconds = time.perf_counter() - started
        worker_rss = sum(w["metrics"]["memory"] for w in client.scheduler_info()["workers"].values()) / 2**20
    print(f"dask LocalCluster (2 processes x 1 thread): {count / seconds:.2f} replies/s "
          f"({summary.line()}); workers' RSS {worker_rss:.0f} MiB")
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()

    import json

    from replycheck import Checker, Config
    from replycheck.batch import BatchRow

    replies = build_replies(args.replies)
    langs = sorted({lang for lang, _ in replies})
    print(f"{len(replies)} replies in {len(langs)} languages ({', '.join(langs)}), "
          f"mean {sum(len(r) for _, r in replies) / len(replies):.0f} characters")
    rows = [BatchRow(reply=text, id=str(n), where=f"bench:{n + 1}") for n, (_, text) in enumerate(replies)]
    folder = Path(tempfile.mkdtemp(prefix="replycheck-bench-batch-"))
    with Checker(Config(languagetool="auto")) as checker:
        engine = checker.languagetool()
        engine.start()
        url = engine.url.removesuffix("/v2")
        started = time.perf_counter()
        checker.warm_up(langs)
        print(f"LanguageTool at {url} (pid {engine.pid}) warmed in {time.perf_counter() - started:.1f} s")
        for lang, text in replies[: 2 * len(langs)]:  # the checker's own first calls, too
            checker.check(text)

        floor = {}
        for n in (1, 2):
            floor[n], cpu = bare_rate(url, replies, n, engine.pid)
            print(f"bare LanguageTool /v2/check, {n} in flight: {floor[n]:.2f} replies/s ({cpu})")
        rates = {}
        for workers in (1, 2):
            rates[workers], line = replycheck_rate(checker, rows, workers, folder)
            print(f"replycheck batch --workers {workers}: {rates[workers]:.2f} replies/s ({line})")
        # processes start with spawn and load their own Checker: their start-up is in the rate
        processes, line = replycheck_rate(checker, rows, 2, folder, processes=True)
        print(f"replycheck batch --workers 2 --processes: {processes:.2f} replies/s ({line})")
        threads = rates[2]
        rates[2] = max(threads, processes)
        best = "--processes" if processes > threads else "threads"
        print(f"peak RSS: this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB, "
              f"LanguageTool server {rss_mib(engine.pid):.0f} MiB")
        if not args.no_dask:
            path = folder / "archive.jsonl"
            path.write_text("".join(json.dumps({"id": r.id, "reply": r.reply}, ensure_ascii=False) + "\n" for r in rows),
                            encoding="utf-8")
            dask_rate(url, path, folder, len(rows))
    print(f"2 workers: threads {threads / floor[2]:.3f} of the floor, processes {processes / floor[2]:.3f}")
    print(f"floor_ratio={rates[2] / floor[2]:.3f} speedup_2w={rates[2] / rates[1]:.3f} (2 workers: {best})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
