"""replycheck: a multilingual quality checker for customer-support e-mail replies.

    import replycheck
    report = replycheck.check(reply, customer=None, source=None, glossary=None, config=None)
    report.to_dict()
    fixes = replycheck.offered_fixes(checker, report)   # {finding index: fixes safe to apply}
"""

from replycheck.api import Checker, check, detect_language
from replycheck.config import Config
from replycheck.errors import (
    ConfigError, DataError, EngineError, GlossaryError, HistoryError, InputError, ReplycheckError,
)
from replycheck.fixes import Fix, offered_fixes
from replycheck.model import CATEGORIES, Finding, LanguageGuess, Report

__all__ = [
    "CATEGORIES",
    "Checker",
    "Config",
    "ConfigError",
    "DataError",
    "EngineError",
    "Finding",
    "Fix",
    "GlossaryError",
    "HistoryError",
    "InputError",
    "LanguageGuess",
    "ReplycheckError",
    "Report",
    "check",
    "detect_language",
    "offered_fixes",
]
__version__ = "0.1.0"
