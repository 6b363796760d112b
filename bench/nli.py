"""False alarms of the ``contradiction`` checks on public NLI pairs that do not contradict.

    .venv/bin/python bench/nli.py [--limit 300] [--langs en,sv,...] [--data DIR] [--detect] [--period]
                                  [--all-categories] [--show N]

Reads ``bench/data/nli/<lang>.jsonl`` (built by ``scripts/build_nli_sample.py``; sources and
licences in ``bench/data/nli/README.md``). For every pair labelled ``entailment``, ``neutral``
or ``none`` (ASSIN 2's "not entailed", Portuguese only) it checks the text
``"<premise> <hypothesis>"`` with ``Checker.check_fast`` and LanguageTool off, and counts the
pair as flagged when the report has a ``contradiction/*`` finding of severity warning or error.
Neither entailed nor neutral hypotheses contradict their premise, so every flag is a false
alarm (for ``none`` pairs, a flag may be a real contradiction).

By default the reply language is given to the checker (``Config.language``), so the figures
are those of the contradiction checks alone; ``--detect`` lets the checker identify it.
Only the ``contradiction`` category runs unless ``--all-categories`` (other categories do not
change its findings, only the time). ``--limit N`` takes the first N pairs of each label per
language. ``--period`` ends a premise that lacks final punctuation (common in the
transcribed-speech genres of MultiNLI/XNLI and in ASSIN 2) with '.' so that it does not run
into the hypothesis as one sentence. ``ran`` counts the texts on which at least one contradiction check ran (a language
without ``data/<lang>/negation.yaml`` skips them all: its rate is 0 by construction).

Prints one line per language, totals, ``--show N`` flagged examples per language, and last
``nli_entailment_false_alarm=<rate>``: flagged entailment pairs / entailment pairs on which a
contradiction check ran (languages without negation data would only dilute it; the rate over
every entailment pair is printed just before it as ``nli_entailment_false_alarm_all_pairs``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replycheck import Checker, Config  # noqa: E402
from replycheck.model import CATEGORIES  # noqa: E402

DATA = ROOT.parent / "shared" / "nli"  # fetched data stays outside the repository (see scripts/build_nli_sample.py)
LABELS = ("entailment", "neutral", "none")
FLAG_SEVERITIES = ("warning", "error")


def load(data: Path, lang: str, limit: int) -> dict[str, list[dict]]:
    by_label: dict[str, list[dict]] = defaultdict(list)
    with (data / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["label"] in LABELS and len(by_label[row["label"]]) < limit:
                by_label[row["label"]].append(row)
    return by_label


def join(premise: str, hypothesis: str, period: bool) -> str:
    """``"premise hypothesis"``; with ``period``, a premise not ending a sentence gets a '.'."""
    if period and not premise.rstrip("\"'”’)»").endswith((".", "!", "?", "…", ":", ";")):
        premise += "."
    return f"{premise} {hypothesis}"


def rate(flagged: int, pairs: int) -> str:
    return f"{flagged / pairs:.3f}" if pairs else "  -  "


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=300, help="pairs per label and language (default 300)")
    ap.add_argument("--data", type=Path, default=DATA, help="folder of <lang>.jsonl (default ../shared/nli)")
    ap.add_argument("--langs", default="", help="comma-separated languages (default: every file in --data)")
    ap.add_argument("--detect", action="store_true", help="let the checker identify the language instead of giving it")
    ap.add_argument("--all-categories", action="store_true", help="run every category, not only contradiction")
    ap.add_argument("--period", action="store_true", help="end a premise without final punctuation with '.' before joining")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print up to N flagged pairs per language")
    args = ap.parse_args(argv)

    langs = [code.strip() for code in args.langs.split(",") if code.strip()] or sorted(p.stem for p in args.data.glob("*.jsonl"))
    categories = CATEGORIES if args.all_categories else ("contradiction",)
    base = Config(languagetool="off", categories=categories)
    checker = Checker(base, start_languagetool=False)

    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # label -> [pairs, flagged, ran]
    examples: dict[str, list[tuple[str, dict, list]]] = defaultdict(list)
    started = time.perf_counter()
    print(f"{'lang':4} {'label':10} {'pairs':>5} {'flagged':>7} {'rate':>6} {'ran':>5} {'info':>4} {'lang≠':>5} {'s/pair':>7}")
    for lang in langs:
        config = base if args.detect else base.with_(language=lang)
        data = load(args.data, lang, args.limit)
        for label in LABELS:
            rows = data.get(label, [])
            if not rows:
                continue
            flagged = ran = info = wrong_lang = 0
            t0 = time.perf_counter()
            for row in rows:
                text = join(row["premise"], row["hypothesis"], args.period)
                report = checker.check_fast(text, config=config)
                contra = [f for f in report.findings if f.category == "contradiction"]
                hits = [f for f in contra if f.severity in FLAG_SEVERITIES]
                info += any(f.severity == "info" for f in contra)
                not_run = {s.name for s in report.skipped + report.errors}
                ran += bool(_CONTRA_CHECKS - not_run)
                wrong_lang += report.reply_language.code != lang
                if hits:
                    flagged += 1
                    if len(examples[lang]) < args.show:
                        examples[lang].append((label, row, [(f.code, f.message, text[f.start : f.end]) for f in hits]))
            seconds = (time.perf_counter() - t0) / len(rows)
            totals[label][0] += len(rows)
            totals[label][1] += flagged
            totals[label][2] += ran
            print(f"{lang:4} {label:10} {len(rows):5d} {flagged:7d} {rate(flagged, len(rows)):>6} {ran:5d} {info:4d} {wrong_lang:5d} {seconds:7.3f}")
        sys.stdout.flush()

    print()
    for label in LABELS:
        pairs, flagged, ran = totals[label]
        if pairs:
            print(f"all  {label:10} {pairs:5d} {flagged:7d} {rate(flagged, pairs):>6} {ran:5d}   (rate over pairs the checks ran on: {rate(flagged, ran)})")
    print(f"elapsed {time.perf_counter() - started:.1f} s")

    if args.show:
        for lang in langs:
            for label, row, hits in examples.get(lang, []):
                print(f"\n[{lang} {label}] P: {row['premise']}\n           H: {row['hypothesis']}")
                for code, message, span in hits:
                    print(f"    {code}: {message}  «{span}»")

    pairs, flagged, ran = totals["entailment"]
    print(f"\nnli_entailment_false_alarm_all_pairs={flagged / pairs if pairs else 0.0:.4f}  ({flagged}/{pairs})")
    print(f"nli_entailment_false_alarm={flagged / ran if ran else 0.0:.4f}")
    return 0


def _contradiction_checks() -> frozenset[str]:
    from replycheck.registry import all_checks

    return frozenset(spec.name for spec in all_checks() if spec.category == "contradiction")


_CONTRA_CHECKS = _contradiction_checks()

if __name__ == "__main__":
    sys.exit(main())
