"""Contradictions: inside the reply, and between the reply and the customer's message.

Polarity (something asserted and denied), two values for the same thing, and a reply that
greets another name or quotes another order number than the customer gave. Negation cues,
modal verbs and function words come from ``data/<lang>/negation.yaml``; clause structure
from ``data/<lang>/clauses.yaml``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterator

from replycheck.checks import _numbers, _prose
from replycheck.checks._claims import has_phrase as _has_phrase
from replycheck.context import Context
from replycheck.model import Finding
from replycheck.registry import register
from replycheck.segment import Span
from replycheck.tokens import tokens

MAX_QUOTE = 90  # characters of the other side quoted in a message
MAX_COMPARED = 200  # statements or values compared pairwise (a reply has far fewer)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


# -- polarity -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Assertion:
    start: int
    end: int
    negated: bool
    keys: tuple[tuple[str, str], ...]  # (lemma, word) the statement is about
    content: tuple[str, ...]  # every content lemma of the clause
    denied_noun: str = ""  # the lemma right after "ingen"/"no"/"kein": the denied thing itself
    counts: frozenset[float] = frozenset()  # small numbers in it ("två gånger", "3 dagar")


def _assertions(ctx: Context, lang: str) -> list[_Assertion]:
    text = ctx.reply
    lemmas = ctx.engines.lemmas
    neg = _prose.data(lang, "negation")
    negators = _prose.word_set(lang, "negation", "negators")
    modals = _prose.word_set(lang, "negation", "modals")
    function = _prose.word_set(lang, "negation", "function_words")
    pronouns = _prose.word_set(lang, "clauses", "subject_pronouns")
    pairs = [(str(a).lower(), str(b).lower()) for a, b in neg.get("paired_negators", []) or []]
    conditionals = [str(c).lower() for c in neg.get("conditionals", []) or []]
    time_shift = [str(c).lower() for c in neg.get("time_shift", []) or []]
    not_negating = [str(c).lower() for c in neg.get("not_negating", []) or []]
    determiners = _prose.word_set(lang, "negation", "negative_determiners")
    result: list[_Assertion] = []
    pending: list[tuple[_prose.Clause, int | None]] = []
    for sentence in ctx.parts.sentences:
        raw = text[sentence.start : sentence.end]
        low = raw.lower()
        if raw.rstrip().endswith("?") or _has_phrase(low, conditionals):
            continue
        for piece in _prose.pieces(text, sentence, lang, lemmas):
            if piece.subordinate:
                continue
            ptext = text[piece.start : piece.end].lower()
            if any(t.low in modals for t in piece.tokens) or _has_phrase(ptext, time_shift):
                continue
            if _has_phrase(ptext, not_negating):
                continue
            neg_at = None
            for k, tok in enumerate(piece.tokens):
                if tok.low in negators or any(
                    tok.low == second and any(t.low == first for t in piece.tokens[:k]) for first, second in pairs
                ):
                    neg_at = k
                    break
            pending.append((piece, neg_at))
    # Lemmatising loads a dictionary per language: only when there is something to compare.
    if len({neg_at is None for _, neg_at in pending}) < 2:
        return []
    for piece, neg_at in pending:
        content = [
            (k, lemmas.lemma(t.low, lang), t.text)
            for k, t in enumerate(piece.tokens)
            if len(t.low) >= 3
            and t.low not in function
            and t.low not in negators
            and t.low not in pronouns
            and t.low not in modals
            and lemmas.lemma(t.low, lang) not in function
        ]
        if not content:
            continue
        keys = content if neg_at is None else ([c for c in content if c[0] > neg_at] or content)
        denied = ""
        if neg_at is not None and piece.tokens[neg_at].low in determiners:
            denied = next((lem for k, lem, _ in content if neg_at < k <= neg_at + 2), "")
        result.append(
            _Assertion(
                piece.start,
                piece.end,
                neg_at is not None,
                tuple((lem, word) for _, lem, word in keys if len(lem) >= 4),
                tuple(lem for _, lem, _ in content),
                denied,
                _numbers.small_counts(text[piece.start : piece.end], lang),
            )
        )
    return result


def _shared_key(a: _Assertion, b: _Assertion, lemmas) -> tuple[str, str] | None:
    """The lemmas (of ``a`` and ``b``) of the action or state both statements are about."""
    for lem_a, _ in a.keys:
        for lem_b, _ in b.keys:
            if lemmas.same_lemma(lem_a, lem_b):
                return lem_a, lem_b
    return None


def _about_same_thing(a: _Assertion, b: _Assertion, key: tuple[str, str], lemmas) -> bool:
    """False when both statements also name other things and share none of them (unless the
    denial is "no <key>" itself: "no refund has been issued")."""
    for side, lem in ((a, key[0]), (b, key[1])):
        if side.denied_noun and lemmas.same_lemma(side.denied_noun, lem):
            return True
    others_a = [c for c in a.content if not lemmas.same_lemma(c, key[0])]
    others_b = [c for c in b.content if not lemmas.same_lemma(c, key[1])]
    if not others_a or not others_b:
        return True
    return any(lemmas.same_lemma(x, y) for x in others_a for y in others_b)


@register(codes={"contradiction/polarity": "warning"}, data=("negation",))
def polarity(ctx: Context) -> Iterator[Finding]:
    """The reply states something and also its negation.

    Example: "Din order är skickad … Tyvärr har din order ännu inte skickats." or "Vi
    krediterar er … varken leverans eller kreditering har skett." The customer cannot know
    which statement is true. Lemmas (simplemma) match inflected and derived forms
    ("krediterar"/"kreditering"); negation cues, including split ones ("varken … eller",
    "weder … noch", "ne … pas"), come from the language's data. Questions, conditions ("om",
    "if"), statements with a modal verb and statements about another time ("i morgon") are not
    compared. The later statement is flagged; the message quotes the earlier one. Decide which
    is true and delete or correct the other.
    """
    lang = ctx.lang
    if not _prose.data(lang, "negation"):
        return
    assertions = _assertions(ctx, lang)[:MAX_COMPARED]
    flagged: set[int] = set()
    for i, a in enumerate(assertions):
        for b in assertions[i + 1 :]:
            if a.negated == b.negated or b.start in flagged:
                continue
            key = _shared_key(a, b, ctx.engines.lemmas)
            if not key or a.counts != b.counts or not _about_same_thing(a, b, key, ctx.engines.lemmas):
                continue
            flagged.add(b.start)
            yes, no = (a, b) if b.negated else (b, a)
            first = ctx.reply[a.start : a.end]
            yield Finding(
                "contradiction/polarity",
                "warning",
                b.start,
                b.end,
                f"This contradicts an earlier statement: '{_quote(first)}' "
                f"({'denied' if b.negated else 'asserted'} here). Keep only the one that is true.",
                (),
            )
            break


# -- values --------------------------------------------------------------------------------
def _digits(q: _numbers.Quantity) -> str:
    return re.sub(r"\D", "", q.text)


def _one_slip(a: str, b: str) -> bool:
    """Same length and one digit changed, or two neighbours swapped ("499"/"449", "45"/"54")."""
    if len(a) != len(b) or len(a) < 2 or a == b:
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _sentence_of(ctx: Context, offset: int) -> Span | None:
    return next((s for s in ctx.parts.sentences if s.start <= offset < s.end), None)


def _head(ctx: Context, q: _numbers.Quantity, sentence: Span, lang: str) -> str:
    """The content word right before a value ("återbetalningen på 499 kr" -> återbetalning)."""
    function = _prose.word_set(lang, "negation", "function_words")
    toks = tokens(ctx.reply, (sentence.start, q.start))
    for tok in reversed(toks[-4:]):
        if tok.low not in function and len(tok.low) >= 3:
            lem = ctx.engines.lemmas.lemma(tok.low, lang)
            if lem not in function:
                return lem
    return ""


def _content(ctx: Context, sentence: Span, lang: str, skip: frozenset[str] = frozenset()) -> set[str]:
    """Content lemmas of a sentence (no function words, no numbers, none of ``skip``)."""
    function = _prose.word_set(lang, "negation", "function_words")
    return {
        ctx.engines.lemmas.lemma(t.low, lang)
        for t in tokens(ctx.reply, sentence)
        if len(t.low) >= 4 and t.low not in function and t.low not in skip
    } - function


def _with_currency(text: str, q: _numbers.Quantity) -> int:
    """End of ``q`` including a currency word or symbol right after it ("449 kr")."""
    after = re.match(r"\s?(\S+?)[.,;:!?]*(?:\s|$)", text[q.end :])
    if after and _numbers.currencies().get(after.group(1).lower()) == q.unit:
        return q.end + after.start(1) + len(after.group(1))
    return q.end


@register(codes={"contradiction/value": "warning"}, data=("negation", "numbers"))
def value(ctx: Context) -> Iterator[Finding]:
    """Two different values given for the same thing in one reply.

    Example: "Återbetalningen på 499 kr skickas inom 5 bankdagar … Du får alltså tillbaka
    449 kr." Flagged when two amounts (or durations) with the same unit in different
    sentences differ by one slipped digit ("499"/"449", "45,90"/"54,90"), or follow the same
    word ("inom 3 bankdagar" … "inom 5 bankdagar" after the same noun). Check which value is
    right and use it everywhere.
    """
    lang = ctx.lang
    sequence = [str(c).lower() for c in _prose.data(lang, "negation").get("time_shift", []) or []]
    restatement = [str(c).lower() for c in _prose.data(lang, "numbers").get("restatement", []) or []]
    totals = [str(c).lower() for c in _prose.data(lang, "events").get("total", []) or []]
    months = {str(m).lower() for m in _prose.data(lang, "calendar").get("months", []) or []}
    qs = [
        q for q in _numbers.quantities(ctx.reply, ctx.parts.paragraphs, lang, ctx.engines.lemmas)
        if q.kind == "number" and q.unit and q.unit not in months  # "13 mars" is a date: time_value compares dates
    ]
    qs = qs[:MAX_COMPARED]
    sentence_of = {q.start: _sentence_of(ctx, q.start) for q in qs}
    flagged: set[int] = set()
    for i, a in enumerate(qs):
        sa = sentence_of[a.start]
        for b in qs[i + 1 :]:
            sb = sentence_of[b.start]
            if not sa or not sb or sa == sb or a.unit != b.unit or b.start in flagged:
                continue
            if a.matches(set(b.values)):
                continue
            slip = _one_slip(_digits(a), _digits(b))
            head_a, head_b = _head(ctx, a, sa, lang), _head(ctx, b, sb, lang)
            same_head = bool(head_a) and ctx.engines.lemmas.same_lemma(head_a, head_b)
            text_a, text_b = sa.text(ctx.reply).lower(), sb.text(ctx.reply).lower()
            if same_head and not slip and (_has_phrase(text_a, sequence) or _has_phrase(text_b, sequence)):
                continue
            if _has_phrase(text_a, totals) != _has_phrase(text_b, totals):
                continue  # "4,90 € … insgesamt 5,90 €": a total beside one of its parts
            if slip and not same_head:
                restated = _has_phrase(text_a, restatement) or _has_phrase(text_b, restatement)
                shared = _content(ctx, sa, lang) & _content(ctx, sb, lang)
                severity = "warning" if restated or shared else "info"
            elif same_head:
                severity = "warning"
            else:
                continue
            flagged.add(b.start)
            end = _with_currency(ctx.reply, b)
            other_end = _with_currency(ctx.reply, a)
            yield Finding(
                "contradiction/value",
                severity,
                b.start,
                end,
                f"Two different values for the same thing: '{ctx.reply[b.start:end]}' here, "
                f"but '{ctx.reply[a.start:other_end]}' earlier ('{_quote(sa.text(ctx.reply))}').",
                (ctx.reply[a.start:other_end],),
            )


def _as_written(text: str, q: _numbers.Quantity, lang: str) -> str:
    """A time as written with its clock word ("klokka 12", "12 Uhr"), for messages."""
    span = _numbers.clock_span(text, q.start, q.end, lang)
    return text[span[0] : span[1]] if span else q.text


@register(codes={"contradiction/value": "warning"}, data=("negation", "numbers"))
def time_value(ctx: Context) -> Iterator[Finding]:
    """Two different times of day or dates given for the same event in one reply.

    Example: "Teknikeren kommer torsdag klokka 10 … Vi minner om at teknikeren kommer klokka
    12 på torsdag." Flagged when two sentences share two or more content words but give
    different times (or dates), and neither says the plan changed ("senere", "neste").
    A warning when one sentence restates the other ("altså", "vi minner om") or the
    sentences are near copies, else info.
    """
    lang = ctx.lang
    sequence = [str(c).lower() for c in _prose.data(lang, "negation").get("time_shift", []) or []]
    restatement = [str(c).lower() for c in _prose.data(lang, "numbers").get("restatement", []) or []]
    clock_words = frozenset().union(*_numbers.clock_cues(lang))
    qs = [q for q in _numbers.quantities(ctx.reply, ctx.parts.paragraphs, lang, ctx.engines.lemmas) if q.kind in ("time", "date")]
    qs = qs[:MAX_COMPARED]
    flagged: set[int] = set()
    for i, a in enumerate(qs):
        sa = _sentence_of(ctx, a.start)
        for b in qs[i + 1 :]:
            sb = _sentence_of(ctx, b.start)
            if not sa or not sb or sa == sb or a.kind != b.kind or b.start in flagged or a.matches(set(b.values)):
                continue
            text_a, text_b = sa.text(ctx.reply).lower(), sb.text(ctx.reply).lower()
            if _has_phrase(text_a, sequence) or _has_phrase(text_b, sequence):
                continue
            content_a = _content(ctx, sa, lang, clock_words)
            content_b = _content(ctx, sb, lang, clock_words)
            shared = content_a & content_b
            if len(shared) < 2:
                continue
            near_copy = len(shared) / min(len(content_a), len(content_b)) >= 0.75
            restated = _has_phrase(text_a, restatement) or _has_phrase(text_b, restatement)
            flagged.add(b.start)
            yield Finding(
                "contradiction/value",
                "warning" if near_copy or restated else "info",
                b.start,
                b.end,
                f"Two different {'times' if a.kind == 'time' else 'dates'} for what looks like the same "
                f"thing: '{_as_written(ctx.reply, b, lang)}' here, but "
                f"'{_as_written(ctx.reply, a, lang)}' earlier ('{_quote(sa.text(ctx.reply))}').",
                (a.text,),
            )


# -- customer -------------------------------------------------------------------------------
@register(codes={"contradiction/customer-name": "warning"}, needs=("customer",))
def customer_name(ctx: Context) -> Iterator[Finding]:
    """The reply greets a different name than the one the customer signed with.

    Example: the customer signs "Mvh Anna Lindqvist" and the reply opens "Hej Maria,". A wrong
    name tells the customer the reply was not written for them. The customer's name comes
    from their sign-off (its own line, or "… tack. Mvh Anna Lindqvist" on the text's last
    line) or the "From: Anna Lindqvist <…>" line heading their message. A greeting with a title
    ("Dear Ms Lindqvist") is compared by surname, a first name alone by first name. Greet the
    name they signed with.
    """
    greeting_name = ctx.parts.greeting_name
    signed = ctx.customer_parts.signature_name if ctx.customer_parts else None
    if not greeting_name or not signed or not ctx.parts.greeting:
        return
    titles = set()
    inflect = False
    for lang in {ctx.lang, ctx.customer_language.code if ctx.customer_language else ctx.lang}:
        titles |= _prose.word_set(lang, "formality", "titles")
        inflect = inflect or bool(_prose.data(lang, "formality").get("names_inflect"))
    words = [w.strip(".,") for w in greeting_name.split() if w.strip(".,")]
    greeting_words = [w.strip(".,:!").lower() for w in ctx.parts.greeting.text(ctx.reply).split()]
    titled = any(w in titles for w in greeting_words)
    greeted = [w for w in words if w.lower() not in titles]
    signed_words = [w.lower().strip(".,") for w in signed.split() if w.strip(".,") and w.lower().strip(".,") not in titles]
    if not greeted or not signed_words:
        return
    if any(len(w) == 1 for w in signed_words) and not titled:
        return  # signed "A. Lindqvist": any first name may be right
    if titled or len(greeted) == 1:  # "Dear Mr Ström", "Hi Anna", "Panie Janie": one of their names
        if any(_same_name(greeted[-1].lower(), w, inflect) for w in signed_words):
            return
        pairs = [(greeted[-1], signed_words[-1 if titled else 0])]
    else:  # "Hei Hanna Korhonen": first name and surname
        pairs = [(greeted[0], signed_words[0]), (greeted[-1], signed_words[-1])]
    if all(_same_name(g.lower(), w, inflect) for g, w in pairs):
        return
    greeting = ctx.parts.greeting.text(ctx.reply)
    first = greeted[0]
    offset = greeting.find(first)
    if offset < 0:
        return
    start = ctx.parts.greeting.start + offset
    name = " ".join(greeted)
    end = start + len(name) if ctx.reply[start : start + len(name)] == name else start + len(first)
    suggestion = signed.split()[0]
    yield Finding(
        "contradiction/customer-name",
        "warning",
        start,
        end,
        f"The reply greets '{ctx.reply[start:end]}' but the customer signed as '{signed}'.",
        (suggestion,),
    )


def _same_name(greeted: str, signed: str, inflect: bool) -> bool:
    """The same name, or with ``inflect`` the same name in another case ("Krzysztofie",
    "Ewo": Polish vocatives) — all but the last letter of the shorter form shared."""
    if greeted == signed:
        return True
    if not inflect or min(len(greeted), len(signed)) < 3:
        return False
    shared = len(os.path.commonprefix([greeted, signed]))
    return shared >= min(len(greeted), len(signed)) - 1


_ID = re.compile(r"#?\b(?=[A-Za-z0-9-]{0,60}\d)[A-Za-z]{0,4}-?\d[\d-]{2,}[A-Za-z0-9]*\b")  # bounded: linear on "a-a-a-…"


def _ids(text: str, regions, lang: str, need_cue: bool, lemmas) -> list[tuple[int, int, str, str]]:
    """Order/case ids as ``(start, end, token, cue)``; ``cue`` is the word that introduced it."""
    cues = _prose.word_set(lang, "numbers", "id_cues")
    found = []
    for region in regions:
        for match in _ID.finditer(text, region.start, region.end):
            token = match.group()
            digits = re.sub(r"\D", "", token)
            if len(digits) < 4 or re.search(r"[\s]\d", text[match.end() : match.end() + 2]):
                continue  # too short, or part of a spaced phone number
            if "-" in token and re.fullmatch(r"\d{2,4}-\d{2,4}(?:-\d{2,4})?", token) and len(digits) in (6, 8) and not token.startswith("#"):
                continue  # a date or a phone prefix, not an id
            before = tokens(text, (max(region.start, match.start() - 40), match.start()))[-3:]
            cue = next((t.low for t in reversed(before) if t.low in cues), "")
            cued = bool(cue) or token.startswith("#") or bool(re.search(r"[A-Za-z]", token))
            if need_cue and not cued:
                continue
            unit = _numbers._unit_after(text, match.end(), lang, lemmas)
            if unit and unit.isupper():
                continue  # an amount
            found.append((match.start(), match.end(), token, cue))
    return found


def _same_kind(cue_a: str, cue_b: str, lemmas) -> bool:
    """Whether two id cues name the same kind of number ("order"/"ordernummer")."""
    if not cue_a or not cue_b:
        return True
    return lemmas.same_lemma(cue_a, cue_b) or cue_a[:5] == cue_b[:5]


def _norm_id(token: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", token).upper()


@register(codes={"contradiction/customer-reference": "warning"}, needs=("customer",))
def customer_reference(ctx: Context) -> Iterator[Finding]:
    """The reply quotes an order or case number the customer did not give, although the
    customer gave one.

    Example: the customer asks about "order 55120" and the reply says "Din order 55210 är
    skickad". Either the number is mistyped or the reply answers someone else. Use the
    customer's number.
    """
    customer = ctx.customer
    clang = ctx.customer_language.code if ctx.customer_language and ctx.customer_language.is_known else ctx.lang
    cregions = [Span(0, len(customer))]
    given = _ids(customer, cregions, clang, need_cue=False, lemmas=ctx.engines.lemmas)
    if not given:
        return
    given_norm = {_norm_id(t): cue for _, _, t, cue in given}
    listed = ", ".join(sorted({t for _, _, t, _ in given}))
    regions = [s for s in (ctx.parts.greeting, *ctx.parts.paragraphs, ctx.parts.signoff) if s]
    for start, end, token, cue in _ids(ctx.reply, regions, ctx.lang, need_cue=True, lemmas=ctx.engines.lemmas):
        norm = _norm_id(token)
        if norm in given_norm or any(norm in g or g in norm for g in given_norm):
            continue
        # A slipped digit of the customer's number, or a number of the same kind (an order
        # number where the customer gave an order number); a case number the reply creates
        # itself is not a contradiction.
        slipped = [g for g in given_norm if _one_slip(g, norm)]
        same_kind = [g for g, c in given_norm.items() if _same_kind(cue, c, ctx.engines.lemmas)]
        if not slipped and not same_kind:
            continue
        yield Finding(
            "contradiction/customer-reference",
            "warning" if slipped or (cue and any(given_norm[g] for g in same_kind)) else "info",
            start,
            end,
            f"The reply mentions '{token}', but the customer wrote {listed}.",
            tuple(sorted({t for _, _, t, _ in given})),
        )
