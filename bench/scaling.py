"""How check time grows with the reply's length (LanguageTool off).

    .venv/bin/python bench/scaling.py [--lang sv] [--sizes 1000,10000,100000] [--runs 3] [--profile]
                                      [--distinct N]

Builds replies of about 1k, 10k and 100k characters from real sentences of one language
(``../shared/langid/<lang>.txt``; measuring only, nothing from it is in ``replycheck/data``),
checks each with a warm ``Checker(Config(languagetool="off"))`` (one untimed check first),
and prints the median of ``--runs`` wall and CPU seconds and seconds per 1k characters. The
last line is ``growth=<time(100k)/time(10k)/10> linear_or_better=yes|no`` (CPU time; 1.0 is
linear; up to 1.25 counts as linear, for noise on a shared machine). ``--profile`` prints the
top of a cProfile of the largest size, sorted by own time, to find a quadratic spot.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGID = ROOT.parent / "shared" / "langid"
LINEAR_SLACK = 1.25


def build_reply(lang: str, size: int, distinct: int = 0) -> str:
    """About ``size`` characters: a greeting, paragraphs of five real sentences, a sign-off.
    ``distinct`` > 0 cycles through only that many sentences (a reply that repeats itself)."""
    sentences = [s.strip() for s in (LANGID / f"{lang}.txt").read_text(encoding="utf-8").splitlines() if s.strip()]
    sentences = sentences[:distinct] if distinct > 0 else sentences
    parts: list[str] = ["Hi,", ""]
    length, i, paragraph = 5, 0, []
    while length < size:
        sentence = sentences[i % len(sentences)]
        paragraph.append(sentence)
        length += len(sentence) + 1
        i += 1
        if len(paragraph) == 5:
            parts += [" ".join(paragraph), ""]
            length += 1
            paragraph = []
    if paragraph:
        parts += [" ".join(paragraph), ""]
    parts += ["Best regards", "Agent"]
    return "\n".join(parts)


def timed(checker, reply: str, runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        checker.check(reply)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", default="sv")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    parser.add_argument("--distinct", type=int, default=0,
                        help="build the replies from only this many sentences (repeated paragraphs)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from replycheck import Checker, Config

    sizes = [int(s) for s in args.sizes.split(",")]
    checker = Checker(Config(languagetool="off"))
    checker.check(build_reply(args.lang, 300))  # engines loaded before timing
    print(f"lang {args.lang}; distinct sentences {args.distinct or 'all'}; load average {os.getloadavg()[0]:.1f}; median of {args.runs}")
    print(f"{'chars':>8} {'wall s':>8} {'CPU s':>8} {'CPU s/1k':>9} {'findings':>9}")
    cpu_at: dict[int, float] = {}
    for size in sizes:
        reply = build_reply(args.lang, size, args.distinct)
        checker.check(reply)  # untimed: per-text caches filled, as in a warm process
        wall, cpu = timed(checker, reply, args.runs)
        cpu_at[size] = cpu
        findings = len(checker.check(reply).findings)
        print(f"{len(reply):8d} {wall:8.3f} {cpu:8.3f} {1000 * cpu / len(reply):9.4f} {findings:9d}", flush=True)
    if args.profile:
        profile = cProfile.Profile()
        reply = build_reply(args.lang, sizes[-1], args.distinct)
        profile.enable()
        checker.check(reply)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue())
    if 10_000 in cpu_at and 100_000 in cpu_at:
        growth = cpu_at[100_000] / cpu_at[10_000] / 10
        print(f"growth={growth:.2f} linear_or_better={'yes' if growth <= LINEAR_SLACK else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
