"""The exceptions the LanguageTool engine raises: one base class, two kinds worth telling apart."""

from replycheck.errors import EngineError


class LanguageToolError(EngineError):
    """LanguageTool could not be installed, started or queried (the message names the URL or file)."""


class LanguageToolUnreachable(LanguageToolError):
    """No answer from the server at all: connection refused, reset, or closed mid-answer."""


class LanguageToolTimeout(LanguageToolError):
    """The server did not answer within the time limit of the call (``check(..., timeout=)``)."""
