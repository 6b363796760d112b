"""Latency of replycheck against bare LanguageTool, same server, warm.

Runs every dev case (``../shared/examples/dev.jsonl``, or the file given as the first
argument) through (a) a bare LanguageTool HTTP check of the reply and (b)
``replycheck.check``, both against one managed LanguageTool server, after a warm-up
round. Prints median and p95 milliseconds per reply for each, LanguageTool's start-up
seconds, the server's resident memory and, as the last line, ``overhead_ratio=<median b /
median a>``. Cases in a language LanguageTool does not cover are left out of both.

    .venv/bin/python bench/latency.py [dev.jsonl] [--rounds N]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = ROOT.parent / "shared" / "examples" / "dev.jsonl"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str]) -> int:
    rounds = 5
    if "--rounds" in argv:
        rounds = int(argv[argv.index("--rounds") + 1])
        del argv[argv.index("--rounds") : argv.index("--rounds") + 2]
    path = Path(argv[0]) if argv else DEFAULT_CASES
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    from replycheck.config import Config
    from replycheck.engines.languagetool import LanguageToolEngine, install, language_settings

    install(progress=lambda msg: print(msg, file=sys.stderr))
    engine = LanguageToolEngine(Config(languagetool="auto"))
    began = time.monotonic()
    url = engine.start()
    startup = time.monotonic() - began
    os.environ["REPLYCHECK_LANGUAGETOOL_URL"] = url  # replycheck.check uses the same server
    os.environ.pop("REPLYCHECK_LANGUAGETOOL", None)
    import replycheck

    session = requests.Session()

    def bare(case: dict) -> None:
        settings = language_settings(case["reply_lang"])
        response = session.post(f"{url}/check", data={"language": settings.code, "text": case["reply"]}, timeout=120)
        response.raise_for_status()
        response.json()

    checker = replycheck.api.default_checker()

    def full(case: dict) -> None:
        lt = checker.languagetool()
        if lt is not None and hasattr(lt, "clear_cache"):
            lt.clear_cache()  # no result reuse between rounds: measure the real cost
        replycheck.check(case["reply"], case.get("customer"), case.get("source"))

    usable = [c for c in cases if language_settings(c["reply_lang"]) is not None]
    print(f"cases: {len(usable)} of {len(cases)} (languages LanguageTool covers)")
    for case in usable:  # warm-up: load every language in the server and in replycheck
        bare(case)
        full(case)

    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(rounds):
        for case in usable:
            t0 = time.perf_counter()
            bare(case)
            t1 = time.perf_counter()
            full(case)
            t2 = time.perf_counter()
            times_a.append((t1 - t0) * 1000)
            times_b.append((t2 - t1) * 1000)

    rss = psutil.Process(engine.pid).memory_info().rss if engine.pid else 0
    med_a, med_b = statistics.median(times_a), statistics.median(times_b)
    print(f"(a) bare LanguageTool: median {med_a:.1f} ms, p95 {percentile(times_a, 0.95):.1f} ms per reply")
    print(f"(b) replycheck.check:  median {med_b:.1f} ms, p95 {percentile(times_b, 0.95):.1f} ms per reply")
    print(f"LanguageTool start-up: {startup:.1f} s")
    print(f"LanguageTool server RSS: {rss / 2**20:.0f} MiB")
    checker.close()
    engine.close()
    print(f"overhead_ratio={med_b / med_a:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
