"""replycheck: a multilingual quality checker for customer-support e-mail replies.

    import replycheck
    report = replycheck.check(reply, customer=None, source=None, glossary=None, config=None)
    report.to_dict()
"""

from replycheck.api import Checker, check, detect_language
from replycheck.config import Config
from replycheck.errors import ConfigError, DataError, EngineError, GlossaryError, InputError, ReplycheckError
from replycheck.model import CATEGORIES, Finding, LanguageGuess, Report

__all__ = [
    "CATEGORIES",
    "Checker",
    "Config",
    "ConfigError",
    "DataError",
    "EngineError",
    "Finding",
    "GlossaryError",
    "InputError",
    "LanguageGuess",
    "ReplycheckError",
    "Report",
    "check",
    "detect_language",
]
__version__ = "0.1.0"
