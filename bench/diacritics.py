"""Restoring stripped diacritics: recall and false alarms of the spelling checks, per language.

    .venv/bin/python bench/diacritics.py [--limit N] [--langs sv,fi,...] [--langid-dir DIR]
                                         [--seed S] [--show K] [--no-languagetool]

For every language whose ``data/<lang>/spelling.yaml`` has a ``diacritics`` map, reads the
public sentences ``<lang>.txt`` of DIR (default ``../shared/langid`` beside the repository;
strings in ``cross_lang_duplicates.tsv`` dropped), shuffles them with a fixed seed, and takes
the first N (``--limit``, default 100) that have a word with diacritics. In each, one such word
(chosen with the same seed) loses its accents as a keyboard without them writes it (``strip``:
"försökt" -> "forsokt", "mało" -> "malo", "Grüße" -> "Gruse"), and the sentence alone is checked with
``Checker(Config(language=LANG, categories=("spelling",)))`` (the managed LanguageTool server
unless ``--no-languagetool``). Prints per language:

- recall: the stripped word is flagged (``spelling/missing-diacritics`` or
  ``spelling/misspelling``, warning or above) with the original word as first suggestion;
- recall on lower-case words only (capitalised words mid-sentence are mostly names, which the
  check leaves alone on purpose), and the share flagged at all (any suggestion);
- false alarms: the share of the same sentences, untouched, with any spelling finding at
  warning or above (names, rare and foreign words, and the source's own typos included), and
  the share with a ``spelling/missing-diacritics`` finding (a correct word "restored").

The sentences are for measuring only: nothing from them is copied into data or tests.
``--show K`` prints K misses and K false alarms per language to look at.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DIR = ROOT.parent / "shared" / "langid"
LANGS = ("sv", "nb", "nn", "da", "nl", "de", "en", "fi", "fr", "es", "pt", "it", "pl", "is", "et")


@dataclass
class Tally:
    lang: str
    cases: int = 0
    correct: int = 0
    flagged: int = 0
    lower_cases: int = 0
    lower_correct: int = 0
    as_diacritics: int = 0
    false_alarms: int = 0
    false_diacritics: int = 0
    seconds: float = 0.0
    misses: list = field(default_factory=list)
    alarms: list = field(default_factory=list)


# Letters Unicode does not decompose, as a keyboard without accents writes them. The
# benchmark's own model of stripping, independent of the code it measures.
_PLAIN = str.maketrans({"ø": "o", "Ø": "O", "æ": "a", "Æ": "A", "ß": "s", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def strip(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).translate(_PLAIN)


def duplicates(directory: Path) -> set[str]:
    found: set[str] = set()
    path = directory / "cross_lang_duplicates.tsv"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t", 1)
            if len(parts) == 2:
                found.add(parts[1].strip())
    return found


def languages_with_diacritics(wanted) -> list[str]:
    from replycheck import langdata

    return [
        lang for lang in LANGS
        if (not wanted or lang in wanted) and ((langdata.load(lang, "spelling") or {}).get("diacritics"))
    ]


def cases(lang: str, directory: Path, limit: int, seed: int, skip: set[str]):
    """``(original, stripped, start, end, word)``: one word stripped per sentence."""
    from replycheck.segment import word_spans

    path = directory / f"{lang}.txt"
    if not path.is_file():
        return []
    lines = [t.strip() for t in path.read_text(encoding="utf-8").splitlines()]
    lines = [t for t in lines if t and t not in skip]
    rng = random.Random(f"{seed}-{lang}")
    rng.shuffle(lines)
    out = []
    for text in lines:
        words = [(s, e, w) for s, e, w in word_spans(text) if w.isalpha() and strip(w) != w]
        if not words:
            continue
        start, end, word = rng.choice(words)
        plain = strip(word)
        out.append((text, text[:start] + plain + text[end:], start, start + len(plain), word))
        if len(out) >= limit:
            break
    return out


def spelling_findings(report):
    return [f for f in report.findings if f.category == "spelling" and f.severity in ("warning", "error")]


def measure(checker, lang: str, items, show: int) -> Tally:
    config = checker.config.with_(language=lang, categories=("spelling",))
    tally = Tally(lang)
    started = time.perf_counter()
    for original, stripped, start, end, word in items:
        tally.cases += 1
        lower = word[:1].islower()
        tally.lower_cases += lower
        report = checker.check(stripped, config=config)
        hits = [f for f in spelling_findings(report) if (f.start, f.end) == (start, end)]
        if hits:
            tally.flagged += 1
        if hits and hits[0].suggestions[:1] == (word,):
            tally.correct += 1
            tally.lower_correct += lower
            tally.as_diacritics += hits[0].code == "spelling/missing-diacritics"
        elif len(tally.misses) < show:
            got = [(stripped[f.start : f.end], f.code, f.suggestions[:2]) for f in hits]
            tally.misses.append(f"{stripped[start:end]} -> {word}: {got or 'not flagged'} | {stripped}")
        clean = spelling_findings(checker.check(original, config=config))
        if clean:
            tally.false_alarms += 1
            tally.false_diacritics += any(f.code == "spelling/missing-diacritics" for f in clean)
            if len(tally.alarms) < show:
                tally.alarms.append(
                    f"{[(original[f.start : f.end], f.code, f.suggestions[:1]) for f in clean]} | {original}"
                )
    tally.seconds = time.perf_counter() - started
    return tally


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "—"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langid-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=100, help="sentences per language (default 100)")
    parser.add_argument("--langs", default="", help="comma-separated language codes (default: every one with a map)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print this many misses and false alarms per language")
    parser.add_argument("--no-languagetool", action="store_true", help="LanguageTool off (Hunspell/Voikko only where they serve)")
    args = parser.parse_args(argv)

    from replycheck import Checker, Config

    try:
        from replycheck.engines import voikko

        voikko_version = voikko.version() or "not installed"
    except ImportError:
        voikko_version = "not used"

    wanted = {c.strip() for c in args.langs.split(",") if c.strip()}
    langs = languages_with_diacritics(wanted)
    skip = duplicates(args.langid_dir)
    config = Config(languagetool="off" if args.no_languagetool else "auto", categories=("spelling",))
    print(f"data: {args.langid_dir}  limit {args.limit} per language  seed {args.seed}  "
          f"LanguageTool {'off' if args.no_languagetool else 'managed'}  Voikko {voikko_version}")
    header = ("lang", "n", "recall", "recall lc", "flagged", "as diacr.", "false al.", "false diacr.", "s")
    print("{:<5} {:>4} {:>7} {:>9} {:>8} {:>9} {:>9} {:>12} {:>6}".format(*header))
    tallies = []
    with Checker(config) as checker:
        for lang in langs:
            items = cases(lang, args.langid_dir, args.limit, args.seed, skip)
            if not items:
                print(f"{lang:<5} no sentences with diacritics in {args.langid_dir / (lang + '.txt')}")
                continue
            t = measure(checker, lang, items, args.show)
            tallies.append(t)
            print(
                f"{lang:<5} {t.cases:>4} {ratio(t.correct, t.cases):>7} {ratio(t.lower_correct, t.lower_cases):>9} "
                f"{ratio(t.flagged, t.cases):>8} {ratio(t.as_diacritics, t.correct):>9} "
                f"{ratio(t.false_alarms, t.cases):>9} {ratio(t.false_diacritics, t.cases):>12} {t.seconds:>6.1f}",
                flush=True,
            )
            for line in t.misses:
                print(f"      miss  {line}")
            for line in t.alarms:
                print(f"      alarm {line}")
    if tallies:
        mean = lambda values: sum(values) / len(values)  # noqa: E731
        print(
            f"{'mean':<5} {sum(t.cases for t in tallies):>4} "
            f"{mean([t.correct / t.cases for t in tallies]):>7.3f} "
            f"{mean([t.lower_correct / t.lower_cases for t in tallies if t.lower_cases]):>9.3f} "
            f"{mean([t.flagged / t.cases for t in tallies]):>8.3f} {'':>9} "
            f"{mean([t.false_alarms / t.cases for t in tallies]):>9.3f} "
            f"{mean([t.false_diacritics / t.cases for t in tallies]):>12.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
