"""Language identification of a text and of each of its sentences, done once per check.

The text is cut into regions (greeting, paragraphs, sign-off, quotes) without language
knowledge; its prose decides the language; the sentences are then split with that
language's rules and each long enough sentence gets its own guess. When sentences of two
language families occur and one family holds most of the words (an English template
sentence inside a Norwegian reply), the text's language is decided on that family alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from replycheck import languages, segment
from replycheck.model import UNKNOWN, LanguageGuess

SENTENCE_MIN_WORDS = 4  # shorter sentences say too little about their language
DETECTION_SAMPLE_CHARS = 1500  # the language is decided on the first ~250 words
MAX_SENTENCES_DETECTED = 300  # a huge reply's later sentences are not identified
MAJORITY_SHARE = 0.6  # a family holding this share of the words is the text's language
MAJORITY_SENTENCES = 0.75  # ... or this share of the identified sentences (one long fragment)


@dataclass(frozen=True, slots=True)
class Identified:
    """A text cut into regions and sentences, with its language and its sentences' languages."""

    parts: segment.EmailParts
    language: LanguageGuess
    sentence_languages: tuple[LanguageGuess | None, ...] = ()


def sample(text: str) -> str:
    """The first ``DETECTION_SAMPLE_CHARS`` of ``text``, cut at a space."""
    if len(text) <= DETECTION_SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, DETECTION_SAMPLE_CHARS)
    return text[: cut if cut > 0 else DETECTION_SAMPLE_CHARS]


def text_language(detector, parts: segment.EmailParts, prior: str | None) -> LanguageGuess:
    """The language of ``parts``' prose (quotes, URLs, numbers and names left out)."""
    prose = segment.for_detection(parts.prose())
    if not prose.strip():
        prose = segment.for_detection(parts.masked)
    return detector.detect(sample(prose), prior=prior)


def identify(
    detector, text: str, prior: str | None = None, *, sentences: bool = True, known: str = ""
) -> Identified:
    """Split ``text`` once and identify its language (and, with ``sentences``, each sentence's).

    ``known``: the text's language when the caller knows it (``Config.language``); the text is
    then not identified as a whole, only its sentences are (so foreign fragments are still found)."""
    regions = segment.split_regions(text)
    language = LanguageGuess(known, 1.0) if known else text_language(detector, regions, prior)
    parts = segment.with_sentences(regions, language.code if language.is_known else "en")
    if not sentences:
        return Identified(parts, language)
    guesses = sentence_languages(detector, parts, language.code)
    if known:
        return Identified(parts, language, guesses)
    return Identified(parts, majority_language(detector, parts, language, guesses, prior), guesses)


def detect(detector, text: str, prior: str | None = None) -> LanguageGuess:
    """The language of any text (``unknown`` for empty or non-text input)."""
    if not isinstance(text, str) or not text.strip():
        return LanguageGuess(UNKNOWN, 0.0)
    return text_language(detector, segment.split_regions(text), prior)


def sentence_languages(detector, parts: segment.EmailParts, prior: str) -> tuple[LanguageGuess | None, ...]:
    """The language of every sentence long enough to tell (``None`` for the others)."""
    guesses: list[LanguageGuess | None] = []
    for index, sentence in enumerate(parts.sentences):
        text = segment.for_detection(sentence.text(parts.masked))
        enough = index < MAX_SENTENCES_DETECTED and len(segment.words(text)) >= SENTENCE_MIN_WORDS
        guesses.append(detector.detect(text, prior=prior, expected=prior) if enough else None)
    return tuple(guesses)


def majority_language(detector, parts, whole: LanguageGuess, guesses, prior) -> LanguageGuess:
    """The language most of the prose is in, when a foreign fragment skews the whole-text guess
    (or leaves it unknown: a Swedish sentence in a short Danish reply)."""
    families: dict[str, int] = {}  # words per family of close languages
    codes: dict[str, int] = {}  # words per language
    counts: dict[str, int] = {}  # sentences per family
    for span, guess in zip(parts.sentences, guesses):
        if guess is not None and guess.is_known:
            count = len(segment.words(span.text(parts.masked)))
            family = languages.family(guess.code)
            families[family] = families.get(family, 0) + count
            codes[guess.code] = codes.get(guess.code, 0) + count
            counts[family] = counts.get(family, 0) + 1
    if len(families) >= 2:
        key, weights = languages.family, families
    elif not whole.is_known and len(codes) >= 2:
        key, weights = (lambda code: code), codes
    else:
        return whole
    top = max(sorted(weights), key=weights.get)
    runner_up = max((w for k, w in weights.items() if k != top), default=0)
    # an unknown whole needs only a clear plurality: two fragments must not silence the checks
    needed = 1.5 * runner_up if not whole.is_known else MAJORITY_SHARE * sum(weights.values())
    if weights[top] < needed and weights is families and whole.is_known:
        top = max(sorted(counts), key=counts.get)  # four short sentences against one long one
        if counts[top] < MAJORITY_SENTENCES * sum(counts.values()) or languages.family(whole.code) == top:
            return whole
    elif weights[top] < needed:
        return whole
    keep = [
        span.text(parts.masked)
        for span, guess in zip(parts.sentences, guesses)
        if guess is None or (guess.is_known and key(guess.code) == top)
    ]
    keep += [region.text(parts.masked) for region in (parts.greeting, parts.signoff) if region is not None]
    return detector.detect(sample(segment.for_detection("\n".join(keep))), prior=prior)
