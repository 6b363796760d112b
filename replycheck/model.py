"""Frozen result types: Finding, LanguageGuess, Report.

Offsets are half-open ``[start, end)`` code-point offsets into the reply exactly as
the caller gave it. Dicts appear only at the JSON edge (``to_dict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from replycheck.scoring import score_findings

CATEGORIES: tuple[str, ...] = (
    "language",
    "grammar",
    "spelling",
    "translation",
    "contradiction",
    "terminology",
    "tone",
    "hygiene",
)
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
UNKNOWN = "unknown"
SCHEMA_VERSION = 2  # of Report.to_dict(); raised when a field changes meaning or goes away


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the reply, with its span and what to write instead."""

    code: str
    severity: str
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    related: tuple[int, int] | None = None  # the other statement a contradiction disagrees with

    def __post_init__(self) -> None:
        category = self.code.split("/", 1)[0]
        if category not in CATEGORIES or "/" not in self.code:
            raise ValueError(f"finding code {self.code!r} must be '<category>/<name>'")
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {SEVERITIES}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end}) for {self.code}")
        object.__setattr__(self, "suggestions", tuple(self.suggestions))
        if self.related is not None:
            object.__setattr__(self, "related", (int(self.related[0]), int(self.related[1])))
            if not 0 <= self.related[0] <= self.related[1]:
                raise ValueError(f"bad related span {self.related} for {self.code}")

    @property
    def category(self) -> str:
        return self.code.split("/", 1)[0]

    @property
    def from_engine(self) -> bool:
        """Reported by LanguageTool or a spelling dictionary, not by replycheck's own rules."""
        return self.code.split("/", 1)[1].startswith("lt-") or self.code == "spelling/misspelling"

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.code, self.message)

    def to_dict(self) -> dict:
        out = {
            "category": self.category,
            "code": self.code,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "suggestions": list(self.suggestions),
        }
        if self.related is not None:
            out["related"] = list(self.related)
        return out


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A detected language: ISO 639-1 code (``nb``/``nn`` for Norwegian) or ``unknown``."""

    code: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()

    @property
    def is_known(self) -> bool:
        return self.code != UNKNOWN

    def confidence_for(self, code: str) -> float:
        """This text's confidence for ``code`` (0.0 when not among the candidates)."""
        if code == self.code:
            return self.confidence
        return dict(self.alternatives).get(code, 0.0)

    def to_dict(self) -> dict:
        return {"code": self.code, "confidence": round(self.confidence, 4)}


@dataclass(frozen=True, slots=True)
class SkippedCheck:
    """A check that did not run, and why (a missing need, or it crashed)."""

    name: str
    reason: str

    def to_dict(self, status: str) -> dict:
        return {"check": self.name, "status": status, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of checking one reply."""

    reply: str
    reply_language: LanguageGuess
    customer_language: LanguageGuess | None
    findings: tuple[Finding, ...]
    skipped: tuple[SkippedCheck, ...] = ()
    errors: tuple[SkippedCheck, ...] = ()
    pending: tuple[str, ...] = field(default=())

    @property
    def verdict(self) -> str:
        """``block`` if any error, ``review`` if any warning, else ``ok``."""
        severities = {f.severity for f in self.findings}
        if "error" in severities:
            return "block"
        if "warning" in severities:
            return "review"
        return "ok"

    @property
    def score(self) -> int:
        return score_findings(self.findings)

    def by_category(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.category, []).append(finding)
        return grouped

    def at_least(self, severity: str) -> list[Finding]:
        rank = SEVERITY_RANK[severity]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]

    @property
    def grammar_checked(self) -> bool:
        """False when LanguageTool's grammar check was skipped, failed or is pending."""
        names = {s.name for s in self.skipped + self.errors}
        return "grammar.languagetool" not in names and "languagetool" not in self.pending

    def to_dict(self) -> dict:
        """The JSON contract: ``schema_version``, languages, verdict, score, findings, and under
        ``skipped`` every check that did not run (``skipped``/``failed``/``pending``) and why."""
        not_run = [s.to_dict("skipped") for s in self.skipped] + [e.to_dict("failed") for e in self.errors]
        not_run += [{"check": name, "status": "pending", "reason": "not yet answered"} for name in self.pending]
        return {
            "schema_version": SCHEMA_VERSION,
            "reply_language": self.reply_language.to_dict(),
            "customer_language": (
                self.customer_language.to_dict() if self.customer_language else None
            ),
            "verdict": self.verdict,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "skipped": not_run,
        }
