"""Register switches: a reply in one form of address with one sentence switched to the other.

Replies: both versions of every pair in ``bench/data/contradictions`` (support replies in 12
languages). A reply's register is read with this script's own tables (below, written from the
grammars, not from ``replycheck/data``) and, for Spanish, Italian and Portuguese, with verb
forms from verbecc's conjugation tables (``bench/data/register/verbs-<lang>.tsv``, built by
``scripts/build_register_table.py``): replies with no form of address, or with both already,
are left out. Among the sentences that address the reader, one (not the only one) is switched:
its pronouns, possessives and verbs take the other register's forms. The untouched replies
are the false-alarm control.

Scored with ``Config(categories=("translation",), languagetool="off")``: a switch is found when
a ``translation/register-mix`` finding lies in the reply; a false alarm is one on an untouched
reply. The last line::

    register_recall=… false_alarms=… (per language above it)

    .venv/bin/python bench/register.py [--show N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import contradictions  # noqa: E402

VERBS = ROOT / "bench" / "data" / "register"

# familiar -> polite singular forms of address, per language (pronouns and possessives)
SWAPS = {
    "sv": {"du": "ni", "dig": "er", "din": "er", "ditt": "ert", "dina": "era"},
    "da": {"du": "De", "dig": "Dem", "din": "Deres", "dit": "Deres", "dine": "Deres"},
    "nb": {"du": "De", "deg": "Dem", "din": "Deres", "ditt": "Deres", "dine": "Deres"},
    "nn": {"du": "De", "deg": "Dykk", "din": "Dykkar", "ditt": "Dykkar", "dine": "Dykkar"},
    "de": {"du": "Sie", "dich": "Sie", "dir": "Ihnen", "dein": "Ihr", "deine": "Ihre", "deinen": "Ihren",
           "deinem": "Ihrem", "deiner": "Ihrer"},
    "nl": {"je": "u", "jij": "u", "jou": "u", "jouw": "uw"},
    "fr": {"tu": "vous", "te": "vous", "toi": "vous", "ton": "votre", "ta": "votre", "tes": "vos"},
    "es": {"tú": "usted", "te": "le", "ti": "usted", "tu": "su", "tus": "sus"},
    "it": {"tu": "Lei", "ti": "Le", "te": "Lei", "tuo": "Suo", "tua": "Sua", "tuoi": "Suoi", "tue": "Sue"},
    "pt": {"tu": "você", "te": "lhe", "ti": "você", "teu": "seu", "tua": "sua", "teus": "seus", "tuas": "suas"},
    "fi": {"sinä": "Te", "sinua": "Teitä", "sinulle": "Teille", "sinun": "Teidän", "sinulla": "Teillä"},
}
DETERMINERS = {"el", "la", "los", "las", "un", "una", "su", "tu", "del", "al", "il", "lo", "gli", "i", "le", "o", "a",
               "os", "as", "um", "uma", "da", "do", "na", "no", "nel", "nella", "dal", "della", "sua", "suo"}
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=None)
def verb_table(lang: str) -> dict[str, str]:
    """familiar verb form -> polite, and polite -> familiar (verbecc's tables)."""
    path = VERBS / f"verbs-{lang}.tsv"
    pairs: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            second, third, _ = line.split("\t")
            pairs[second] = third
    return pairs


@lru_cache(maxsize=None)
def forms(lang: str):
    familiar = dict(SWAPS.get(lang, {}))
    polite_pronouns = {v.lower(): k for k, v in familiar.items()}
    verbs = verb_table(lang)
    return familiar, polite_pronouns, verbs, {v: k for k, v in verbs.items()}


def register_of(text: str, lang: str) -> tuple[int, int]:
    """(familiar, polite) address forms in ``text`` by this script's tables (verbs: familiar only,
    since a polite verb form is also the third person)."""
    familiar, polite, verbs, _ = forms(lang)
    f = p = 0
    for m in WORD.finditer(text):
        w = m.group()
        if w.lower() in familiar or w.lower() in verbs:
            f += 1
        elif w.lower() in polite and not (lang == "de" and (w == "sie" or m.start() == 0)):
            p += 1
    return f, p


def switch(sentence: str, lang: str, to: str) -> str:
    """The sentence with its forms of address in register ``to`` ("polite" or "familiar")."""
    familiar, polite, verbs, verbs_back = forms(lang)
    words = list(WORD.finditer(sentence))
    out, last = [], 0
    for k, m in enumerate(words):
        w = m.group()
        low = w.lower()
        previous = words[k - 1].group().lower() if k else ""
        if to == "polite":
            new = familiar.get(low) or (verbs.get(low) if previous not in DETERMINERS else None)
        else:
            new = polite.get(low) if (lang != "de" or w[:1].isupper()) else None
            new = new or (verbs_back.get(low) if previous not in DETERMINERS and lang in ("es", "it", "pt") else None)
        if new:
            if w[:1].isupper() and not new[:1].isupper():
                new = new[:1].upper() + new[1:]
            out.append(sentence[last:m.start()] + new)
            last = m.end()
    out.append(sentence[last:])
    return "".join(out)


def cases(seed: int):
    rng = random.Random(seed)
    for lang in contradictions.languages():
        if lang not in SWAPS:
            continue
        for reply in (item["reply"] for item in contradictions.replies(lang)):
            f, p = register_of(reply, lang)
            if (f == 0) == (p == 0):
                continue  # no form of address, or both already
            register = "familiar" if f else "polite"
            addressing = [m for m in SENTENCE.finditer(reply) if sum(register_of(m.group(), lang))]
            if len(addressing) < 2:
                yield lang, reply, None
                continue
            target = rng.choice(addressing[1:])  # never the first: the reply sets its register first
            changed = switch(target.group(), lang, "polite" if register == "familiar" else "familiar")
            injected = reply[: target.start()] + changed + reply[target.end():] if changed != target.group() else None
            yield lang, reply, injected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--show", type=int, default=0, metavar="N", help="Print N misses and N false alarms.")
    args = parser.parse_args(argv)
    import replycheck

    config = replycheck.Config(categories=("translation",), languagetool="off")
    found = defaultdict(lambda: [0, 0])
    alarms = defaultdict(lambda: [0, 0])
    misses, false = [], []
    with replycheck.Checker(config, start_languagetool=False) as checker:
        for lang, reply, injected in cases(args.seed):
            flagged = any(f.code == "translation/register-mix" for f in checker.check(reply).findings)
            alarms[lang][0] += flagged
            alarms[lang][1] += 1
            if flagged:
                false.append((lang, reply))
            if injected is not None:
                hit = any(f.code == "translation/register-mix" for f in checker.check(injected).findings)
                found[lang][0] += hit
                found[lang][1] += 1
                if not hit:
                    misses.append((lang, injected))
    for lang in sorted(set(found) | set(alarms)):
        a, b = found[lang]
        fa, n = alarms[lang]
        print(f"  {lang}: switches found {a}/{b} = {a / b if b else float('nan'):.2f}   false alarms {fa}/{n}")
    for lang, text in misses[: args.show]:
        print(f"MISS {lang}: {' '.join(text.split())[:220]}")
    for lang, text in false[: args.show]:
        print(f"FALSE {lang}: {' '.join(text.split())[:220]}")
    hits = sum(v[0] for v in found.values())
    total = sum(v[1] for v in found.values())
    fa = sum(v[0] for v in alarms.values())
    n = sum(v[1] for v in alarms.values())
    print(f"register_recall={hits / max(1, total):.3f} ({hits}/{total}) false_alarms={fa / max(1, n):.3f} ({fa}/{n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
