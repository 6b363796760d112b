"""replycheck's own grammar rules alone (LanguageTool off): false alarms on public clean text,
and recall on the injection set, per language, with examples of what fired.

    .venv/bin/python bench/own_rules.py [--langs sv,da,nb,nn,nl,de] [--limit 3000] [--show 8]
                                        [--injected bench/out/injected.jsonl]

Clean text: ``../shared/langid/<lang>.txt`` (UD test and Tatoeba sentences, nearly all
correct; see its README). A sentence with any own-rule ``grammar/*`` finding counts as flagged,
so the flagged share is an upper bound on the false-alarm rate. ``--injected`` (made by
``bench/inject.py``) adds recall per defect type and the flagged share of its clean sentences.
Fast (no LanguageTool): the loop for tuning a rule against thousands of sentences.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replycheck.api import Checker  # noqa: E402
from replycheck.config import Config  # noqa: E402

LANGID = ROOT.parent / "shared" / "langid"


def own_findings(checker, text):
    return [f for f in checker.check(text).findings if f.category == "grammar" and not f.code.startswith("grammar/lt-")]


def clean_text(lang: str, limit: int, show: int) -> None:
    checker = Checker(Config(languagetool="off", language=lang, categories=("grammar",)), start_languagetool=False)
    lines = [line.rstrip("\n").split("\t")[-1] for line in open(LANGID / f"{lang}.txt", encoding="utf-8")][:limit]
    codes: collections.Counter = collections.Counter()
    examples = []
    flagged = 0
    for text in lines:
        found = own_findings(checker, text)
        flagged += bool(found)
        for f in found:
            codes[f.code] += 1
            if len(examples) < show:
                examples.append(f"{text[max(0, f.start - 40):f.start]}[[{text[f.start:f.end]}]]{text[f.end:f.end + 30]}  {f.code}")
    print(f"clean lang={lang} sentences={len(lines)} flagged={flagged} rate={flagged / max(len(lines), 1):.3f} {dict(codes)}")
    for line in examples:
        print("    " + line)


def injected(lang: str, path: Path) -> None:
    checker = Checker(Config(languagetool="off", language=lang, categories=("grammar",)), start_languagetool=False)
    total: collections.Counter = collections.Counter()
    hit: collections.Counter = collections.Counter()
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        if row["lang"] != lang:
            continue
        kind = row.get("type") or row.get("kind") or "clean"
        kind = "clean" if row.get("incorrect") is False or kind == "clean" else kind
        total[kind] += 1
        hit[kind] += bool(own_findings(checker, row["text"]))
    if total:
        print(f"injected lang={lang} " + " ".join(f"{k}={hit[k] / total[k]:.2f}/{total[k]}" for k in sorted(total)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", default="sv,da,nb,nn,nl,de")
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--show", type=int, default=8)
    parser.add_argument("--injected", type=Path)
    args = parser.parse_args()
    for lang in args.langs.split(","):
        clean_text(lang, args.limit, args.show)
        if args.injected:
            injected(lang, args.injected)


if __name__ == "__main__":
    main()
