"""What a check receives: the reply and its regions, the customer message, the source
draft, detected languages, the glossary, the config and the engines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from replycheck import langdata
from replycheck.config import Config
from replycheck.model import LanguageGuess
from replycheck.segment import EmailParts


@dataclass(frozen=True, slots=True)
class Engines:
    """The engines a check may use, injected by the flow (checks never import engines).

    ``languagetool`` is ``None`` when it is off. ``spellers(lang)`` gives the language's
    speller (Hunspell, or Voikko for Finnish) or ``None``; ``frequency(word, langs)`` a Zipf frequency; ``lemmas`` has
    ``lemma(word, lang)`` and ``tokens(text, span, lang)``; ``lexicons(lang)`` gives a
    morphological lexicon (``analyses(word)``) or ``None``; ``accented(lang, diacritics)``
    the frequent words with accents keyed by their plain spelling (``hunspell.accented_words``).
    """

    detector: Any
    languagetool: Any = None
    spellers: Any = None
    frequency: Any = None
    lemmas: Any = None
    lexicons: Any = None
    accented: Any = None


@dataclass(frozen=True, slots=True)
class LanguageToolResult:
    """LanguageTool's answer for the reply: ``matches`` is ``None`` when it was not asked.

    ``covers`` says whether LanguageTool has the reply's language at all; ``settings`` holds
    that language's rule switches and severities; ``reason`` says why there are no matches.
    """

    covers: bool = False
    matches: tuple | None = None
    settings: Any = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    """Everything one run of the checks sees. Checks must not modify it."""

    reply: str
    parts: EmailParts
    reply_language: LanguageGuess
    customer: str | None
    customer_parts: EmailParts | None
    customer_language: LanguageGuess | None
    source: str | None
    source_parts: EmailParts | None
    source_language: LanguageGuess | None
    glossary: Any
    config: Config
    engines: Engines
    sentence_languages: tuple[LanguageGuess | None, ...] = ()
    languagetool: LanguageToolResult = LanguageToolResult(reason="LanguageTool was not asked")

    @property
    def lang(self) -> str:
        """The reply's language code (``unknown`` when not identified)."""
        return self.reply_language.code

    def data(self, name: str, lang: str | None = None):
        """The reply language's ``data/<lang>/<name>.yaml`` (``None`` if it has none)."""
        return langdata.load(lang or self.lang, name)

    def sentence_language(self, index: int) -> LanguageGuess | None:
        """The language of ``parts.sentences[index]`` (``None`` for sentences too short to tell)."""
        return self.sentence_languages[index] if index < len(self.sentence_languages) else None

    def speller(self):
        """The Hunspell speller of the reply's language (``None`` when there is none)."""
        if self.engines.spellers is None or not self.reply_language.is_known:
            return None
        return self.engines.spellers(self.lang)

    def lexicon(self):
        """The morphological lexicon of the reply's language (``None`` when there is none)."""
        if self.engines.lexicons is None or not self.reply_language.is_known:
            return None
        return self.engines.lexicons(self.lang)

    def missing(self, need: str) -> str | None:
        """Why ``need`` is not met (``None`` when it is)."""
        if self.has(need):
            return None
        if need == "languagetool" or (need == "speller" and self.languagetool.covers):
            return self.languagetool.reason or "LanguageTool gave no answer"
        if need == "speller":
            why = getattr(self.engines.spellers, "reason", None)
            detail = why(self.lang) if callable(why) else ""
            return f"no spelling checker for {self.lang!r} (LanguageTool does not cover it; {detail or 'no Hunspell dictionary'})"
        if need == "known_language":
            return "the reply's language was not identified"
        if need == "lexicon":
            return f"no lexicon for {self.lang!r}"
        return f"no {need} given"

    def has(self, need: str) -> bool:
        """True when ``need`` (see ``registry.NEEDS``) is available to the checks."""
        if need == "known_language":
            return self.reply_language.is_known
        if need == "speller":
            if self.languagetool.covers:
                return self.languagetool.matches is not None
            return self.speller() is not None
        if need == "lexicon":
            return self.lexicon() is not None
        if need == "customer":
            return bool(self.customer and self.customer.strip())
        if need == "source":
            return bool(self.source and self.source.strip())
        if need == "glossary":
            return self.glossary is not None
        if need == "languagetool":
            return self.languagetool.matches is not None
        return False
