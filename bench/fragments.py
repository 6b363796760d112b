"""Foreign fragments: a sentence (5–25 words) or a 2–4-word stretch of one language inside a
reply in another, for every pair of the 15 languages; recall, span exactness, false alarms.

Replies are built from public sentences (``../shared/langid/<lang>.txt``: lingua's test
sentences, UD test treebanks, Tatoeba; ``<lang>.short.txt`` for the 2–4-word stretches; strings
in ``cross_lang_duplicates.tsv`` dropped; each sentence given a capital and a final stop, as
an e-mail would have them). A reply is four sentences of the host language in two
paragraphs; a **sentence** insertion puts one foreign sentence between two of them (after the
first, second or third), a **stretch** insertion puts 2–4 foreign words inside a host sentence,
after a word in its middle; a **clause** insertion appends a foreign sentence of 5–12 words to
a host sentence after a comma ("Vi har skickat en ny kod, please check your spam folder."). The same reply without the insertion is the false-alarm control.

Scored with the language checks only (``Config(categories=("language",), languagetool="off")``):
an insertion is found when a ``language/mixed`` finding overlaps it; its span exactness is
characters in both / characters in either (1.0 = exactly the inserted sentence); a false alarm
is a ``language/mixed`` finding on a control reply. nb↔nn pairs are reported apart: a Bokmål
sentence in a Nynorsk reply is not a finding (issue 11), a whole **paragraph** (two sentences
after the reply's two paragraphs) is.

``--split dev`` uses the even-numbered lines of each file, ``held-out`` the odd ones: thresholds
are chosen on dev only. The last line::

    split=… sentence_recall_far=… sentence_recall_close=… worst_far_pair=… worst_close_pair=… span=… clause_recall_far=… stretch_recall=… false_alarms=… support_false_alarms=…

    .venv/bin/python bench/fragments.py [--split dev|held-out] [--per-pair 4] [--seed 11] [--hosts sv,da] [--show-misses N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import contradictions  # noqa: E402

LANGID = ROOT.parent / "shared" / "langid"
LANGS = ("sv", "nb", "nn", "da", "nl", "de", "en", "fi", "fr", "es", "pt", "it", "pl", "is", "et")
NORDIC = {"sv", "nb", "nn", "da"}
LENGTHS = ((5, 9), (10, 14), (15, 25))


def close_pair(a: str, b: str) -> bool:
    return a in NORDIC and b in NORDIC


def excepted(host: str, foreign: str) -> bool:
    return {host, foreign} == {"nb", "nn"}


def _lines(path: Path, drop: set[str]) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and line.strip() not in drop]


def pools(split: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each language's sentences (5–25 words) and 2–4-word texts in ``split``."""
    drop = set()
    duplicates = LANGID / "cross_lang_duplicates.tsv"
    if duplicates.is_file():
        for line in duplicates.read_text(encoding="utf-8").splitlines()[1:]:
            drop.add(line.split("\t", 1)[-1].strip())
    parity = {"dev": 0, "held-out": 1}.get(split)
    sentences, stretches = {}, {}
    for lang in LANGS:
        lines = _lines(LANGID / f"{lang}.txt", drop)
        short = _lines(LANGID / f"{lang}.short.txt", drop)
        if parity is not None:
            lines, short = lines[parity::2], short[parity::2]
        sentences[lang] = [s for s in lines if 5 <= len(s.split()) <= 25]
        stretches[lang] = [s.rstrip(".!?") for s in short if 2 <= len(s.split()) <= 4]
    return sentences, stretches


def _ended(sentence: str) -> str:
    """The sentence as an e-mail writes it: a capital first letter, a final stop."""
    sentence = sentence[:1].upper() + sentence[1:]
    return sentence if sentence[-1:] in ".!?…\"'»”)" else sentence + "."


@dataclass(frozen=True)
class Case:
    host: str
    foreign: str
    kind: str  # "sentence" or "stretch"
    reply: str
    control: str
    start: int
    end: int
    words: int


def build(sentences, stretches, per_pair: int, seed: int, hosts) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for host in hosts:
        for foreign in LANGS:
            if foreign == host:
                continue
            for n in range(per_pair):
                body = [_ended(s) for s in rng.sample(sentences[host], 4)]
                # the sentence case: a whole foreign sentence between two host sentences
                inserted = _ended(rng.choice(sentences[foreign]))
                at = 1 + n % 3
                parts = body[:at] + [inserted] + body[at:]
                reply, start = _join(parts, at)
                control, _ = _join(body, 0)
                cases.append(Case(host, foreign, "sentence", reply, control, start, start + len(inserted), len(inserted.split())))
                # the stretch case: 2–4 foreign words inside the third host sentence
                stretch = rng.choice(stretches[foreign])
                words = body[2].split()
                cut = max(1, len(words) // 2)
                changed = " ".join(words[:cut]) + " " + stretch + " " + " ".join(words[cut:])
                parts = body[:2] + [changed] + body[3:]
                reply, offset = _join(parts, 2)
                start = offset + len(" ".join(words[:cut])) + 1
                cases.append(Case(host, foreign, "stretch", reply, control, start, start + len(stretch), len(stretch.split())))
                # the clause case: a foreign sentence of 5–12 words after a comma in a host sentence
                clause = rng.choice([s for s in sentences[foreign] if len(s.split()) <= 12]).rstrip(".!?… ")
                head = body[1].rstrip(".!?… ")
                parts = body[:1] + [f"{head}, {clause}."] + body[2:]
                reply, offset = _join(parts, 1)
                start = offset + len(head) + 2
                cases.append(Case(host, foreign, "clause", reply, control, start, start + len(clause), len(clause.split())))
                if excepted(host, foreign):  # Bokmål/Nynorsk: only a whole paragraph counts
                    paragraph = " ".join(_ended(s) for s in rng.sample(sentences[foreign], 2))
                    reply = control + "\n\n" + paragraph
                    start = len(control) + 2
                    cases.append(Case(host, foreign, "paragraph", reply, control, start, len(reply), len(paragraph.split())))
    return cases


def _join(parts: list[str], index: int) -> tuple[str, int]:
    """Two paragraphs (the first two parts, then the rest); the offset of ``parts[index]``."""
    text, offset = "", 0
    for i, part in enumerate(parts):
        if i == 2:
            text += "\n\n"
        elif i:
            text += " "
        if i == index:
            offset = len(text)
        text += part
    return text, offset


def support_replies() -> list[str]:
    """Support replies with no foreign fragment: both versions of every bench/data/contradictions
    pair (12 languages, with greetings, names, amounts, sign-offs) — a second false-alarm control."""
    return [item["reply"] for lang in contradictions.languages() for item in contradictions.replies(lang)]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    both = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    either = max(a[1], b[1]) - min(a[0], b[0])
    return both / either if either else 0.0


def bucket(words: int) -> str:
    for low, high in LENGTHS:
        if low <= words <= high:
            return f"{low}-{high}"
    return "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "held-out", "all"), default="held-out")
    parser.add_argument("--per-pair", type=int, default=4)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--hosts", default=",".join(LANGS))
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if not LANGID.is_dir():
        print(f"fragments: {LANGID} is missing", file=sys.stderr)
        return 2
    import replycheck

    sentences, stretches = pools(args.split)
    cases = build(sentences, stretches, args.per_pair, args.seed, args.hosts.split(","))
    config = replycheck.Config(categories=("language",), languagetool="off")
    found: dict = defaultdict(lambda: [0, 0])  # (kind, host, foreign) -> [found, total]
    by_length: dict = defaultdict(lambda: [0, 0])
    spans: list[float] = []
    misses: list[Case] = []
    alarms: dict = defaultdict(lambda: [0, 0])  # host -> [control replies flagged, controls]
    paragraphs: dict = defaultdict(lambda: [0, 0])  # nb/nn host -> [found, paragraphs of the other standard]
    seen_controls: set[str] = set()
    started = time.perf_counter()
    with replycheck.Checker(config, start_languagetool=False) as checker:
        for case in cases:
            report = checker.check(case.reply)
            mixed = [(f.start, f.end) for f in report.findings if f.code == "language/mixed"]
            best = max((overlap(span, (case.start, case.end)) for span in mixed), default=0.0)
            hit = best > 0
            if case.kind == "paragraph":
                paragraphs[case.host][0] += hit
                paragraphs[case.host][1] += 1
            elif not excepted(case.host, case.foreign):
                cell = found[(case.kind, case.host, case.foreign)]
                cell[0] += hit
                cell[1] += 1
                if case.kind == "sentence":
                    lengths = by_length[(bucket(case.words), close_pair(case.host, case.foreign))]
                    lengths[0] += hit
                    lengths[1] += 1
                    if hit:
                        spans.append(best)
                    else:
                        misses.append(case)
            if case.control not in seen_controls:
                seen_controls.add(case.control)
                control = checker.check(case.control)
                alarms[case.host][0] += any(f.code == "language/mixed" for f in control.findings)
                alarms[case.host][1] += 1
        support = support_replies()
        support_flagged = [r for r in support if any(f.code == "language/mixed" for f in checker.check(r).findings)]
    seconds = time.perf_counter() - started

    def recall(kind: str, close: bool | None, host: str | None = None) -> tuple[int, int]:
        hits = total = 0
        for (k, h, f), (a, b) in found.items():
            if k == kind and (close is None or close_pair(h, f) == close) and (host is None or h == host):
                hits, total = hits + a, total + b
        return hits, total

    print(f"split={args.split} cases={len(cases)} controls={len(seen_controls)} seconds={seconds:.0f}")
    print("\nsentence recall by host (far pairs / close Nordic pairs), clause recall (far pairs), stretch recall, false alarms:")
    for host in args.hosts.split(","):
        far, close = recall("sentence", False, host), recall("sentence", True, host)
        short = recall("stretch", None, host)
        clause = recall("clause", False, host)
        fa = alarms[host]
        close_text = f"{close[0] / close[1]:.2f}" if close[1] else "  - "
        print(f"  {host}: far {far[0] / far[1]:.2f}  close {close_text}  clause {clause[0] / max(1, clause[1]):.2f}  stretch {short[0] / short[1]:.2f}  "
              f"false alarms {fa[0]}/{fa[1]}")
    print("\nsentence recall by length (words):")
    for low, high in LENGTHS:
        for close in (False, True):
            a, b = by_length[(f"{low}-{high}", close)]
            if b:
                print(f"  {low:>2}-{high:<2} {'close' if close else 'far  '} {a / b:.2f} ({a}/{b})")
    pairs = {(h, f): found[("sentence", h, f)] for (k, h, f) in list(found) if k == "sentence"}
    far_pairs = {p: a / b for p, (a, b) in pairs.items() if b and not close_pair(*p)}
    close_pairs = {p: a / b for p, (a, b) in pairs.items() if b and close_pair(*p)}
    worst_far = sorted(far_pairs.items(), key=lambda item: item[1])[:8]
    print("\nworst far pairs (host<-foreign):", ", ".join(f"{h}<-{f} {r:.2f}" for (h, f), r in worst_far))
    if close_pairs:
        print("close pairs:", ", ".join(f"{h}<-{f} {r:.2f}" for (h, f), r in sorted(close_pairs.items())))
    for case in misses[: args.show_misses]:
        print(f"  MISS {case.host}<-{case.foreign}: {case.reply[case.start:case.end]!r}")
    for host, (a, b) in sorted(paragraphs.items()):
        print(f"{host}: a whole paragraph in the other written standard found {a}/{b}")
    print(f"support replies flagged: {len(support_flagged)}/{len(support)}")
    for reply in support_flagged[: args.show_misses]:
        print("  FLAGGED", " ".join(reply.split())[:160])
    far_all, close_all = recall("sentence", False), recall("sentence", True)
    short_all = recall("stretch", None)
    clause_all = recall("clause", False)
    fa_total = [sum(v[0] for v in alarms.values()), sum(v[1] for v in alarms.values())]
    worst_far_value = min(far_pairs.values()) if far_pairs else float("nan")
    worst_close_value = min(close_pairs.values()) if close_pairs else float("nan")
    span = sum(spans) / len(spans) if spans else 0.0
    print(
        f"split={args.split} sentence_recall_far={far_all[0] / max(1, far_all[1]):.3f} "
        f"sentence_recall_close={close_all[0] / max(1, close_all[1]):.3f} worst_far_pair={worst_far_value:.2f} "
        f"worst_close_pair={worst_close_value:.2f} span={span:.3f} clause_recall_far={clause_all[0] / max(1, clause_all[1]):.3f} stretch_recall={short_all[0] / max(1, short_all[1]):.3f} "
        f"false_alarms={fa_total[0] / max(1, fa_total[1]):.3f} support_false_alarms={len(support_flagged) / max(1, len(support)):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
