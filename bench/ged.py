"""Grammar error detection on real learner errors: bare LanguageTool against replycheck.

    .venv/bin/python bench/ged.py                                  # every corpus, both systems
    .venv/bin/python bench/ged.py --corpus dalaj,falko-merlin --limit 200
    .venv/bin/python bench/ged.py --injected bench/out/injected.jsonl   # the set bench/inject.py wrote

Corpora (``../shared/learner-errors/``, development splits, third-party; see its README.md):

* ``dalaj`` (sv): DaLAJ-GED, one error per incorrect sentence, gold ``error_span``;
* ``falko-merlin`` (de): M2, a sentence with any edit other than ``noop`` is incorrect;
* ``merlin`` (it), ``realec`` (en), ``geccc`` (cs): token TSV, a sentence with any ``i`` token
  is incorrect.

M2 and TSV sentences are tokenised; they are detokenised (``detokenise``) before checking.

Systems, on one LanguageTool server (the shared one when ``replycheck languagetool start`` left
one running, else one this script starts and stops; ``REPLYCHECK_LANGUAGETOOL_URL`` names
another):

* ``languagetool``: a bare ``/v2/check`` request with only ``language`` (the code in
  ``replycheck/data/<lang>/languagetool.yaml``, e.g. ``de-DE``) and ``text``: LanguageTool's
  default rules, exactly what a user of plain LanguageTool gets. A sentence is flagged when
  LanguageTool returns any match. LanguageTool 6.6 has no Czech or Norwegian: ``n/a``.
* ``replycheck``: ``Checker(Config(language=LANG, categories=("grammar", "spelling")))
  .check(sentence)``; flagged when the report has any finding of those categories (at
  ``--min-severity`` or above; default ``info``, i.e. any finding). ``spelling/unsupported-
  language`` ("there is no spelling checker for this language") says the sentence was NOT
  checked: it is counted and printed, never a flag.

Figures per corpus and system (sentence level): precision, recall, F0.5 (the GED field's
headline figure), the false-alarm rate on correct sentences (FP / correct), and for corpora
with a gold span (DaLAJ) how many true positives have a finding overlapping it. A sentence
LanguageTool did not answer for is counted under ``unchecked`` and left out of the figures.
The last line per corpus is ``ged corpus=... lt_p=... rc_p=...`` (easy to grep).

With ``--injected FILE`` (rows ``{"lang","type","text","original","span"}``; ``type`` ``clean``
for untouched sentences) the figures are recall per defect type and language, recall with a
finding overlapping the injected span (``@span``), and the false-alarm rate on the clean
sentences, plus precision and F0.5 at a 1:1 mix of injected and clean sentences (R / (R + FA):
independent of how many of each the set holds); the last line per language is
``inject lang=... lt_recall=... lt_false_alarm=... lt_p_1to1=... rc_recall=...``.

Per-sentence answers (labels, rule ids, finding codes) go to ``bench/out/ged/`` (gitignored)
for reading errors and misses; nothing from the corpora is written anywhere else.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEARNER = ROOT.parent / "shared" / "learner-errors"
OUT = ROOT / "bench" / "out"
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
CATEGORIES = ("grammar", "spelling")
SYSTEMS = ("languagetool", "replycheck")
NOTICES = ("spelling/unsupported-language",)  # "no speller for this language": a notice, not a detection


# -- data ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Item:
    """One sentence to check: ``incorrect`` per the gold label; ``span`` the gold error (or None)."""

    id: str
    lang: str
    text: str
    incorrect: bool
    span: tuple[int, int] | None = None
    kind: str = ""  # injected sets: the defect type, or "clean"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one system said about one sentence."""

    flagged: bool
    spans: tuple[tuple[int, int], ...] = ()
    labels: tuple[str, ...] = ()  # LanguageTool rule ids / replycheck finding codes
    checked: bool = True
    error: str = ""
    notices: tuple[str, ...] = ()  # findings that say something was NOT checked (not flags)


NO_SPACE_BEFORE = {",", ".", "!", "?", ";", ":", ")", "]", "}", "%", "…", "...", "’", "»", "°"}
NO_SPACE_AFTER = {"(", "[", "{", "«", "¿", "¡"}
QUOTES = {'"', "“", "”", "''", "``"}
CLITICS = ("n't", "'s", "'re", "'d", "'m", "'ll", "'ve", "´s", "'S")


def detokenise(tokens: Iterable[str]) -> str:
    """Join tokens as a writer would have typed them: no space before closing punctuation and
    English clitics, none after opening brackets or elided Italian articles (``l'``); double
    quotes (straight or curly, German ``„`` opens) alternate between opening and closing."""
    out: list[str] = []
    glue_next = False
    quote_open = False
    for raw in tokens:
        token = raw.replace('\\"', '"')
        glue = glue_next or not out
        glue_next = False
        if token in QUOTES:
            if quote_open:
                glue = True
            else:
                glue_next = True
            quote_open = not quote_open
        elif token == "„":
            glue_next, quote_open = True, True
        elif token in NO_SPACE_BEFORE or (token.startswith(CLITICS) and len(token) <= 4):
            glue = True
        if token in NO_SPACE_AFTER or (len(token) > 1 and token[-1] in "'’" and token[-2].isalpha()):
            glue_next = True
        out.append(token if glue else " " + token)
    return "".join(out)


def load_dalaj(path: Path) -> list[Item]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        row = json.loads(line)
        span = None
        if row["label"] == "incorrect":
            gold = row["meta"]["error_span"]
            span = (int(gold["start"]), int(gold["stop"]))
        items.append(Item(f"dalaj-{n}", "sv", row["sentence"], row["label"] == "incorrect", span))
    return items


def load_m2(path: Path, lang: str, name: str) -> list[Item]:
    items = []
    for n, block in enumerate(path.read_text(encoding="utf-8").strip().split("\n\n")):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith("S "):
            continue
        tokens = lines[0][2:].split()
        edits = [line.split("|||")[1] for line in lines[1:] if line.startswith("A ")]
        incorrect = any(kind != "noop" for kind in edits)
        items.append(Item(f"{name}-{n}", lang, detokenise(tokens), incorrect))
    return items


def load_tsv(path: Path, lang: str, name: str) -> list[Item]:
    items, tokens, labels = [], [], []

    def flush() -> None:
        if tokens:
            items.append(Item(f"{name}-{len(items)}", lang, detokenise(tokens), "i" in labels))
        tokens.clear()
        labels.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        token, _, label = line.rpartition("\t")
        tokens.append(token)
        labels.append(label.strip())
    flush()
    return items


CORPORA: dict[str, tuple[str, str, Callable[[Path], list[Item]]]] = {
    "dalaj": ("sv", "dalaj-ged-superlim_dev.jsonl", load_dalaj),
    "falko-merlin": ("de", "de_falko-merlin_dev.m2", lambda p: load_m2(p, "de", "falko-merlin")),
    "merlin": ("it", "it_merlin_dev.tsv", lambda p: load_tsv(p, "it", "merlin")),
    "realec": ("en", "en_realec_dev.tsv", lambda p: load_tsv(p, "en", "realec")),
    "geccc": ("cs", "cs_geccc_dev.tsv", lambda p: load_tsv(p, "cs", "geccc")),
}


def load_injected(path: Path) -> list[Item]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        row = json.loads(line)
        clean = row["type"] == "clean"
        span = None if clean or not row.get("span") else (int(row["span"][0]), int(row["span"][1]))
        items.append(Item(row.get("id") or f"injected-{n}", row["lang"], row["text"], not clean, span, row["type"]))
    return items


def sample(items: list[Item], limit: int | None, how: str, seed: int) -> list[Item]:
    """The first ``limit`` items, or a seeded sample of them (in file order)."""
    if not limit or limit >= len(items):
        return items
    if how == "first":
        return items[:limit]
    keep = sorted(random.Random(seed).sample(range(len(items)), limit))
    return [items[i] for i in keep]


# -- systems -------------------------------------------------------------------------------------
def overlaps(span: tuple[int, int], gold: tuple[int, int]) -> bool:
    """Half-open spans overlap; an empty gold span (a missing word) counts when a finding touches it."""
    start, end = span
    if gold[0] == gold[1]:
        return start <= gold[0] <= end
    return start < gold[1] and gold[0] < end


class Servers:
    """One LanguageTool server for both systems (the shared one, or one started here)."""

    def __init__(self) -> None:
        from replycheck.config import Config
        from replycheck.engines.languagetool import LanguageToolEngine, install

        config = Config.from_env()
        if config.languagetool == "off":
            raise SystemExit("REPLYCHECK_LANGUAGETOOL=off: this benchmark needs a LanguageTool server")
        install(progress=lambda msg: print(msg, file=sys.stderr))
        self.engine = LanguageToolEngine(config)
        began = time.monotonic()
        self.url = self.engine.start()
        how = "shared" if self.engine.shared is not None else ("own" if self.engine.owns_server else "given")
        print(f"LanguageTool at {self.url} ({how}, ready in {time.monotonic() - began:.1f} s)", file=sys.stderr)

    def close(self) -> None:
        self.engine.close()  # stops only a server this script started


class BareLanguageTool:
    """A plain ``/v2/check`` request: language and text, nothing else."""

    name = "languagetool"

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()

    @staticmethod
    def code(lang: str) -> str | None:
        from replycheck.engines.languagetool import language_settings

        settings = language_settings(lang)
        return settings.code if settings else None

    def covers(self, lang: str) -> bool:
        return self.code(lang) is not None

    def __call__(self, item: Item) -> Verdict:
        import requests

        from replycheck.engines.languagetool import parse_matches

        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        error = ""
        for _ in range(2):  # one retry: a busy server may drop a connection
            try:
                response = session.post(f"{self.url}/check", data={"language": self.code(item.lang), "text": item.text}, timeout=300)
                response.raise_for_status()
                matches = parse_matches(item.text, response.json())
                return Verdict(bool(matches), tuple((m.start, m.end) for m in matches), tuple(m.rule_id for m in matches))
            except (requests.RequestException, ValueError) as exc:
                error = str(exc)[:200]
        return Verdict(False, checked=False, error=error)


class Replycheck:
    """``Checker(Config(language=LANG, categories=("grammar", "spelling")))``, one per language."""

    name = "replycheck"

    def __init__(self, url: str, min_severity: str = "info") -> None:
        self.url = url
        self.rank = SEVERITY_RANK[min_severity]
        self._checkers: dict = {}
        self._lock = threading.Lock()

    def covers(self, lang: str) -> bool:
        return True

    def checker(self, lang: str):
        from replycheck.api import Checker
        from replycheck.config import Config

        with self._lock:
            if lang not in self._checkers:
                config = Config(language=lang, categories=CATEGORIES, languagetool=self.url)
                self._checkers[lang] = Checker(config, start_languagetool=False)
            return self._checkers[lang]

    def __call__(self, item: Item) -> Verdict:
        from replycheck.engines.languagetool import language_settings

        report = self.checker(item.lang).check(item.text)
        if language_settings(item.lang) is not None and not report.grammar_checked:
            reasons = [s.reason for s in report.skipped + report.errors if "languagetool" in s.name]
            return Verdict(False, checked=False, error="; ".join(reasons)[:200])
        notices = tuple(sorted({f.code for f in report.findings if f.code in NOTICES}))
        found = [f for f in report.findings if f.category in CATEGORIES and f.code not in NOTICES
                 and SEVERITY_RANK[f.severity] >= self.rank]
        return Verdict(bool(found), tuple((f.start, f.end) for f in found), tuple(f.code for f in found),
                       notices=notices)

    def close(self) -> None:
        for checker in self._checkers.values():
            checker.close()


def run(system, items: list[Item], workers: int, label: str) -> tuple[list[Verdict | None], float]:
    """Every item through ``system`` (``None`` where it does not cover the language); seconds taken."""
    todo = [i for i, item in enumerate(items) if system.covers(item.lang)]
    verdicts: list[Verdict | None] = [None] * len(items)
    for lang in sorted({items[i].lang for i in todo}):  # load each language's rules before timing
        first = next(items[i] for i in todo if items[i].lang == lang)
        system(first)
    def one(index: int) -> Verdict:
        try:
            return system(items[index])
        except Exception as error:  # noqa: BLE001  (one bad sentence is counted, not fatal)
            return Verdict(False, checked=False, error=f"{type(error).__name__}: {error}"[:200])

    began = time.perf_counter()
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for index, verdict in zip(todo, pool.map(one, todo)):
            verdicts[index] = verdict
            done += 1
            if done % 500 == 0:
                rate = done / (time.perf_counter() - began)
                print(f"  {label} {system.name}: {done}/{len(todo)} ({rate:.1f}/s)", file=sys.stderr)
    return verdicts, time.perf_counter() - began


# -- figures -------------------------------------------------------------------------------------
def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def ged_figures(items: list[Item], verdicts: list[Verdict | None], seconds: float) -> dict | None:
    """Sentence-level confusion counts, precision, recall, F0.5, false-alarm rate, span hits."""
    pairs = [(item, v) for item, v in zip(items, verdicts) if v is not None]
    if not pairs:
        return None
    checked = [(item, v) for item, v in pairs if v.checked]
    tp = sum(item.incorrect and v.flagged for item, v in checked)
    fp = sum(not item.incorrect and v.flagged for item, v in checked)
    fn = sum(item.incorrect and not v.flagged for item, v in checked)
    tn = sum(not item.incorrect and not v.flagged for item, v in checked)
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f05 = f05_of(precision, recall)
    with_span = [(item, v) for item, v in checked if item.incorrect and v.flagged and item.span is not None]
    at_span = sum(any(overlaps(s, item.span) for s in v.spans) for item, v in with_span)
    return {
        "n": len(checked), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": precision, "recall": recall, "f05": f05, "false_alarm": ratio(fp, fp + tn),
        "tp_with_gold_span": len(with_span) if with_span else None,
        "tp_at_span": at_span if with_span else None,
        "unchecked": len(pairs) - len(checked),
        "notices": dict(Counter(code for _, v in checked for code in v.notices)),
        "ms_per_sentence": 1000 * seconds / len(pairs),
    }


def top_labels(items: list[Item], verdicts: list[Verdict | None], correct: bool, n: int = 8) -> list[tuple[str, int]]:
    """The rule ids / codes that fire most on correct (``correct=True``) or incorrect sentences."""
    counts: Counter = Counter()
    for item, v in zip(items, verdicts):
        if v is not None and v.checked and v.flagged and item.incorrect != correct:
            counts.update(set(v.labels))
    return counts.most_common(n)


def fmt(value, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def print_ged(name: str, lang: str, items: list[Item], results: dict[str, dict | None], notes: dict) -> None:
    incorrect = sum(i.incorrect for i in items)
    print(f"\n== {name} ({lang}): {len(items)} sentences, {incorrect} incorrect, {len(items) - incorrect} correct"
          f" {notes.get('sample', '')}")
    print(f"{'system':13} {'n':>5} {'TP':>5} {'FP':>5} {'FN':>5} {'TN':>5} {'precision':>9} {'recall':>6} "
          f"{'F0.5':>6} {'false_alarm':>11} {'tp_at_span':>10} {'unchecked':>9} {'ms/sent':>7}")
    for system, fig in results.items():
        if fig is None:
            print(f"{system:13} {'n/a':>5}  (LanguageTool 6.6 has no {lang!r})")
            continue
        at_span = f"{fig['tp_at_span']}/{fig['tp_with_gold_span']}" if fig["tp_at_span"] is not None else "-"
        print(f"{system:13} {fig['n']:5d} {fig['tp']:5d} {fig['fp']:5d} {fig['fn']:5d} {fig['tn']:5d} "
              f"{fmt(fig['precision']):>9} {fmt(fig['recall']):>6} {fmt(fig['f05']):>6} {fmt(fig['false_alarm']):>11} "
              f"{at_span:>10} {fig['unchecked']:9d} {fig['ms_per_sentence']:7.0f}")
    for system, fig in results.items():
        for code, count in (fig or {}).get("notices", {}).items():
            print(f"  {system}: {code} (not checked, not counted as a flag) on {count} sentences")
    for system, (false, true) in notes.get("labels", {}).items():
        print(f"  {system} on correct sentences: " + (", ".join(f"{k} {v}" for k, v in false) or "none"))
        print(f"  {system} on incorrect sentences: " + (", ".join(f"{k} {v}" for k, v in true) or "none"))
    parts = [f"ged corpus={name} lang={lang} n={len(items)}"]
    for system, short in (("languagetool", "lt"), ("replycheck", "rc")):
        fig = results.get(system, "skip")
        if fig == "skip":
            continue
        for key, out in (("precision", "p"), ("recall", "r"), ("f05", "f05"), ("false_alarm", "fa")):
            parts.append(f"{short}_{out}={fmt(fig[key]) if fig else 'n/a'}")
        if fig and fig["tp_at_span"] is not None:
            parts.append(f"{short}_tp_at_span={fig['tp_at_span']}/{fig['tp_with_gold_span']}")
    print(" ".join(parts))


def inject_figures(items: list[Item], verdicts: list[Verdict | None]) -> dict:
    """Per language and type: n, recall, recall at the injected span; clean: false alarms."""
    table: dict = {}
    for item, v in zip(items, verdicts):
        if v is None or not v.checked:
            continue
        row = table.setdefault(item.lang, {}).setdefault(item.kind, {"n": 0, "flagged": 0, "at_span": 0})
        row["n"] += 1
        row["flagged"] += v.flagged
        if item.span is not None:
            row["at_span"] += any(overlaps(s, item.span) for s in v.spans)
    for lang, rows in table.items():
        for kind, row in rows.items():
            row["rate"] = row["flagged"] / row["n"]
            row["span_rate"] = None if kind == "clean" else row["at_span"] / row["n"]
        injected = [row for kind, row in rows.items() if kind != "clean"]
        n = sum(r["n"] for r in injected)
        rows["all injected"] = {
            "n": n, "flagged": sum(r["flagged"] for r in injected), "at_span": sum(r["at_span"] for r in injected),
            "rate": ratio(sum(r["flagged"] for r in injected), n), "span_rate": ratio(sum(r["at_span"] for r in injected), n),
        }
        recall, clean = rows["all injected"]["rate"], rows.get("clean", {}).get("rate")
        rows["all injected"]["precision_1to1"] = balanced_precision(recall, clean)
        rows["all injected"]["f05_1to1"] = f05_of(rows["all injected"]["precision_1to1"], recall)
    return table


def balanced_precision(recall: float | None, false_alarm: float | None) -> float | None:
    """Precision if injected and clean sentences were equally many: R / (R + FA)."""
    if recall is None or false_alarm is None or recall + false_alarm == 0:
        return None
    return recall / (recall + false_alarm)


def f05_of(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0


def print_injected(items: list[Item], results: dict[str, dict]) -> None:
    order = ("gender", "adjective", "verb-form", "word-order", "subordinate-order", "pronoun-case", "spelling",
             "all injected", "clean")
    for lang in sorted({i.lang for i in items}):
        print(f"\n== injected ({lang}): recall per defect type (flagged anywhere / a finding overlapping the "
              f"injected span); clean: false-alarm rate")
        print(f"{'type':18} {'n':>4} {'LT recall':>9} {'LT @span':>8} {'RC recall':>9} {'RC @span':>8}")
        kinds = {i.kind for i in items if i.lang == lang} | {"all injected"}
        for kind in [k for k in order if k in kinds] + sorted(kinds - set(order)):
            cells, n = [], None
            for system in ("languagetool", "replycheck"):
                row = results.get(system, {}).get(lang, {}).get(kind)
                if row is None:
                    cells += ["n/a", "n/a"]
                    continue
                n = row["n"]
                cells += [fmt(row["rate"]), "-" if row["span_rate"] is None else fmt(row["span_rate"])]
            label = "clean (false alarm)" if kind == "clean" else kind
            print(f"{label:18} {n if n is not None else sum(i.kind == kind and i.lang == lang for i in items):>4} "
                  f"{cells[0]:>9} {cells[1]:>8} {cells[2]:>9} {cells[3]:>8}")
        parts = [f"inject lang={lang}"]
        for system, short in (("languagetool", "lt"), ("replycheck", "rc")):
            if system not in results:
                continue
            rows = results[system].get(lang, {})
            pooled, clean = rows.get("all injected"), rows.get("clean")
            parts.append(f"{short}_recall={fmt(pooled['rate']) if pooled else 'n/a'}")
            parts.append(f"{short}_span_recall={fmt(pooled['span_rate']) if pooled else 'n/a'}")
            parts.append(f"{short}_false_alarm={fmt(clean['rate']) if clean else 'n/a'}")
            parts.append(f"{short}_p_1to1={fmt(pooled.get('precision_1to1')) if pooled else 'n/a'}")
            parts.append(f"{short}_f05_1to1={fmt(pooled.get('f05_1to1')) if pooled else 'n/a'}")
        cells = []
        for system, short in (("languagetool", "LT"), ("replycheck", "RC")):
            pooled = results.get(system, {}).get(lang, {}).get("all injected")
            if pooled:
                cells.append(f"{short} precision {fmt(pooled.get('precision_1to1'))}, F0.5 {fmt(pooled.get('f05_1to1'))}")
        if cells:
            print("at a 1:1 mix of injected and clean sentences: " + "; ".join(cells))
        print(" ".join(parts))


# -- provenance ----------------------------------------------------------------------------------
def code_state() -> tuple[str, list[str]]:
    """The commit plus how many tracked files differ from it, and their paths (read-only git,
    ``--no-optional-locks``: the index is not even refreshed)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        status = subprocess.run(["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown", []
    changed = sorted(line[3:] for line in status.splitlines() if line.strip())
    return head + (f" + {len(changed)} modified files" if changed else ""), changed


def write_details(path: Path, items: list[Item], results: dict[str, list[Verdict | None]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for n, item in enumerate(items):
            row = {"id": item.id, "lang": item.lang, "incorrect": item.incorrect, "kind": item.kind,
                   "span": item.span, "text": item.text}
            for system, verdicts in results.items():
                v = verdicts[n]
                row[system] = None if v is None else {k: val for k, val in asdict(v).items() if val not in ((), "")}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


# -- main ----------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="dalaj,falko-merlin,merlin,realec,geccc",
                        help=f"comma-separated, from {', '.join(CORPORA)} (default: all)")
    parser.add_argument("--injected", type=Path, help="score an injection set (bench/inject.py) instead of the corpora")
    parser.add_argument("--data", type=Path, default=LEARNER, help="the learner-errors folder")
    parser.add_argument("--limit", type=int, help="check N sentences per corpus (or per language with --injected)")
    parser.add_argument("--sample", choices=("seeded", "first"), default="seeded", help="with --limit: a seeded sample (default) or the first N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3, help="requests in flight (default 3)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="languagetool,replycheck (default both)")
    parser.add_argument("--min-severity", choices=tuple(SEVERITY_RANK), default="info",
                        help="the least severe replycheck finding that flags a sentence (default info: any)")
    parser.add_argument("--details", type=Path, default=OUT / "ged", help="folder for per-sentence answers")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems {sorted(unknown)}; choose from {list(SYSTEMS)}")

    if args.injected:
        everything = load_injected(args.injected)
        sets = {}
        for lang in sorted({i.lang for i in everything}):
            sets[f"injected-{lang}"] = (lang, sample([i for i in everything if i.lang == lang], args.limit, args.sample, args.seed))
    else:
        names = [n.strip() for n in args.corpus.split(",") if n.strip()]
        bad = [n for n in names if n not in CORPORA]
        if bad:
            parser.error(f"unknown corpus {bad}; choose from {list(CORPORA)}")
        sets = {}
        for name in names:
            lang, filename, loader = CORPORA[name]
            sets[name] = (lang, sample(loader(args.data / filename), args.limit, args.sample, args.seed))

    started = datetime.now().astimezone()
    state, changed = code_state()
    servers = Servers()
    checkers = {"languagetool": BareLanguageTool(servers.url), "replycheck": Replycheck(servers.url, args.min_severity)}
    figures: dict = {"date": started.isoformat(timespec="seconds"), "code": state, "modified": changed,
                     "languagetool_url": servers.url,
                     "workers": args.workers, "min_severity": args.min_severity, "sets": {}}
    if not args.json:
        print(f"ged {started:%Y-%m-%d %H:%M %Z}; replycheck at {state}; {args.workers} requests in flight;"
              f" replycheck flags at >= {args.min_severity}")
    try:
        for name, (lang, items) in sets.items():
            verdicts: dict[str, list[Verdict | None]] = {}
            seconds: dict[str, float] = {}
            for system in systems:
                verdicts[system], seconds[system] = run(checkers[system], items, args.workers, name)
            write_details(args.details / f"{name}.jsonl", items, verdicts)
            if args.injected:
                entry = {system: inject_figures(items, verdicts[system]) for system in systems}
                figures["sets"][name] = {"lang": lang, "n": len(items), "systems": entry,
                                         "seconds": seconds}
                if not args.json:
                    print_injected(items, entry)
                continue
            results = {system: ged_figures(items, verdicts[system], seconds[system]) for system in systems}
            sample_note = f"(seeded sample, seed {args.seed})" if args.limit and args.sample == "seeded" else (
                "(first N)" if args.limit else "")
            labels = {s: (top_labels(items, verdicts[s], True), top_labels(items, verdicts[s], False))
                      for s in systems if results[s] is not None}
            figures["sets"][name] = {"lang": lang, "n": len(items), "incorrect": sum(i.incorrect for i in items),
                                     "systems": results, "top_on_correct": {s: l[0] for s, l in labels.items()}}
            if not args.json:
                print_ged(name, lang, items, results, {"sample": sample_note, "labels": labels})
    finally:
        checkers["replycheck"].close()
        servers.close()
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        print(f"\nper-sentence answers: {args.details}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
