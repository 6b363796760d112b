"""JSON output: exactly ``Report.to_dict()``, deterministic and UTF-8 (not ``\\u`` escapes)."""

from __future__ import annotations

import json

from replycheck.model import Report


def render_json(report: Report, *, indent: int | None = 2) -> str:
    """``report.to_dict()`` as JSON text (same input, same bytes)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)
