"""What a reply claims about support events: which event, in which state, with which values.

Registers no check; the contradiction checks compare the claims. Event words come from
``data/<lang>/events.yaml``, the events and their relations from ``data/common/events.yaml``,
negation and modality from ``data/<lang>/negation.yaml``, month and weekday names from
``data/<lang>/calendar.yaml``. Offsets are offsets into the reply as given.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from replycheck import langdata
from replycheck.checks import _numbers, _prose
from replycheck.segment import Span
from replycheck.tokens import Token, tokens

MAX_CLAIMS = 200  # claims compared pairwise (a reply has far fewer)
MIN_INNER_STEM = 4  # a stem found inside a compound is at least this long
MIN_MODIFIER = 3  # ... after at least this many letters
MAX_WORD = 60  # longer "words" (a run of one letter, a pasted hash) name no event
_RANGE = re.compile(r"(\d+)\s*[–-]\s*(\d+)")
_YEAR = re.compile(r"[ ,]*(?:[^\W\d_]{1,3}\s+)?((?:19|20)\d\d)\b")  # "3 March 2025", "5 de noviembre de 2024"


@dataclass(frozen=True, slots=True)
class Value:
    """A value in a claim: ``kind`` is amount, date, weekday, time, duration or
    ``count:<lemma>``; ``low`` and ``high`` bound it (equal unless it is a range; a date is
    month * 100 + day, a duration in days); ``unit`` is the currency of an amount or the year
    a date was written with."""

    kind: str
    unit: str
    low: float
    high: float
    start: int
    end: int
    readings: frozenset[float] = frozenset()  # a time's possible readings ("4:30": 4:30 or 16:30)

    def agrees(self, other: "Value") -> bool:
        if self.readings and other.readings:
            return any(abs(a - b) < 1e-6 for a in self.readings for b in other.readings)
        return self.low <= other.high + 1e-6 and other.low <= self.high + 1e-6


@dataclass(frozen=True, slots=True)
class Claim:
    """One clause's claim about one event.

    ``state`` is done, not-done, will, will-not, may or may-not (a modal verb: "you can log in"); ``marks`` are the clause's sentence cues
    (sequence, correction, including, excluding, total) and "other" when the clause names another item; ``others`` the other events the same
    clause names (what a fee or a free service is for).
    """

    event: str
    state: str
    start: int
    end: int
    sentence: Span
    word: tuple[int, int]
    lemma: str  # of the (first) word naming the event
    modifier: str  # a compound's first part before the event stem ("start" in "startavgift")
    values: tuple[Value, ...]
    others: frozenset[str]
    marks: frozenset[str]
    content: frozenset[str] = frozenset()  # lemmas of the clause's other content words
    counts: frozenset[float] = frozenset()  # small numbers in the clause ("twice", "3 times")


@dataclass(frozen=True, slots=True)
class _Entry:
    event: str
    parts: tuple[str, ...]
    gap: bool  # "a … b": the parts may stand apart in the clause


@dataclass(frozen=True, slots=True)
class Relations:
    """``data/common/events.yaml``: which states and events cannot both hold."""

    opposite: frozenset[tuple[str, str]]
    incompatible: tuple[tuple[str, frozenset[str], str, frozenset[str], bool], ...]
    money: frozenset[str]
    same_thing: tuple[frozenset[str], ...]


@lru_cache(maxsize=1)
def relations() -> Relations:
    data = langdata.load("common", "events") or {}
    opposite = set()
    for a, b in data.get("opposite_states") or []:
        opposite |= {(a, b), (b, a)}
    incompatible = tuple(
        (r["a"], frozenset(r["a_states"]), r["b"], frozenset(r["b_states"]), bool(r.get("same_amount")))
        for r in data.get("incompatible") or []
    )
    same = tuple(frozenset(group) for group in data.get("same_thing") or [])
    return Relations(frozenset(opposite), incompatible, frozenset(data.get("money") or []), same)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    entries: tuple[_Entry, ...]
    compounds: bool
    not_events: frozenset[str]
    not_event_prefixes: tuple[str, ...]  # not_events of 6+ letters also block their inflections
    by_first: dict  # an entry's first part -> the entries starting with it
    not_event_phrases: tuple[tuple[str, ...], ...]  # multi-word not_events, as their words
    longest: int  # letters in the longest first part of an entry
    cues: dict  # cue name -> tuple of phrases (lower-case)
    durations: dict
    not_event_firsts: tuple = (frozenset(), ())  # the phrases' first words: (exact ones, prefixes)


def _phrases(words) -> tuple[str, ...]:
    return tuple(str(w).lower() for w in words or [])


@lru_cache(maxsize=None)
def vocabulary(lang: str) -> _Vocabulary | None:
    """The compiled ``data/<lang>/events.yaml`` (``None`` when the language has none)."""
    data = _prose.data(lang, "events")
    if not data:
        return None
    entries = []
    for event, stems in (data.get("events") or {}).items():
        for stem in stems or []:
            stem = str(stem).lower().strip()
            gap = "…" in stem
            parts = tuple(p for p in re.split(r"\s*…\s*|\s+", stem) if p)
            if parts:
                entries.append(_Entry(str(event), parts, gap))
    cues = {
        name: _phrases(data.get(name))
        for name in (
            "future", "including", "excluding", "sequence", "reported", "other", "correction", "total", "generic",
            "infinitive", "future_endings", "progress", "time_limits",
        )
    }
    durations = {str(k).lower(): float(v) for k, v in (data.get("durations") or {}).items()}
    not_events = frozenset(_phrases(data.get("not_events")))
    prefixes = tuple(sorted(n for n in not_events if len(n) >= 6 and " " not in n))
    by_first: dict[str, tuple[_Entry, ...]] = {}
    for entry in entries:
        by_first[entry.parts[0]] = by_first.get(entry.parts[0], ()) + (entry,)
    phrases = tuple(tuple(n.split()) for n in sorted(not_events) if " " in n)
    longest = max((len(e.parts[0]) for e in entries), default=0)
    firsts = {parts[0] for parts in phrases}
    first_words = (frozenset(f for f in firsts if len(f) <= 3), tuple(sorted(f for f in firsts if len(f) > 3)))  # see _part_matches
    return _Vocabulary(
        tuple(entries), bool(data.get("compounds")), not_events, prefixes, by_first, phrases, longest, cues, durations, first_words
    )


def _entries_at(word: str, vocab: "_Vocabulary") -> list[tuple[_Entry, int]]:
    """The entries whose first part matches ``word`` (at its start, or for a one-word stem
    inside a compound), with where the stem starts."""
    if len(word) > MAX_WORD:
        return []
    longest = min(len(word), vocab.longest)
    result = [
        (entry, 0)
        for k in range(1, longest + 1)
        for entry in vocab.by_first.get(word[:k], ())
        if len(entry.parts[0]) > 3 or k == len(word)
    ]
    if vocab.compounds:
        for at in range(MIN_MODIFIER, len(word) - MIN_INNER_STEM + 1):
            rest = word[at:]
            for k in range(MIN_INNER_STEM, min(len(rest), vocab.longest) + 1):
                result += [(entry, at) for entry in vocab.by_first.get(rest[:k], ()) if len(entry.parts) == 1]
    return result


def _part_matches(part: str, word: str) -> bool:
    return word == part if len(part) <= 3 else word.startswith(part)


def _blocked(lows: list[str], vocab: _Vocabulary) -> set[int]:
    """Token indexes that are ``not_events``: single words, and phrases ("carte de crédit")."""
    blocked = {i for i, word in enumerate(lows) if _is_not_event(word, vocab)}
    exact, prefixes = vocab.not_event_firsts
    for i, word in enumerate(lows):
        if word not in exact and not word.startswith(prefixes):
            continue  # no multi-word not_event begins here
        for parts in vocab.not_event_phrases:
            if i + len(parts) <= len(lows) and all(_part_matches(p, lows[i + n]) for n, p in enumerate(parts)):
                blocked.update(range(i, i + len(parts)))
    return blocked


def _is_not_event(word: str, vocab: _Vocabulary) -> bool:
    return word in vocab.not_events or word.startswith(vocab.not_event_prefixes)


@dataclass(frozen=True, slots=True)
class _Match:
    event: str
    first: int  # token indexes
    last: int
    at: int  # where the stem starts inside a compound (0: at the word's start)
    stem_end: int  # where it ends in that word (0 for phrases)
    length: int  # letters matched: the longest match wins
    cover: frozenset[int]  # the tokens the match uses ("a … b" uses a and b, not the words between)

    def overlaps(self, other: "_Match") -> bool:
        shared = self.cover & other.cover
        if not shared:
            return False
        if len(self.cover) == len(other.cover) == 1 and self.stem_end and other.stem_end:
            return self.at < other.stem_end and other.at < self.stem_end  # two stems in one compound
        return True


def event_words(toks: tuple[Token, ...], vocab: _Vocabulary) -> list[tuple[str, int, int, int]]:
    """``(event, first token, last token, stem offset)`` for each event the tokens name (the
    offset is where the stem starts inside a compound, else 0); within one word the longest
    stem wins ("kostnadsfri" is free, not a cost)."""
    lows = [t.low for t in toks]
    blocked = _blocked(lows, vocab)
    found: list[_Match] = []
    for i, word in enumerate(lows):
        if i in blocked:
            continue
        for entry, at in _entries_at(word, vocab):
            first = entry.parts[0]
            if len(entry.parts) == 1:
                found.append(_Match(entry.event, i, i, at, at + len(first), len(first), frozenset({i})))
                continue
            if entry.gap:
                used = [i]
                for part in entry.parts[1:]:
                    k = next((m for m in range(used[-1] + 1, len(lows)) if _part_matches(part, lows[m])), -1)
                    if k < 0:
                        break
                    used.append(k)
                if len(used) == len(entry.parts):
                    found.append(_Match(entry.event, i, used[-1], 0, 0, sum(map(len, entry.parts)), frozenset(used)))
            elif i + len(entry.parts) <= len(lows) and all(_part_matches(p, lows[i + n]) for n, p in enumerate(entry.parts)):
                last = i + len(entry.parts) - 1
                found.append(_Match(entry.event, i, last, 0, 0, sum(map(len, entry.parts)) + 1, frozenset(range(i, last + 1))))
    found.sort(key=lambda m: -m.length)
    kept: list[_Match] = []
    for match in found:
        if not any(match.overlaps(k) for k in kept):
            kept.append(match)
    return sorted({(m.event, m.first, m.last, m.at) for m in kept}, key=lambda x: (x[1], x[0]))


def has_phrase(low_text: str, phrases) -> bool:
    """Whether any phrase stands in ``low_text`` as whole words ("a … b": a, later b)."""
    plain, gapped = _compiled(phrases if isinstance(phrases, (tuple, frozenset)) else tuple(phrases))
    if plain is not None and plain.search(low_text):
        return True
    for parts in gapped:
        pos = 0
        for part in parts:
            match = part.search(low_text, pos)
            if not match:
                break
            pos = match.end()
        else:
            return True
    return False


@lru_cache(maxsize=None)
def _compiled(phrases) -> tuple[re.Pattern | None, tuple[tuple[re.Pattern, ...], ...]]:
    """One pattern for the plain phrases (longest first), and each "a … b" phrase's parts."""
    plain = sorted({p for p in phrases if p and "…" not in p}, key=lambda p: (-len(p), p))
    gapped = []
    for phrase in phrases:
        parts = [p for p in re.split(r"\s*…\s*", phrase) if p] if "…" in phrase else []
        if parts:
            gapped.append(tuple(re.compile(rf"(?<!\w){re.escape(part)}(?!\w)") for part in parts))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, plain)) + r")(?!\w)") if plain else None
    return pattern, tuple(gapped)


def _marks(low_sentence: str, vocab: _Vocabulary) -> frozenset[str]:
    return frozenset(name for name in ("sequence", "correction", "including", "excluding", "total") if has_phrase(low_sentence, vocab.cues[name]))


def _negated(toks: tuple[Token, ...], first: int, last: int, piece_low: str, lang: str, events_at: frozenset[int]) -> bool:
    """Whether the clause denies the event at tokens ``first..last``. "No data is stored on
    the new device" denies the data, not the new device: a negative determiner denies only
    the words right after it, unless those name an event themselves ("no further payments
    will be taken": ``events_at`` are the clause's event-word positions)."""
    negators = _prose.word_set(lang, "negation", "negators")
    determiners = _prose.word_set(lang, "negation", "negative_determiners")
    pairs = [(str(a).lower(), str(b).lower()) for a, b in _prose.data(lang, "negation").get("paired_negators", []) or []]
    if has_phrase(piece_low, _prose.word_set(lang, "negation", "not_negating")):
        return False
    if any(any(t.low == b for t in toks) and a in piece_low for a, b in pairs):
        return True
    for k, tok in enumerate(toks):
        if tok.low not in negators:
            continue
        if tok.low in determiners and not (k < first <= k + 3 or first <= k <= last) and not any(k < e <= k + 3 for e in events_at):
            continue
        return True
    return False


@lru_cache(maxsize=None)
def _month_names(lang: str) -> frozenset[str]:
    return frozenset(str(m).lower() for m in _prose.data(lang, "calendar").get("months", []) or [])


def _state(piece_low: str, toks: tuple[Token, ...], first: int, last: int, lang: str, vocab: _Vocabulary, events_at: frozenset[int]) -> str:
    negated = _negated(toks, first, last, piece_low, lang, events_at)
    if first > 0 and toks[first - 1].low in vocab.cues["infinitive"]:
        return "may-not" if negated else "may"  # "welcome to book again": no claim it happened
    if has_phrase(piece_low, vocab.cues["future"]) or any(
        len(t.low) > len(e) + 3 and t.low.endswith(e) for t in toks for e in vocab.cues["future_endings"]
    ):
        return "will-not" if negated else "will"
    months = _month_names(lang)
    if any(t.low in _prose.word_set(lang, "negation", "modals") and not (t.text[:1].isupper() and t.low in months) for t in toks):
        return "may-not" if negated else "may"
    return "not-done" if negated else "done"


def _values(text: str, sentence: Span, lang: str, lemmas, vocab: _Vocabulary) -> list[Value]:
    """Amounts, dates, weekdays, times and durations in one sentence."""
    found: list[Value] = []
    qs = _numbers.quantities(text, [sentence], lang, lemmas)
    cal = _prose.data(lang, "calendar")
    months = [str(m).lower() for m in cal.get("months", []) or []]
    weekdays = [str(m).lower() for m in cal.get("weekdays", []) or []]
    inflected = bool(cal.get("inflected"))
    words = {str(k).lower(): float(v) for k, v in (_prose.data(lang, "numbers").get("words") or {}).items()}
    toks = tokens(text, sentence)

    def name_index(word: str, names: list[str]) -> int | None:
        return next((i for i, m in enumerate(names) if word == m or (inflected and len(m) > 3 and word.startswith(m))), None)

    used: set[int] = set()
    for tok in toks:
        month = name_index(tok.low, months)
        if month is not None:
            day = next(
                (q for q in qs if q.kind == "number" and 0 < tok.start - q.end <= 3 and q.values & set(map(float, range(1, 32)))),
                None,
            ) or next((q for q in qs if q.kind == "number" and 0 < q.start - tok.end <= 2), None)
            if day is not None:
                d = min(v for v in day.values if v >= 1)
                year = _YEAR.match(text, tok.end)
                found.append(Value("date", year.group(1) if year else "", (month + 1) * 100 + d, (month + 1) * 100 + d, min(day.start, tok.start), max(day.end, tok.end)))
                used.add(day.start)
                if year:
                    used.add(year.start(1))
        weekday = name_index(tok.low, weekdays)
        if weekday is not None:
            found.append(Value("weekday", "", weekday, weekday, tok.start, tok.end))
    for q in qs:
        if q.start in used:
            continue
        if q.kind == "time":
            clocks = frozenset(v for v in q.values if v < 0)  # _numbers.clock(): times of day are negative
            found.append(Value("time", "", min(clocks), max(clocks), q.start, q.end, clocks))
        elif q.kind == "date":
            continue  # numeric dates: day and month order differ between writers
        elif q.unit and q.unit.isupper() and 2 <= len(q.unit) <= 3:
            found.append(Value("amount", q.unit, min(q.values), max(q.values), q.start, q.end, frozenset(q.values)))
        elif q.unit.isalpha() and len(q.unit) >= 4 and q.unit not in vocab.durations and q.values <= set(map(float, range(2, 21))):
            if name_index(q.unit, months) is None and not any(q.unit.startswith(d) for d in vocab.durations if len(d) >= 3):
                found.append(Value("count:" + q.unit, "", min(q.values), max(q.values), q.start, q.end))
    for k, tok in enumerate(toks):
        days = vocab.durations.get(tok.low)
        if days is None or k == 0:
            continue
        before = text[toks[k - 1].end : tok.start]
        number = words.get(toks[k - 1].low)
        span_start = toks[k - 1].start
        rng = _RANGE.search(text, max(sentence.start, tok.start - 16), tok.start)
        if rng and not text[rng.end() : tok.start].strip():
            low, high = float(rng.group(1)), float(rng.group(2))
            span_start = rng.start()
        else:
            digits = re.search(r"(\d+)\s*$", text[max(sentence.start, tok.start - 8) : tok.start])
            if digits:
                low = high = float(digits.group(1))
                span_start = tok.start - len(digits.group(0))
            elif number is not None and not before.strip(" \u00a0"):
                low = high = number
            else:
                continue
        found.append(Value("duration", "", low * days, high * days, span_start, tok.end))
    found += _counted(toks, words, vocab, lang, lemmas)
    return found


def _counted(toks, words: dict[str, float], vocab: _Vocabulary, lang: str, lemmas) -> list[Value]:
    """Counted things ("2 parcels", "drei Pakete") as ``count:<lemma>`` values."""
    found = []
    for k in range(1, len(toks)):
        number = toks[k - 1]
        value = words.get(number.low)
        if value is None or toks[k].start - number.end > 1 or toks[k].low in vocab.durations or len(toks[k].low) < 4:
            continue
        if 2 <= value <= 20:
            found.append(Value("count:" + lemmas.lemma(toks[k].low, lang), "", value, value, number.start, toks[k].end))
    return found


def _content(toks, skip: set[int], lang: str, lemmas, vocab: _Vocabulary) -> frozenset[str]:
    """Lemmas of the words that say what a claim is about (no function, negation, modal,
    number or duration words, none of the event's own words)."""
    ignore = (
        _prose.word_set(lang, "negation", "function_words")
        | _prose.word_set(lang, "negation", "negators")
        | _prose.word_set(lang, "negation", "modals")
        | _prose.word_set(lang, "clauses", "subject_pronouns")
        | frozenset((_prose.data(lang, "numbers").get("words") or {}))
        | frozenset(vocab.durations)
        | frozenset(w for w in vocab.cues["future"] if " " not in w)
    )
    words = set()
    for k, tok in enumerate(toks):
        if k in skip or len(tok.low) < 4 or tok.low in ignore:
            continue
        lemma = lemmas.lemma(tok.low, lang)
        if lemma not in ignore:
            words.add(lemma)
    return frozenset(words)


def _nearest_claim(claims: list[Claim], value: Value) -> int:
    return min(range(len(claims)), key=lambda i: min(abs(value.start - claims[i].word[1]), abs(claims[i].word[0] - value.end)))


def _starts_with(low_text: str, phrases) -> bool:
    return any(re.match(rf"{re.escape(p)}(?!\w)", low_text) for p in phrases if "…" not in p)


def claims(text: str, sentences, lang: str, lemmas, *, questions: bool = False) -> list[Claim]:
    """Every claim the given sentences of ``text`` make. Questions, reported speech and
    sentences that open with a condition ("If the parcel …, we will …") make none; in a
    sentence with a condition later on ("… on Thursday, when the technician comes") every
    clause only says what may happen, with its values.
    With ``questions``, questions count (a customer's "Why was I charged 459 kr?" gives a fact)."""
    vocab = vocabulary(lang)
    if vocab is None:
        return []
    conditionals = _prose.word_set(lang, "negation", "conditionals") - frozenset(vocab.cues["time_limits"])
    result: list[Claim] = []
    for sentence in sentences:
        raw = text[sentence.start : sentence.end]
        low = raw.lower()
        if (raw.rstrip().endswith("?") and not questions) or _starts_with(low, conditionals) or has_phrase(low, vocab.cues["reported"]):
            continue
        marks = _marks(low, vocab)
        pieces = _prose.pieces(text, sentence, lang, lemmas)
        conditional = [p.opener in conditionals or _starts_with(text[p.start : p.end].lower(), conditionals) for p in pieces]
        modals = _prose.word_set(lang, "negation", "modals")
        found: list[Claim] = []
        modal_main = False  # the last main clause has a modal verb: its subordinate clauses too
        for clause in pieces:
            if not clause.subordinate:
                modal_main = any(t.low in modals for t in clause.tokens)
            named = event_words(clause.tokens, vocab)  # a condition's event only "may" happen: its values still count
            if not named:
                continue
            clause_low = text[clause.start : clause.end].lower()
            if has_phrase(clause_low, vocab.cues["generic"]):
                continue  # "returns usually take 5-7 days": how things go, not what happened
            clause_marks = set(marks) | ({"other"} if has_phrase(clause_low, vocab.cues["other"]) else set())
            if has_phrase(clause_low, vocab.cues["time_limits"]):
                clause_marks.add("sequence")  # "until 31 August you can still log in": for a while
            if has_phrase(low, vocab.cues["progress"]):
                clause_marks.add("progress")  # "… has now arrived": the state changed since
            events = frozenset(e for e, *_ in named)
            in_events = {k for _, i, j, _ in named for k in range(i, j + 1)}
            content = _content(clause.tokens, in_events, lang, lemmas, vocab)
            counts = _numbers.small_counts(text[clause.start : clause.end], lang)
            for event, i, j, at in named:
                state = _state(clause_low, clause.tokens, i, j, lang, vocab, frozenset(in_events))
                if (any(conditional) or (clause.subordinate and modal_main)) and state in ("done", "not-done", "will", "will-not"):
                    state = "may-not" if "not" in state else "may"  # "we refund you if …", "we cannot change an order that has shipped"
                word = (clause.tokens[i].start, clause.tokens[j].end)
                modifier = clause.tokens[i].low[:at]
                lemma = lemmas.lemma(clause.tokens[i].low, lang)
                found.append(Claim(event, state, clause.start, clause.end, sentence, word, lemma, modifier, (), events - {event}, frozenset(clause_marks), content, counts))
        if not found:
            continue
        attached: dict[int, list[Value]] = {}
        for value in _values(text, sentence, lang, lemmas, vocab):
            attached.setdefault(_nearest_claim(found, value), []).append(value)
        for k, claim in enumerate(found):
            if k in attached:
                claim = dataclasses.replace(claim, values=tuple(attached[k]))
            result.append(claim)
            if len(result) >= MAX_CLAIMS:
                return result
    return result
