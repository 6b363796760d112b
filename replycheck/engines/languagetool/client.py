"""Talking to a LanguageTool server: ``/v2/check`` over HTTP, and its answers as ``LTMatch``.

Requests go through one keep-alive ``requests.Session`` per thread straight to the
server's ``/v2/check`` endpoint, and the raw JSON offsets (UTF-16 units) are mapped to
code-point offsets here and nowhere else. Every failure becomes a ``LanguageToolError``
naming the server's URL; ``Results`` keeps recent answers and prefetches in flight.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

import requests

from replycheck.engines.languagetool.errors import (
    LanguageToolError,
    LanguageToolTimeout,
    LanguageToolUnreachable,
)

CONNECT_TIMEOUT = 5.0  # a local server accepts at once; a refused connection fails at once
REQUEST_TIMEOUT = 300.0  # a language's first check loads its rules (slow for German)


@dataclass(frozen=True, slots=True)
class LTMatch:
    """One LanguageTool match, with code-point offsets into the checked text."""

    start: int
    end: int
    rule_id: str
    category: str
    issue_type: str
    message: str
    replacements: tuple[str, ...]

    @property
    def is_spelling(self) -> bool:
        return self.issue_type == "misspelling" or self.category == "TYPOS"


def checked_text(reply: str, quoted) -> str:
    """The reply as sent to LanguageTool: ``quoted`` spans blanked, offsets unchanged."""
    if not quoted:
        return reply
    chars = list(reply)
    for span in quoted:
        for i in range(span.start, span.end):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


def utf16_to_codepoints(text: str) -> Callable[[int], int]:
    """A function mapping UTF-16 offsets in ``text`` to code-point offsets (clamped)."""
    size = len(text)
    if all(ord(ch) < 0x10000 for ch in text):
        return lambda offset: max(0, min(offset, size))
    table = []
    for index, ch in enumerate(text):
        table.append(index)
        if ord(ch) >= 0x10000:
            table.append(index + 1)  # the low surrogate belongs after this character
    table.append(size)

    def convert(offset: int) -> int:
        return table[max(0, min(offset, len(table) - 1))]

    return convert


def parse_matches(text: str, payload: dict) -> list[LTMatch]:
    """Turn a ``/v2/check`` JSON answer about ``text`` into ``LTMatch`` objects."""
    convert = utf16_to_codepoints(text)
    found = []
    for raw in payload.get("matches", ()):
        offset, length = int(raw.get("offset", 0)), int(raw.get("length", 0))
        start, end = convert(offset), convert(offset + length)
        if end < start:
            continue
        rule = raw.get("rule") or {}
        found.append(
            LTMatch(
                start=start,
                end=end,
                rule_id=str(rule.get("id", "")),
                category=str((rule.get("category") or {}).get("id", "")),
                issue_type=str(rule.get("issueType", "")),
                message=str(raw.get("message", "")),
                replacements=tuple(r.get("value", "") for r in raw.get("replacements", ())[:3]),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class Deadline:
    """The time limit of one call: ``seconds`` as given (``None``: the default request timeout)."""

    seconds: float | None
    at: float

    @classmethod
    def after(cls, seconds: float | None) -> "Deadline":
        if seconds is not None and seconds <= 0:
            raise ValueError(f"timeout must be positive seconds, not {seconds!r}")
        return cls(seconds, time.monotonic() + (REQUEST_TIMEOUT if seconds is None else seconds))

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self, url: str | None) -> LanguageToolTimeout:
        limit = REQUEST_TIMEOUT if self.seconds is None else self.seconds
        where = f" at {url}" if url else " (still starting)"
        return LanguageToolTimeout(f"LanguageTool{where} timed out after {limit:g} s")


def _reason(error: Exception) -> str:
    found = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", str(error))
    return found.group(1).strip() if found else (str(error)[:200] or type(error).__name__)


class HttpClient:
    """POSTs to a LanguageTool server; one keep-alive session per thread (Session is not thread-safe)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def post(self, base_url: str, endpoint: str, params: dict, deadline: Deadline) -> dict:
        """The JSON answer of ``base_url/endpoint``; raises a ``LanguageToolError`` subclass."""
        remaining = deadline.remaining()
        if remaining <= 0:
            raise deadline.expired(base_url)
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        connect = min(CONNECT_TIMEOUT, remaining)
        try:
            response = session.post(f"{base_url}/{endpoint}", data=params, timeout=(connect, remaining))
        except requests.ConnectTimeout as error:
            if connect < CONNECT_TIMEOUT:
                raise deadline.expired(base_url) from error
            raise LanguageToolUnreachable(
                f"LanguageTool at {base_url} cannot be reached: no connection within {CONNECT_TIMEOUT:g} s"
            ) from error
        except requests.Timeout as error:
            raise deadline.expired(base_url) from error
        except requests.RequestException as error:
            raise LanguageToolUnreachable(
                f"LanguageTool at {base_url} cannot be reached: {_reason(error)}"
            ) from error
        if response.status_code != 200:
            raise LanguageToolError(
                f"LanguageTool at {base_url} answered {response.status_code}: {response.text[:200]}"
            )
        try:
            return response.json()
        except ValueError as error:
            raise LanguageToolError(f"LanguageTool at {base_url} answered with invalid JSON") from error


class Results:
    """The matches of recently checked texts, and prefetches still in flight (thread-safe)."""

    def __init__(self, size: int = 32, pending: int = 8) -> None:
        self._size, self._max_pending = size, pending
        self._done: OrderedDict[tuple[str, str], list[LTMatch]] = OrderedDict()
        self._pending: dict[tuple[str, str], Future] = {}
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None

    def get(self, key: tuple[str, str]) -> list[LTMatch] | None:
        with self._lock:
            if key not in self._done:
                return None
            self._done.move_to_end(key)
            return list(self._done[key])

    def put(self, key: tuple[str, str], matches: list[LTMatch]) -> None:
        with self._lock:  # the grammar and spelling checks share one request per text
            self._done[key] = list(matches)
            while len(self._done) > self._size:
                self._done.popitem(last=False)

    def take_pending(self, key: tuple[str, str]) -> Future | None:
        with self._lock:
            return self._pending.pop(key, None)

    def submit(self, key: tuple[str, str], work: Callable[[], list[LTMatch]]) -> None:
        """Run ``work`` in the background unless ``key`` is done or already on its way."""
        with self._lock:
            if key in self._done or key in self._pending:
                return
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="languagetool")
            self._pending[key] = self._executor.submit(work)
            while len(self._pending) > self._max_pending:  # forgotten prefetches (never checked)
                self._pending.pop(next(iter(self._pending)))

    def clear(self) -> None:
        with self._lock:
            self._done.clear()
            self._pending.clear()

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
