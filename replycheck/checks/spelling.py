"""Spelling: misspelled words and words written without their diacritics.

LanguageTool's spell checker covers the languages in ``data/<lang>/languagetool.yaml``;
a Hunspell dictionary (``data/<lang>/spelling.yaml``) covers Norwegian and the other
languages LanguageTool lacks. Never flagged: the customer's and the agent's names (from
greeting and signature), words of the language's greetings and sign-offs, glossary terms,
words the customer wrote themselves with a capital, URLs, e-mail addresses, numbers, order
ids, placeholders, quoted earlier messages, ALL-CAPS words, mojibake and HTML entities
(hygiene reports those), and whole sentences in another language (language reports those).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from replycheck import segment
from replycheck.languages import same_language
from replycheck.model import Finding
from replycheck.registry import register

# Shapes, not language knowledge: mis-decoded UTF-8 ("Ã¤") and HTML entities ("&ouml;").
_DAMAGED = re.compile(r"[ÃÂÅÄÆÐØ][\u0080-\u00bf]|&#?\w+;?|\ufffd|â€|\w\.\w|@")
_MAX_RESTORE_COMBINATIONS = 256


@dataclass(frozen=True, slots=True)
class Candidate:
    """A word some speller does not know, before replycheck's filters."""

    start: int
    end: int
    suggestions: tuple[str, ...]
    message: str = ""


# ----------------------------------------------------------------------------------------
# Helpers shared with checks/grammar.py
# ----------------------------------------------------------------------------------------
def languagetool_matches(ctx):
    """LanguageTool's matches for the reply (one request shared by grammar and spelling)."""
    return ctx.languagetool.matches or ()


def damaged(text: str, start: int, end: int) -> bool:
    """True when the whitespace-delimited token around ``[start, end)`` is mojibake, an
    HTML entity, or a domain/address-like token ("zappos.com")."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return bool(_DAMAGED.search(text[start:end]))


def masked(ctx, start: int, end: int) -> bool:
    """True when ``[start, end)`` touches a URL, address, number, order id or placeholder."""
    text, blanked = ctx.reply, ctx.parts.masked
    return any(text[i] != blanked[i] for i in range(start, min(end, len(text))))


def in_span(span, start: int, end: int) -> bool:
    return span is not None and span.start <= start and end <= span.end


def in_formula(ctx, start: int, end: int) -> bool:
    """True inside the greeting, sign-off or signature (formulaic lines, names)."""
    parts = ctx.parts
    return in_span(parts.greeting, start, end) or in_span(parts.signoff, start, end) or in_span(parts.signature, start, end)


def sentence_of(ctx, offset: int):
    for sentence in ctx.parts.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def sentence_initial(ctx, start: int) -> bool:
    """True when the word at ``start`` opens a sentence, line or region."""
    sentence = sentence_of(ctx, start)
    if sentence is not None and not ctx.reply[sentence.start : start].strip(" \t\"'“”‘’«»(-–"):
        return True
    before = ctx.reply[:start].rstrip(" \t\"'“”‘’«»(")
    return not before or before[-1] in ".!?:\n\r"


def exempt_words(ctx) -> set[str]:
    """Lower-cased words never reported as misspelled in this reply."""
    words: set[str] = set()

    def add(text):
        if text:
            words.update(w.lower() for w in segment.words(text))

    for parts in (ctx.parts, ctx.customer_parts, ctx.source_parts):
        if parts is not None:
            add(parts.greeting_name)
            add(parts.signature_name)
    email = ctx.data("email") or {}
    for phrase in list(email.get("greetings", ())) + list(email.get("signoffs", ())):
        add(phrase)
    if ctx.glossary is not None and hasattr(ctx.glossary, "exempt_words"):
        try:
            words.update(w.lower() for w in ctx.glossary.exempt_words(ctx.lang))
        except Exception:  # noqa: BLE001  (a broken glossary must not silence spelling)
            pass
    # Names and product words the customer wrote with a capital are theirs to spell.
    for text in (ctx.customer, ctx.source):
        if text:
            words.update(w.lower() for w in segment.words(text) if w[:1].isupper())
    return words


def strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).replace("ø", "o").replace("Ø", "O").replace("æ", "a").replace("Æ", "A").replace("ß", "s")


def restore_diacritics(word: str, known, diacritics: dict) -> str | None:
    """The dictionary word ``word`` becomes when its stripped accents are put back, if any.

    ``known`` is a predicate (a speller's ``known``); ``diacritics`` maps a plain letter
    to the accented letters it may stand for (``data/<lang>/spelling.yaml``).
    """
    if not diacritics:
        return None
    options = []
    for ch in word:
        alts = diacritics.get(ch.lower())
        if alts:
            alts = [a.upper() if ch.isupper() else a for a in alts]
            options.append([ch, *alts])
        else:
            options.append([ch])
    count = 1
    for opt in options:
        count *= len(opt)
    if count <= 1 or count > _MAX_RESTORE_COMBINATIONS:
        return None
    variants = ["".join(p) for p in itertools.product(*options)]
    variants.sort(key=lambda v: sum(a != b for a, b in zip(v, word)))  # fewest changes first
    for variant in variants:
        if variant != word and known(variant):
            return variant
    return None


def _compound_of_known(word: str, known, links: tuple) -> bool:
    """True when ``word`` is two known words joined directly or by a linking letter."""
    low = word.lower()
    if len(low) < 9:
        return False
    for i in range(4, len(low) - 3):
        head, tail = low[:i], low[i:]
        if not known(tail):
            continue
        if known(head) or any(head.endswith(link) and len(head) > len(link) + 2 and known(head[: -len(link)]) for link in links if link):
            return True
    return False


def _spelling_variant(word: str, suggestions, variants) -> bool:
    """True when a suggestion is ``word`` in another standard spelling ("-ise" / "-ize")."""
    low = word.lower()
    wanted = {s.lower() for s in suggestions[:3]}
    return any(pattern.sub(replacement, low) in wanted for pattern, replacement in variants)


def _one_edit_from_common(word: str, suggestions, frequency, frequency_langs, known_frequency: float) -> bool:
    """True when a suggestion is one keystroke away and a common word, but not ``word``'s stem.

    "återkomer" looks like "återkom" + "er", yet "återkommer" is one letter away and common:
    a typo. "abonnemangets" is "abonnemanget" + "s": an inflection, not a typo.
    """
    low = word.lower()
    return any(
        OSA.distance(low, s.lower()) == 1
        and not low.startswith(s.lower())
        and frequency(s.lower(), frequency_langs) >= known_frequency
        for s in suggestions[:3]
    )


def _inflection_of_known(word: str, known, suffixes) -> bool:
    low = word.lower()
    return any(
        low.endswith(suffix) and len(low) - len(suffix) >= 3 and known(low[: -len(suffix)])
        for suffix in suffixes
    )


# ----------------------------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------------------------
def _candidates(ctx, speller) -> list[Candidate]:
    if ctx.languagetool.covers:
        return [
            Candidate(m.start, m.end, m.replacements, m.message)
            for m in languagetool_matches(ctx)
            if m.is_spelling
        ]
    found = []
    text = ctx.parts.masked
    prose = [ctx.parts.greeting, *ctx.parts.paragraphs, ctx.parts.signoff]
    for region in prose:
        if region is None:
            continue
        for start, end, word in segment.word_spans(text[region.start : region.end]):
            start, end = start + region.start, end + region.start
            if not speller.known(word) and not (word[:1].isupper() and speller.known(word.lower())):
                found.append(Candidate(start, end, ()))
    return found


@register(codes={"spelling/misspelling": "warning", "spelling/missing-diacritics": "warning"}, needs=("known_language", "speller"), data=("spelling",))
def misspelling(ctx):
    """Misspelled words, and words written without their diacritics.

    Flags ``spelling/misspelling`` (a word no dictionary of the reply's language knows,
    with up to three corrections) and ``spelling/missing-diacritics`` (a word that is a
    known word once its accents are put back: Swedish "Vi har forsokt na dig pa telefon"
    should be "Vi har försökt nå dig på telefon"). Misspellings look careless and can
    change the meaning; stripped accents are the mark of a keyboard or system that lost
    them. Write the suggested word.

    Names from the greeting and signature, glossary terms, capitalised words the customer
    used, URLs, addresses, numbers, order ids, placeholders, quoted text, ALL-CAPS words,
    mojibake and whole sentences in another language are never reported here.
    """
    lang = ctx.lang
    data = ctx.data("spelling") or {}
    speller = ctx.speller() if data.get("hunspell") else None
    lt_covers = ctx.languagetool.covers
    diacritics = data.get("diacritics") or {}
    alphabet = data.get("alphabet") or ""
    suffixes = tuple(data.get("inflection_suffixes") or ())
    frequency_langs = tuple(data.get("frequency_lists") or (lang, "en"))
    known_frequency = float(data.get("known_frequency", 2.5))
    exempt = exempt_words(ctx)
    text = ctx.reply

    capitalised_nouns = bool(data.get("capitalised_nouns"))
    variants = tuple((re.compile(str(p)), str(r)) for p, r in data.get("variants") or ())
    compounds = tuple(data.get("compound_links") or ())
    by_sentence: dict[object, list[Finding]] = {}
    unknown: dict[object, int] = {}  # words no dictionary knows (restorable ones excepted)
    findings: list[Finding] = []
    seen: set[int] = set()
    for cand in _candidates(ctx, speller):
        start, end = cand.start, cand.end
        word = text[start:end]
        if (
            end <= start
            or not any(ch.isalpha() for ch in word)
            or word.lower() in exempt
            or masked(ctx, start, end)
            or damaged(text, start, end)
            or any(ch.isdigit() for ch in word)
            or (len(word) > 1 and word.isupper())
            or ctx.parts.in_quote(start)
        ):
            continue
        sentence = sentence_of(ctx, start)
        seen.add(start)
        restored = next((r for r in cand.suggestions if r != word and strip_accents(r) == word), None)
        if restored is None and speller is not None:
            restored = restore_diacritics(word, speller.known, diacritics)
        if restored is not None:
            by_sentence.setdefault(sentence, []).append(
                Finding(
                    "spelling/missing-diacritics", "warning", start, end,
                    f"“{word}” is missing its accents: write “{restored}”.", (restored,),
                )
            )
            continue
        unknown[sentence] = unknown.get(sentence, 0) + 1
        if in_formula(ctx, start, end):
            continue
        if word[:1].isupper() and not capitalised_nouns and not sentence_initial(ctx, start):
            continue  # most likely a name, a brand or a product
        if _spelling_variant(word, cand.suggestions, variants):
            continue  # "prioritised": right in British English
        typo = _one_edit_from_common(word, cand.suggestions, ctx.engines.frequency, frequency_langs, known_frequency)
        if not typo and speller is not None and _inflection_of_known(word, speller.known, suffixes):
            continue
        if not typo and compounds and speller is not None and _compound_of_known(word, speller.known, compounds):
            continue  # a new compound of known words ("returfraktsedeln")
        if ctx.engines.frequency(word.lower(), frequency_langs) >= known_frequency:
            continue  # a word people really write (inflection, loanword) the dictionary lacks
        suggestions = tuple(cand.suggestions[:3])
        if not suggestions and speller is not None and not lt_covers:
            suggestions = tuple(speller.candidates(word, alphabet))
            if not suggestions:
                continue  # unknown to the dictionary but nothing close: probably a name or a loan
        finding = Finding(
            "spelling/misspelling", "warning", start, end,
            f"“{word}” looks misspelled" + (f"; did you mean “{suggestions[0]}”?" if suggestions else "."),
            suggestions,
        )
        by_sentence.setdefault(sentence, []).append(finding)

    # Very short words that are (rare) words as written but far more common with accents:
    # "pa" -> "på". Longer ones ("vare"/"være") are often two real words; spellers handle them.
    margin = float(data.get("restore_margin", 2.0))
    reference = frequency_langs[:1]
    for start, end, word, sentence in _prose_words(ctx):
        if start in seen or not 2 <= len(word) <= 3 or word.lower() in exempt or (word.isupper() and len(word) > 1):
            continue
        if damaged(ctx.reply, start, end) or in_formula(ctx, start, end) and word[:1].isupper():
            continue
        if word[:1].isupper() and not sentence_initial(ctx, start):
            continue
        plain = ctx.engines.frequency(word.lower(), reference)
        if plain >= 5.0:
            continue
        best = restore_diacritics(
            word,
            lambda v: ctx.engines.frequency(v.lower(), reference) - plain >= margin
            and (speller is None or speller.known(v)),
            diacritics,
        )
        if best is not None:
            by_sentence.setdefault(sentence, []).append(
                Finding(
                    "spelling/missing-diacritics", "warning", start, end,
                    f"“{word}” is missing its accents: write “{best}”.", (best,),
                )
            )

    for sentence, flagged in by_sentence.items():
        if sentence is not None and _foreign(ctx, sentence, unknown.get(sentence, 0)):
            continue  # a sentence in another language: language/... reports it
        findings.extend(flagged)
    return findings


def _prose_words(ctx):
    """``(start, end, word, sentence)`` for the words of the reply's own sentences."""
    text = ctx.parts.masked
    for sentence in ctx.parts.sentences:
        for start, end, word in segment.word_spans(text[sentence.start : sentence.end]):
            yield sentence.start + start, sentence.start + end, word, sentence


SURE_SENTENCE_LANGUAGE = 0.5  # a sentence's own language guess this sure settles "foreign"


def _foreign(ctx, sentence, flagged: int) -> bool:
    """True when a sentence is in another language: its own language guess says so, or (too
    short to tell) so many of its words are unknown that it must be."""
    index = next((i for i, s in enumerate(ctx.parts.sentences) if s == sentence), None)
    guess = ctx.sentence_language(index) if index is not None else None
    if guess is not None and guess.is_known and guess.confidence >= SURE_SENTENCE_LANGUAGE:
        return not same_language(guess.code, ctx.lang)
    words = segment.words(ctx.parts.masked[sentence.start : sentence.end])
    return flagged >= 2 and flagged >= 0.4 * max(1, len(words))


def foreign_sentences(ctx, matches) -> list:
    """Sentences that look like another language (many LanguageTool spelling matches)."""
    counts: dict = {}
    for match in matches:
        if match.is_spelling:
            sentence = sentence_of(ctx, match.start)
            if sentence is not None:
                word = ctx.reply[match.start : match.end]
                if any(r != word and strip_accents(r) == word for r in match.replacements):
                    continue  # a word of this language with its accents stripped
                counts[sentence] = counts.get(sentence, 0) + 1
    return [s for s, n in counts.items() if _foreign(ctx, s, n)]


@register(codes={"spelling/unsupported-language": "info"}, needs=("known_language",))
def unsupported_language(ctx):
    """Says once that the reply's language has no spelling checker.

    Flags ``spelling/unsupported-language`` (info) when the reply is in a language that
    neither LanguageTool nor a Hunspell dictionary covers (for example Finnish), so that
    "no spelling findings" is not mistaken for "no spelling mistakes". Nothing to fix;
    proofread by hand.
    """
    data = ctx.data("spelling") or {}
    if ctx.languagetool.covers or (data.get("hunspell") and ctx.speller() is not None):
        return
    yield Finding(
        "spelling/unsupported-language", "info", 0, 0,
        f"Spelling was not checked: there is no spelling checker for language “{ctx.lang}”.",
    )
