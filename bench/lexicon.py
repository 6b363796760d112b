"""Lexicon coverage: how many nouns of real text the shipped lexicons know the gender of.

For each language's Universal Dependencies *test* treebank, over its NOUN tokens that carry a
``Gender`` feature: the share whose gender the lexicon knows (listed, or through the compound
fallback), the share of those where the treebank's gender is among the lexicon's, and how
often the lexicon's answer is ambiguous. Also verbs: the share of VERB/AUX tokens whose
``VerbForm`` the lexicon has among the readings. Prints the Python process's resident memory
before and after loading the lexicons.

    .venv/bin/python bench/lexicon.py [--ud DIR] [--langs sv,da,nb,nn,nl,de]

``--ud`` (default ``$REPLYCHECK_UD_DIR`` or ``../ud``) holds the treebanks as cloned from
https://github.com/UniversalDependencies (UD_Swedish-Talbanken, UD_Danish-DDT,
UD_Norwegian-Bokmaal, UD_Norwegian-Nynorsk, UD_Dutch-Alpino, UD_German-GSD).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from replycheck.engines.lexicon import lexicon  # noqa: E402

TREEBANKS = {
    "sv": "UD_Swedish-Talbanken/sv_talbanken-ud-test.conllu",
    "da": "UD_Danish-DDT/da_ddt-ud-test.conllu",
    "nb": "UD_Norwegian-Bokmaal/no_bokmaal-ud-test.conllu",
    "nn": "UD_Norwegian-Nynorsk/no_nynorsk-ud-test.conllu",
    "nl": "UD_Dutch-Alpino/nl_alpino-ud-test.conllu",
    "de": "UD_German-GSD/de_gsd-ud-test.conllu",
}


def tokens(path: Path):
    """``(form, upos, feats)`` for every word line of a CoNLL-U file."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 6 or not cols[0].isdigit():
                continue  # multiword ranges and empty nodes
            feats = dict(f.split("=", 1) for f in cols[5].split("|") if "=" in f) if cols[5] != "_" else {}
            yield cols[1], cols[3], feats


def measure(lang: str, path: Path) -> dict:
    lex = lexicon(lang)
    nouns = known = agree = ambiguous = verbs = verb_known = 0
    for form, upos, feats in tokens(path):
        if upos == "NOUN" and "Gender" in feats:
            nouns += 1
            genders = lex.features(form, "NOUN", "Gender")
            if genders:
                known += 1
                gold = set(feats["Gender"].split(","))
                agree += gold <= genders
                ambiguous += len(genders) > 1
        elif upos in ("VERB", "AUX") and "VerbForm" in feats:
            verbs += 1
            forms = lex.features(form, "VERB", "VerbForm") | lex.features(form, "AUX", "VerbForm")
            verb_known += feats["VerbForm"] in forms
    return {
        "lang": lang, "forms": len(lex), "nouns": nouns, "coverage": known / max(nouns, 1),
        "agreement": agree / max(known, 1), "ambiguous": ambiguous / max(known, 1),
        "verbs": verbs, "verbform_known": verb_known / max(verbs, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", default=os.environ.get("REPLYCHECK_UD_DIR", str(Path(__file__).resolve().parents[2] / "ud")))
    parser.add_argument("--langs", default=",".join(TREEBANKS))
    args = parser.parse_args()
    process = psutil.Process()
    before = process.memory_info().rss / 2**20
    print(f"rss_before_mb={before:.0f}")
    print(f"{'lang':5} {'forms':>9} {'nouns':>6} {'coverage':>9} {'agreement':>10} {'ambiguous':>10} {'verbs':>6} {'verbform':>9}")
    for lang in args.langs.split(","):
        path = Path(args.ud) / TREEBANKS[lang]
        if lexicon(lang) is None or not path.is_file():
            print(f"{lang:5} (no lexicon or no treebank at {path})")
            continue
        r = measure(lang, path)
        print(
            f"{lang:5} {r['forms']:>9} {r['nouns']:>6} {r['coverage']:>9.3f} {r['agreement']:>10.3f} "
            f"{r['ambiguous']:>10.3f} {r['verbs']:>6} {r['verbform_known']:>9.3f}"
        )
    print(f"rss_after_mb={process.memory_info().rss / 2**20:.0f}")


if __name__ == "__main__":
    main()
