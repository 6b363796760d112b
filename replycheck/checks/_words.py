"""Sentences as words with their lexicon readings, for the grammar rules.

A ``Word`` is a token of the reply's masked text with the analyses the language's lexicon
gives it (``()`` when the lexicon does not know it). Rules ask what a word *can* be
(``can(pos)``), what it *only* is (``only(pos)``) and its readings of some parts of speech
(``of(pos, ...)``); they never guess an unknown word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replycheck.languages import same_language
from replycheck.tokens import tokens

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”«»–—…./!?\d]|-")  # punctuation, a number, a hyphen ("jag-form")


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a sentence and its lexicon readings."""

    start: int
    end: int
    text: str
    low: str
    readings: tuple = ()

    def can(self, *pos: str) -> bool:
        """True when some reading has one of these parts of speech."""
        return any(r.pos in pos for r in self.readings)

    def only(self, *pos: str) -> bool:
        """True when the word is known and every reading has one of these parts of speech."""
        return bool(self.readings) and all(r.pos in pos for r in self.readings)

    def of(self, *pos: str) -> tuple:
        """The readings with one of these parts of speech."""
        return tuple(r for r in self.readings if r.pos in pos)

    def finite_verb(self, strict: bool = False) -> bool:
        """A finite, not imperative, verb (or auxiliary) reading and no pronoun, determiner,
        preposition or conjunction reading. Noun and adjective homographs (Danish "ringer")
        are allowed unless ``strict``: the rules ask this where a verb is expected."""
        finite = any(
            r.pos in ("VERB", "AUX") and r.has("VerbForm", "Fin") and not r.has("Mood", "Imp") for r in self.readings
        )
        other = ("PRON", "DET", "ADP", "CCONJ", "SCONJ") + (("ADJ", "ADV") if strict else ())
        if strict and not self.can("AUX"):
            other += ("NOUN",)  # Dutch "is", "was" are auxiliaries first; "geld" is a noun first
        return finite and not self.can(*other)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's words and the text they index into."""

    start: int
    end: int
    words: tuple[Word, ...]
    text: str

    def broken(self, left: Word, right: Word) -> bool:
        """True when punctuation separates two words (a clause or phrase boundary)."""
        return bool(_CLAUSE_BREAK.search(self.text[left.end : right.start]))

    def clause_end(self, index: int) -> int:
        """The index just past the last word of the clause holding word ``index``."""
        words = self.words
        end = index + 1
        while end < len(words) and not self.broken(words[end - 1], words[end]):
            end += 1
        return end


def sentences(ctx, lexicon, capitalised_nouns: bool = False):
    """The reply's sentences in its own language, as ``Sentence``s of lexicon-read ``Word``s.

    Sentences identified as another language are left out (the language checks report them).
    With ``capitalised_nouns`` (German) a word's case decides between its noun readings and
    the others ("Können" the noun, "können" the verb) except at the start of a sentence."""
    text = ctx.parts.masked
    for index, span in enumerate(ctx.parts.sentences):
        guess = ctx.sentence_language(index)
        if guess is not None and guess.is_known and not same_language(guess.code, ctx.lang):
            continue
        words = tuple(
            Word(t.start, t.end, t.text, t.low, _readings(lexicon, t, t.start == first, capitalised_nouns))
            for first in (_first_letter(text, span),)
            for t in tokens(text, span)
        )
        if words:
            yield Sentence(span.start, span.end, words, text)


def _first_letter(text: str, span) -> int:
    for at in range(span.start, span.end):
        if text[at].isalpha():
            return at
    return span.start


def _readings(lexicon, token, initial: bool, capitalised_nouns: bool) -> tuple:
    if len(token.text) > 1 and token.text.isupper():
        return ()  # "CREME", "OBS": shouting and abbreviations are not judged
    readings = lexicon.analyses(token.text)
    if not capitalised_nouns or initial:
        return readings
    nouns = token.text[:1].isupper()
    kept = tuple(r for r in readings if (r.pos == "NOUN") == nouns)
    return kept or readings


def same_case(model: str, word: str) -> str:
    """``word`` capitalised like ``model`` ("Det" + "den" -> "Den")."""
    if model[:1].isupper() and not model.isupper():
        return word[:1].upper() + word[1:]
    return word
