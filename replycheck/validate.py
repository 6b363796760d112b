"""Input validation: what can be checked, and a copy of it every check can read safely."""

from __future__ import annotations

import re

from replycheck import segment
from replycheck.errors import InputError

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def validate_text(text, what: str, max_chars: int) -> str:
    """Return ``text`` if it can be checked, else raise ``InputError`` saying why."""
    if isinstance(text, (bytes, bytearray)):
        raise InputError(f"{what} must be text (str), not bytes; decode it first")
    if not isinstance(text, str):
        raise InputError(f"{what} must be text (str), not {type(text).__name__}")
    if not segment.strip_invisible(text).strip():
        raise InputError(f"{what} is empty")
    if len(text) > max_chars:
        raise InputError(
            f"{what} is {len(text):,} characters; the limit is {max_chars:,} "
            "(set Config(max_reply_chars=...) to raise it)"
        )
    return text


def optional_text(text, what: str, max_chars: int) -> str | None:
    """``None`` for a missing or blank optional text, else the validated text."""
    if text is None:
        return None
    if isinstance(text, str) and not segment.strip_invisible(text).strip():
        return None
    return validate_text(text, what, max_chars)


def checkable(text: str | None) -> str | None:
    """``text`` with lone surrogates (which no encoder accepts) replaced by U+FFFD.

    One code point for one, so every offset into the copy is the same offset into ``text``.
    """
    if text is None or not _LONE_SURROGATE.search(text):
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)
