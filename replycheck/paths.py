"""Where replycheck keeps what it builds or installs on this machine."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """``$REPLYCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/replycheck``, else ``~/.cache/replycheck``."""
    root = os.environ.get("REPLYCHECK_CACHE_DIR")
    if root:
        return Path(root)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "replycheck"
