"""Checks of a translated reply against its source draft (``source=``).

Every number, amount, currency, date, time, URL, e-mail address, order id, placeholder and
proper name of the source must reach the reply, correctly localised; no part of the source
may be dropped; no sentence may be left untranslated.
"""

from __future__ import annotations

import re
from typing import Iterator

from replycheck import patterns
from replycheck.checks import _numbers, _prose
from replycheck.context import Context
from replycheck.model import Finding
from replycheck.registry import register
from replycheck.segment import EmailParts, Span
from replycheck.tokens import LETTERS, tokens

# Shapes, not language knowledge (data/common/patterns.yaml).
_URL, _EMAIL, _PLACEHOLDER, _ORDER_ID = (patterns.pattern(k) for k in ("url", "email", "placeholder", "order_id"))

LENGTH_SHORT = 0.45  # reply body shorter than this share of the source body: warning
LENGTH_LONG = 2.2  # longer than this multiple: warning
LENGTH_MIN_CHARS = 80  # source bodies shorter than this are not compared
OMISSION_MIN_MISSING = 2  # sentences fewer in the reply than in the source …
OMISSION_MAX_RATIO = 0.75  # … and a body shorter than this share of the source's
UNTRANSLATED_MIN_WORDS = 4


def _body(parts: EmailParts) -> list[Span]:
    return list(parts.paragraphs)


def _everything(parts: EmailParts) -> list[Span]:
    return sorted([s for s in (parts.greeting, *parts.paragraphs, parts.signoff, parts.signature) if s], key=lambda s: s.start)


def _body_span(ctx: Context) -> Span:
    body = _body(ctx.parts) or _everything(ctx.parts) or [Span(0, len(ctx.reply))]
    return Span(body[0].start, body[-1].end)


def _body_sentences(parts: EmailParts) -> list[Span]:
    """Sentences inside the body paragraphs (linear: both lists are sorted)."""
    body = _body(parts)
    result, k = [], 0
    for sentence in parts.sentences:
        while k < len(body) and body[k].end <= sentence.start:
            k += 1
        if k < len(body) and body[k].start <= sentence.start < body[k].end:
            result.append(sentence)
    return result


def _sentence_at(ctx: Context, ratio: float) -> Span:
    """The reply sentence at the same relative position as something in the source."""
    sentences = _body_sentences(ctx.parts)
    if not sentences:
        return _body_span(ctx)
    index = min(len(sentences) - 1, max(0, int(ratio * len(sentences))))
    return sentences[index]


def _relative(parts: EmailParts, offset: int) -> float:
    body = _body(parts) or _everything(parts)
    if not body:
        return 0.0
    start, end = body[0].start, body[-1].end
    return 0.0 if end <= start else min(0.999, max(0.0, (offset - start) / (end - start)))


def _source_lang(ctx: Context) -> str:
    guess = ctx.source_language
    return guess.code if guess and guess.is_known else "en"


@register(codes={"translation/number-mismatch": "error", "translation/currency-mismatch": "error"}, needs=("source",))
def number_mismatch(ctx: Context) -> Iterator[Finding]:
    """A number, amount, date or time of the source that does not reach the reply correctly.

    Numbers may be localised ("€45.90" becomes "45,90 euro", "March 15" becomes "15 mars",
    "five" becomes "5"), but their value must stay the same. A reply number that appears in
    no form in the source is reported as the likely wrong one: "Your refund of €45.90" ->
    "Din återbetalning på 54,90 euro" is flagged on "54,90" with "45,90" suggested.
    """
    source, src_parts, lang = ctx.source, ctx.source_parts, ctx.lang
    src_lang = _source_lang(ctx)
    src_regions = _everything(src_parts)
    reply_regions = _everything(ctx.parts)
    src_q = _numbers.quantities(source, src_regions, src_lang, ctx.engines.lemmas)
    reply_q = _numbers.quantities(ctx.reply, reply_regions, lang, ctx.engines.lemmas)
    reply_values: set[float] = set()
    for q in reply_q:
        reply_values |= q.values
    reply_values |= {v for _, _, v in _numbers.month_values(ctx.reply, reply_regions, lang)}
    reply_values |= _numbers.word_values(ctx.reply, reply_regions, lang)
    src_values: set[float] = set()
    for q in src_q:
        src_values |= q.values
    src_values |= {v for _, _, v in _numbers.month_values(source, src_regions, src_lang)}
    src_values |= _numbers.word_values(source, src_regions, src_lang)

    missing = [q for q in src_q if not q.matches(reply_values)][:50]  # beyond that: not a translation
    extra = [q for q in reply_q if not q.matches(src_values)]
    used: set[int] = set()
    for q in missing:
        # The reply's wrong counterpart: an unmatched reply number of the same kind and unit,
        # else the unmatched one nearest in relative position.
        candidates = [r for r in extra if r.start not in used and r.kind == q.kind]
        same_unit = [r for r in candidates if q.unit and r.unit == q.unit]
        pool = same_unit or candidates
        where = _relative(src_parts, q.start)
        target = min(pool, key=lambda r: abs(_relative(ctx.parts, r.start) - where)) if pool else None
        expected = _numbers.localise(q.text, lang)
        if target is not None:
            used.add(target.start)
            yield Finding(
                "translation/number-mismatch",
                "error",
                target.start,
                target.end,
                f"The source says '{q.text}' but the reply has '{target.text}' here.",
                (expected,),
            )
        else:
            span = _sentence_at(ctx, where)
            yield Finding(
                "translation/number-mismatch",
                "warning",
                span.start,
                span.end,
                f"The source's '{q.text}' is missing from the reply (expected near this sentence).",
                (expected,),
            )
    # A number kept but its currency changed ("€45.90" -> "45,90 kr").
    money = set(_numbers.currencies().values()) - {"PCT"}
    for q in src_q:
        if q.unit not in money or q in missing:
            continue
        twins = [r for r in reply_q if r.matches(set(q.values)) and r.kind == q.kind]
        if twins and all(r.unit in money and r.unit != q.unit for r in twins):
            r = twins[0]
            yield Finding(
                "translation/currency-mismatch",
                "error",
                r.start,
                r.end,
                f"The source's amount '{q.text}' is in {q.unit}, but the reply gives it in {r.unit}.",
                (),
            )


def _exact_items(pattern: re.Pattern, text: str, regions) -> list[re.Match]:
    return [m for region in regions for m in pattern.finditer(text, region.start, region.end)]


@register(codes={"translation/reference-mismatch": "error"}, needs=("source",))
def lost_reference(ctx: Context) -> Iterator[Finding]:
    """A URL, e-mail address, order id or placeholder of the source missing from the reply.

    These must be copied exactly: "https://example.com/orders/A-10293", "support@example.com",
    "A-10293", "{{first_name}}". A reply that has a different one in its place is flagged on it.
    """
    src_regions = _everything(ctx.source_parts)
    reply_regions = _everything(ctx.parts)
    for kind, pattern in (("link", _URL), ("e-mail address", _EMAIL), ("placeholder", _PLACEHOLDER), ("reference", _ORDER_ID)):
        src_items = _exact_items(pattern, ctx.source, src_regions)
        reply_items = _exact_items(pattern, ctx.reply, reply_regions)
        reply_texts = {m.group().lower().lstrip("#") for m in reply_items}
        whole_reply = ctx.reply.lower()
        src_texts = {m.group().lower().lstrip("#") for m in src_items}
        for m in src_items:
            item = m.group().lower().lstrip("#")
            if item in reply_texts or item in whole_reply:
                continue
            if kind == "reference" and any(item in s for s in src_texts if s != item):
                continue  # part of a URL already checked
            wrong = [r for r in reply_items if r.group().lower().lstrip("#") not in src_texts]
            if wrong:
                r = wrong[0]
                yield Finding(
                    "translation/reference-mismatch",
                    "error",
                    r.start(),
                    r.end(),
                    f"The source's {kind} '{m.group()}' became '{r.group()}' in the reply.",
                    (m.group(),),
                )
            else:
                span = _sentence_at(ctx, _relative(ctx.source_parts, m.start()))
                yield Finding(
                    "translation/reference-mismatch",
                    "warning",
                    span.start,
                    span.end,
                    f"The source's {kind} '{m.group()}' is missing from the reply.",
                    (m.group(),),
                )


def _proper_names(ctx: Context) -> list[tuple[int, str]]:
    """Capitalised words inside source sentences that the source language does not know as
    ordinary words (names of people, brands, products)."""
    source, parts = ctx.source, ctx.source_parts
    lang = _source_lang(ctx)
    cal = _prose.data(lang, "calendar")
    calendar = {str(w).lower() for w in (cal.get("months") or []) + (cal.get("weekdays") or [])}
    names = []
    for sentence in parts.sentences:
        toks = tokens(source, sentence)
        for k, tok in enumerate(toks):
            if k == 0 or len(tok.text) < 3 or not tok.text[0].isupper() or tok.text.isupper():
                continue
            if tok.low in calendar:
                continue
            if source[max(sentence.start, tok.start - 2) : tok.start].strip() in (".", "!", "?", ":", "•", "-"):
                continue
            lemmas = ctx.engines.lemmas
            known = any(  # a name is an ordinary word in neither language
                lemmas.is_known(tok.low, code) or lemmas.is_known(tok.text, code)
                for code in dict.fromkeys((lang, ctx.lang))
            )
            if not known:
                names.append((tok.start, tok.text))
    titles = _prose.word_set(lang, "formality", "titles") | _prose.word_set(ctx.lang, "formality", "titles")
    if parts.greeting_name:
        for name in parts.greeting_name.split():
            if name.lower().strip(".") in titles:
                continue
            if parts.greeting:
                names.append((parts.greeting.start, name))
    return names


@register(codes={"translation/name-missing": "warning"}, needs=("source",))
def lost_name(ctx: Context) -> Iterator[Finding]:
    """A proper name of the source (a person, brand or product) missing from the reply.

    Names are not translated: "Postnord", "Anna", "Galaxy S24" must appear in the reply as in
    the source. Only capitalised words inside a sentence that the source language's
    dictionary does not know are treated as names.
    """
    reply_low = ctx.reply.lower()
    seen = set()
    for offset, name in _proper_names(ctx):
        if name.lower() in seen or name.lower() in reply_low:
            continue
        seen.add(name.lower())
        span = _sentence_at(ctx, _relative(ctx.source_parts, offset))
        yield Finding(
            "translation/name-missing",
            "warning",
            span.start,
            span.end,
            f"The name '{name}' from the source does not appear in the reply; names are not translated.",
            (name,),
        )


def _norm(text: str) -> str:
    return " ".join(LETTERS.findall(text.lower()))


@register(codes={"translation/untranslated": "warning"}, needs=("source",))
def untranslated(ctx: Context) -> Iterator[Finding]:
    """A sentence left exactly as it is in the source draft, in the source's language.

    Example: a Swedish reply translated from English that still contains "Please do not reply
    to this email." Translate the sentence (or delete it).
    """
    src_guess = ctx.source_language
    if src_guess and src_guess.is_known and ctx.reply_language.is_known and src_guess.code == ctx.lang:
        return
    src_sentences = {
        _norm(s.text(ctx.source))
        for s in ctx.source_parts.sentences
        if len(LETTERS.findall(s.text(ctx.source))) >= UNTRANSLATED_MIN_WORDS
    }
    for sentence in ctx.parts.sentences:
        text = sentence.text(ctx.reply)
        if len(LETTERS.findall(text)) >= UNTRANSLATED_MIN_WORDS and _norm(text) in src_sentences:
            yield Finding(
                "translation/untranslated",
                "warning",
                sentence.start,
                sentence.end,
                "This sentence is identical to the source: it was left untranslated.",
                (),
            )


def _body_chars(text: str, parts: EmailParts) -> int:
    return sum(len(s.text(text).strip()) for s in _body(parts))


@register(codes={"translation/length": "warning", "translation/omission": "warning"}, needs=("source",))
def length_and_omission(ctx: Context) -> Iterator[Finding]:
    """A reply far shorter or longer than its source, or with clearly fewer sentences.

    A translation is usually within half to double the length of its source. Much shorter
    (or two or more sentences fewer) means part of the source was probably left out;
    much longer means something was added. Compare the two texts sentence by sentence.
    """
    src_chars = _body_chars(ctx.source, ctx.source_parts)
    reply_chars = _body_chars(ctx.reply, ctx.parts)
    span = _body_span(ctx)
    src_sentences = _body_sentences(ctx.source_parts)
    reply_sentences = _body_sentences(ctx.parts)
    shorter = src_chars > 0 and reply_chars / src_chars < OMISSION_MAX_RATIO
    if len(src_sentences) - len(reply_sentences) >= OMISSION_MIN_MISSING and reply_sentences and shorter:
        last = reply_sentences[-1]
        yield Finding(
            "translation/omission",
            "warning",
            last.start,
            last.end,
            f"The source has {len(src_sentences)} sentences but the reply only {len(reply_sentences)}: "
            "part of the source seems to be missing.",
            (),
        )
        return
    if src_chars < LENGTH_MIN_CHARS or not reply_chars:
        return
    ratio = reply_chars / src_chars
    if ratio < LENGTH_SHORT or ratio > LENGTH_LONG:
        what = "shorter" if ratio < 1 else "longer"
        yield Finding(
            "translation/length",
            "warning",
            span.start,
            span.end,
            f"The reply is {ratio:.1f} times the length of its source (much {what}): "
            f"check that nothing was {'left out' if ratio < 1 else 'added'}.",
            (),
        )
