"""Do the fixes the agent page offers make a text better? Measured on real learner errors.

Two learner corpora (../shared/learner-errors, development splits) give incorrect sentences
with their correction: DaLAJ Swedish (one error each, CC BY 4.0) and Falko-MERLIN German (M2;
only sentences with exactly one edit, CC BY-SA 4.0), plus their correct sentences. Every
sentence is checked for grammar and spelling with the real LanguageTool plus replycheck's own
rules; ``replycheck.fixes.offered_fixes`` then re-checks every suggestion and keeps only the
fixes that remove their finding and bring no new warning or error. Printed per corpus:

* how often the first suggestion as the checks make it, and the first fix offered after the
  re-check, gives exactly the corrected sentence (a lower bound: another correct wording, or a
  finding on another word, counts as not the gold fix);
* harmful offers: fixes offered on correct sentences (applying one makes the text worse);
* suggestions kept after the re-check; the re-check's time per sentence.

    .venv/bin/python bench/fixes.py [--limit 300] [--seed 1] [--lang sv --lang de]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ged import LEARNER, detokenise  # noqa: E402

from replycheck import Checker, Config, offered_fixes  # noqa: E402

CATEGORIES = ("grammar", "spelling")


def load(path: Path) -> list[dict]:
    """DaLAJ rows: the sentence, whether it is incorrect, the gold span and the corrected sentence."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        item = {"text": row["sentence"], "incorrect": row["label"] == "incorrect", "span": None, "gold": None}
        if item["incorrect"]:
            span = row["meta"]["error_span"]
            start, stop = int(span["start"]), int(span["stop"])
            correction = row["meta"]["confusion_pair"]["correction"]
            item["span"] = (start, stop)
            item["gold"] = row["sentence"][:start] + correction + row["sentence"][stop:]
        rows.append(item)
    return rows


def load_m2(path: Path) -> list[dict]:
    """Falko-MERLIN German: correct sentences, and sentences with exactly one edit (its correction)."""
    rows = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith("S "):
            continue
        tokens = lines[0][2:].split()
        edits = [line[2:].split("|||") for line in lines[1:] if line.startswith("A ")]
        edits = [e for e in edits if e[1] != "noop" and e[-1].strip() == "0"]
        if not edits:
            rows.append({"text": detokenise(tokens), "incorrect": False, "gold": None})
        elif len(edits) == 1:
            (first, last), correction = map(int, edits[0][0].split()), edits[0][2]
            fixed = tokens[:first] + (correction.split() if correction != "-NONE-" else []) + tokens[last:]
            rows.append({"text": detokenise(tokens), "incorrect": True, "gold": detokenise(fixed)})
    return rows


def same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def measure(rows: list[dict], checker: Checker) -> dict:
    """Counts over ``rows``: first suggestions and first offered fixes that give the gold sentence."""
    counts = dict.fromkeys(
        ("sentences", "incorrect", "suggested", "suggestion_gold", "offered", "offered_gold",
         "correct", "correct_suggested", "correct_offered", "tried", "kept"), 0)
    seconds = 0.0
    for row in rows:
        report = checker.check(row["text"])
        started = time.perf_counter()
        fixes = offered_fixes(checker, report)
        seconds += time.perf_counter() - started
        counts["sentences"] += 1
        counts["tried"] += sum(1 for f in report.findings for s in f.suggestions[:4] if s != row["text"][f.start:f.end])
        counts["kept"] += sum(len(v) for v in fixes.values())
        if not row["incorrect"]:
            counts["correct"] += 1
            counts["correct_suggested"] += sum(1 for f in report.findings if f.suggestions)
            counts["correct_offered"] += len(fixes)
            continue
        counts["incorrect"] += 1
        for index, finding in enumerate(report.findings):
            if finding.suggestions:
                counts["suggested"] += 1
                first = row["text"][: finding.start] + finding.suggestions[0] + row["text"][finding.end :]
                counts["suggestion_gold"] += same(first, row["gold"])
            if index in fixes:
                counts["offered"] += 1
                counts["offered_gold"] += same(fixes[index][0].text, row["gold"])
    counts["fix_seconds_per_sentence"] = round(seconds / max(counts["sentences"], 1), 3)
    return counts


CORPORA = {
    "sv": ("DaLAJ Swedish dev", lambda: load(LEARNER / "dalaj-ged-superlim_dev.jsonl")),
    "de": ("Falko-MERLIN German dev (sentences with one edit, and correct ones)",
           lambda: load_m2(LEARNER / "de_falko-merlin_dev.m2")),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="sentences (a seeded sample; 0: all 4,702)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lang", action="append", choices=sorted(CORPORA), help="default: every corpus")
    args = parser.parse_args(argv)
    for lang in args.lang or sorted(CORPORA, reverse=True):
        name, loader = CORPORA[lang]
        rows = loader()
        if args.limit and args.limit < len(rows):
            rows = [rows[i] for i in sorted(random.Random(args.seed).sample(range(len(rows)), args.limit))]
        with Checker(Config(language=lang, categories=CATEGORIES)) as checker:
            checker.warm_up([lang])
            report(name, measure(rows, checker))
    return 0


def report(name: str, c: dict) -> None:
    """Print one corpus's figures; the last line is machine-readable."""

    def rate(a: str, b: str) -> str:
        return f"{c[a] / c[b]:.3f} ({c[a]}/{c[b]})" if c[b] else "n/a"

    print(f"{name}: {c['sentences']} sentences ({c['incorrect']} incorrect, {c['correct']} correct), "
          "grammar + spelling with LanguageTool")
    print(f"  first suggestion gives the corrected sentence: {rate('suggestion_gold', 'suggested')}")
    print(f"  first offered fix gives the corrected sentence: {rate('offered_gold', 'offered')}")
    print(f"  findings in incorrect sentences keeping a fix:  {rate('offered', 'suggested')}")
    print(f"  correct sentences: findings with suggestions {c['correct_suggested']}, with a fix offered "
          f"{c['correct_offered']} (per sentence {c['correct_offered'] / max(c['correct'], 1):.3f})")
    print(f"  suggestions kept after the re-check: {rate('kept', 'tried')}; "
          f"offered_fixes time per sentence {c['fix_seconds_per_sentence']} s")
    print("figures " + " ".join(f"{k}={v}" for k, v in c.items()))


if __name__ == "__main__":
    raise SystemExit(main())
