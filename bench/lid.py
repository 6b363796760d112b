"""Language-identification accuracy, speed and memory for each detection backend.

    .venv/bin/python bench/lid.py [--langid-dir DIR] [--backends hybrid,lingua,langdetect]

Reads ``<lang>.txt`` (sentences) and ``<lang>.short.txt`` (1-5 words; texts of 2-5 words are
scored) from DIR (default ``../shared/langid`` beside the repository), drops the strings listed
in ``cross_lang_duplicates.tsv``, and scores exact codes (``nb`` != ``nn``). Each backend runs
in a fresh subprocess so that its load time and resident memory are its own. Prints per-language
and mean accuracy, ms per text, load seconds, resident MB, the median time to identify a
~150-word reply and each of its sentences, and the issue's targets with PASS/FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "langid"
DEFAULT_CASES = ROOT.parent / "shared" / "examples" / "dev.jsonl"
LANGS = ("sv", "nb", "nn", "da", "nl", "de", "en", "fi", "fr", "es", "pt", "it", "pl", "is", "et")
BACKENDS = ("langdetect", "lingua", "hybrid")
SAMPLE_STRIDE = {"langdetect": 3}  # langdetect is slow: every 3rd text (printed in the output)

# A ~150-word Swedish support reply, written for this benchmark.
REPLY = """Hej Anna,

Tack för ditt meddelande och förlåt att det har dröjt. Vi har nu gått igenom din beställning
och ser att paketet skickades från vårt lager i Borås förra veckan, men att det tyvärr har
fastnat hos transportören. Vi har kontaktat dem och de har lovat att leverera det senast på
torsdag. Om paketet inte har kommit fram till dess får du gärna höra av dig igen, så skickar
vi en ny vara utan kostnad.

Eftersom leveransen blev försenad har vi också återbetalat fraktkostnaden till ditt konto.
Pengarna brukar synas inom tre till fem bankdagar, beroende på din bank. Du behöver inte göra
något själv för att få återbetalningen.

Vi beklagar verkligen besväret och hoppas att du blir nöjd med varan när den väl kommer fram.
Har du fler frågor om din order eller om våra produkter är du alltid välkommen att kontakta
oss här eller på telefon.

Med vänliga hälsningar
Erik
Kundtjänst"""

TARGETS = {
    "sentences mean >= 0.98": ("sent_mean", 0.98),
    "sentences sv >= 0.97": ("sent_sv", 0.97),
    "sentences da >= 0.97": ("sent_da", 0.97),
    "sentences nb >= 0.93": ("sent_nb", 0.93),
    "sentences nn >= 0.93": ("sent_nn", 0.93),
    "2-5 words mean >= 0.90": ("short_mean", 0.90),
}


def load_texts(directory: Path, kind: str) -> list[tuple[str, str]]:
    duplicates = set()
    dup_file = directory / "cross_lang_duplicates.tsv"
    if dup_file.is_file():
        for line in dup_file.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t", 1)
            if len(parts) == 2:
                duplicates.add(parts[1].strip())
    items = []
    for lang in LANGS:
        name = f"{lang}.txt" if kind == "sentences" else f"{lang}.short.txt"
        for text in (directory / name).read_text(encoding="utf-8").splitlines():
            text = text.strip()
            if not text or text in duplicates:
                continue
            if kind == "short" and not 2 <= len(text.split()) <= 5:
                continue
            items.append((lang, text))
    return items


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def reply_text() -> str:
    """REPLY with its paragraphs unwrapped (one line each), as an agent's editor sends it."""
    paragraphs = REPLY.split("\n\n")
    return "\n\n".join(p.replace("\n", " ") if len(p) > 60 else p for p in paragraphs)


def reply_segments() -> list[str]:
    """The reply and its sentences, as the language check asks for them."""
    from replycheck.segment import split, split_sentences

    reply = reply_text()
    parts = split(reply, "sv")
    texts = [reply]
    for paragraph in parts.paragraphs:
        texts.extend(s.text(reply) for s in split_sentences(reply, paragraph, "sv"))
    return texts


def worker(backend: str, directory: Path) -> dict:
    """Measure one backend (runs in its own process)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    from replycheck.engines.detection import LanguageDetector

    detector = LanguageDetector(backend=backend)
    detector.warm_up()
    load_seconds = time.perf_counter() - started
    load_cpu = time.process_time() - started_cpu
    rss_loaded = rss_mb()
    # The first texts that need the full models load them (lazily, per language).
    started = time.perf_counter()
    detector.detect("Takk for svaret!")
    detector.detect("Hei, eg har ikkje fått pakken.")
    first_seconds = time.perf_counter() - started

    stride = SAMPLE_STRIDE.get(backend, 1)
    result: dict = {"backend": backend, "load_s": load_seconds, "load_cpu_s": load_cpu,
                    "first_detect_s": first_seconds,
                    "rss_loaded_mb": rss_loaded, "stride": stride}
    for kind in ("sentences", "short"):
        items = load_texts(directory, kind)[::stride]
        correct = {lang: 0 for lang in LANGS}
        total = {lang: 0 for lang in LANGS}
        t0 = time.perf_counter()
        for lang, text in items:
            total[lang] += 1
            correct[lang] += detector.detect(text).code == lang
        elapsed = time.perf_counter() - t0
        result[kind] = {lang: correct[lang] / total[lang] for lang in LANGS if total[lang]}
        result[f"{kind}_ms"] = elapsed / len(items) * 1000
        result[f"{kind}_n"] = len(items)

    segments = reply_segments()
    timings, cpu = [], []
    for _ in range(200):
        t0, c0 = time.perf_counter(), time.process_time()
        for text in segments:
            detector.detect(text, prior="sv")
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    result["reply_ms"] = statistics.median(timings)
    result["reply_cpu_ms"] = statistics.median(cpu)
    result["loadavg"] = os.getloadavg()[0]
    result["reply_segments"] = len(segments)
    result["reply_words"] = len(REPLY.split())
    result["rss_peak_mb"] = max(rss_loaded, rss_mb())
    return result


def run_backend(backend: str, directory: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", backend, "--langid-dir", str(directory)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{backend} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


def print_results(results: list[dict]) -> None:
    names = [r["backend"] for r in results]
    width = 11
    print(f"{'':<12}" + "".join(f"{n:>{width}}" for n in names))
    for kind, label in (("sentences", "sentences"), ("short", "2-5 words")):
        print(f"-- accuracy, {label} (exact codes; nb != nn)")
        for lang in LANGS:
            print(f"  {lang:<10}" + "".join(f"{r[kind].get(lang, 0):>{width}.3f}" for r in results))
        print(f"  {'MEAN':<10}" + "".join(f"{mean(r[kind].values()):>{width}.4f}" for r in results))
        print(f"  {'ms/text':<10}" + "".join(f"{r[kind + '_ms']:>{width}.3f}" for r in results))
        print(f"  {'texts':<10}" + "".join(f"{r[kind + '_n']:>{width}d}" for r in results))
    print("-- speed and memory")
    rows = (("load s", "load_s", ".2f"), ("load CPU s", "load_cpu_s", ".2f"),
            ("1st short s", "first_detect_s", ".2f"),
            ("RSS loaded", "rss_loaded_mb", ".0f"), ("RSS peak", "rss_peak_mb", ".0f"),
            ("reply ms", "reply_ms", ".2f"), ("reply CPUms", "reply_cpu_ms", ".2f"),
            ("load avg", "loadavg", ".1f"))
    for label, key, fmt in rows:
        print(f"  {label:<10}" + "".join(f"{format(r[key], fmt):>{width}}" for r in results))
    sample = [f"{r['backend']} every {r['stride']}th text" for r in results if r["stride"] > 1]
    r0 = results[-1]
    print(f"  (reply: {r0['reply_words']} words, whole text + {r0['reply_segments'] - 1} "
          f"sentences, median of 200 runs{'; ' + ', '.join(sample) if sample else ''})")


def print_targets(result: dict) -> bool:
    figures = {
        "sent_mean": mean(result["sentences"].values()),
        "short_mean": mean(result["short"].values()),
        **{f"sent_{lang}": result["sentences"][lang] for lang in LANGS},
    }
    ok = True
    print(f"-- targets for the shipped default ({result['backend']})")
    for label, (key, floor) in TARGETS.items():
        passed = figures[key] >= floor
        ok &= passed
        print(f"  {'PASS' if passed else 'FAIL'}  {label:<28} {figures[key]:.4f}")
    # Wall-clock time counts other processes' load too; on a busy machine (load average
    # above the 2 cores) the CPU time this process spent is the figure that measures the code.
    busy = result["loadavg"] > 2.0
    for label, wall, cpu, limit in (
        ("resident memory < 500 MB", result["rss_peak_mb"], None, 500),
        ("load < 2 s", result["load_s"], result["load_cpu_s"], 2.0),
        ("150-word reply + segments < 5 ms", result["reply_ms"], result["reply_cpu_ms"], 5.0),
    ):
        value = cpu if (busy and cpu is not None) else wall
        passed = value < limit
        ok &= passed
        how = f" (CPU; wall {wall:.2f}, load average {result['loadavg']:.1f})" if (
            busy and cpu is not None) else ""
        print(f"  {'PASS' if passed else 'FAIL'}  {label:<32} {value:.2f}{how}")
    return ok


def check_latency(cases_path: Path) -> dict:
    """Median ms of ``check()`` without LanguageTool per dev case (warm: second pass)."""
    sys.path.insert(0, str(ROOT))
    import replycheck

    cases = [json.loads(line) for line in cases_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with replycheck.Checker(replycheck.Config(languagetool="off")) as checker:
        for case in cases:  # first pass loads per-language resources
            checker.check(case["reply"], case.get("customer"), case.get("source"))
        wall, cpu = [], []
        for case in cases:
            w0, c0 = time.perf_counter(), time.process_time()
            checker.check(case["reply"], case.get("customer"), case.get("source"))
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    return {"cases": len(cases), "wall_ms": statistics.median(wall), "cpu_ms": statistics.median(cpu)}


def print_check_latency(cases_path: Path) -> bool:
    if not cases_path.is_file():
        print(f"-- check() latency: no cases at {cases_path}")
        return True
    figures = check_latency(cases_path)
    busy = os.getloadavg()[0] > 2.0
    value = figures["cpu_ms"] if busy else figures["wall_ms"]
    passed = value < 20.0
    how = f" (CPU; wall {figures['wall_ms']:.1f})" if busy else f" (CPU {figures['cpu_ms']:.1f})"
    print(f"-- check() without LanguageTool, median per dev case ({figures['cases']} cases)")
    print(f"  {'PASS' if passed else 'FAIL'}  {'check() < 20 ms':<32} {value:.1f}{how}")
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langid-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="labelled cases for check() latency")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.langid_dir)))
        return 0
    if not (args.langid_dir / "sv.txt").is_file():
        print(f"no language-identification data in {args.langid_dir}", file=sys.stderr)
        return 2
    results = [run_backend(b, args.langid_dir) for b in args.backends.split(",") if b]
    print_results(results)
    default = next((r for r in results if r["backend"] == "hybrid"), results[-1])
    ok = print_targets(default)
    ok &= print_check_latency(args.cases)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
