"""Lemma-aware phrase matching over words, for the phrase lists in ``data/<lang>/*.yaml``.

A phrase is written as words separated by spaces; each word matches the text's word if
their surface forms or lemmas (simplemma) agree, ignoring case and accents — so
``vi gör fel`` also matches "Vi gjorde fel", and ``vi ... göra fel`` matches "Vi har tyvärr
gjort fel". The small syntax:

``a|b``    either word          ``word*``  any word starting with ``word``
``word?``  optional word        ``...``    a gap of up to three words
``=word``  this form only (not other forms of its lemma)

Matches never cross a sentence boundary; spans are offsets into the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import simplemma

from replycheck import segment
from replycheck.segment import Span

GAP = 3  # words a "..." may skip


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents (``Ursäkt`` -> ``ursakt``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


_LEMMA_LANGS = frozenset(
    "ar ast bg ca cs cy da de el en enm eo es et fa fi fr ga gd gl grc gv hbs he hi hu hy id is "
    "it ka la lb lt lv mk ml ms nb nl nn pl pt ro ru se sk sl sq sv sw tl tr uk".split()
)


@lru_cache(maxsize=65536)
def lemma(word: str, lang: str) -> str:
    """The folded lemma of ``word`` in ``lang`` (the folded word itself if unknown)."""
    if lang not in _LEMMA_LANGS:
        return fold(word)
    try:
        return fold(simplemma.lemmatize(word, lang=lang))
    except Exception:  # noqa: BLE001  (an odd token must not stop a check)
        return fold(word)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text: its span, folded surface form and folded lemma."""

    start: int
    end: int
    text: str
    folded: str
    lemma: str


def tokens(text: str, span: Span | None, lang: str) -> list[Token]:
    """The words of ``text[span]`` (all of it when ``span`` is None) with their lemmas."""
    offset = span.start if span else 0
    chunk = text[span.start : span.end] if span else text
    return [
        Token(offset + s, offset + e, word, fold(word), lemma(word, lang))
        for s, e, word in segment.word_spans(chunk)
    ]


@dataclass(frozen=True, slots=True)
class _Element:
    forms: frozenset[str]  # folded words and lemmas that match
    prefixes: tuple[str, ...]  # folded prefixes that match ("word*")
    optional: bool = False
    gap: bool = False

    def accepts(self, token: Token) -> bool:
        if token.folded in self.forms or token.lemma in self.forms:
            return True
        return any(token.folded.startswith(p) for p in self.prefixes)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A compiled phrase; ``label`` is the phrase as written in the data file."""

    label: str
    elements: tuple[_Element, ...]

    def find(self, toks: Sequence[Token]) -> list[tuple[int, int]]:
        """Non-overlapping ``(first, last)`` token indices where the phrase matches."""
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            end = _match(self.elements, 0, toks, i)
            if end is not None and end > i:
                found.append((i, end - 1))
                i = end
            else:
                i += 1
        return found


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


def compile_phrase(phrase: str, lang: str) -> Phrase:
    """Compile one phrase of the mini-syntax (see the module docstring)."""
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
                forms.add(lemma(alt, lang))
        elements.append(_Element(frozenset(forms), tuple(prefixes), optional=optional))
    return Phrase(phrase, tuple(elements))


@lru_cache(maxsize=512)
def _compile_all(phrases: tuple[str, ...], lang: str) -> tuple[Phrase, ...]:
    return tuple(compile_phrase(p, lang) for p in phrases if p and p.strip())


def compile_phrases(phrases: Iterable[str], lang: str) -> tuple[Phrase, ...]:
    """Compile (and cache) a list of phrases for ``lang``."""
    return _compile_all(tuple(str(p) for p in phrases or ()), lang)


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in the text: its span and the phrase that matched."""

    start: int
    end: int
    phrase: str


def find_phrases(
    text: str, sentences: Iterable[Span], phrases: Sequence[Phrase], lang: str
) -> list[Hit]:
    """Every match of ``phrases`` inside the given sentences, in text order."""
    hits: list[Hit] = []
    for sentence in sentences:
        toks = tokens(text, sentence, lang)
        if not toks:
            continue
        taken: list[tuple[int, int]] = []
        for phrase in phrases:
            for first, last in phrase.find(toks):
                start, end = toks[first].start, toks[last].end
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                hits.append(Hit(start, end, phrase.label))
    return sorted(hits, key=lambda h: (h.start, h.end, h.phrase))


def any_phrase(text: str, sentences: Iterable[Span], phrases: Sequence[Phrase], lang: str) -> bool:
    """True if any of ``phrases`` occurs in the given sentences."""
    for sentence in sentences:
        toks = tokens(text, sentence, lang)
        if toks and any(phrase.find(toks) for phrase in phrases):
            return True
    return False


_WORDS_AND_NUMBERS = re.compile(r"\w+")


def normalise_block(text: str) -> str:
    """Words and numbers only, case and accents folded: for comparing paragraphs."""
    return " ".join(_WORDS_AND_NUMBERS.findall(fold(text)))
