"""The score: the one place its weights are defined.

``score = max(0, 100 - sum(weight[severity] for each finding))`` with the weights below,
where each distinct finding code counts at most three times (a reply with twenty
misspellings is bad, but not worse than one sent in the wrong language).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

SEVERITY_WEIGHTS = {"error": 25, "warning": 10, "info": 1}
MAX_COUNT_PER_CODE = 3


def score_findings(findings: Iterable) -> int:
    """Return 0..100 for a collection of findings (100 = nothing found)."""
    per_code: Counter = Counter()
    penalty = 0
    for finding in findings:
        per_code[finding.code] += 1
        if per_code[finding.code] <= MAX_COUNT_PER_CODE:
            penalty += SEVERITY_WEIGHTS[finding.severity]
    return max(0, 100 - penalty)
