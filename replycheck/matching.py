"""Lemma-aware phrase matching over words, for the phrase lists in ``data/<lang>/*.yaml``.

A phrase is written as words separated by spaces; each word matches the text's word if
their surface forms or lemmas agree, ignoring case and accents — so
``vi gör fel`` also matches "Vi gjorde fel", and ``vi ... göra fel`` matches "Vi har tyvärr
gjort fel". The small syntax:

``a|b``    either word          ``word*``  any word starting with ``word``
``word?``  optional word        ``...``    a gap of up to three words
``=word``  this form only (not other forms of its lemma)

Matches never cross a sentence boundary; spans are offsets into the text as given. Words
are ``replycheck.tokens`` tokens with inner hyphens and apostrophes kept ("e-post"); lemmas
come from the lemmatiser the caller passes in (``ctx.engines.lemmas`` in a check), folded
here so that accents never matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from replycheck.segment import Span
from replycheck.tokens import Token, fold, fold_word

__all__ = [
    "Hit",
    "Phrase",
    "any_phrase",
    "compile_phrase",
    "compile_phrases",
    "find_phrases",
    "fold",
    "normalise_block",
    "tokens",
]

GAP = 3  # words a "..." may skip


def tokens(text: str, span: Span | None, lang: str, lemmas) -> list[Token]:
    """The words of ``text[span]`` (all of it when ``span`` is None) with their lemmas, as the
    matcher reads them: inner hyphens, apostrophes and colons kept inside a word."""
    return lemmas.tokens(text, span, lang, joined=True)


@dataclass(frozen=True, slots=True)
class _Element:
    forms: frozenset[str]  # folded words and lemmas that match
    prefixes: tuple[str, ...]  # folded prefixes that match ("word*")
    optional: bool = False
    gap: bool = False

    def accepts(self, token: Token) -> bool:
        if token.folded in self.forms or fold_word(token.lemma or token.text) in self.forms:
            return True
        return any(token.folded.startswith(p) for p in self.prefixes)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A compiled phrase; ``label`` is the phrase as written in the data file."""

    label: str
    elements: tuple[_Element, ...]

    def find(self, toks: Sequence[Token], starts: Iterable[int] | None = None) -> list[tuple[int, int]]:
        """Non-overlapping ``(first, last)`` token indices where the phrase matches.

        ``starts``: the token indices (ascending) where it can begin, when the caller knows
        (see ``_FirstWords``); every index otherwise."""
        found: list[tuple[int, int]] = []
        after = 0
        for i in range(len(toks)) if starts is None else starts:
            if i < after:
                continue
            end = _match(self.elements, 0, toks, i)
            if end is not None and end > i:
                found.append((i, end - 1))
                after = end
        return found


class _FirstWords:
    """Which of some phrases can begin at which word: an index of their first words, so a
    sentence is matched against the phrases its words can start instead of all of them."""

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        self.phrases = phrases
        self.by_form: dict[str, list[int]] = {}
        self.prefixes: list[tuple[str, int]] = []
        anywhere: list[int] = []  # a first element that is optional or a gap: try everywhere
        for n, phrase in enumerate(phrases):
            first = phrase.elements[0] if phrase.elements else None
            if first is None or first.optional or first.gap:
                anywhere.append(n)
                continue
            for form in first.forms:
                self.by_form.setdefault(form, []).append(n)
            self.prefixes += [(prefix, n) for prefix in first.prefixes]
        self.anywhere = frozenset(anywhere)

    def starts(self, toks: Sequence[Token]) -> dict[int, list[int]]:
        """Phrase number -> the token indices where that phrase can begin (ascending; ``None``
        for a phrase that can begin anywhere). Phrases that can begin nowhere are left out."""
        found: dict[int, list[int] | None] = dict.fromkeys(self.anywhere)  # None: every index
        for i, token in enumerate(toks):
            numbers = set(self.by_form.get(token.folded, ()))
            numbers.update(self.by_form.get(fold_word(token.lemma or token.text), ()))
            numbers.update(n for prefix, n in self.prefixes if token.folded.startswith(prefix))
            for n in numbers:
                found.setdefault(n, []).append(i)
        return found


_INDEXES: dict[int, _FirstWords] = {}  # id of a compiled phrase tuple -> its first-word index


def _first_words(phrases: Sequence[Phrase]) -> _FirstWords:
    index = _INDEXES.get(id(phrases))
    if index is None or index.phrases is not phrases:
        index = _FirstWords(phrases)
        if len(_INDEXES) > 4096:
            _INDEXES.clear()
        _INDEXES[id(phrases)] = index
    return index


def _match(elements: tuple[_Element, ...], e: int, toks: Sequence[Token], t: int) -> int | None:
    """Index after the match of ``elements[e:]`` starting at token ``t`` (None if none)."""
    if e == len(elements):
        return t
    element = elements[e]
    if element.gap:
        for skip in range(GAP + 1):
            if t + skip > len(toks):
                break
            got = _match(elements, e + 1, toks, t + skip)
            if got is not None:
                return got
        return None
    if t < len(toks) and element.accepts(toks[t]):
        got = _match(elements, e + 1, toks, t + 1)
        if got is not None:
            return got
    if element.optional:
        return _match(elements, e + 1, toks, t)
    return None


def compile_phrase(phrase: str, lang: str, lemmas) -> Phrase:
    """Compile one phrase of the mini-syntax (see the module docstring) with the lemmatiser
    ``lemmas`` (``ctx.engines.lemmas``)."""
    elements: list[_Element] = []
    for raw in phrase.split():
        if raw in ("...", "…"):
            elements.append(_Element(frozenset(), (), gap=True))
            continue
        optional = raw.endswith("?") and len(raw) > 1
        raw = raw[:-1] if optional else raw
        forms: set[str] = set()
        prefixes: list[str] = []
        for alt in raw.split("|"):
            if not alt:
                continue
            if alt.endswith("*") and len(alt) > 1:
                prefixes.append(fold(alt[:-1]))
            elif alt.startswith("=") and len(alt) > 1:
                forms.add(fold(alt[1:]))  # this exact form, not its lemma
            else:
                forms.add(fold(alt))
                forms.add(fold_word(lemmas.lemma(alt, lang)))
        elements.append(_Element(frozenset(forms), tuple(prefixes), optional=optional))
    return Phrase(phrase, tuple(elements))


@lru_cache(maxsize=512)
def _compile_all(phrases: tuple[str, ...], lang: str, lemmas) -> tuple[Phrase, ...]:
    return tuple(compile_phrase(p, lang, lemmas) for p in phrases if p and p.strip())


def compile_phrases(phrases: Iterable[str], lang: str, lemmas) -> tuple[Phrase, ...]:
    """Compile (and cache) a list of phrases for ``lang`` with the lemmatiser ``lemmas``."""
    return _compile_all(tuple(str(p) for p in phrases or ()), lang, lemmas)


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in the text: its span and the phrase that matched."""

    start: int
    end: int
    phrase: str


def find_phrases(
    text: str, sentences: Iterable[Span], phrases: Sequence[Phrase], lang: str, lemmas
) -> list[Hit]:
    """Every match of ``phrases`` inside the given sentences, in text order."""
    hits: list[Hit] = []
    for sentence in sentences:
        toks = tokens(text, sentence, lang, lemmas)
        if not toks:
            continue
        taken: list[tuple[int, int]] = []
        starts = _first_words(phrases).starts(toks)
        for n, phrase in enumerate(phrases):
            if n not in starts:
                continue  # no word of the sentence can begin it
            for first, last in phrase.find(toks, starts[n]):
                start, end = toks[first].start, toks[last].end
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                hits.append(Hit(start, end, phrase.label))
    return sorted(hits, key=lambda h: (h.start, h.end, h.phrase))


def any_phrase(
    text: str, sentences: Iterable[Span], phrases: Sequence[Phrase], lang: str, lemmas
) -> bool:
    """True if any of ``phrases`` occurs in the given sentences."""
    for sentence in sentences:
        toks = tokens(text, sentence, lang, lemmas)
        if not toks:
            continue
        starts = _first_words(phrases).starts(toks)
        if any(phrase.find(toks, starts[n]) for n, phrase in enumerate(phrases) if n in starts):
            return True
    return False


_WORDS_AND_NUMBERS = re.compile(r"\w+")


def normalise_block(text: str) -> str:
    """Words and numbers only, case and accents folded: for comparing paragraphs."""
    return " ".join(_WORDS_AND_NUMBERS.findall(fold(text)))
