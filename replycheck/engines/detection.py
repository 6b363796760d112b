"""Language identification behind one interface: ``LanguageDetector.detect(text, prior)``.

Backend: lingua restricted to the supported languages. (Being refined; see bench/lid.py.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from replycheck.model import UNKNOWN, LanguageGuess

SUPPORTED = ("sv", "nb", "nn", "da", "nl", "de", "en", "fi", "fr", "es", "pt", "it", "pl", "is", "et")
_LETTERS = re.compile(r"[^\W\d_]")


class LanguageDetector:
    """Identify the language of a text. ``unknown`` is a normal answer."""

    def __init__(self, languages: tuple[str, ...] = SUPPORTED) -> None:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        self.languages = languages
        self._lingua = (
            LanguageDetectorBuilder.from_languages(
                *[Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in languages]
            )
            .with_preloaded_language_models()
            .build()
        )

    def detect(self, text: str, prior: str | None = None) -> LanguageGuess:
        """Best guess for ``text``; ``prior`` (e.g. the customer's language) breaks near-ties."""
        if len(_LETTERS.findall(text)) < 2:
            return LanguageGuess(UNKNOWN, 0.0)
        values = self._lingua.compute_language_confidence_values(text)
        ranked = sorted(
            ((v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values),
            key=lambda item: (-item[1], item[0]),
        )
        code, confidence = ranked[0]
        return LanguageGuess(code, confidence, tuple(ranked[1:6]))


@lru_cache(maxsize=1)
def default_detector() -> LanguageDetector:
    """The process-wide detector (loading it takes a second or two)."""
    return LanguageDetector()
