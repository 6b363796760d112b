"""Fixes the agent can apply with one click, each one re-checked before it is offered.

``offered_fixes(checker, report)`` turns every suggestion of every finding into the whole
reply as it would read after the fix, checks that text again the way the report was checked
(with LanguageTool when the report's grammar was checked, else ``check_fast``), and offers the
fix only when the finding is gone and no new warning or error appeared. A suggestion that
would leave "Sie hast" behind, or an apology that brings a second form of address, is not
offered. Re-checks are cached by text, so the fixes of the next draft cost only what changed.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
import weakref
from collections import OrderedDict
from dataclasses import dataclass

from replycheck import glossary as glossary_module
from replycheck.errors import ReplycheckError
from replycheck.model import SEVERITY_RANK, Finding, Report

CACHE_SIZE = 512  # re-checked texts remembered per Checker
RECHECK_WORKERS = 4  # re-checks in flight at once (LanguageTool's server works on them in parallel)
_CACHES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Fix:
    """One suggestion of ``report.findings[finding_index]``, safe to apply.

    ``[start, end)`` is the finding's span in the current reply and ``replacement`` what goes
    there; ``text`` is the whole reply after the fix.
    """

    finding_index: int
    label: str
    start: int
    end: int
    replacement: str
    text: str


def offered_fixes(
    checker, report: Report, *, customer=None, source=None, glossary=None, config=None, per_finding: int = 4
) -> dict[int, tuple[Fix, ...]]:
    """``{finding index: fixes}`` for the findings of ``report`` that have a safe fix.

    Pass the same ``customer``, ``source``, ``glossary`` and ``config`` the report was made
    with. At most ``per_finding`` suggestions of a finding are tried. A finding whose
    suggestions all fail the re-check is left out.
    """
    full = report.grammar_checked and not report.pending
    recheck = _Rechecker(checker, full, customer, source, glossary, config)
    reply = report.reply
    tries = []  # (index, finding, suggestion, fixed text)
    for index, finding in enumerate(report.findings):
        for suggestion in dict.fromkeys(finding.suggestions[: max(per_finding, 0)]):
            if suggestion != reply[finding.start : finding.end]:  # a suggestion that changes nothing is no fix
                tries.append((index, finding, suggestion, reply[: finding.start] + suggestion + reply[finding.end :]))
    texts = list(dict.fromkeys(text for *_, text in tries))
    if len(texts) > 1:  # LanguageTool answers several requests at once
        with ThreadPoolExecutor(max_workers=min(RECHECK_WORKERS, len(texts)), thread_name_prefix="replycheck-fix") as pool:
            checked = dict(zip(texts, pool.map(recheck, texts)))
    else:
        checked = {text: recheck(text) for text in texts}
    offered: dict[int, tuple[Fix, ...]] = {}
    for index, finding, suggestion, text in tries:
        after = checked[text]
        if after is not None and _safe(report.findings, finding, suggestion, after.findings):
            fix = Fix(index, label(reply, finding, suggestion), finding.start, finding.end, suggestion, text)
            offered[index] = offered.get(index, ()) + (fix,)
    return offered


def label(reply: str, finding: Finding, suggestion: str) -> str:
    """What the fix's button says: "Replace “x” with “y”", "Delete “x”", "Add “… ” before"."""
    written = reply[finding.start : finding.end]
    if not suggestion:
        return f"Delete “{_short(written)}”"
    if written and suggestion.endswith(written) and len(suggestion) > len(written):
        return f"Add “{_short(suggestion[: -len(written)].strip())}” before it"
    if written and suggestion.startswith(written) and len(suggestion) > len(written):
        return f"Add “{_short(suggestion[len(written):].strip())}” after it"
    return f"Replace “{_short(written)}” with “{_short(suggestion)}”"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe(before: tuple[Finding, ...], fixed: Finding, replacement: str, after: tuple[Finding, ...]) -> bool:
    """True when ``fixed`` is gone and every warning or error of ``after`` was there before.

    Spans after the edit are mapped back by the length delta; a finding touching the edited
    text matches one of the same code that touched the original span.
    """
    start, old_end = fixed.start, fixed.end
    new_end = start + len(replacement)
    delta = new_end - old_end

    def touches(f: Finding, end: int) -> bool:
        if f.start == f.end or start == end:
            return start <= f.end and f.start <= end
        return f.start < end and start < f.end

    if any(f.code == fixed.code and touches(f, new_end) for f in after):
        return False  # the finding is still there
    earlier = {}
    for f in before:
        key = (f.code, "edit") if touches(f, old_end) else (f.code, f.start, f.end)
        earlier[key] = max(earlier.get(key, -1), SEVERITY_RANK[f.severity])
    for f in after:
        rank = SEVERITY_RANK[f.severity]
        if rank < SEVERITY_RANK["warning"]:
            continue
        if touches(f, new_end):
            key = (f.code, "edit")
        elif f.end <= start:
            key = (f.code, f.start, f.end)
        else:
            key = (f.code, f.start - delta, f.end - delta)
        if earlier.get(key, -1) < rank:
            return False  # a new warning or error (or a worse one) the fix brought
    return True


class _Rechecker:
    """Checks a fixed text the way the report was checked; cached per Checker by text."""

    def __init__(self, checker, full: bool, customer, source, glossary, config) -> None:
        self.checker = checker
        self.full = full
        self.args = (customer, source)
        self.glossary = glossary_module.resolve(glossary)  # a file edited since is read again
        self.config = config
        self.key = (full, customer, source, self.glossary, config)

    def __call__(self, text: str) -> Report | None:
        cache = self._cache()
        key = (self.key, text)
        with _CACHE_LOCK:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        run = self.checker.check if self.full else self.checker.check_fast
        try:
            result = run(text, *self.args, glossary=self.glossary, config=self.config)
        except ReplycheckError:
            result = None  # a fix that makes the reply uncheckable (empty) is no fix
        with _CACHE_LOCK:
            cache[key] = result
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
        return result

    def _cache(self) -> OrderedDict:
        with _CACHE_LOCK:
            cache = _CACHES.get(self.checker)
            if cache is None:
                cache = _CACHES[self.checker] = OrderedDict()
            return cache
