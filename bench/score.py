"""Score replycheck on a labelled case file (default: ../shared/examples/dev.jsonl).

    .venv/bin/python bench/score.py [CASES.jsonl] [--no-languagetool] [--verbose]

Prints reply/customer language accuracy, per category recall and false-alarm rate (a
category reported at warning/error on a case that forbids it), the share of clean replies
with no warning or error at all, and check() latency.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import replycheck  # noqa: E402
from replycheck.model import CATEGORIES  # noqa: E402

DEFAULT_CASES = ROOT.parent / "shared" / "examples" / "dev.jsonl"
FLAGGING = ("warning", "error")


def load_cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(cases: list[dict], checker: replycheck.Checker, verbose: bool = False) -> dict:
    """Run every case and return the figures."""
    hits = {c: [0, 0] for c in CATEGORIES}  # expected: [found, total]
    alarms = {c: [0, 0] for c in CATEGORIES}  # forbidden: [flagged, total]
    reply_ok = customer_ok = customer_total = clean_ok = clean_total = 0
    timings = []
    for case in cases:
        start = time.perf_counter()
        report = checker.check(case["reply"], case.get("customer"), case.get("source"))
        timings.append((time.perf_counter() - start) * 1000)
        flagged = {f.category for f in report.findings if f.severity in FLAGGING}
        reply_ok += report.reply_language.code == case["reply_lang"]
        if case.get("customer"):
            customer_total += 1
            customer_ok += report.customer_language.code == case["customer_lang"]
        for category in case["expect"]:
            hits[category][1] += 1
            hits[category][0] += category in flagged
        for category in case["forbid"]:
            alarms[category][1] += 1
            alarms[category][0] += category in flagged
        if not case["expect"]:
            clean_total += 1
            clean_ok += not flagged
        if verbose:
            missed = [c for c in case["expect"] if c not in flagged]
            false = [c for c in case["forbid"] if c in flagged]
            mark = "ok " if not missed and not false else "BAD"
            print(f"{mark} {case['id']}: lang {report.reply_language.code}/{case['reply_lang']}"
                  f" missed={missed} false={false}")
            for f in report.findings:
                print(f"      {f.severity:7} {f.code:32} {case['reply'][f.start:f.end][:50]!r}")
    return {
        "cases": len(cases),
        "reply_language_accuracy": reply_ok / len(cases),
        "customer_language_accuracy": customer_ok / customer_total if customer_total else None,
        "recall": {c: h[0] / h[1] for c, h in hits.items() if h[1]},
        "false_alarm_rate": {c: a[0] / a[1] for c, a in alarms.items() if a[1]},
        "clean_without_warning": clean_ok / clean_total if clean_total else None,
        "check_ms_median": statistics.median(timings),
        "check_ms_p95": sorted(timings)[max(0, int(len(timings) * 0.95) - 1)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--no-languagetool", action="store_true", help="skip LanguageTool checks")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case's findings")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    config = replycheck.Config.from_env(**({"languagetool": "off"} if args.no_languagetool else {}))
    with replycheck.Checker(config) as checker:
        checker.check("Hej!", "Hej")  # warm up engines so latency is per reply, not start-up
        figures = score(load_cases(args.cases), checker, args.verbose)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"cases: {figures['cases']}  ({args.cases})")
    print(f"reply_language_accuracy    {figures['reply_language_accuracy']:.3f}")
    if figures["customer_language_accuracy"] is not None:
        print(f"customer_language_accuracy {figures['customer_language_accuracy']:.3f}")
    print(f"{'category':15} {'recall':>7} {'false_alarms':>13}")
    for category in CATEGORIES:
        recall = figures["recall"].get(category)
        alarm = figures["false_alarm_rate"].get(category)
        if recall is None and alarm is None:
            continue
        print(f"{category:15} {'' if recall is None else f'{recall:.3f}':>7} "
              f"{'' if alarm is None else f'{alarm:.3f}':>13}")
    if figures["clean_without_warning"] is not None:
        print(f"clean replies with no warning/error: {figures['clean_without_warning']:.3f}")
    print(f"check() median {figures['check_ms_median']:.1f} ms, p95 {figures['check_ms_p95']:.1f} ms"
          f" ({'without' if args.no_languagetool else 'with'} LanguageTool)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
