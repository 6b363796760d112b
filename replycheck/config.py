"""Settings of a Checker. Every field has a safe, offline default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from replycheck.errors import ConfigError
from replycheck.model import CATEGORIES


@dataclass(frozen=True, slots=True)
class Config:
    """What to check and how.

    ``languagetool``: ``"auto"`` starts and manages a local LanguageTool server,
    ``"off"`` skips grammar and spelling through LanguageTool, and any ``http(s)://`` URL
    uses that existing server (also settable with ``REPLYCHECK_LANGUAGETOOL_URL``).
    Nothing is ever sent to a public service unless its URL is configured here.
    """

    categories: tuple[str, ...] = CATEGORIES
    disabled_codes: tuple[str, ...] = ()
    languagetool: str = "auto"
    languagetool_heap: str = "2g"  # five languages loaded fit without repeated full GCs (engines/languagetool/server.py)
    max_reply_chars: int = 200_000
    languagetool_timeout: float = 120.0
    languages: tuple[str, ...] = ()  # the team's languages, warmed when a Checker starts
    language: str = ""  # the reply's language when the caller knows it ("sv"); "" = identify it
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        unknown = set(self.categories) - set(CATEGORIES)
        if unknown:
            raise ConfigError(f"unknown categories {sorted(unknown)}; choose from {list(CATEGORIES)}")
        lt = self.languagetool
        if lt not in ("auto", "off") and not lt.startswith(("http://", "https://")):
            raise ConfigError(f"languagetool must be 'auto', 'off' or a URL, not {lt!r}")
        if self.language and not (self.language.isascii() and self.language.isalpha() and 2 <= len(self.language) <= 3):
            raise ConfigError(f"language must be a language code such as 'sv', not {self.language!r}")
        if self.max_reply_chars < 1:
            raise ConfigError("max_reply_chars must be positive")
        if not self.languagetool_timeout > 0:
            raise ConfigError("languagetool_timeout must be a positive number of seconds")

    @classmethod
    def from_env(cls, **overrides) -> "Config":
        """Defaults, then ``REPLYCHECK_*`` environment variables, then ``overrides``."""
        values: dict = {}
        url = os.environ.get("REPLYCHECK_LANGUAGETOOL_URL")
        if url:
            values["languagetool"] = url
        mode = os.environ.get("REPLYCHECK_LANGUAGETOOL")
        if mode:
            values["languagetool"] = mode
        heap = os.environ.get("REPLYCHECK_LANGUAGETOOL_HEAP")
        if heap:
            values["languagetool_heap"] = heap
        langs = os.environ.get("REPLYCHECK_LANGUAGES")
        if langs:
            values["languages"] = tuple(code.strip() for code in langs.split(",") if code.strip())
        language = os.environ.get("REPLYCHECK_LANGUAGE")
        if language:
            values["language"] = language.strip()
        timeout = os.environ.get("REPLYCHECK_LANGUAGETOOL_TIMEOUT")
        if timeout:
            try:
                values["languagetool_timeout"] = float(timeout)
            except ValueError:
                raise ConfigError(f"REPLYCHECK_LANGUAGETOOL_TIMEOUT must be seconds, not {timeout!r}") from None
        values.update(overrides)
        return cls(**values)

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)

    def enabled(self, code: str) -> bool:
        return code.split("/", 1)[0] in self.categories and code not in self.disabled_codes
