"""Where the history lives and what it keeps, from ``REPLYCHECK_HISTORY*`` environment variables.

* ``REPLYCHECK_HISTORY=off`` stores nothing (``on`` is the default);
* ``REPLYCHECK_HISTORY_URL`` any SQLAlchemy URL (default: SQLite in the cache folder);
* ``REPLYCHECK_HISTORY_REDACT=on`` stores batch replies without their text (default off);
* ``REPLYCHECK_HISTORY_REDACT_DRAFTS=off`` stores drafts with their text (default on: redacted).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from replycheck.errors import ConfigError
from replycheck.paths import cache_root

_ON, _OFF = ("1", "on", "true", "yes"), ("0", "off", "false", "no")


def default_url() -> str:
    """``$REPLYCHECK_HISTORY_URL``, else SQLite at ``<cache_root()>/history.sqlite3``."""
    url = os.environ.get("REPLYCHECK_HISTORY_URL", "").strip()
    return url or f"sqlite:///{cache_root() / 'history.sqlite3'}"


def _switch(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _ON:
        return True
    if value in _OFF:
        return False
    raise ConfigError(f"{name} must be on or off, not {value!r}")


@dataclass(frozen=True, slots=True)
class HistorySettings:
    """Whether replies are stored, where, and whether batch replies and drafts keep their text."""

    enabled: bool = True
    url: str = ""
    redact_batches: bool = False
    redact_drafts: bool = True

    @classmethod
    def from_env(cls) -> "HistorySettings":
        return cls(
            enabled=_switch("REPLYCHECK_HISTORY", True),
            url=default_url(),
            redact_batches=_switch("REPLYCHECK_HISTORY_REDACT", False),
            redact_drafts=_switch("REPLYCHECK_HISTORY_REDACT_DRAFTS", True),
        )

    def redact(self, kind: str) -> bool:
        """Whether a reply of ``kind`` (``batch`` or ``draft``) is stored without its text."""
        return self.redact_drafts if kind == "draft" else self.redact_batches
