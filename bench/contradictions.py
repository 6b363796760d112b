"""Contradiction benchmark: recall on contradictory replies, false alarms on their consistent twins.

Reads ``bench/data/contradictions/<lang>.jsonl`` (pairs written for this benchmark; see
bench/README.md). Each pair is one reply in a contradictory and a consistent version. A
contradictory version counts as found when a ``contradiction`` finding of warning or error
severity is reported; as *located* when that finding's span (or its related span) overlaps
one of the two statements that disagree. A consistent version with such a finding is a
false alarm. Prints per language and per kind, then one summary line.

    .venv/bin/python bench/contradictions.py [--lang sv,de] [--show misses|alarms] [--split dev|held-out]

Word lists are tuned on the odd-numbered pairs (``--split dev``) only; the even-numbered
ones (``--split held-out``) measure.

Grammar is not needed, so LanguageTool is off; the reply's language is detected as in use.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from replycheck import Checker, Config  # noqa: E402

DATA = Path(__file__).parent / "data" / "contradictions"
KINDS = ("state", "event", "value", "name")


def pairs(lang: str) -> list[dict]:
    """The benchmark's pairs in ``lang`` (``data/contradictions/<lang>.jsonl``), in file order."""
    path = DATA / f"{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def replies(lang: str) -> list[dict]:
    """Every distinct reply of the pairs in ``lang``, both versions, with the customer's message."""
    seen: dict[str, dict] = {}
    for case in pairs(lang):
        for version in ("contradictory", "consistent"):
            seen.setdefault(case[version], {"reply": case[version], "customer": case.get("customer")})
    return list(seen.values())


def languages() -> list[str]:
    return sorted(path.stem for path in DATA.glob("*.jsonl"))


def flagged(report) -> list:
    return [f for f in report.findings if f.category == "contradiction" and f.severity in ("warning", "error")]


def located(findings, reply: str, statements: list[str]) -> bool:
    spans = []
    for statement in statements:
        at = reply.find(statement)
        if at >= 0:
            spans.append((at, at + len(statement)))
    for f in findings:
        for start, end in [(f.start, f.end)] + ([f.related] if getattr(f, "related", None) else []):
            if any(start < e and s < end for s, e in spans):
                return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", help="comma-separated languages (default: every file)")
    parser.add_argument("--show", choices=("misses", "alarms"), help="print missed pairs or false alarms")
    parser.add_argument(
        "--split", choices=("all", "dev", "held-out"), default="all",
        help="dev: odd-numbered pairs (for tuning word lists); held-out: even-numbered (for measuring)",
    )
    args = parser.parse_args()
    wanted = set(args.lang.split(",")) if args.lang else None
    checker = Checker(Config(languagetool="off"))
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # pairs, found, located, alarms
    crashed: list[str] = []  # a check that crashes reports nothing: count it, never hide it
    for lang in languages():
        if wanted and lang not in wanted:
            continue
        for case in pairs(lang):
            number = int(case["id"].rsplit("-", 1)[1])
            if (args.split == "dev" and number % 2 == 0) or (args.split == "held-out" and number % 2 == 1):
                continue
            customer = case.get("customer") or None
            reports = [checker.check_fast(case["contradictory"], customer), checker.check_fast(case["consistent"], customer)]
            crashed.extend(f"{case['id']}: {e.name}: {e.reason}" for r in reports for e in r.errors)
            bad, good = flagged(reports[0]), flagged(reports[1])
            row = totals[(lang, case["kind"])]
            row[0] += 1
            row[1] += bool(bad)
            row[2] += located(bad, case["contradictory"], case.get("statements") or [])
            row[3] += bool(good)
            if args.show == "misses" and not bad:
                print(f"MISS {case['id']} [{case['kind']}/{case.get('event')}] {case.get('notes', '')}\n  {case['statements']}")
            if args.show == "alarms" and good:
                for f in good:
                    print(f"ALARM {case['id']} [{case['kind']}] {f.code}: {case['consistent'][f.start:f.end]!r} — {f.message[:160]}")
    if not totals:
        print(f"no benchmark files in {DATA}")
        return 1
    print(f"{'lang':5} {'kind':6} {'pairs':>5} {'recall':>7} {'located':>8} {'false_alarm':>12}")
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (lang, kind), row in sorted(totals.items()):
        for agg in (by_lang[lang], by_kind[kind]):
            for k in range(4):
                agg[k] += row[k]
    for lang, row in sorted(by_lang.items()):
        kinds = "  ".join(f"{k}={totals[(lang, k)][1]}/{totals[(lang, k)][0]}" for k in KINDS if totals.get((lang, k)))
        print(f"{lang:5} {'all':6} {row[0]:5} {row[1] / row[0]:7.3f} {row[2] / row[0]:8.3f} {row[3] / row[0]:12.3f}   {kinds}")
    for kind, row in sorted(by_kind.items()):
        print(f"{'all':5} {kind:6} {row[0]:5} {row[1] / row[0]:7.3f} {row[2] / row[0]:8.3f} {row[3] / row[0]:12.3f}")
    n = sum(r[0] for r in by_lang.values())
    found = sum(r[1] for r in by_lang.values())
    loc = sum(r[2] for r in by_lang.values())
    alarms = sum(r[3] for r in by_lang.values())
    for line in crashed[:5]:
        print(f"CHECK ERROR {line}")
    print(
        f"pairs={n} languages={len(by_lang)} recall={found / n:.3f} located={loc / n:.3f} "
        f"false_alarm={alarms / n:.3f} check_errors={len(crashed)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
