"""Contradictions between the claims a reply makes about support events.

The same event stated done and not done in different words, two events that cannot both
happen (cancelled and renewing), and two values for one event (two refund amounts, two
delivery dates). Claims come from ``checks/_claims.py``; event words from
``data/<lang>/events.yaml``; which states and events exclude each other from
``data/common/events.yaml``.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from functools import lru_cache
from typing import Iterator

from replycheck import segment
from replycheck.checks import _claims, contradiction
from replycheck.checks._claims import Claim
from replycheck.context import Context
from replycheck.model import Finding
from replycheck.registry import register

_UNRELATED = frozenset({"sequence", "correction", "other"})  # cues that two claims may both hold
_PARTS = frozenset({"including", "excluding", "total"})  # what an amount includes
_VALUE_WORDS = {"amount": "amounts", "date": "dates", "weekday": "days", "time": "times", "duration": "durations"}


def _reply_claims(ctx: Context) -> list[Claim]:
    return list(_cached_claims(ctx.reply, ctx.parts.sentences, ctx.lang, ctx.engines.lemmas))


@lru_cache(maxsize=8)
def _cached_claims(reply: str, sentences, lang: str, lemmas) -> tuple[Claim, ...]:
    """The reply's claims, extracted once for the three checks that compare them."""
    return tuple(_claims.claims(reply, sentences, lang, lemmas))


def _flagged_pair(pairs: set, a: Claim, b: Claim) -> bool:
    """Whether these two sentences were already reported as disagreeing (records them if not)."""
    key = (a.sentence, b.sentence)
    if key in pairs:
        return True
    pairs.add(key)
    return False


def _independent(a: Claim, b: Claim) -> bool:
    """True when the two claims may both hold whatever they say: the same clause, or a
    sentence that marks a changed plan, a correction or another item."""
    return (a.start, a.end) == (b.start, b.end) or bool((a.marks | b.marks) & _UNRELATED)


def _kinds(a: Claim, b: Claim) -> list[str]:
    """The kinds of value both claims give, in a fixed order (a date with its year gives a
    weekday too)."""
    kinds = {v.kind for v in a.values} & {v.kind for v in b.values}
    if _weekdays(a) and _weekdays(b):
        kinds.add("weekday")
    return sorted(kinds)


def _weekdays(claim: Claim) -> list[_claims.Value]:
    """The claim's weekdays, and the weekday of each date written with its year."""
    days = [v for v in claim.values if v.kind == "weekday"]
    for v in claim.values:
        if v.kind == "date" and v.unit:
            try:
                weekday = datetime.date(int(v.unit), int(v.low) // 100, int(v.low) % 100).weekday()
            except ValueError:
                continue
            days.append(dataclasses.replace(v, kind="weekday", low=weekday, high=weekday))
    return days


def _values_differ(a: Claim, b: Claim, kind: str) -> bool:
    if kind == "weekday":
        va, vb = _weekdays(a), _weekdays(b)
    else:
        va = [v for v in a.values if v.kind == kind]
        vb = [v for v in b.values if v.kind == kind]
    if not va or not vb:
        return False
    if kind == "amount" and not {v.unit for v in va} & {v.unit for v in vb}:
        return False
    return not any(x.agrees(y) for x in va for y in vb)


def _extent(claim: Claim) -> tuple[int, int]:
    """The claim's clause with its values ("… on 1 July at $12.99")."""
    return claim.start, max([claim.end, *(v.end for v in claim.values)])


def _finding(ctx: Context, code: str, a: Claim, b: Claim, message: str) -> Finding:
    first = ctx.reply[slice(*_extent(a))]
    start, end = _extent(b)
    return Finding(code, "warning", start, end, f"{message} Earlier: '{contradiction._quote(first)}'.", (), _extent(a))


def _taken(findings) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings]


_SPANS: dict = {}  # (which, reply, parts, lang, lemmatiser) -> spans another check already reported


def _reported(ctx: Context, which: str, compute) -> list[tuple[int, int]]:
    """The spans ``compute(ctx)`` reports, computed once per reply: each of these checks
    skips what an earlier one reported, without running it again."""
    key = (which, ctx.reply, ctx.parts, ctx.lang, id(ctx.engines.lemmas))
    spans = _SPANS.get(key)
    if spans is None:  # threads may compute it twice; never read a cleared entry
        spans = tuple(compute(ctx))
        if len(_SPANS) >= 32:
            _SPANS.clear()
        _SPANS[key] = spans
    return list(spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


@register(codes={"contradiction/polarity": "warning"}, data=("events", "negation"))
def event_state(ctx: Context) -> Iterator[Finding]:
    """The reply says an event happened and that it did not, in different words.

    Example: "Ja, vi har nu återbetalat 1 195 kr … Återbetalningen har ännu inte
    genomförts." or "We have refunded the jacket … the refund has not been processed yet."
    The event's words (verbs, nouns, derivations, compounds) come from the language's event
    list, so "refunded" and "the refund" are one event. Questions, conditions, reported
    customer words, another item ("the other order"), a changed plan and a later statement
    that it has happened since ("… has now arrived") are not compared. Decide which
    statement is true and correct the other.
    """
    found = _reply_claims(ctx)
    if len({c.state for c in found}) < 2:
        return
    relations = _claims.relations()
    taken = _reported(ctx, "polarity", lambda c: _taken(contradiction.polarity(c)))
    pairs: set = set()
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.event != b.event or (a.state, b.state) not in relations.opposite or _independent(a, b):
                continue
            if a.start == b.start or _overlaps(taken, b.start, b.end) or _overlaps(taken, a.start, a.end):
                continue
            if a.state == "not-done" and b.state == "done" and "progress" in b.marks:
                continue  # "was not received on time … we have now received it": it happened since
            counted = a.counts != b.counts and (a.lemma == b.lemma or (a.counts and b.counts))
            if counted or any(_values_differ(a, b, kind) for kind in _kinds(a, b)):
                continue  # "not charged twice" and "charged once"; two refunds of different amounts
            if a.lemma == b.lemma and a.content and b.content and not a.content & b.content:
                continue  # "not closed your account" and "closed your old subscription"
            if _flagged_pair(pairs, a, b):
                continue
            taken.append((b.start, b.end))
            yield _finding(ctx, "contradiction/polarity", a, b, "This contradicts an earlier statement about the same thing.")


@register(codes={"contradiction/incompatible": "warning"}, data=("events", "negation"))
def incompatible(ctx: Context) -> Iterator[Finding]:
    """The reply states two things that cannot both happen.

    Example: "I've cancelled your subscription, so you won't be charged again … Your plan
    will renew automatically on 1 July." or "Die Rücksendung ist für Sie kostenlos … Die
    Kosten für die Rücksendung ziehen wir von Ihrer Erstattung ab." Which events exclude
    each other is language-independent data (cancelled/renews, free/a fee for the same thing,
    delivered/still on its way); the words for them come from the language's event list.
    Decide which is true and correct the other.
    """
    found = _reply_claims(ctx)
    if len({c.event for c in found}) < 2:
        return
    taken = _reported(ctx, "event_state", lambda c: _taken(event_state(c)))
    pairs: set = set()
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if _independent(a, b) or _overlaps(taken, b.start, b.end) or a.start == b.start:
                continue
            if any(_excludes(a, b, rule) or _excludes(b, a, rule) for rule in _claims.relations().incompatible):
                if _flagged_pair(pairs, a, b):
                    continue
                taken.append((b.start, b.end))
                yield _finding(ctx, "contradiction/incompatible", a, b, "This cannot be true together with an earlier statement.")


def _excludes(x: Claim, y: Claim, rule) -> bool:
    event_a, states_a, event_b, states_b, same_amount = rule
    if x.event != event_a or y.event != event_b or x.state not in states_a or y.state not in states_b:
        return False
    if same_amount and _values_differ(x, y, "amount"):
        return False
    objects_x, objects_y = x.others - _claims.relations().money, y.others - _claims.relations().money
    return not (objects_x and objects_y and not objects_x & objects_y)  # a fee for something else


def _comparable(a: Claim, b: Claim) -> bool:
    if a.event == b.event or any({a.event, b.event} <= group for group in _claims.relations().same_thing):
        return True
    money = _claims.relations().money
    return "amount" in (a.event, b.event) and a.event in money and b.event in money


@register(codes={"contradiction/value": "warning"}, data=("events", "negation"))
def event_value(ctx: Context) -> Iterator[Finding]:
    """Two different values for one event: amount, date, weekday, time or duration.

    Example: "Vi refunderer 450 kr. inklusive gebyr … Beløbet på 395 kr. overføres." or
    "leveranstiden är 6–8 veckor … leverans inom tre veckor". A range holds every value in
    it. A changed plan ("now moved to 6 May"), a correction ("not 10 but 12"), another item,
    a total beside its parts and an amount "including" beside one "excluding" the fee are no
    contradictions, and a compound names its own thing ("startavgift" is not the monthly
    fee). Check which value is right and use it everywhere.
    """
    found = [c for c in _reply_claims(ctx) if c.values]
    if len(found) < 2:
        return
    taken = [(f.start, f.end) for f in (*contradiction.value(ctx), *contradiction.time_value(ctx)) if f.severity != "info"]
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.sentence == b.sentence or not _comparable(a, b) or _independent(a, b) or a.modifier != b.modifier:
                continue
            kinds = _differing_kinds(a, b)
            if not kinds:
                continue
            value = next(v for v in (_weekdays(b) if kinds[0] == "weekday" else b.values) if v.kind == kinds[0])
            if _overlaps(taken, value.start, value.end):
                continue
            other = next(v for v in (_weekdays(a) if kinds[0] == "weekday" else a.values) if v.kind == kinds[0])
            taken.append((value.start, value.end))
            yield Finding(
                "contradiction/value",
                "warning",
                value.start,
                value.end,
                f"Two different {_VALUE_WORDS.get(kinds[0], 'numbers')} for the same thing: '{ctx.reply[value.start:value.end]}' here, "
                f"but '{ctx.reply[other.start:other.end]}' earlier ('{contradiction._quote(ctx.reply[a.start:a.end])}').",
                (ctx.reply[other.start : other.end],),
                (other.start, other.end),
            )


def _differing_kinds(a: Claim, b: Claim) -> list[str]:
    """The kinds of value on which two claims disagree. Amounts do not, when one is a total
    and the other is not, or one says "including" and the other "excluding"."""
    parts_a, parts_b = a.marks & _PARTS, b.marks & _PARTS
    parts_apart = parts_a != parts_b and ("total" in parts_a | parts_b or (parts_a and parts_b))
    return [k for k in _kinds(a, b) if _values_differ(a, b, k) and not (k == "amount" and parts_apart)]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _slipped(a: str, b: str, lengths_differ: bool) -> bool:
    """One digit changed or two neighbours swapped ("459"/"499", "12"/"21"), or with
    ``lengths_differ`` one added or dropped (a day "3"/"13"): how a number is mistyped."""
    if a == b or not a or not b:
        return False
    if len(a) != len(b) and lengths_differ:
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        return len(longer) == len(shorter) + 1 and any(longer[:k] + longer[k + 1 :] == shorter for k in range(len(longer)))
    return contradiction._one_slip(a, b)


@register(codes={"contradiction/customer-fact": "warning"}, needs=("customer",), data=("events", "negation"))
def customer_fact(ctx: Context) -> Iterator[Finding]:
    """The reply restates an amount or a date the customer gave, mistyped.

    Example: the customer writes "I was charged £459" and the reply says "you paid £499", or
    the customer's appointment "on 12 September" becomes "your appointment on 21 September".
    Compared: values of the same kind (an amount in the same currency, a date in the same
    month) on the same event or on two money events, where the reply's number is the
    customer's with one digit changed or two swapped (a day also with one digit added or
    dropped), and the reply does not also give the customer's value. Use the customer's
    value, or say why it differs.
    """
    clang = ctx.customer_language.code if ctx.customer_language and ctx.customer_language.is_known else ctx.lang
    reply_claims = _reply_claims(ctx)
    if ctx.customer_parts is None or _claims.vocabulary(clang) is None or not any(c.values for c in reply_claims):
        return
    customer = segment.with_sentences(ctx.customer_parts, clang)
    given = [c for c in _claims.claims(ctx.customer, customer.sentences, clang, ctx.engines.lemmas, questions=True) if c.values]
    if not given:
        return
    flagged: set[int] = set()
    restated = [v for c in reply_claims for v in c.values]
    for claim in reply_claims:
        if not claim.values or claim.marks & _UNRELATED:
            continue
        for theirs in given:
            if not _comparable(claim, theirs) and not (claim.event in _claims.relations().money and theirs.event in _claims.relations().money):
                continue
            for kind in ("amount", "date"):
                ours = [v for v in claim.values if v.kind == kind]
                told = [v for v in theirs.values if v.kind == kind]
                if not ours or not told or any(x.agrees(y) for x in ours for y in told):
                    continue
                for value in ours:
                    match = next(
                        (
                            t for t in told
                            if (t.unit == value.unit or kind == "date") and _same_month(t, value, kind)
                            and not any(r.kind == kind and r.agrees(t) for r in restated)  # "£59 of the £459"
                            and _slipped(_digits(_day(ctx.customer, t, kind)), _digits(_day(ctx.reply, value, kind)), kind == "date")
                        ),
                        None,
                    )
                    if match is None or value.start in flagged:
                        continue
                    flagged.add(value.start)
                    theirs_text = ctx.customer[match.start : match.end]
                    yield Finding(
                        "contradiction/customer-fact",
                        "warning",
                        value.start,
                        value.end,
                        f"The customer wrote '{theirs_text}', the reply says '{ctx.reply[value.start:value.end]}'.",
                        (theirs_text,),
                    )


def _same_month(a, b, kind: str) -> bool:
    return kind != "date" or int(a.low) // 100 == int(b.low) // 100


def _day(text: str, value, kind: str) -> str:
    """The digits to compare: an amount's, or a date's day number."""
    written = text[value.start : value.end]
    if kind == "date":
        found = re.search(r"\d{1,2}", written)
        return found.group() if found else ""
    return written
