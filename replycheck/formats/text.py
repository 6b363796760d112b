"""Terminal output: a header with languages, verdict and score, then each finding with its
line and column, the offending text in its line, the message and the suggestions.

Colour comes from rich and follows the terminal (``NO_COLOR`` and pipes get plain text).
"""

from __future__ import annotations

import bisect
import re

from rich.console import Console
from rich.text import Text

from replycheck.model import LanguageGuess, Report

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
VERDICT_STYLE = {"ok": "bold green", "review": "bold yellow", "block": "bold red"}
_MAX_LINE = 100


class LineIndex:
    """Maps offsets of a text to 1-based ``(line, column)``; ``\\r\\n``, ``\\r``, ``\\n`` all end lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def line(self, number: int) -> tuple[int, str]:
        """``(start offset, text)`` of line ``number`` without its line break."""
        start = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return start, self.text[start:end].rstrip("\r\n")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _language(guess: LanguageGuess | None) -> str:
    if guess is None:
        return "not given"
    if not guess.is_known:
        return "unknown"
    return f"{guess.code} ({guess.confidence:.2f})"


def _excerpt(index: LineIndex, start: int, end: int) -> Text:
    """The finding's line with the span highlighted (long lines cut around the span)."""
    line_no, _ = index.position(start)
    line_start, line = index.line(line_no)
    s = start - line_start
    e = min(end - line_start, len(line))
    lo, hi = 0, len(line)
    if len(line) > _MAX_LINE:
        lo = max(0, s - 40)
        hi = min(len(line), max(e, s) + 40)
    text = Text()
    if lo > 0:
        text.append("…", style="dim")
    text.append(line[lo:s])
    text.append(line[s:max(e, s)] or "", style="bold reverse")
    text.append(line[max(e, s):hi])
    if hi < len(line):
        text.append("…", style="dim")
    return text


def failure_notes(report: Report, width: int = 200) -> list[str]:
    """One line per distinct failure of the report's checks (the same engine error once)."""
    by_reason: dict[str, list[str]] = {}
    for error in report.errors:
        by_reason.setdefault(error.reason, []).append(error.name)
    lines = []
    for reason, names in by_reason.items():
        reason = " ".join(reason.split())
        if len(reason) > width:
            reason = reason[: width - 1] + "…"
        lines.append(f"not checked ({', '.join(names)} failed): {reason}")
    return lines


def render(report: Report, console: Console, *, notes: tuple[str, ...] = ()) -> None:
    """Print ``report`` on ``console``."""
    header = Text()
    header.append("Reply: ", style="bold")
    header.append(_language(report.reply_language))
    header.append("   Customer: ", style="bold")
    header.append(_language(report.customer_language))
    console.print(header)
    verdict = Text()
    verdict.append("Verdict: ", style="bold")
    verdict.append(report.verdict.upper(), style=VERDICT_STYLE.get(report.verdict, ""))
    verdict.append(f"   Score: {report.score}/100", style="bold")
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    verdict.append("   (" + ", ".join(_plural(counts[s], n) for s, n in (("error", "error"), ("warning", "warning"), ("info", "note"))) + ")")
    console.print(verdict)

    index = LineIndex(report.reply)
    for finding in report.findings:
        line, column = index.position(finding.start)
        console.print()
        head = Text()
        head.append(f"{line}:{column}", style="bold")
        head.append("  ")
        head.append(f"{finding.severity:<7}", style=SEVERITY_STYLE.get(finding.severity, ""))
        head.append(" ")
        head.append(finding.code, style="magenta")
        head.append("  ")
        head.append(finding.message)
        console.print(head)
        excerpt = Text("    │ ", style="dim")
        excerpt.append_text(_excerpt(index, finding.start, finding.end))
        console.print(excerpt)
        if finding.suggestions:
            suggestion = Text("    → ", style="green")
            suggestion.append(" | ".join(s if s.strip() else repr(s) for s in finding.suggestions[:5]), style="green")
            console.print(suggestion)

    extra = list(notes) + failure_notes(report)
    if report.pending:
        extra.append(f"still running: {', '.join(report.pending)}")
    if extra:
        console.print()
        for note in extra:
            console.print(Text(f"note: {note}", style="dim"))
