"""Tone: how the reply treats the customer — defensive or blaming phrasing, shouting, an
upset customer answered without a word of acknowledgement, a missing greeting or sign-off.

Phrases are data: ``data/<lang>/tone.yaml`` (defensive and acknowledgement phrases),
``data/<lang>/complaint.yaml`` (cues that the customer is upset) and
``data/common/tone.yaml`` (acronyms that are not shouting). Phrases match inflected forms
through the lemmatiser ``ctx.engines.lemmas`` (see ``replycheck.matching``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from replycheck import langdata, segment
from replycheck.checks.hygiene import internal_note_spans
from replycheck.matching import compile_phrases, find_phrases, fold
from replycheck.model import Finding
from replycheck.registry import register
from replycheck.segment import Span


def _languages(*codes: str | None) -> list[str]:
    """Known language codes among ``codes``, in order, without duplicates."""
    seen: list[str] = []
    for code in codes:
        if code and code != "unknown" and code not in seen:
            seen.append(code)
    return seen


def _reply_lang(ctx) -> str | None:
    """The reply's language, else the customer's (None if neither is known)."""
    langs = _languages(ctx.lang, ctx.customer_language.code if ctx.customer_language else None)
    return langs[0] if langs else None


def _phrases(lang: str, name: str, key: str, lemmas):
    data = langdata.load(lang, name) or {}
    return compile_phrases(data.get(key) or (), lang, lemmas)


@register(codes={"tone/defensive": "warning"}, data=("tone",))
def defensive(ctx):
    """Defensive, blaming or dismissive phrasing.

    Flags phrases that put the blame on the customer or brush them off: "Du har säkert ställt
    in den fel själv", "you must have done something wrong", "as I already said", "that is not
    our problem", "read the terms before you complain". Such lines escalate a complaint and
    read badly when the customer forwards them.

    Example: "Du har säkert ställt in den fel själv." — write instead what the customer can
    try, and offer help: "Prova att återställa inställningarna; hjälper det inte, hör av dig
    så löser vi det."
    """
    lang = _reply_lang(ctx)
    if not lang:
        return
    phrases = _phrases(lang, "tone", "defensive", ctx.engines.lemmas)
    if not phrases:
        return
    negations = {fold(str(w)) for w in (langdata.load(lang, "tone") or {}).get("negations", [])}
    for hit in find_phrases(ctx.parts.masked, ctx.parts.sentences, phrases, lang, ctx.engines.lemmas):
        if _negated(ctx, hit.start, negations):
            continue  # "det är inte ditt fel" reassures the customer
        yield Finding(
            "tone/defensive",
            "warning",
            hit.start,
            hit.end,
            f"Defensive or blaming phrasing ({ctx.reply[hit.start:hit.end]!r}): it tells the "
            "customer the problem is their fault. Acknowledge the problem and say what happens next.",
        )


def _negated(ctx, start: int, negations: set[str]) -> bool:
    """True when one of the two words before ``start`` (same sentence) is a negation."""
    if not negations:
        return False
    sentence = next((s for s in ctx.parts.sentences if s.start <= start < s.end), None)
    if sentence is None:
        return False
    before = segment.words(ctx.parts.masked[sentence.start : start])[-2:]
    return any(fold(word) in negations for word in before)


@lru_cache(maxsize=1)
def _shouting_data() -> tuple[frozenset[str], int, int]:
    data = langdata.load("common", "tone") or {}
    acronyms = frozenset(str(a).upper() for a in data.get("acronyms", []))
    return acronyms, int(data.get("min_words", 3)), int(data.get("min_shouted", 2))


_RUN_BREAK = re.compile(r"[.!?;\r\n]")


@register(codes={"tone/shouting": "warning"})
def shouting(ctx):
    """Shouting: several words in a row written in capitals.

    Flags a run of upper-case words such as "DU MÅSTE LÄSA VILLKOREN": in e-mail, capitals
    read as shouting. Acronyms and codes (TV, SMS, USB-C, GDPR, order ids) are not counted,
    nor names the glossary protects.

    Example: "DU MÅSTE LÄSA VILLKOREN INNAN DU KLAGAR." — write in normal case, and stress
    a point with a short sentence instead: "I villkoren står att handläggningstiden är tre veckor."
    """
    acronyms, min_words, min_shouted = _shouting_data()
    exempt = set()
    if ctx.glossary is not None and hasattr(ctx.glossary, "exempt_words"):
        exempt = {w.upper() for w in ctx.glossary.exempt_words(ctx.lang)}
    notes = internal_note_spans(ctx.reply)
    masked = ctx.parts.masked
    for para in ctx.parts.paragraphs:
        runs: list[list[tuple[int, int, str]]] = []
        for start, end, word in segment.word_spans(masked[para.start : para.end]):
            start, end = para.start + start, para.start + end
            if not word.isupper():
                runs.append([])
                continue
            if runs and runs[-1] and not _RUN_BREAK.search(masked[runs[-1][-1][1] : start]):
                runs[-1].append((start, end, word))
            else:
                runs.append([(start, end, word)])
        for run in runs:
            if len(run) < min_words:
                continue
            shouted = [
                w for _, _, w in run
                if len(w) >= 4 and "-" not in w and w not in acronyms and w not in exempt
                and _ordinary_word(w, ctx.lang, ctx.engines.lemmas)
            ]
            # Words in a sentence, not a product name: a short word such as DU, NOT, ER
            # among them, or one more long word.
            short = [w for _, _, w in run if 2 <= len(w) <= 3 and w not in acronyms and _ordinary_word(w, ctx.lang, ctx.engines.lemmas)]
            if len(shouted) < min_shouted or (not short and len(shouted) < min_shouted + 1):
                continue
            start, end = run[0][0], run[-1][1]
            if any(s <= start < e for s, e in notes):
                continue  # an internal note in capitals is hygiene's finding
            if _whole_heading_line(ctx.reply, start, end):
                continue  # a company name or heading on its own line
            yield Finding(
                "tone/shouting",
                "warning",
                start,
                end,
                "Several words in capitals read as shouting; write them in normal case.",
                (ctx.reply[start:end].capitalize(),),
            )


def _ordinary_word(word: str, lang: str, lemmas) -> bool:
    """True if ``word`` in lower case is a dictionary word of ``lang`` (not a brand or model
    name such as SAMSUNG); True when there is no dictionary to ask."""
    if not lemmas.has_language(lang):
        return True
    return lemmas.is_known(word.lower(), lang)


def _whole_heading_line(text: str, start: int, end: int) -> bool:
    """True when the run fills its line, has no sentence punctuation and few words."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    nl = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
    line_end = min(nl) if nl else len(text)
    line = text[line_start:line_end].strip()
    return (
        text[line_start:start].strip() == ""
        and text[end:line_end].strip(" \t:-–") == ""
        and len(line.split()) <= 4
    )


def _reply_regions(ctx) -> list[Span]:
    regions = list(ctx.parts.sentences)
    for extra in (ctx.parts.greeting, ctx.parts.signoff):
        if extra is not None:
            regions.append(extra)
    return regions


@register(codes={"tone/no-acknowledgement": "warning"}, needs=("customer",), data=("tone",))
def no_acknowledgement(ctx):
    """An upset customer answered without any acknowledgement, apology or thanks.

    When the customer's message shows they are upset — "still not", "disappointed", "as
    promised", or a problem stated with some heat ("I have waited two weeks now!", "charged
    twice, fix this") — a reply that goes straight to facts or rules reads as cold. A calm
    question about a problem ("I got the wrong size, can I exchange it?") is not flagged.
    The finding points at the reply's first sentence; its suggestion is that sentence with
    an acknowledgement put before it (the agent's words stay).

    Example: customer "Jag har väntat på svar i två veckor nu!", reply "Handläggningstiden är
    tre veckor." — start with "Tack för ditt tålamod, och förlåt att det har dröjt."
    """
    customer_lang = ctx.customer_language.code if ctx.customer_language else None
    cue_langs = _languages(customer_lang)  # unknown language: no cues to go by
    cparts = ctx.customer_parts
    if cparts is None:
        return
    cregions = list(cparts.sentences) or [Span(0, len(ctx.customer))]
    if cparts.greeting is not None:
        cregions.append(cparts.greeting)
    cue = _upset_cue(ctx.customer, cparts, cregions, cue_langs, ctx.engines.lemmas)
    if cue is None:
        return
    if not _phrases(ctx.lang, "tone", "acknowledgement", ctx.engines.lemmas):
        return  # the reply's language is unknown or has no acknowledgement phrases yet
    ack_langs = _languages(ctx.lang, customer_lang)
    regions = _reply_regions(ctx)
    for lang in ack_langs:
        phrases = _phrases(lang, "tone", "acknowledgement", ctx.engines.lemmas)
        if find_phrases(ctx.parts.masked, regions, phrases, lang, ctx.engines.lemmas):
            return
    target = ctx.parts.sentences[0] if ctx.parts.sentences else _first_line(ctx.reply)
    example = str((langdata.load(ctx.lang, "tone") or {}).get("acknowledgement_example") or "").strip()
    first = ctx.reply[target.start : target.end]
    yield Finding(
        "tone/no-acknowledgement",
        "warning",
        target.start,
        target.end,
        f"The customer is upset ({cue!r}) but the reply has no acknowledgement, apology or "
        "thanks; open by recognising the problem.",
        (f"{example} {first}",) if example and first else (),  # added before the agent's sentence
    )


UPSET_SCORE = 2  # an "upset" cue alone, or two of: a problem cue, another one, a "!"


def _upset_cue(text: str, parts, regions: list[Span], langs: list[str], lemmas) -> str | None:
    """The cue that shows the customer is upset (None when the message reads calm)."""
    for lang in langs:
        upset = find_phrases(parts.masked, regions, _phrases(lang, "complaint", "upset", lemmas), lang, lemmas)
        if upset:
            return text[upset[0].start : upset[0].end]
        problems = find_phrases(parts.masked, regions, _phrases(lang, "complaint", "problem", lemmas), lang, lemmas)
        score = len({h.phrase for h in problems})
        if any("!" in parts.masked[s.start : s.end] for s in parts.sentences):
            score += 1
        if problems and score >= UPSET_SCORE:
            return text[problems[0].start : problems[0].end]
    return None


def _first_line(text: str) -> Span:
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    line = stripped.splitlines()[0] if stripped else ""
    return Span(start, start + len(line.rstrip()))


@register(codes={"tone/no-greeting": "info"})
def no_greeting(ctx):
    """The reply does not open with a greeting (info).

    A reply that starts without "Hej", "Hi", "Guten Tag"… feels abrupt. This is information
    only: some channels (chat, SMS) do without.

    Example: "Din order är skickad." — write "Hej Anna! Din order är skickad."
    """
    if ctx.parts.greeting is not None or not ctx.parts.sentences:
        return
    first = ctx.parts.sentences[0]
    yield Finding(
        "tone/no-greeting",
        "info",
        first.start,
        first.end,
        "The reply has no greeting; consider opening with one.",
    )


@register(codes={"tone/no-signoff": "info"})
def no_signoff(ctx):
    """The reply does not end with a sign-off (info).

    A reply without "Vänliga hälsningar", "Best regards", "Mit freundlichen Grüßen"… ends
    abruptly. Information only.

    Example: end with "Vänliga hälsningar" and the agent's or team's name.
    """
    if ctx.parts.signoff is not None or not ctx.parts.sentences:
        return
    last = ctx.parts.sentences[-1]
    yield Finding(
        "tone/no-signoff",
        "info",
        last.start,
        last.end,
        "The reply has no sign-off; consider closing with one.",
    )
