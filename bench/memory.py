"""Resident memory of a Checker's Python side, and where a first check's time goes.

    .venv/bin/python bench/memory.py [--langs sv,nb,...] [--first LANG] [--cold-cache]

Part 1 (this process, started fresh): resident memory (psutil RSS) after the imports, after
the detector is fully loaded (lingua's trigram and 1- to 5-gram models of the 15 languages,
the wordfreq lists the detector weighs), after each Hunspell speller named by
``replycheck/data/<lang>/spelling.yaml``, after the lemmatiser has every language's
dictionary, and after one ``Checker(Config(languagetool="off")).check(...)`` per language
(which also loads the word-frequency lists the spelling check asks). langdetect is not used by
a Checker (only by the ``langdetect`` backend); its cost is printed apart, from a child process.

Part 2 (child processes, each fresh): a first check in a new process, once with every engine
loaded step by step (detector, speller, word frequencies, lemmatiser, the check itself) and
once as a caller does it (``Checker(...).check(reply)`` straight away).

``--cold-cache`` points ``REPLYCHECK_CACHE_DIR`` at an empty temporary folder, so the disk
caches (see ``replycheck/engines/hunspell.py``) are built during the run; by default the
user's cache is used as it is (run twice to see a warm cache).

The last line is ``python_rss_mb=<N> target=800 PASS|FAIL``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGID = ROOT.parent / "shared" / "langid"
TARGET_MB = 800
MB = 1024 * 1024


def _rss() -> float:
    import psutil

    return psutil.Process().memory_info().rss / MB


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def sample_reply(lang: str, sentences: int = 6) -> str:
    """A reply of real sentences of ``lang`` (``../shared/langid``; measuring only)."""
    path = LANGID / f"{lang}.txt"
    if path.is_file():
        lines = [s.strip() for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]
        body = " ".join(lines[:sentences])
    else:  # no shared data: a neutral text still exercises the flow
        body = "Hello, thank you for your message. We will send the parcel today."
    return f"Hi,\n\n{body}\n\nBest regards\nAgent"


class Table:
    """Rows of (stage, RSS after, RSS added, wall s, CPU s)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, float, float]] = []
        self._last = _rss()

    def measure(self, stage: str, func) -> object:
        wall, cpu = _clock()
        result = func()
        wall2, cpu2 = _clock()
        rss = _rss()
        added = rss - self._last
        self.rows.append((stage, rss, added, wall2 - wall, cpu2 - cpu))
        self._last = rss
        print(f"{stage:<44} {rss:8.0f} {added:+8.0f} {wall2 - wall:8.2f} {cpu2 - cpu:8.2f}", flush=True)
        return result


def spelling_languages() -> list[str]:
    from replycheck import langdata

    return [lang for lang in langdata.languages_with("spelling") if (langdata.load(lang, "spelling") or {}).get("hunspell")]


def part_one(langs: list[str]) -> float:
    print(f"{'stage':<44} {'RSS MB':>8} {'added':>8} {'wall s':>8} {'CPU s':>8}")
    table = Table()
    table.rows.append(("start", table._last, 0.0, 0.0, 0.0))

    def imports():
        import replycheck  # noqa: F401
        import replycheck.api  # noqa: F401
        import replycheck.checks  # noqa: F401

    table.measure("import replycheck", imports)

    from replycheck import Checker, Config
    from replycheck.engines import detection, hunspell

    checker = Checker(Config(languagetool="off"))
    detector = table.measure("detector: built, trigram models (default)", lambda: checker.detector)
    table.measure("detector: full 1-5-gram models, 15 langs", lambda: detector.warm_up(full=True))
    table.measure("detector: wordfreq lists it weighs", lambda: detector.detect("hej hei hallo hola olá ciao"))
    table.measure(
        "  (detector: every wordfreq list touched)",
        lambda: [detection._frequencies(name) for name in set(detector._freq_lists.values())],
    )
    for lang in spelling_languages():
        table.measure(f"speller {lang}", lambda lang=lang: hunspell.speller(lang) and hunspell.speller(lang).known("test"))
    engines = checker.engines()

    def lemmatiser():
        for lang in langs:
            engines.lemmas.lemma("tests", lang)

    table.measure("lemmatiser (simplemma), every language", lemmatiser)
    for lang in langs:
        reply = sample_reply(lang)
        table.measure(f"check {lang}", lambda reply=reply: checker.check(reply))
    final = _rss()
    print(f"{'total':<44} {final:8.0f}")
    return final


_CHILD_BREAKDOWN = r"""
import json, sys, time
t0 = time.perf_counter()
stages = {}
def step(name, func):
    t = time.perf_counter(); out = func(); stages[name] = time.perf_counter() - t; return out
step("import", lambda: __import__("replycheck.api") and __import__("replycheck.checks"))
from replycheck import Checker, Config
from replycheck.engines import hunspell
lang, reply = sys.argv[1], sys.argv[2]
checker = Checker(Config(languagetool="off"))
step("detector load", lambda: checker.detector)
step("first detection", lambda: checker.detect_language(reply))
step("speller load", lambda: hunspell.speller(lang) and hunspell.speller(lang).known("x"))
step("wordfreq", lambda: hunspell.frequency("x", (lang, "en")))
engines = checker.engines()
step("lemmatiser", lambda: engines.lemmas.lemma("tests", lang))
step("check itself", lambda: checker.check(reply))
step("second check", lambda: checker.check(reply))
stages["total to first report"] = sum(v for k, v in stages.items() if k != "second check")
print(json.dumps(stages))
"""

_CHILD_PLAIN = r"""
import json, sys, time
t = time.perf_counter()
from replycheck import Checker, Config
report = Checker(Config(languagetool="off")).check(sys.argv[2])
first = time.perf_counter() - t
import psutil
print(json.dumps({"import + first check": first, "language": report.reply_language.code,
                  "rss_mb": psutil.Process().memory_info().rss / 1048576}))
"""

_CHILD_LANGDETECT = r"""
import json, psutil
before = psutil.Process().memory_info().rss
from replycheck.engines.detection import LanguageDetector
LanguageDetector(backend="langdetect").detect("Det här är en svensk mening om ett paket.")
print(json.dumps({"langdetect_mb": (psutil.Process().memory_info().rss - before) / 1048576}))
"""


def _child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode:
        print(out.stderr[-2000:], file=sys.stderr)
        return {}
    return json.loads(out.stdout.strip().splitlines()[-1])


def part_two(lang: str) -> None:
    reply = sample_reply(lang)
    print(f"\nfirst check in a fresh process ({lang}, {len(reply)} chars, LanguageTool off), wall seconds:")
    for name, seconds in _child(_CHILD_BREAKDOWN, lang, reply).items():
        print(f"  {name:<26} {seconds:7.2f}")
    plain = _child(_CHILD_PLAIN, lang, reply)
    if plain:
        print(f"  {'import + first check':<26} {plain['import + first check']:7.2f}   "
              f"(as a caller does it; RSS {plain['rss_mb']:.0f} MB, language {plain['language']})")
    extra = _child(_CHILD_LANGDETECT)
    if extra:
        print(f"\nlangdetect (backend='langdetect' only, not loaded by a Checker): +{extra['langdetect_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", help="languages to check (default: every language with lid data)")
    parser.add_argument("--first", default="nb", help="language of the first-check timing (default nb)")
    parser.add_argument("--cold-cache", action="store_true", help="build the disk caches in an empty folder")
    parser.add_argument("--skip-first", action="store_true", help="only part 1")
    parser.add_argument("--first-only", action="store_true", help="only part 2")
    args = parser.parse_args(argv)
    if args.cold_cache:
        os.environ["REPLYCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="replycheck-cache-")
    sys.path.insert(0, str(ROOT))
    from replycheck.engines.detection import SUPPORTED

    langs = args.langs.split(",") if args.langs else list(SUPPORTED)
    if not args.skip_first:
        part_two(args.first)  # first: its children must not wait for part 1's memory
        print()
    if args.first_only:
        return 0
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    from replycheck.engines import hunspell

    print(f"load average {load:.1f}; cache dir {os.environ.get('REPLYCHECK_CACHE_DIR', '~/.cache/replycheck')}; "
          f"spelling engine {hunspell.engine()}\n")
    final = part_one(langs)
    verdict = "PASS" if final < TARGET_MB else "FAIL"
    print(f"python_rss_mb={final:.0f} target={TARGET_MB} {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
