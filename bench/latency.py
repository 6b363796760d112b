"""Latency of replycheck against bare LanguageTool, same server, warm; and cold starts.

Warm: runs every dev case (``../shared/examples/dev.jsonl``, or the file given as the first
argument) through (a) a bare LanguageTool HTTP check of the reply and (b)
``replycheck.check``, both against one managed LanguageTool server, after a warm-up
round. Prints median and p95 milliseconds per reply for each, LanguageTool's start-up
seconds and the server's resident memory. Cases in a language LanguageTool does not
cover are left out of both.

Cold (each in a FRESH process, with an empty shared-server folder so nothing is reused;
the ~150-word replies of ``bench/replies150.py``):

* ``cold``: seconds from ``import replycheck`` to the first report with LanguageTool, one
  process per language (sv, de, nl, en, fr), no warm-up (LanguageTool starts on the way);
* ``after warm-up``: one process runs ``Checker.warm_up([sv, de, nl, en, fr])``, then the
  first check per language, then the median of three more (cache cleared): the warm check;
  this in ``--repeats`` (3) fresh processes; ``first_after_warm_ratio`` = median first / median
  warm (target <= 1.5);
* ``cli``: ``replycheck languagetool start --languages ...`` then ``replycheck check
  reply.txt`` twice; the second call's wall time (target <= 2 s).

The last line is ``overhead_ratio=<median b / median a>`` (the warm comparison).

    .venv/bin/python bench/latency.py [dev.jsonl] [--rounds N] [--repeats N] [--no-cold] [--languages sv,de]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
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


COLD_LANGUAGES = ("sv", "de", "nl", "en", "fr")


# -- cold figures: every measurement in a fresh process ------------------------------------------
def _child(argv: list[str]) -> int:
    """``--child cold LANG`` or ``--child warm LANG,...``: print one JSON line of seconds."""
    mode, langs = argv[0], argv[1].split(",")
    began = time.perf_counter()
    sys.path.insert(0, str(ROOT / "bench"))
    from replies150 import REPLIES

    from replycheck.api import Checker
    from replycheck.config import Config

    def checked(report) -> None:
        skipped = [s for s in report.skipped if s.name == "grammar.languagetool"]
        if skipped or report.errors:
            raise SystemExit(f"LanguageTool did not check: {skipped or report.errors}")

    with Checker(Config(languagetool="auto")) as checker:
        if mode == "cold":
            checked(checker.check(REPLIES[langs[0]]))
            print(json.dumps({"lang": langs[0], "seconds": time.perf_counter() - began}))
            return 0
        t0 = time.perf_counter()
        checker.warm_up(langs)
        out: dict = {"warm_up_seconds": time.perf_counter() - t0, "first": {}, "warm": {}}
        for lang in langs:
            t0 = time.perf_counter()
            checked(checker.check(REPLIES[lang]))
            out["first"][lang] = time.perf_counter() - t0
        for lang in langs:
            times = []
            for _ in range(3):
                checker.languagetool().clear_cache()
                t0 = time.perf_counter()
                checked(checker.check(REPLIES[lang]))
                times.append(time.perf_counter() - t0)
            out["warm"][lang] = statistics.median(times)
        print(json.dumps(out))
    return 0


def _fresh_env(state: str) -> dict:
    env = dict(os.environ, REPLYCHECK_LANGUAGETOOL_STATE=state, NO_COLOR="1")
    for name in ("REPLYCHECK_LANGUAGETOOL_URL", "REPLYCHECK_LANGUAGETOOL"):
        env.pop(name, None)
    return env


def _run_child(env: dict, *args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cold(languages: tuple[str, ...], repeats: int = 3) -> None:
    """Print the cold figures (see the module docstring)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from replies150 import REPLIES

    with tempfile.TemporaryDirectory(prefix="replycheck-bench-") as tmp:
        env = _fresh_env(tmp)  # an empty shared-server folder: nothing to reuse
        for lang in languages:
            result = _run_child(env, "cold", lang)
            print(f"cold first report, no warm-up ({lang}, {len(REPLIES[lang].split())} words): {result['seconds']:.1f} s")
        # a first check happens once per process: it is measured in `repeats` fresh processes
        # and the medians are compared (one sample of ~100 ms moves by tens of ms)
        results = [_run_child(env, "warm", ",".join(languages)) for _ in range(repeats)]
        seconds = ", ".join(f"{r['warm_up_seconds']:.1f}" for r in results)
        print(f"warm_up({','.join(languages)}) in {repeats} fresh processes: {seconds} s")
        ratios = []
        for lang in languages:
            firsts = [r["first"][lang] for r in results]
            first, warm = statistics.median(firsts), statistics.median(r["warm"][lang] for r in results)
            ratios.append(first / warm)
            each = "/".join(f"{f * 1000:.0f}" for f in firsts)
            print(f"after warm-up ({lang}): first check {first * 1000:.0f} ms (each: {each}), warm check {warm * 1000:.0f} ms, ratio {first / warm:.2f}")
        print(f"first_after_warm_ratio={max(ratios):.2f} (worst language, medians of {repeats} processes; target <= 1.5)")

        reply = Path(tmp) / "reply.txt"
        reply.write_text(REPLIES[languages[0]], encoding="utf-8")
        script = Path(sys.executable).with_name("replycheck")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "replycheck"]
        t0 = time.perf_counter()
        started = subprocess.run([*command, "languagetool", "start", "--languages", ",".join(languages)],
                                 capture_output=True, text=True, env=env)
        if started.returncode != 0:
            raise SystemExit(f"replycheck languagetool start failed:\n{started.stderr[-2000:]}")
        print(f"replycheck languagetool start --languages {','.join(languages)}: {time.perf_counter() - t0:.1f} s")
        try:
            calls = []
            for _ in range(2):
                t0 = time.perf_counter()
                subprocess.run([*command, "check", str(reply), "--fail-on", "never"], capture_output=True, env=env, check=True)
                calls.append(time.perf_counter() - t0)
            print(f"replycheck check reply.txt with a shared server: first {calls[0]:.2f} s, second {calls[1]:.2f} s (target <= 2 s)")
            print(f"cli_second_call_seconds={calls[1]:.2f}")
        finally:
            subprocess.run([*command, "languagetool", "stop"], capture_output=True, env=env)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        return _child(argv[1:])
    repeats = 3
    if "--repeats" in argv:
        repeats = int(argv[argv.index("--repeats") + 1])
        del argv[argv.index("--repeats") : argv.index("--repeats") + 2]
    rounds = 5
    if "--rounds" in argv:
        rounds = int(argv[argv.index("--rounds") + 1])
        del argv[argv.index("--rounds") : argv.index("--rounds") + 2]
    with_cold = "--no-cold" not in argv
    if not with_cold:
        argv.remove("--no-cold")
    languages = COLD_LANGUAGES
    if "--languages" in argv:
        languages = tuple(argv[argv.index("--languages") + 1].split(","))
        del argv[argv.index("--languages") : argv.index("--languages") + 2]
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
    if with_cold:
        cold(languages, repeats)
    print(f"overhead_ratio={med_b / med_a:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
