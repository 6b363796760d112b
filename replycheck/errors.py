"""The exception tree: every user-facing error names the input, file, line or option at fault."""

from __future__ import annotations


class ReplycheckError(Exception):
    """Base class of every error replycheck raises on purpose."""


class InputError(ReplycheckError, ValueError):
    """The text or file given cannot be checked (empty, too long, binary, unreadable)."""


class GlossaryError(ReplycheckError, ValueError):
    """A glossary file is invalid; the message names the file, line and problem."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


class DataError(ReplycheckError, ValueError):
    """A language data file (``replycheck/data/…``) is invalid; names the file, line and key."""

    def __init__(self, path: str, line: int | None, problem: str, key: str | None = None) -> None:
        self.path, self.line, self.problem, self.key = path, line, problem, key
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {key}: {problem}" if key else f"{where}: {problem}")


class ConfigError(ReplycheckError, ValueError):
    """An option or setting is invalid."""


class EngineError(ReplycheckError, RuntimeError):
    """An external engine (LanguageTool, a translation service) failed."""


class HistoryError(ReplycheckError, RuntimeError):
    """The history database cannot be opened, migrated, read or written; names the database."""
