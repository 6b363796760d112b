"""Language checks: the reply's language against the customer's, and fragments in another language."""

from __future__ import annotations

import re
from typing import Iterator

import regex

from replycheck.languages import close_languages, other_standards, same_language
from replycheck.languages import name as _name
from replycheck.context import Context
from replycheck.model import Finding, LanguageGuess
from replycheck.registry import register
from replycheck.checks.spelling import restore_diacritics
from replycheck.segment import Span, for_detection, words

# Thresholds, documented here once. A false mismatch between Swedish, Danish and Norwegian is
# the most damaging false alarm replycheck can raise, so every flag needs a margin.
MISMATCH_MIN_WORDS = 3  # fewer words than this in either text's prose: too little to judge
MISMATCH_MIN_CONFIDENCE = 0.6  # the reply's own language must be at least this sure
MISMATCH_MIN_CUSTOMER_CONFIDENCE = 0.25  # and the customer's language at least this sure
PLAUSIBLE = 0.12  # customer's language at least this likely for the reply: not a mismatch
CLOSE_PLAUSIBLE = 0.25  # the same, when the two languages are close relatives
# A sentence is a foreign fragment when the reply's own language is implausible for it: the
# detector's doubt about *which* foreign language (Danish or Bokmål, Spanish or Italian) does
# not matter, its doubt about the reply's language does. Chosen on bench/fragments.py --split
# dev (sentence level: far pairs 0.992, Nordic pairs 0.938, 0.0013 of host sentences flagged).
FRAGMENT_MIN_WORDS = 5
FRAGMENT_MAX_REPLY_LANGUAGE = 0.2  # the reply's language at most this likely for the sentence
CLOSE_FRAGMENT_MAX_REPLY_LANGUAGE = 0.1  # ... when the sentence looks like a close relative
FRAGMENT_MIN_FOREIGN = 0.5  # and its guessed language (with its close relatives) at least this likely
SHORT_FRAGMENT_WORDS = 7  # a sentence of fewer words needs the stronger evidence below
SHORT_FRAGMENT_MAX_REPLY_LANGUAGE = 0.05
SHORT_FRAGMENT_MIN_FOREIGN = 0.7
STRIPPED_WORDS = 2  # this many words the reply's language knows with their accents put back:
#                     the reply's own language typed without diacritics ("Vi har forsokt na dig")
# A clause of a sentence in the reply's language (cut at , ; : dashes and brackets) needs much
# stronger evidence, and is never reported between close relatives.
CLAUSE_MIN_WORDS = 5
CLAUSE_MAX_REPLY_LANGUAGE = 0.02
CLAUSE_MIN_FOREIGN = 0.9
OWN_CLAUSE = 0.5  # a clause this likely in the reply's language keeps a foreign sentence's finding to its foreign clauses
_CLAUSE_CUT = re.compile(r"\s*(?:[,;:()\[\]–—]|\s-\s)\s*")
# Two written standards of one language (Bokmål and Nynorsk) mixed: only whole paragraphs count.
STANDARD_PARAGRAPH_MIN_WORDS = 20
STANDARD_PARAGRAPH_MIN_SENTENCES = 2
STANDARD_MIN_CONFIDENCE = 0.999
# Runs of two or more capitalised words inside a sentence: product names, menu paths, companies
# ("Customer Service Center > My Orders"); a sentence foreign only through them is no fragment.
_NAME_RUN = regex.compile(r"(?<=\S)(\s+)((?:\p{Lu}[\w'’&.-]*(?:\s+|\s*[>/|]\s*))+\p{Lu}[\w'’&.-]*)")
_EDGE = " \t\n.!?…\"'«»“”„"
LOW_CONFIDENCE = 0.5


def plausibility(guess: LanguageGuess, code: str) -> float:
    """How likely the text is in ``code`` (nb and nn count together)."""
    total = 0.0
    for candidate in {guess.code, *dict(guess.alternatives)}:
        if same_language(candidate, code):
            total += guess.confidence_for(candidate)
    return total


def family_confidence(guess: LanguageGuess, other_than: str) -> float:
    """How likely the text is in the guessed language or a close relative, ``other_than`` aside."""
    return sum(
        guess.confidence_for(code)
        for code in {guess.code, *dict(guess.alternatives)}
        if close_languages(code, guess.code) and not same_language(code, other_than)
    )


def _whole_reply_span(ctx: Context) -> Span:
    spans = list(ctx.parts.paragraphs) or ([ctx.parts.greeting] if ctx.parts.greeting else [])
    if not spans:
        stripped = ctx.reply.strip()
        start = ctx.reply.find(stripped[:1]) if stripped else 0
        return Span(start, start + len(stripped))
    return Span(spans[0].start, spans[-1].end)


@register(codes={"language/mismatch": "error", "language/uncertain": "info"}, needs=("customer",))
def mismatch(ctx: Context) -> Iterator[Finding]:
    """The reply is in another language than the customer wrote in.

    Flags ``language/mismatch`` (error) only when the reply is confidently in one language and
    the customer's language is not plausible for it: a Dutch reply to a Swedish customer is
    flagged; a Bokmål reply to a Nynorsk customer is not, and neither is a short Swedish reply
    that merely looks a little Norwegian. When the evidence is too thin to tell, an ``info``
    finding (``language/uncertain``) says so. Write the reply in the customer's language.
    """
    reply_lang, customer_lang = ctx.reply_language, ctx.customer_language
    if customer_lang is None or not customer_lang.is_known:
        return
    if not reply_lang.is_known or same_language(reply_lang.code, customer_lang.code):
        return
    prose_words = len(words(ctx.parts.prose()))
    customer_words = len(words(ctx.customer_parts.prose())) if ctx.customer_parts else 0
    span = _whole_reply_span(ctx)
    likely = plausibility(reply_lang, customer_lang.code)
    needed = CLOSE_PLAUSIBLE if close_languages(reply_lang.code, customer_lang.code) else PLAUSIBLE
    message = (
        f"The reply looks {_name(reply_lang.code)} ({reply_lang.confidence:.0%}) but the customer "
        f"wrote in {_name(customer_lang.code)}."
    )
    # Both ways: the reply is implausible in the customer's language, and the customer's
    # message is implausible in the reply's language (a short customer text is weak evidence).
    customer_likely = plausibility(customer_lang, reply_lang.code)
    if (
        prose_words >= MISMATCH_MIN_WORDS
        and customer_words >= MISMATCH_MIN_WORDS
        and reply_lang.confidence >= MISMATCH_MIN_CONFIDENCE
        and customer_lang.confidence >= MISMATCH_MIN_CUSTOMER_CONFIDENCE
        and likely < needed
        and customer_likely < needed
    ):
        yield Finding(
            "language/mismatch",
            "error",
            span.start,
            span.end,
            message + f" Answer in {_name(customer_lang.code)}.",
        )
    elif likely < 0.5:
        yield Finding(
            "language/uncertain",
            "info",
            span.start,
            span.end,
            message + " The text is too short or too close to tell for sure; check it.",
        )


@register(codes={"language/mixed": "warning"})
def mixed(ctx: Context) -> Iterator[Finding]:
    """A sentence or clause in another language inside the reply (an untranslated template fragment).

    Flags ``language/mixed`` (warning) with the fragment's span, e.g. "Please do not reply to
    this email." left in English inside a Swedish reply, or the English clause of "Vi har
    skickat en ny kod, please check your spam folder if you cannot find it." Short sentences,
    names and near-relatives (a Danish-looking sentence in a Norwegian reply) need much
    stronger evidence; a clause is never reported between near-relatives, and Bokmål in a
    Nynorsk reply (or the reverse) only as a whole paragraph. Translate the fragment or remove it.
    """
    reply_lang = ctx.reply_language
    if not reply_lang.is_known:
        return
    for index, sentence in enumerate(ctx.parts.sentences):
        guess = ctx.sentence_language(index)
        text = sentence.text(ctx.parts.masked)
        if (
            _foreign(guess, reply_lang.code, len(words(text)))
            and not _without_diacritics(ctx, text)
            and not _foreign_only_by_names(ctx, text, reply_lang.code)
        ):
            yield from _foreign_part(ctx, sentence, guess, reply_lang.code)
        elif ctx.engines.detector is not None:
            yield from _foreign_clauses(ctx, sentence, reply_lang.code)
    if ctx.engines.detector is not None:
        yield from _other_standard_paragraphs(ctx, reply_lang.code)


def _other_standard_paragraphs(ctx: Context, reply_lang: str) -> Iterator[Finding]:
    """Whole paragraphs in the other written standard of the reply's language (a Bokmål
    paragraph in a Nynorsk reply), when another paragraph is surely in the reply's own."""
    others = other_standards(reply_lang)
    if not others:
        return  # only languages with two written standards pay for a detection per paragraph
    guesses = []
    for paragraph in ctx.parts.paragraphs:
        text = paragraph.text(ctx.parts.masked)
        sentences = sum(1 for s in ctx.parts.sentences if paragraph.start <= s.start < paragraph.end)
        if len(words(text)) < STANDARD_PARAGRAPH_MIN_WORDS or sentences < STANDARD_PARAGRAPH_MIN_SENTENCES:
            guesses.append(None)
            continue
        guesses.append(ctx.engines.detector.detect(for_detection(text), expected=reply_lang))
    sure = [g for g in guesses if g is not None and g.confidence >= STANDARD_MIN_CONFIDENCE]
    if not any(g.code == reply_lang for g in sure):
        return
    for paragraph, guess in zip(ctx.parts.paragraphs, guesses):
        if guess in sure and guess.code in others:
            yield Finding(
                "language/mixed",
                "warning",
                paragraph.start,
                paragraph.end,
                f"This paragraph is in {_name(guess.code)}, the rest of the reply in {_name(reply_lang)}: "
                "write the whole reply in one written standard.",
            )


def _foreign(guess: LanguageGuess | None, reply_lang: str, word_count: int) -> bool:
    """Whether a sentence with this guess is a foreign fragment in a ``reply_lang`` reply."""
    if guess is None or not guess.is_known or same_language(guess.code, reply_lang) or word_count < FRAGMENT_MIN_WORDS:
        return False
    limit = CLOSE_FRAGMENT_MAX_REPLY_LANGUAGE if close_languages(guess.code, reply_lang) else FRAGMENT_MAX_REPLY_LANGUAGE
    needed = FRAGMENT_MIN_FOREIGN
    if word_count < SHORT_FRAGMENT_WORDS:
        limit, needed = min(limit, SHORT_FRAGMENT_MAX_REPLY_LANGUAGE), SHORT_FRAGMENT_MIN_FOREIGN
    return plausibility(guess, reply_lang) <= limit and family_confidence(guess, reply_lang) >= needed


def _foreign_only_by_names(ctx: Context, text: str, reply_lang: str) -> bool:
    """True when, without its runs of capitalised words, the sentence is no longer foreign."""
    stripped = _NAME_RUN.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    if stripped == text or ctx.engines.detector is None:
        return False
    rest = for_detection(stripped)
    if len(words(rest)) < FRAGMENT_MIN_WORDS - 1:
        return True  # little is left but names
    guess = ctx.engines.detector.detect(rest, prior=reply_lang, expected=reply_lang)
    return not _foreign(guess, reply_lang, FRAGMENT_MIN_WORDS + SHORT_FRAGMENT_WORDS)


def _without_diacritics(ctx: Context, text: str) -> bool:
    """True when ``text`` is the reply's own language typed without its diacritics."""
    speller = ctx.speller()
    diacritics = (ctx.data("spelling") or {}).get("diacritics")
    if speller is None or not diacritics or any(not ch.isascii() for ch in text if ch.isalpha()):
        return False
    restored = 0
    for word in words(text):
        if not speller.known(word) and restore_diacritics(word, speller.known, diacritics):
            restored += 1
            if restored >= STRIPPED_WORDS:
                return True
    return False


def _clauses(ctx: Context, sentence: Span) -> list[tuple[int, int]]:
    """The sentence's stretches between , ; : dashes and brackets, edges trimmed."""
    masked = ctx.parts.masked
    cuts = list(_CLAUSE_CUT.finditer(masked, sentence.start, sentence.end))
    if not cuts:
        return []
    bounds = [(sentence.start, cuts[0].start())] + [(a.end(), b.start()) for a, b in zip(cuts, cuts[1:])] + [(cuts[-1].end(), sentence.end)]
    trimmed = []
    for begin, end in bounds:
        while begin < end and masked[begin] in _EDGE:
            begin += 1
        while end > begin and masked[end - 1] in _EDGE:
            end -= 1
        if begin < end:
            trimmed.append((begin, end))
    return trimmed


def _clause_guesses(ctx: Context, sentence: Span, reply_lang: str) -> list[tuple[int, int, LanguageGuess]]:
    return [
        (begin, end, ctx.engines.detector.detect(for_detection(ctx.parts.masked[begin:end]), prior=reply_lang, expected=reply_lang))
        for begin, end in _clauses(ctx, sentence)
        if len(words(ctx.parts.masked[begin:end])) >= CLAUSE_MIN_WORDS
    ]


def _far_clause(ctx: Context, begin: int, end: int, guess: LanguageGuess, reply_lang: str) -> bool:
    return (
        guess.is_known
        and not close_languages(guess.code, reply_lang)
        and plausibility(guess, reply_lang) <= CLAUSE_MAX_REPLY_LANGUAGE
        and family_confidence(guess, reply_lang) >= CLAUSE_MIN_FOREIGN
        and not _without_diacritics(ctx, ctx.parts.masked[begin:end])
    )


def _foreign_part(ctx: Context, sentence: Span, guess: LanguageGuess, reply_lang: str) -> Iterator[Finding]:
    """A foreign sentence, or only its foreign clauses when another clause is in the reply's
    language ("Vi har skickat en ny kod, please check your spam folder")."""
    if ctx.engines.detector is not None:
        clauses = _clause_guesses(ctx, sentence, reply_lang)
        own = any(plausibility(g, reply_lang) >= OWN_CLAUSE for _, _, g in clauses)
        foreign = [  # the sentence is foreign already: a clause needs only a sentence's evidence
            (b, e, g) for b, e, g in clauses if _foreign(g, reply_lang, len(words(ctx.parts.masked[b:e])))
        ]
        if own and foreign:
            for begin, end, clause_guess in foreign:
                yield _fragment(begin, end, clause_guess, reply_lang, "clause")
            return
    yield _fragment(sentence.start, sentence.end, guess, reply_lang, "sentence")


def _foreign_clauses(ctx: Context, sentence: Span, reply_lang: str) -> Iterator[Finding]:
    """Clauses of a sentence that are, with strong evidence, in a language far from the reply's."""
    for begin, end, guess in _clause_guesses(ctx, sentence, reply_lang):
        if _far_clause(ctx, begin, end, guess, reply_lang):
            yield _fragment(begin, end, guess, reply_lang, "clause")


def _fragment(start: int, end: int, guess: LanguageGuess, reply_lang: str, what: str) -> Finding:
    return Finding(
        "language/mixed",
        "warning",
        start,
        end,
        f"This {what} is in {_name(guess.code)}, not {_name(reply_lang)} like the rest of the reply: "
        "translate it or remove it.",
    )


@register(codes={"language/uncertain": "info"})
def low_confidence(ctx: Context) -> Iterator[Finding]:
    """The reply's language could not be identified with confidence (``info``).

    Very short replies, replies made mostly of names, numbers and links, or text in a language
    replycheck does not know. Nothing is wrong necessarily; the language checks are weaker here.
    """
    guess = ctx.reply_language
    if ctx.customer_language is not None and ctx.customer_language.is_known:
        return  # the mismatch check reports uncertainty relative to the customer's language
    if not guess.is_known or guess.confidence < LOW_CONFIDENCE:
        span = _whole_reply_span(ctx)
        label = _name(guess.code) if guess.is_known else "unknown"
        yield Finding(
            "language/uncertain",
            "info",
            span.start,
            span.end,
            f"Could not identify the reply's language with confidence (best guess: {label}, "
            f"{guess.confidence:.0%}).",
        )
