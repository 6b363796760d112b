"""The score: the one place its weights are defined.

``score = max(0, 100 - sum(weight[severity] for each finding))`` with the weights below,
where each distinct finding code counts at most three times, its heaviest three (a reply with
twenty misspellings is bad, but not worse than one sent in the wrong language; a note never
takes the place of a warning of the same code).
"""

from __future__ import annotations

from typing import Iterable

SEVERITY_WEIGHTS = {"error": 25, "warning": 10, "info": 1}
MAX_COUNT_PER_CODE = 3


def score_findings(findings: Iterable) -> int:
    """Return 0..100 for a collection of findings (100 = nothing found)."""
    weights: dict[str, list[int]] = {}
    for finding in findings:
        weights.setdefault(finding.code, []).append(SEVERITY_WEIGHTS[finding.severity])
    penalty = sum(sum(sorted(ws, reverse=True)[:MAX_COUNT_PER_CODE]) for ws in weights.values())
    return max(0, 100 - penalty)
