"""Spelling: misspelled words and words written without their diacritics.

LanguageTool's spell checker covers the languages in ``data/<lang>/languagetool.yaml``;
the speller ``data/<lang>/spelling.yaml`` chooses covers the languages LanguageTool lacks:
Voikko for Finnish (``engine: voikko``), a Hunspell dictionary for Norwegian, Icelandic and
Estonian. Stripped diacritics are put back from that speller's dictionary with the
language's ``diacritics`` map, whichever engine found the word; typo corrections are
ranked by how likely the slip is (``typo_cost``) and how common the word.

Never flagged: the customer's and the agent's names (from greeting and signature), words
of the language's greetings and sign-offs, glossary terms, words the customer wrote
themselves with a capital, URLs, e-mail addresses, numbers, order ids, placeholders, quoted
earlier messages, ALL-CAPS words, mojibake and HTML entities (hygiene reports those), and
whole sentences in another language (language reports those).
"""

from __future__ import annotations

import functools
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
_MAX_RESTORE_CHANGES = 5  # accented letters put back in one word at most
_MAX_RESTORE_LOOKUPS = 256  # variants a speller looks up per unknown word at most (~40 ms)
_MAX_FREQUENT_LOOKUPS = 12  # variants looked up per known word (frequencies first: ~0.1 ms)
_COMMON_AS_WRITTEN = 5.0  # Zipf: a word this common as written is not a stripped one
_LONG_WORD_EXTRA_MARGIN = 0.5  # Zipf, on top of restore_margin, for known words of 4+ letters
# Letters Unicode does not decompose into a base letter and an accent, as written without it.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


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
    """``word`` as a keyboard without accents writes it: "försökt" -> "forsokt", "mało" -> "malo"."""
    decomposed = unicodedata.normalize("NFD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).replace("ø", "o").replace("Ø", "O").replace("æ", "a").replace("Æ", "A").replace("ß", "s").translate(_UNDECOMPOSABLE)


def restore_diacritics(word: str, known, diacritics: dict, rank=None, *, limit: int = _MAX_RESTORE_LOOKUPS) -> str | None:
    """The dictionary word ``word`` becomes when its stripped accents are put back, if any.

    ``known`` is a predicate (a speller's ``known``); ``diacritics`` maps a plain letter
    to the accented letters it may stand for (``data/<lang>/spelling.yaml``). Without
    ``rank``, the known variant with the fewest letters changed wins (the map's order breaks
    ties). With ``rank`` (a word frequency), every variant is looked at and the highest
    ranked known one wins, then the fewest changes: a stripped word lost *all* its accents,
    so "umbertostmine" is "ümbertõstmine" (two changes) rather than a rarer one-change
    word. At most ``limit`` variants are looked up (the fewest changes first), so a long word
    in a language with many accents costs milliseconds, not seconds.
    """
    if not diacritics:
        return None
    slots = []  # (position, accented letters it may have had)
    for i, ch in enumerate(word):
        alts = diacritics.get(ch.lower())
        if alts:
            slots.append((i, [a.upper() if ch.isupper() else a for a in alts]))
    if not slots:
        return None
    lookups = 0
    found: list[tuple[int, str]] = []  # (changes, variant) in the order tried
    for changes in range(1, min(len(slots), _MAX_RESTORE_CHANGES) + 1):
        for chosen in itertools.combinations(slots, changes):
            for letters in itertools.product(*(alts for _, alts in chosen)):
                lookups += 1
                if lookups > limit:
                    return _best(found, rank)
                chars = list(word)
                for (i, _), letter in zip(chosen, letters):
                    chars[i] = letter
                variant = "".join(chars)
                if known(variant):
                    if rank is None:
                        return variant
                    found.append((changes, variant))
    return _best(found, rank)


def restore_from_index(word: str, index, accept, rank) -> str | None:
    """What ``word`` is with its accents put back, from ``index`` (plain spelling -> frequent
    accented words, see ``hunspell.accented_words``): the highest ranked variant ``accept``
    takes, then the one with the fewest letters changed. ``None`` when none is accepted."""
    if not index:
        return None
    found = []
    for candidate in index.get(word.lower(), ()):
        if len(candidate) != len(word):
            continue
        variant = "".join(c.upper() if w.isupper() else c for w, c in zip(word, candidate))
        if variant != word and accept(variant):
            found.append((sum(w != c for w, c in zip(word, variant)), variant))
    return _best(found, rank)


def _best(found: list[tuple[int, str]], rank) -> str | None:
    if not found:
        return None
    if len(found) == 1:
        return found[0][1]
    order = {variant: index for index, (_, variant) in enumerate(found)}
    return min(found, key=lambda item: (-rank(item[1]), item[0], order[item[1]]))[1]


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


# Keyboards the replies are typed on (QWERTY, QWERTZ, AZERTY, with the Nordic and German
# letters beside "p" and "l"): a letter struck for its neighbour is a typo; one struck for a
# letter across the keyboard rarely is. Rows as typed, each offset by a quarter key.
_KEYBOARDS = (
    ("qwertyuiopå", "asdfghjklöä", "zxcvbnm"),
    ("qwertyuiopå", "asdfghjkløæ", "zxcvbnm"),
    ("qwertzuiopü", "asdfghjklöä", "yxcvbnm"),
    ("azertyuiop", "qsdfghjklmù", "wxcvbn"),
)
_SUBSTITUTION_NEAR, _SUBSTITUTION_FAR, _ACCENT_ONLY = 1.0, 2.0, 0.4
_RANK_FREQUENCY_WEIGHT = 0.5  # a suggestion 2 Zipf more common outweighs one extra plain edit
_RANK_ORDER_WEIGHT = 0.2  # the speller's own order, as a tie-breaker
COMMON_MISSPELLING_MARGIN = 1.0  # Zipf: "tyvär" (3.3) is a frequent typo of "tyvärr" (5.4)
_COMMON_MISSPELLING_MIN_LETTERS = 5


@functools.lru_cache(maxsize=1)
def _neighbours() -> frozenset:
    pairs = set()
    for rows in _KEYBOARDS:
        keys = [(ch, r, c + 0.25 * r) for r, row in enumerate(rows) for c, ch in enumerate(row)]
        for a, ra, xa in keys:
            for b, rb, xb in keys:
                if a != b and abs(ra - rb) <= 1 and abs(xa - xb) <= 1.0:
                    pairs.add((a, b))
    return frozenset(pairs)


def _substitution_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if strip_accents(a) == strip_accents(b):
        return _ACCENT_ONLY
    return _SUBSTITUTION_NEAR if (a, b) in _neighbours() else _SUBSTITUTION_FAR


def typo_cost(word: str, suggestion: str) -> float:
    """How far a typist's slip is from ``suggestion`` to ``word``: a letter left out, added,
    swapped with its neighbour or struck for the next key costs 1, a letter struck for one
    across the keyboard 2, an accent lost 0.4 (a weighted optimal-string-alignment distance)."""
    a, b = suggestion.lower(), word.lower()
    if abs(len(a) - len(b)) > 3 or max(len(a), len(b)) > 40:
        return float(abs(len(a) - len(b)) + 3)
    rows = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = float(i)
    for j in range(len(b) + 1):
        rows[0][j] = float(j)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            best = min(
                rows[i - 1][j] + 1.0,
                rows[i][j - 1] + 1.0,
                rows[i - 1][j - 1] + _substitution_cost(a[i - 1], b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and a[i - 1] != a[i - 2]:
                best = min(best, rows[i - 2][j - 2] + 1.0)
            rows[i][j] = best
    return rows[len(a)][len(b)]


def rank_suggestions(word: str, suggestions, frequency, frequency_langs) -> tuple[str, ...]:
    """``suggestions`` best first: the likeliest slip (``typo_cost``) to the commonest word,
    the speller's own order breaking ties. "vertaging": "vertraging" (a letter left out)
    before "vertaling" (g for l, across the keyboard); "Tyvär": "Tyvärr" before "Tvär"."""
    suggestions = tuple(suggestions)
    if len(suggestions) < 2:
        return suggestions
    reference = tuple(frequency_langs[:1])

    def score(item):
        index, suggestion = item
        return (
            typo_cost(word, suggestion)
            - _RANK_FREQUENCY_WEIGHT * frequency(suggestion.lower(), reference)
            + _RANK_ORDER_WEIGHT * index
        )

    return tuple(s for _, s in sorted(enumerate(suggestions), key=score))


def _common_misspelling(word: str, suggestions, frequency, frequency_langs) -> bool:
    """True when ``word`` is a frequent slip for a far more frequent word one slip away
    ("tyvär" for "tyvärr", "rekomenderar" for "rekommenderar"), not a stem's inflection."""
    low = word.lower()
    if len(low) < _COMMON_MISSPELLING_MIN_LETTERS:
        return False  # "ein", "she": short words have frequent neighbours one slip away
    reference = tuple(frequency_langs[:1])
    own = frequency(low, reference)
    if any(frequency(low, (other,)) >= own for other in frequency_langs[1:] if other != reference[0]):
        return False  # as common in English ("limits", "certain"): a foreign word, not a slip
    return any(
        typo_cost(low, s) <= 1.0
        and " " not in s
        and not low.startswith(s.lower())
        and frequency(s.lower(), reference) >= own + COMMON_MISSPELLING_MARGIN
        for s in suggestions[:3]
    )


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
    should be "Vi har försökt nå dig på telefon"; Finnish "Kiitos viestistasi" should be
    "Kiitos viestistäsi"). The accents are put back from the dictionary of the language's
    speller (LanguageTool, Hunspell, or Voikko for Finnish) with the letters its
    ``diacritics`` map allows. Misspellings look careless and can change the meaning;
    stripped accents are the mark of a keyboard or system that lost them. Write the
    suggested word.

    Names from the greeting and signature, glossary terms, capitalised words the customer
    used, URLs, addresses, numbers, order ids, placeholders, quoted text, ALL-CAPS words,
    mojibake and whole sentences in another language are never reported here.
    """
    lang = ctx.lang
    data = ctx.data("spelling") or {}
    speller = ctx.speller()  # Hunspell or Voikko, as data/<lang>/spelling.yaml chooses
    lt_covers = ctx.languagetool.covers
    diacritics = data.get("diacritics") or {}
    alphabet = data.get("alphabet") or ""
    suffixes = tuple(data.get("inflection_suffixes") or ())
    frequency_langs = tuple(data.get("frequency_lists") or (lang, "en"))
    known_frequency = float(data.get("known_frequency", 2.5))
    exempt = exempt_words(ctx)
    text = ctx.reply
    reference = frequency_langs[:1]
    rank = lambda variant: ctx.engines.frequency(variant.lower(), reference)  # noqa: E731
    margin = float(data.get("restore_margin", 2.0))
    index = (ctx.engines.accented(reference[0], diacritics) or None) if ctx.engines.accented and diacritics else None

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
        accented = [r for r in cand.suggestions if r != word and strip_accents(r) == word]
        restored = max(accented, key=rank) if len(accented) > 1 else next(iter(accented), None)  # ties: the speller's order
        if restored is None and speller is not None:
            name_like = word[:1].isupper() and not capitalised_nouns and not sentence_initial(ctx, start)
            restored = restore_from_index(word, index, speller.known, rank)
            if restored is None and not (name_like and index is not None):  # a name only becomes a frequent word
                restored = restore_diacritics(word, speller.known, diacritics, rank)
            if restored is not None and name_like and rank(restored) - rank(word) < margin:
                restored = None  # a name ("Todorova"), unless the accented word is a common one ("Malmo")
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
        offered = rank_suggestions(word, cand.suggestions[:5], ctx.engines.frequency, frequency_langs)
        if not offered and speller is not None and not lt_covers:
            offered = rank_suggestions(word, speller.candidates(word, alphabet, 5), ctx.engines.frequency, frequency_langs)
            if not offered:
                continue  # unknown to the dictionary but nothing close: probably a name or a loan
        if ctx.engines.frequency(word.lower(), frequency_langs) >= known_frequency and not _common_misspelling(
            word, offered, ctx.engines.frequency, frequency_langs
        ):
            continue  # a word people really write (inflection, loanword) the dictionary lacks
        suggestions = offered[:3]
        finding = Finding(
            "spelling/misspelling", "warning", start, end,
            f"“{word}” looks misspelled" + (f"; did you mean “{suggestions[0]}”?" if suggestions else "."),
            suggestions,
        )
        by_sentence.setdefault(sentence, []).append(finding)

    # Words no candidate above, that are far more common with accents than as written:
    # very short ones the dictionary knows as rare words ("pa" -> "på"); longer known ones by
    # a wider margin (Swedish "ratt" -> "rätt", but not "vare"/"være": both are common); and, where
    # LanguageTool is the speller, words it accepts (a compound of "Ruck" and "Sendung") that
    # the language's own dictionary knows only with accents ("Rücksendung").
    for start, end, word, sentence in _prose_words(ctx):
        if start in seen or len(word) < 2 or word.lower() in exempt or (word.isupper() and len(word) > 1):
            continue
        if not any(ch.lower() in diacritics for ch in word) or any(ch.isdigit() for ch in word):
            continue
        if index is not None and word.lower() not in index:
            continue  # no frequent word is this one with accents
        if damaged(ctx.reply, start, end) or in_formula(ctx, start, end) and word[:1].isupper():
            continue
        if word[:1].isupper() and not sentence_initial(ctx, start) and (len(word) <= 3 or not capitalised_nouns):
            continue
        plain = rank(word)
        if plain >= _COMMON_AS_WRITTEN:
            continue
        if len(word) <= 3:
            wanted = margin
        elif speller is None:
            continue
        elif speller.known(word) or (word[:1].isupper() and speller.known(word.lower())):
            wanted = margin + _LONG_WORD_EXTRA_MARGIN
        elif lt_covers:
            wanted = margin
        else:
            continue  # unknown to the speller: a candidate above already
        accept = lambda v: rank(v) - plain >= wanted and (speller is None or speller.known(v))  # noqa: E731
        if index is not None:  # every frequent accented word is in the index: nothing else can pass
            best = restore_from_index(word, index, accept, rank)
        else:
            best = restore_diacritics(word, accept, diacritics, rank, limit=_MAX_FREQUENT_LOOKUPS)
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
    neither LanguageTool nor a speller of ``data/<lang>/spelling.yaml`` covers on this
    machine (for example Finnish when Voikko is not installed: the message says so), so that
    "no spelling findings" is not mistaken for "no spelling mistakes". Nothing to fix in
    the reply; proofread by hand, or install what the message names.
    """
    if ctx.languagetool.covers or ctx.speller() is not None:
        return
    reason = getattr(ctx.engines.spellers, "reason", None)
    why = reason(ctx.lang) if callable(reason) else None
    yield Finding(
        "spelling/unsupported-language", "info", 0, 0,
        f"Spelling was not checked: there is no spelling checker for language “{ctx.lang}”"
        + (f" ({why})." if why else "."),
    )
