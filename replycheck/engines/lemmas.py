"""The lemmatiser: simplemma behind one small interface (the only module importing simplemma).

Checks receive it as ``ctx.engines.lemmas`` and pass it down to the helpers they call.

``lemma(word, lang)`` gives the **lower-case lemma with accents kept** ("Gjorde" -> "göra").
It does not fold accents: callers that compare ignoring accents (the phrase matcher, the
glossary) fold both sides with ``replycheck.tokens.fold``; callers that compare against
language data written with accents (clause cues, function words, month names) compare it as
it is. simplemma is applied until its answer settles ("skickats" -> "skickad" -> "skicka"),
so every form of a word family ends on the same lemma; its answer is fed back with simplemma's
own casing and lower-cased only at the end, so a German noun stays a noun ("Tages" -> "Tag"
-> "tag", not "tag" -> "tagen").

The dictionaries are marisa tries built once per language into the cache folder
(``$REPLYCHECK_CACHE_DIR/simplemma``): all 15 languages take about 90 MB instead of 780 MB
as Python dicts, and load in milliseconds after the first build.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory
from simplemma.utils import normalize_token

from replycheck.paths import cache_root
from replycheck.tokens import SpanLike, Token, bounds, tokens

MAX_PASSES = 3  # lemmatise a lemma again at most this often


def same_lemma(a: str, b: str) -> bool:
    """True for the same word family: equal, or one a prefix of the other, or a long shared
    stem ("kreditera"/"kreditering", "skicka"/"skickad")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return True
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 6 and common >= 0.75 * len(short)


class Lemmatizer:
    """Lemmas and dictionary look-ups for the languages simplemma knows.

    For a language simplemma does not know (or ``"unknown"``/``""``) every word is its own
    lemma and no word is known. Thread-safe: the only state is four bounded ``lru_cache``s
    (per instance) in front of simplemma's read-only dictionaries.
    """

    def __init__(self, cache_size: int = 65536, cache_dir: str | None = None) -> None:
        factory = TrieDictionaryFactory(cache_max_size=32, disk_cache_dir=cache_dir or str(cache_root() / "simplemma"))
        self._simplemma = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
        self._lookup = DictionaryLookupStrategy(factory)
        self._lemma = lru_cache(maxsize=cache_size)(self._compute_lemma)
        self._known = lru_cache(maxsize=cache_size)(self._compute_known)
        self._has_language = lru_cache(maxsize=256)(self._compute_has_language)
        self._tokens = lru_cache(maxsize=4096)(self._lemmatised)  # a reply's sentences, read by many checks

    def lemma(self, word: str, lang: str) -> str:
        """The lower-case lemma of ``word`` in ``lang``, accents kept (``word.lower()`` when
        simplemma does not know the language or the word is a single letter)."""
        return self._lemma(word, lang)

    def is_known(self, word: str, lang: str) -> bool:
        """Whether ``word``, exactly as given, is in simplemma's ``lang`` dictionary (False
        for a language it has no dictionary for)."""
        return self._known(word, lang)

    def has_language(self, lang: str) -> bool:
        """Whether there is a dictionary for ``lang`` at all."""
        return self._has_language(lang)

    @staticmethod
    def same_lemma(a: str, b: str) -> bool:
        """See ``replycheck.engines.lemmas.same_lemma``."""
        return same_lemma(a, b)

    def tokens(
        self, text: str, span: SpanLike | tuple[int, int] | None, lang: str, *, joined: bool = False
    ) -> list[Token]:
        """``replycheck.tokens.tokens(text, span, joined=joined)`` with ``lemma`` filled in."""
        return list(self._tokens(text, *bounds(text, span), lang, joined))

    def _lemmatised(self, text: str, start: int, end: int, lang: str, joined: bool) -> tuple[Token, ...]:
        return tuple(
            Token(t.start, t.end, t.text, t.low, t.folded, self._lemma(t.text, lang))
            for t in tokens(text, (start, end), joined=joined)
        )

    def _compute_lemma(self, word: str, lang: str) -> str:
        low = word.lower()
        if lang in ("", "unknown") or len(low) < 2:
            return low
        current = low
        for _ in range(MAX_PASSES):
            try:
                nxt = self._simplemma.lemmatize(current, lang=lang)
            except ValueError:  # a language simplemma does not know
                return low
            if nxt == current:
                break
            current = nxt
        return current.lower()

    def _compute_has_language(self, lang: str) -> bool:
        if lang in ("", "unknown"):
            return False
        try:
            self._lookup.get_lemma("a", lang)
        except (ValueError, KeyError):
            return False
        return True

    def _compute_known(self, word: str, lang: str) -> bool:
        if not word or not self.has_language(lang):
            return False
        return self._lookup.get_lemma(normalize_token(word), lang) is not None
