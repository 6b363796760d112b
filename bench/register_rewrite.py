"""Whole-sentence register rewrites (``translation/register-mix``'s sentence suggestions),
measured on German sentences nobody here wrote.

Sentences: ``/work/shared/langid/de.txt`` and ``de.short.txt`` (UD German-GSD *test* and
Tatoeba sentences: for measuring only, never for tuning), any CoNLL-U file given with
``--conllu`` (its ``# text =`` lines), or the corrected sentences of an M2 learner corpus given
with ``--m2`` (``/work/shared/learner-errors/de_falko-merlin_dev.m2``: a development split,
the one to tune on; its letters address the reader as du or Sie). Kept: sentences with the word "du" (a du subject is
always "du") and, separately, sentences with "Sie" inside the sentence (formal address:
sentence-initial "Sie" may be "they" and is left out; inside, it may also be an object).
A sentence with both is left out.

Each sentence is put into a support reply written in the other register (a du sentence into a
Sie reply and back), checked with ``Config(languagetool="off")``, and its rewrite is the
suggestion of the ``info`` ``translation/register-mix`` finding(s) inside it. A rewrite is

* **consistent** when the reply with the rewrite applied (and the word-by-word suggestions of
  any other sentence the line was cut into) gets no ``translation/register-mix`` finding at all
  (replycheck's own formality check, re-run);
* **LanguageTool-clean** when the real LanguageTool finds no match in the rewritten sentence
  that it did not find in the original sentence (rule ids compared as multisets);
* **correct** when both.

precision = correct / rewrites; coverage = rewrites / sentences. The last line::

    register_rewrite sentences=… rewrites=… coverage=… consistent=… lt_clean=… precision=…

    .venv/bin/python bench/register_rewrite.py [--conllu FILE | --m2 FILE] [--show N] [--no-lt]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import replycheck  # noqa: E402

LANGID = Path("/work/shared/langid")
# Replies in one register, with many words of it, so one inserted sentence stays the minority.
SIE_REPLY = (
    "Guten Tag Frau Berger,\n\nvielen Dank für Ihre Nachricht und Ihre Geduld. Wir haben Ihnen die Gutschrift "
    "überwiesen und Ihren Auftrag geprüft. Bitte prüfen Sie Ihr Konto, und melden Sie sich, wenn Sie Fragen haben. "
    "{sentence}\n\nMit freundlichen Grüßen\nIhr Kundenservice"
)
DU_REPLY = (
    "Hallo Anna,\n\nvielen Dank für deine Nachricht und deine Geduld. Wir haben dir die Gutschrift überwiesen "
    "und deinen Auftrag geprüft. Bitte prüfe dein Konto, und melde dich, wenn du Fragen hast. "
    "{sentence}\n\nViele Grüße\nDein Kundenservice"
)
WORD = re.compile(r"[^\W\d_]+")


def m2_sentences(path: Path) -> list[str]:
    """The corrected sentences of an M2 file (every edit applied, then detokenised)."""
    out = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith("S "):
            continue
        toks = lines[0][2:].split(" ")
        edits = []
        for line in lines[1:]:
            span, kind, correction = line[2:].split("|||")[:3]
            start, end = (int(x) for x in span.split())
            if kind != "noop" and start >= 0:
                edits.append((start, end, [] if correction in ("", "-NONE-") else correction.split(" ")))
        for start, end, new in sorted(edits, reverse=True):
            toks[start:end] = new
        text = " ".join(toks)
        text = re.sub(r" ([.,;:!?)\]])", r"\1", text)
        text = re.sub(r"([(\[„]) ", r"\1", text)
        out.append(text)
    return out


def sentences(conllu: Path | None, m2: Path | None = None) -> list[str]:
    if m2 is not None:
        return m2_sentences(m2)
    if conllu is not None:
        lines = conllu.read_text(encoding="utf-8").splitlines()
        return [line[len("# text = ") :].strip() for line in lines if line.startswith("# text = ")]
    out = []
    for name in ("de.txt", "de.short.txt"):
        out += [line.strip() for line in (LANGID / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(dict.fromkeys(out))


def group(sentence: str) -> str | None:
    """``"du"``, ``"Sie"`` or ``None`` (neither, or both)."""
    words = WORD.findall(sentence)
    du = any(w.lower() == "du" for w in words)
    sie = "Sie" in words[1:]
    if du == sie:
        return None
    return "du" if du else "Sie"


def rewrite_of(checker, reply: str, start: int, end: int) -> tuple[str | None, str]:
    """``(rewrite, fixed)``: the sentence at ``[start, end)`` of ``reply`` with every sentence
    suggestion inside it applied (``None`` when there is none), and the sentence with the
    per-word suggestions outside those sentences applied too (a line the splitter cuts in two
    may have one part fixed word by word)."""
    report = checker.check(reply)
    mixed = [f for f in report.findings if f.code == "translation/register-mix" and start <= f.start and f.end <= end and f.suggestions]
    whole = [f for f in mixed if f.severity == "info"]
    words = [f for f in mixed if f.severity != "info" and not any(w.start <= f.start < w.end for w in whole)]
    text = reply[start:end]
    for f in sorted(whole, key=lambda f: -f.start):
        text = text[: f.start - start] + f.suggestions[0] + text[f.end - start :]
    fixed = reply[start:end]
    for f in sorted(whole + words, key=lambda f: -f.start):
        fixed = fixed[: f.start - start] + f.suggestions[0] + fixed[f.end - start :]
    return (text if whole else None), fixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conllu", type=Path, help="a CoNLL-U file to read sentences from instead")
    parser.add_argument("--m2", type=Path, help="an M2 learner corpus (its corrected sentences) instead")
    parser.add_argument("--show", type=int, default=0, help="print N rewrites of each group")
    parser.add_argument("--no-lt", action="store_true", help="skip the LanguageTool judgement")
    args = parser.parse_args()

    picked = [(s, g) for s in sentences(args.conllu, args.m2) if (g := group(s))]
    counts: Counter = Counter()
    shown: Counter = Counter()
    lt_engine = None
    with replycheck.Checker(replycheck.Config(languagetool="off")) as fast, replycheck.Checker(
        replycheck.Config(languagetool="off" if args.no_lt else "auto")
    ) as full:
        if not args.no_lt:
            lt_engine = full.languagetool()
            lt_engine.start()
        for sentence, kind in picked:
            template = SIE_REPLY if kind == "du" else DU_REPLY
            reply = template.format(sentence=sentence)
            start = reply.index(sentence)
            end = start + len(sentence)
            counts[kind, "sentences"] += 1
            new, all_fixed = rewrite_of(fast, reply, start, end)
            if new is None:
                continue
            counts[kind, "rewrites"] += 1
            fixed = reply[:start] + all_fixed + reply[end:]
            consistent = not [f for f in fast.check(fixed).findings if f.code == "translation/register-mix"]
            lt_clean = True
            if lt_engine is not None:
                before = Counter(m.rule_id for m in lt_engine.check(sentence, "de"))
                after = Counter(m.rule_id for m in lt_engine.check(new, "de"))
                lt_clean = not (after - before)
            counts[kind, "consistent"] += consistent
            counts[kind, "lt_clean"] += lt_clean
            counts[kind, "correct"] += consistent and lt_clean
            if shown[kind] < args.show or (args.show and not (consistent and lt_clean)):
                shown[kind] += 1
                mark = "ok " if consistent and lt_clean else ("INCONSISTENT " if not consistent else "LT ")
                print(f"{mark}{sentence}\n    -> {new}")
    total = Counter()
    for kind in ("du", "Sie"):
        row = {k: counts[kind, k] for k in ("sentences", "rewrites", "consistent", "lt_clean", "correct")}
        total.update(row)
        print(_line(f"register_rewrite[{kind}->{'Sie' if kind == 'du' else 'du'}]", row, args.no_lt))
    print(_line("register_rewrite", total, args.no_lt))


def _line(name: str, row, no_lt: bool) -> str:
    rewrites = row["rewrites"]
    coverage = rewrites / row["sentences"] if row["sentences"] else 0.0
    precision = row["correct"] / rewrites if rewrites else 0.0
    lt = "n/a" if no_lt else row["lt_clean"]
    return (
        f"{name} sentences={row['sentences']} rewrites={rewrites} coverage={coverage:.3f} "
        f"consistent={row['consistent']} lt_clean={lt} correct={row['correct']} precision={precision:.3f}"
    )


if __name__ == "__main__":
    main()
