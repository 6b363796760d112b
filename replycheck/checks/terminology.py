"""Terminology: the team's glossary (``glossaries/*.yaml``) applied to the reply — forbidden
words, words with a preferred replacement, protected names and the form of address.

Terms match their inflected and compound forms: a forbidden ``kreditering`` also catches
"krediteringen" (lemma) and "krediteringsbeloppet" (compound starting with the term).
"""

from __future__ import annotations

import re
from functools import lru_cache

from replycheck import patterns
from replycheck.glossary import ProtectedName, address_forms
from replycheck.model import Finding
from replycheck.registry import register
from replycheck.tokens import Token, fold, fold_word, tokens

MIN_COMPOUND_PREFIX = 5  # a term this long also matches compounds that start with it
MIN_COMPOUND_PART = 6  # a term this long also matches compounds that contain it
_BREAK = re.compile(r"[.!?;:\r\n]")


def _lang(ctx) -> str | None:
    if ctx.lang != "unknown":
        return ctx.lang
    if ctx.customer_language is not None and ctx.customer_language.is_known:
        return ctx.customer_language.code
    return None


@lru_cache(maxsize=4096)
def _term_words(text: str, lang: str | None, lemmas) -> tuple[tuple[str, str], ...]:
    """``(folded word, folded lemma)`` for each word of a glossary term."""
    return tuple((t.folded, fold_word(t.lemma)) for t in lemmas.tokens(text, None, lang or "", joined=True))


def _word_matches(token: Token, word: str, word_lemma: str, compound: bool) -> bool:
    if {token.folded, fold_word(token.lemma)} & {word, word_lemma}:
        return True
    if not compound:
        return False
    if len(word) >= MIN_COMPOUND_PREFIX and token.folded.startswith(word):
        return True
    return len(word) >= MIN_COMPOUND_PART and word in token.folded[1:]


def _find_term(text: str, toks: list[Token], term: str, lang: str | None, lemmas) -> list[tuple[int, int]]:
    """Spans of ``term`` (one or more words) in the tokens; the last word may be a compound."""
    words = _term_words(term, lang, lemmas)
    if not words:
        return []
    spans = []
    for i in range(len(toks) - len(words) + 1):
        ok = True
        for k, (word, word_lemma) in enumerate(words):
            tok = toks[i + k]
            if k and _BREAK.search(text[toks[i + k - 1].end : tok.start]):
                ok = False
                break
            # The last word may be inflected or start a compound ("krediteringsbeloppet").
            compound = k == len(words) - 1
            if not _word_matches(tok, word, word_lemma, compound):
                ok = False
                break
        if ok:
            spans.append((toks[i].start, toks[i + len(words) - 1].end))
    return spans


def _same_case(suggestion: str, written: str) -> str:
    """Capitalise a suggestion that replaces a capitalised word ("Krediteringen" -> "Återbetalning")."""
    if written[:1].isupper() and suggestion[:1].islower() and not written.isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def _reply_tokens(ctx, lang: str | None) -> list[Token]:
    """The reply's words with their lemmas, cut like glossary terms ("e-post" is one word)."""
    return ctx.engines.lemmas.tokens(ctx.parts.masked, None, lang or "", joined=True)


@register(codes={"terminology/forbidden": "warning"}, needs=("glossary",))
def forbidden(ctx):
    """A word the team's glossary forbids.

    Flags every inflected or compound form of a glossary's ``forbidden`` term (forbidden
    "kreditering" also flags "krediteringen" and "krediteringsbeloppet"), with the
    glossary's suggestion when it gives one.

    Example (glossary forbids "kundärende"): "Ditt kundärende är registrerat." — use the
    word the glossary suggests, e.g. "Ditt ärende är registrerat."
    """
    lang = _lang(ctx)
    terms = ctx.glossary.forbidden_terms(lang)
    if not terms:
        return
    toks = _reply_tokens(ctx, lang)
    for term in terms:
        for start, end in _find_term(ctx.reply, toks, term.text, lang, ctx.engines.lemmas):
            note = f" ({term.note})" if term.note else ""
            yield Finding(
                "terminology/forbidden",
                term.severity,
                start,
                end,
                f"The glossary forbids {term.text!r}{note}.",
                tuple(_same_case(s, ctx.reply[start:end]) for s in term.suggestions),
            )


@register(codes={"terminology/preferred": "warning"}, needs=("glossary",))
def preferred(ctx):
    """A word the glossary replaces with a preferred term.

    Flags every inflected or compound form of a word listed under ``instead_of`` and
    suggests the team's term (glossary: use "återbetalning" instead of "kreditering").

    Example: "Krediteringen syns på kontot inom tre dagar." — write "Återbetalningen syns
    på kontot inom tre dagar."
    """
    lang = _lang(ctx)
    terms = ctx.glossary.preferred_terms(lang)
    if not terms:
        return
    toks = _reply_tokens(ctx, lang)
    for term in terms:
        preferred_spans = set(_find_term(ctx.reply, toks, term.preferred or "", lang, ctx.engines.lemmas)) if term.preferred else set()
        for start, end in _find_term(ctx.reply, toks, term.text, lang, ctx.engines.lemmas):
            if any(s <= start and end <= e for s, e in preferred_spans):
                continue  # the preferred term itself contains the replaced word
            note = f" ({term.note})" if term.note else ""
            yield Finding(
                "terminology/preferred",
                term.severity,
                start,
                end,
                f"The glossary prefers {term.preferred!r} to {term.text!r}{note}.",
                tuple(_same_case(s, ctx.reply[start:end]) for s in term.suggestions),
            )


@lru_cache(maxsize=4096)
def _loose_pattern(name: str) -> re.Pattern:
    """The name in any case, also with a hyphen inserted or its spaces/hyphens changed."""
    pieces = []
    for i, ch in enumerate(name):
        if ch.isspace() or ch in "-_":
            if pieces and pieces[-1] != r"[\s\-_]*":
                pieces.append(r"[\s\-_]*")
            continue
        if pieces and pieces[-1] != r"[\s\-_]*":
            pieces.append("-?")
        pieces.append(re.escape(ch))
    body = "".join(pieces)
    camel = any(c.isupper() for c in name[1:]) or any(c.isdigit() for c in name)
    # A longer camel-case name (iPhone, PayPal) is no ordinary word: allow a short inflection
    # ("iPhonen", "PayPals"); other names must end at a word boundary ("Telia:s" is fine).
    tail = r"(?=[^\W\d_]{0,3}(?![\w]))" if camel and len(name) >= 5 else r"(?![\w])"
    return re.compile(r"(?<![\w])(" + body + ")" + tail, re.I)


def _is_ordinary_word(text: str, lang: str | None, lemmas) -> bool:
    """True when ``text`` in lower case is a common word of ``lang`` ("tre", "apple")."""
    if not lang or " " in text:
        return False
    return lemmas.is_known(text.lower(), lang)


_LINKS = (patterns.URL, patterns.EMAIL)


def _protected_hits(ctx, name: ProtectedName, lang: str | None):
    reply = ctx.reply
    links = [m.span() for link in _LINKS for m in link.finditer(reply)]
    for match in _loose_pattern(name.name).finditer(reply):
        written = match.group(1)
        if written == name.name:
            continue
        if written.islower() and _is_ordinary_word(written, lang, ctx.engines.lemmas):
            continue  # "tre" for the brand "Tre" is the number three
        if any(s <= match.start(1) < e for s, e in links):
            continue  # inside a URL or e-mail address ("www.iphone.com")
        yield match.start(1), match.end(1), written
    for wrong in name.wrong:
        pattern = re.compile(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in wrong.split()) + r"(?![\w])", re.I)
        for match in pattern.finditer(reply):
            if match.group() != name.name:
                yield match.start(), match.end(), match.group()


@register(codes={"terminology/protected-name": "warning"}, needs=("glossary",))
def protected_name(ctx):
    """A protected name re-cased, respelled or translated.

    Brand and product names listed under ``protected`` must stay exactly as written:
    "Iphone", "iphone" or "I-Phone" for "iPhone", "Paypal" for "PayPal", or a known wrong
    form the glossary lists (a translated product name) is flagged.

    Example: "Din Iphone är på väg." — write "Din iPhone är på väg."
    """
    lang = _lang(ctx)
    seen: set[tuple[int, int]] = set()
    for name in ctx.glossary.protected_names(lang):
        for start, end, written in _protected_hits(ctx, name, lang):
            if (start, end) in seen:
                continue
            seen.add((start, end))
            note = f" ({name.note})" if name.note else ""
            yield Finding(
                "terminology/protected-name",
                name.severity,
                start,
                end,
                f"Write the name exactly as {name.name!r}, not {written!r}{note}.",
                (name.name,),
            )


@register(codes={"terminology/address-form": "warning"}, needs=("glossary",))
def address_form(ctx):
    """The wrong form of address for the team's glossary.

    When a glossary sets the expected form of address for the reply's language
    (``address: du``, ``address: Sie``), every pronoun or possessive of another form is
    flagged: "ni", "er" in a Swedish reply that should say "du", "du", "dein" in a German
    reply that should say "Sie".

    Example (glossary: sv address du): "Vi skickar er en ny faktura." — write "Vi skickar
    dig en ny faktura."
    """
    lang = _lang(ctx)
    expected = ctx.glossary.address_form(lang) if lang else None
    if not expected:
        return
    forms = address_forms(lang)
    expected_words = {fold(w) for w in forms.get(expected, {}).get("words", [])}
    sentence_starts = {s.start for s in ctx.parts.sentences}
    if ctx.parts.greeting is not None:
        sentence_starts.add(ctx.parts.greeting.start)
    severity = ctx.glossary.address_severity(lang)
    masked = ctx.parts.masked
    found = []
    for form, spec in forms.items():
        if form == expected:
            continue
        spec = spec or {}
        case_sensitive = bool(spec.get("case_sensitive"))
        skip_initial = bool(spec.get("not_sentence_initial"))
        words = {str(w) for w in spec.get("words", [])}
        folded = {fold(w) for w in words} - expected_words if not case_sensitive else set()
        for tok in tokens(masked, joined=True):
            hit = tok.text in words if case_sensitive else tok.folded in folded
            if not hit:
                continue
            if skip_initial and _starts_sentence(masked, tok.start, sentence_starts):
                continue
            found.append((tok.start, tok.end, form))
    for start, end, form in sorted(found):
        yield Finding(
            "terminology/address-form",
            severity,
            start,
            end,
            f"The glossary asks for {expected!r} in {lang}; {ctx.reply[start:end]!r} is the {form!r} form of address.",
        )


def _starts_sentence(text: str, offset: int, starts: set[int]) -> bool:
    if offset in starts:
        return True
    before = text[:offset].rstrip(" \t\"'«“(")
    return not before or before[-1] in ".!?:\n\r"
