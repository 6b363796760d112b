"""Hygiene: things that must never reach a customer — unfilled placeholders, internal notes,
lorem ipsum filler and paragraphs pasted twice.

Shapes that are the same in every language (``{{...}}``, ``%s``) live in
``data/common/hygiene.yaml``; words (placeholder keywords, internal-note phrases) in
``data/<lang>/hygiene.yaml``.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from replycheck import langdata, patterns
from replycheck.matching import normalise_block
from replycheck.model import Finding
from replycheck.registry import register

_LINE_END = re.compile(r"[\r\n]")


@lru_cache(maxsize=1)
def _common() -> dict:
    data = langdata.load("common", "hygiene") or {}
    return {
        "placeholders": patterns.alternatives("placeholder")
        + tuple(patterns.compile_pattern(p) for p in data.get("placeholders", [])),
        "bracketed": tuple(re.compile(p) for p in data.get("bracketed", [])),
        "internal_markers": tuple(re.compile(p) for p in data.get("internal_markers", [])),
        "lorem": tuple(re.compile(p, re.I) for p in data.get("lorem", [])),
        "note_prefixes": tuple(str(p) for p in data.get("note_prefixes", [])),
    }


def _phrase_regex(phrase: str, exact: bool = False) -> re.Pattern:
    """A whole-word regex for a data-file phrase: ``^`` = starts a line, ``x:`` allows "x :"."""
    phrase = phrase.strip()
    line_start = phrase.startswith("^")
    phrase = phrase.lstrip("^").strip()
    colon = phrase.endswith(":")
    phrase = phrase.rstrip(":").strip()
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    # "^": at the start of a line or a sentence, possibly after "NB:", "PS:" or a bracket.
    prefixes = "|".join(re.escape(p) for p in _common()["note_prefixes"])
    head = (
        r"(?:^|(?<=[\r\n])|(?<=[.!?]\s)|(?<=[(\[]))[ \t>*\-(\[]*" + (rf"(?:(?:{prefixes})[:.!]?\s*)?" if prefixes else "")
        if line_start
        else r"(?<![\w])"
    )
    tail = r"\s*:" if colon else r"(?![\w])"
    return re.compile(head + "(" + body + tail + ")", 0 if exact else re.I)


@lru_cache(maxsize=1)
def _placeholder_words() -> frozenset[str]:
    """Placeholder keywords of every language (templates are often in another language)."""
    words: set[str] = set()
    for data in langdata.load_all("hygiene").values():
        words.update(str(w).casefold() for w in (data or {}).get("placeholder_words", []))
    return frozenset(words)


@lru_cache(maxsize=1)
def _internal_phrases() -> tuple[tuple[str, bool, re.Pattern], ...]:
    """Internal-note phrases of every language: (first word, exact, regex). A phrase is only
    searched for in a text that contains its first word (~150 phrases: one scan each cost
    ~5 ms a reply)."""
    phrases: set[tuple[str, bool]] = set()
    for data in langdata.load_all("hygiene").values():
        for phrase in (data or {}).get("internal_notes", []):
            phrase = str(phrase)
            phrases.add((phrase, False))
            core = phrase.lstrip("^").rstrip(":").strip()
            if phrase.startswith("^") and len(core.split()) >= 2:
                phrases.add((core + ":", False))  # "... Intern merknad: ..." mid-line
        phrases.update((str(p), True) for p in (data or {}).get("internal_notes_exact", []))
    return tuple((_first_word(p, exact), exact, _phrase_regex(p, exact)) for p, exact in sorted(phrases))


def _first_word(phrase: str, exact: bool) -> str:
    word = phrase.strip().lstrip("^").strip().rstrip(":").split()[0]
    return word if exact else word.lower()


def _has_keyword(inner: str) -> bool:
    folded = " ".join(re.split(r"[\s_]+", inner.casefold().strip(" .:-"))).strip()
    if not folded:
        return False
    keywords = _placeholder_words()
    if folded in keywords:
        return True
    # "insert date", "kundens namn här": every word a keyword, or starts with an insert verb.
    parts = folded.split()
    return len(parts) <= 5 and sum(p in keywords for p in parts) >= max(1, len(parts) - 1)


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Spans of unfilled placeholders in ``text`` (used by other checks to step around them)."""
    common = _common()
    spans: list[tuple[int, int]] = []
    for pattern in common["placeholders"]:
        spans.extend(m.span() for m in pattern.finditer(text))
    for pattern in common["bracketed"]:
        for match in pattern.finditer(text):
            if _has_keyword(match.group(1)):
                spans.append(match.span())
    return _merge(spans)


def internal_note_spans(text: str) -> list[tuple[int, int]]:
    """Spans of internal notes: from the marker to the end of its line."""
    common = _common()
    starts: list[int] = []
    for pattern in common["internal_markers"]:
        starts.extend(m.start() for m in pattern.finditer(text))
    lowered = text.lower()
    for word, exact, pattern in _internal_phrases():
        if word in (text if exact else lowered):
            starts.extend(m.start(1) for m in pattern.finditer(text))
    spans = []
    for start in sorted(set(starts)):
        end_match = _LINE_END.search(text, start)
        end = end_match.start() if end_match else len(text)
        spans.append((start, start + len(text[start:end].rstrip()) if end > start else end))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@register(codes={"hygiene/placeholder": "error"}, data=("common/hygiene",))
def placeholder(ctx):
    """Unfilled template placeholders.

    Flags ``{{first_name}}``, ``{0}``, ``%s``, ``${name}``, ``*|FNAME|*``, ``[CUSTOMER NAME]``,
    ``<insert date>``, ``[namn]``, ``XXX`` and ``____`` left in the reply: the template was sent
    before it was filled in, and the customer sees the raw code.

    Example: "Hej {{first_name}}," — write the customer's name instead ("Hej Anna,"), or drop
    the placeholder ("Hej,").
    """
    spans = placeholder_spans(ctx.reply)
    name = ctx.parts.greeting_name
    if name and name.isupper() and name.casefold() in _placeholder_words() and ctx.parts.greeting:
        at = ctx.reply.find(name, ctx.parts.greeting.start, ctx.parts.greeting.end)
        if at >= 0:  # "Hi NAME," — a keyword in capitals where the name should be
            spans = _merge(spans + [(at, at + len(name))])
    for start, end in spans:
        shown = ctx.reply[start:end]
        yield Finding(
            "hygiene/placeholder",
            "error",
            start,
            end,
            f"Unfilled placeholder {shown!r}: replace it with the real value or remove it.",
        )


@register(codes={"hygiene/internal-note": "error"}, data=("common/hygiene",))
def internal_note(ctx):
    """Internal notes left in the reply.

    Flags "INTERNAL:", "TODO", "FIXME", "note to self", "intern anteckning", "skicka inte",
    "interne Notiz", "ne pas envoyer" and their equivalents in every supported language: text
    meant for colleagues that the customer must not read.

    Example: "INTERNAL: kunden har klagat tre gånger" — delete the note before sending and put
    it in the case's internal comments instead.
    """
    for start, end in internal_note_spans(ctx.reply):
        yield Finding(
            "hygiene/internal-note",
            "error",
            start,
            end,
            "This looks like an internal note meant for colleagues; remove it before sending.",
        )


@register(codes={"hygiene/lorem-ipsum": "error"})
def lorem_ipsum(ctx):
    """Lorem ipsum filler text.

    Flags "Lorem ipsum dolor sit amet…": dummy text from a template or a test that was never
    replaced with the real answer.

    Example: "Lorem ipsum dolor sit amet, consectetur adipiscing elit." — write the real answer.
    """
    spans = []
    for pattern in _common()["lorem"]:
        spans.extend(m.span() for m in pattern.finditer(ctx.reply))
    joined: list[tuple[int, int]] = []
    for start, end in _merge(spans):  # "Lorem ipsum dolor sit amet, consectetur…" is one finding
        if joined and re.fullmatch(r"[\s,.;:]*", ctx.reply[joined[-1][1] : start]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    for start, end in joined:
        yield Finding(
            "hygiene/lorem-ipsum",
            "error",
            start,
            end,
            "Lorem ipsum filler text: replace it with the real answer.",
        )


MIN_PARAGRAPH_WORDS = 4
MIN_SENTENCE_WORDS = 6


@register(codes={"hygiene/repeated-paragraph": "warning", "hygiene/repeated-sentence": "warning"})
def repeated_paragraph(ctx):
    """A paragraph (or a long sentence) that appears twice in the reply.

    Flags the second copy of a paragraph of at least four words (compared ignoring case,
    accents and spacing), and of a sentence of at least six words repeated elsewhere: usually
    a paste that went twice, or two template blocks that overlap.

    Example: the same "Vi har nu registrerat din uppsägning…" paragraph twice — delete the copy.
    """
    seen: dict[str, int] = {}
    flagged: list[tuple[int, int]] = []
    for para in ctx.parts.paragraphs:
        text = ctx.reply[para.start : para.end]
        key = normalise_block(text)
        if len(key.split()) < MIN_PARAGRAPH_WORDS:
            continue
        if key in seen:
            flagged.append((para.start, para.end))
            yield Finding(
                "hygiene/repeated-paragraph",
                "warning",
                para.start,
                para.end,
                "This paragraph repeats an earlier one word for word; delete the copy.",
            )
        else:
            seen[key] = para.start
    seen_sentences: set[str] = set()
    for sentence in ctx.parts.sentences:
        key = normalise_block(ctx.reply[sentence.start : sentence.end])
        if len(key.split()) < MIN_SENTENCE_WORDS:
            continue
        if key in seen_sentences:
            at = bisect.bisect_right(flagged, (sentence.start, len(ctx.reply) + 1)) - 1
            if not (at >= 0 and flagged[at][0] <= sentence.start and sentence.end <= flagged[at][1]):
                yield Finding(
                    "hygiene/repeated-sentence",
                    "warning",
                    sentence.start,
                    sentence.end,
                    "This sentence repeats an earlier one word for word; delete the copy.",
                )
        else:
            seen_sentences.add(key)
