"""Load test of ``replycheck serve``: 32 concurrent clients for 60 s on loopback.

Starts the service as its own process (``python -m replycheck serve`` on 127.0.0.1, a free
port, the languages of the replies warmed), waits for ``/readyz``, and lets ``--clients``
threads post ``/v1/check`` one after another for ``--seconds``. The replies are the 288
distinct replies (with the customer's message) of ``bench/data/contradictions`` in da, de,
en and sv, taking turns. Prints requests per second, p50/p95/p99 latency, errors by kind,
how many answers say grammar was not checked, and the service process's resident memory
(LanguageTool's separately) once the first round of requests is answered and at the end.

For comparison it first measures the Python API on the same machine: one ``Checker`` in its
own process, ``--workers`` threads calling ``Checker.check`` on the same replies for the same
time (the service checks ``--workers`` replies at once too). ``--kill-languagetool N`` SIGKILLs
the service's LanguageTool N times during the run: every request must still be answered.

Traffic goes to 127.0.0.1 only and the run is bounded in time. The last line is::

    rps=… api_rps=… ratio=… p50_ms=… p95_ms=… p99_ms=… errors=0 busy=0 not_checked=… rss_start_mb=… rss_end_mb=… growth=…

    .venv/bin/python bench/serve.py [--clients 32] [--seconds 60] [--workers 2] [--kill-languagetool 0] [--no-api]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import contradictions  # noqa: E402
from replycheck.engines.languagetool.server import free_port  # noqa: E402

LANGS = ("da", "de", "en", "sv")


def replies(langs: tuple[str, ...] = LANGS) -> list[dict]:
    """Every reply of the contradiction benchmark in ``langs`` (both versions), languages taking turns."""
    per_lang = [contradictions.replies(lang) for lang in langs]
    return [item for group in zip(*per_lang) for item in group]


@dataclass
class Tally:
    """What the clients saw."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    busy: int = 0
    not_checked: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, status: int | str, report: dict | None) -> None:
        with self.lock:
            if status == 200:
                self.latencies.append(seconds)
                if any(s["check"] == "grammar.languagetool" for s in report["skipped"]):
                    self.not_checked += 1
            elif status == 503:
                self.busy += 1
            else:
                self.errors[str(status)] = self.errors.get(str(status), 0) + 1

    @property
    def answered(self) -> int:
        return len(self.latencies)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


def load(url: str, items: list[dict], clients: int, seconds: float, headers: dict | None = None,
         max_requests: int | None = None, on_first_round=None) -> tuple[Tally, float]:
    """``clients`` threads posting ``items`` in turn until ``seconds`` pass (or ``max_requests``)."""
    tally, lock = Tally(), threading.Lock()
    counter = [0]
    first_round = threading.Barrier(clients + 1) if on_first_round else None
    stop_at = time.monotonic() + seconds

    def client() -> None:
        session = requests.Session()
        first = True
        while time.monotonic() < stop_at:
            with lock:
                index = counter[0]
                counter[0] += 1
            if max_requests is not None and index >= max_requests:
                break
            started = time.perf_counter()
            try:
                answer = session.post(url + "/v1/check", json=items[index % len(items)], headers=headers, timeout=120)
                status, body = answer.status_code, (answer.json() if answer.status_code == 200 else None)
            except requests.RequestException as error:
                status, body = type(error).__name__, None
            tally.add(time.perf_counter() - started, status, body)
            if first and first_round is not None:
                first = False
                try:
                    first_round.wait(timeout=max(1.0, stop_at - time.monotonic()))
                except threading.BrokenBarrierError:
                    pass
        if first and first_round is not None:
            first_round.abort()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    if first_round is not None:
        try:
            first_round.wait(timeout=seconds)
            on_first_round()
        except threading.BrokenBarrierError:
            pass
    for thread in threads:
        thread.join(seconds + 180)
    return tally, time.perf_counter() - started


# -- the service process -----------------------------------------------------------------------
LOG = ROOT / "bench" / "out" / "serve.log"


def start_service(port: int, workers: int, langs: tuple[str, ...]) -> subprocess.Popen:
    """The service as its own process; its log (one line per request, no text) goes to ``LOG``."""
    env = {**os.environ, "REPLYCHECK_LANGUAGES": ",".join(langs)}
    command = [sys.executable, "-m", "replycheck", "serve", "--port", str(port), "--workers", str(workers)]
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with open(LOG, "w", encoding="utf-8") as log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 600.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"the service exited with {process.returncode}: {LOG.read_text(encoding='utf-8')[-2000:]}")
        try:
            if requests.get(url + "/readyz", timeout=5).status_code == 200:
                return time.monotonic() - started
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the service was not ready within {timeout:g} s")


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident MB of the process and of its children (LanguageTool)."""
    process = psutil.Process(pid)
    children = sum(child.memory_info().rss for child in process.children(recursive=True) if child.is_running())
    return process.memory_info().rss / 2**20, children / 2**20


def kill_languagetool(pid: int) -> bool:
    for child in psutil.Process(pid).children(recursive=True):
        if "java" in child.name().lower():
            child.send_signal(signal.SIGKILL)
            return True
    return False


# -- the Python API baseline -------------------------------------------------------------------
def api_rps(seconds: float, workers: int) -> float:
    """Replies per second through ``Checker.check`` in a fresh process with ``workers`` threads."""
    command = [sys.executable, __file__, "--api-child", "--seconds", str(seconds), "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 900)
    if done.returncode != 0:
        raise SystemExit(f"the API baseline failed: {done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def _api_child(seconds: float, workers: int, langs: tuple[str, ...] = LANGS) -> float:
    import replycheck

    items = replies(langs)
    with replycheck.Checker(replycheck.Config(languages=langs)) as checker:
        checker.warm_up(langs)
        counter, lock, done = [0], threading.Lock(), [0]
        stop_at = time.monotonic() + seconds

        def worker() -> None:
            while time.monotonic() < stop_at:
                with lock:
                    index = counter[0]
                    counter[0] += 1
                item = items[index % len(items)]
                checker.check(item["reply"], item["customer"])
                with lock:
                    done[0] += 1

        threads = [threading.Thread(target=worker) for _ in range(workers)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return done[0] / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-languagetool", type=int, default=0, metavar="N")
    parser.add_argument("--no-api", action="store_true", help="Skip the Python API baseline.")
    parser.add_argument("--api-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.api_child:
        print(_api_child(args.seconds, args.workers))
        return 0
    items = replies()
    baseline = None if args.no_api else api_rps(args.seconds, args.workers)
    if baseline is not None:
        print(f"Python API: {baseline:.2f} replies/s ({args.workers} threads, {args.seconds:g} s)", flush=True)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_service(port, args.workers, LANGS)
    try:
        ready_s = wait_ready(url, process)
        print(f"service ready in {ready_s:.1f} s (pid {process.pid})", flush=True)
        memory: dict[str, tuple[float, float]] = {}
        kills: list[bool] = []

        def first_round_done() -> None:
            memory["start"] = rss_mb(process.pid)
            for k in range(args.kill_languagetool):  # spread over the run's middle
                delay = args.seconds * (k + 1) / (args.kill_languagetool + 1)
                threading.Timer(delay * 0.8, lambda: kills.append(kill_languagetool(process.pid))).start()

        tally, wall = load(url, items, args.clients, args.seconds, on_first_round=first_round_done)
        memory["end"] = rss_mb(process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()

    rps = tally.answered / wall
    start, end = memory.get("start", (float("nan"),) * 2), memory["end"]
    growth = end[0] / start[0] - 1
    errors = sum(tally.errors.values())
    print(f"clients={args.clients} seconds={wall:.1f} answered={tally.answered} busy={tally.busy} "
          f"errors={dict(tally.errors) or 0} not_checked={tally.not_checked} kills={sum(kills)}")
    print(f"memory MB: service {start[0]:.0f} -> {end[0]:.0f}, LanguageTool {start[1]:.0f} -> {end[1]:.0f}")
    ratio = f"{rps / baseline:.2f}" if baseline else "-"
    print(f"rps={rps:.2f} api_rps={baseline or 0:.2f} ratio={ratio} p50_ms={tally.percentile(0.5):.0f} "
          f"p95_ms={tally.percentile(0.95):.0f} p99_ms={tally.percentile(0.99):.0f} errors={errors} "
          f"busy={tally.busy} not_checked={tally.not_checked} rss_start_mb={start[0]:.0f} "
          f"rss_end_mb={end[0]:.0f} growth={growth:+.1%}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
