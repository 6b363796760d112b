"""Numbers, amounts, dates and times found in a text, with every value they may stand for.

"1,249" may be 1249 or 1.249 and "45,90" is 45.9: a quantity keeps all readings, so the
reply and its source agree when any reading agrees. Currency words and symbols come from
``data/common/currencies.yaml``; month names from ``data/<lang>/calendar.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from replycheck import langdata
from replycheck.checks import _prose
from replycheck.tokens import tokens

# Shapes, not language knowledge.
_DATE = re.compile(r"(?<![\w.,:/-])(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(?![\w/-]|[.,]\d)")
_TIME = re.compile(r"(?<![\w.,:])([01]?\d|2[0-3])([:.])([0-5]\d)(?!\d)(?:\s*([ap])\.?m\.?\b)?(?![.,:]\d)", re.I)
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
    r"(?:(?:st|nd|rd|th|er|re|e|ème|º|ª|:e|:a)\b)?(?![\w]|[.,]\d)"  # ordinals: 1st, 1er, 1:a
)
_AFTER = re.compile(r"\s?([€$£%]|[^\W\d_]+\.?)")
_BEFORE = re.compile(r"([€$£]|\b[A-Za-z]{2,3})\.?\s?$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number-like expression: its span, text, possible values, unit and kind."""

    start: int
    end: int
    text: str
    values: frozenset[float]
    unit: str  # ISO currency code, "PCT", a lower-cased unit word, or ""
    kind: str  # "number", "date" or "time"

    def matches(self, values: set[float]) -> bool:
        return any(_close(v, w) for v in self.values for w in values)


def clock(hour: int, minute: int) -> float:
    """A time of day as one value that no ordinary number has (16:30 -> -1630)."""
    return -float(hour * 100 + minute) - 0.5


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


@lru_cache(maxsize=1)
def currencies() -> dict[str, str]:
    data = langdata.load("common", "currencies") or {}
    return {str(k).lower(): str(v) for k, v in (data.get("currencies") or {}).items()}


def _number_values(token: str) -> set[float]:
    """Every value a written number may have ("1,249" -> {1249, 1.249})."""
    compact = re.sub(r"[ \u00a0\u202f]", "", token)
    if compact != token:  # "1 249" or "1 249,50": spaces group thousands
        return _number_values(compact) if re.search(r"[.,]", compact) else {float(compact)}
    seps = re.findall(r"[.,]", compact)
    if not seps:
        return {float(compact)}
    if len(set(seps)) == 2:  # "1,249.50" / "1.249,50": the last one is the decimal mark
        decimal = seps[-1]
        thousands = "," if decimal == "." else "."
        try:
            return {float(compact.replace(thousands, "").replace(decimal, "."))}
        except ValueError:
            return set()
    sep = seps[0]
    groups = compact.split(sep)
    values: set[float] = set()
    if len(groups) == 2:
        values.add(float(f"{groups[0]}.{groups[1]}"))
    if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
        values.add(float("".join(groups)))
    if not values:  # "1.2.3": read each part
        values = {float(g) for g in groups if g}
    return values


def _unit_after(text: str, end: int, lang: str, lemmas) -> str:
    match = _AFTER.match(text, end)
    if not match:
        return ""
    word = match.group(1).lower()
    cur = currencies()
    if word in cur:
        return cur[word]
    if word.rstrip(".") in cur:
        return cur[word.rstrip(".")]
    if word[:1].isalpha():
        return lemmas.lemma(word.rstrip("."), lang)
    return ""


def _unit_before(text: str, start: int) -> str:
    match = _BEFORE.search(text[max(0, start - 5) : start])
    if not match:
        return ""
    return currencies().get(match.group(1).lower(), "")


@lru_cache(maxsize=64)
def clock_cues(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """Words that make a bare number a time of day: before it ("kl.") and after it ("Uhr")."""
    cues = _prose.data(lang, "numbers").get("clock") or {}
    def norm(words) -> frozenset[str]:
        return frozenset(str(w).lower().rstrip(".") for w in words or [])
    return norm(cues.get("before")), norm(cues.get("after"))


def clock_span(text: str, start: int, end: int, lang: str) -> tuple[int, int] | None:
    """The span of the number at ``start:end`` with its clock word ("kl. 10", "10 Uhr"), or None."""
    before, after = clock_cues(lang)
    previous = re.search(r"([^\W\d_]+)\.?\s*$", text[max(0, start - 20) : start])
    if previous and previous.group(1).lower() in before:
        return start - len(previous.group(0)), end
    following = re.match(r"\s*([^\W\d_]+)", text[end : end + 20])
    if following and following.group(1).lower() in after:
        return start, end + following.end()
    return None


def _clock_hour(text: str, match: re.Match, lang: str) -> int | None:
    """The hour of a whole number written as a time of day with a clock word, else None."""
    if not match.group(1).isdigit() or len(match.group(1)) > 2 or int(match.group(1)) > 24:  # int() of 5,000 digits raises
        return None
    return int(match.group(1)) if clock_span(text, match.start(), match.end(), lang) else None


def quantities(text: str, regions, lang: str, lemmas) -> list[Quantity]:
    """Every date, time and number inside ``regions`` (spans of ``text``); ``lemmas`` (the
    lemmatiser) gives the lemma of a unit word after a number ("3 dagar" -> "dag")."""
    found: list[Quantity] = []
    for region in regions:
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        for match in _DATE.finditer(text, region.start, region.end):
            parts = [match.group(1), match.group(3), match.group(4)]
            if match.group(2) == "." and len(parts[0]) == 4:
                continue
            values = frozenset(float(p) for p in parts)
            found.append(Quantity(match.start(), match.end(), match.group(), values, "", "date"))
            taken.append((match.start(), match.end()))
        for match in _TIME.finditer(text, region.start, region.end):
            if not free(match.start(), match.end()):
                continue
            hour, minute = int(match.group(1)), int(match.group(3))
            if match.group(2) == "." and not match.group(4):
                continue  # "14.30" without am/pm: read as a number below (with both readings)
            hours = {hour}
            if match.group(4):
                hours = {hour % 12 + (12 if match.group(4).lower() == "p" else 0)}
            elif hour < 12:
                hours = {hour, hour + 12}  # "4:30" may be 16:30 in English
            values = frozenset(clock(h, minute) for h in hours)
            found.append(Quantity(match.start(), match.end(), match.group(), values, "", "time"))
            taken.append((match.start(), match.end()))
        for match in _NUMBER.finditer(text, region.start, region.end):
            if not free(match.start(), match.end()):
                continue
            token = match.group(1)
            try:
                values = frozenset(_number_values(token))
            except ValueError:
                continue
            time_like = re.fullmatch(r"([01]?\d|2[0-3])\.([0-5]\d)", token)
            if time_like:  # "14.30" may be half past two
                values = values | {clock(int(time_like.group(1)), int(time_like.group(2)))}
            unit = _unit_before(text, match.start()) or _unit_after(text, match.end(), lang, lemmas)
            hour = _clock_hour(text, match, lang)
            if hour is not None:  # "klockan 10", "10 Uhr": a time of day, still also the number
                values = values | {clock(hour, 0)}
                found.append(Quantity(match.start(), match.end(), token, values, "", "time"))
                continue
            found.append(Quantity(match.start(), match.end(), token, values, unit, "number"))
    return sorted(found, key=lambda q: q.start)


def month_values(text: str, regions, lang: str) -> list[tuple[int, int, float]]:
    """Month names next to a number ("15 mars", "March 15"), as ``(start, end, month)``."""
    cal = _prose.data(lang, "calendar")
    months = [str(m).lower() for m in cal.get("months", []) or []]
    if not months:
        return []
    inflected = bool(cal.get("inflected"))
    result = []
    for region in regions:
        for tok in tokens(text, region):
            index = next(
                (i for i, m in enumerate(months) if tok.low == m or (inflected and tok.low.startswith(m))),
                None,
            )
            if index is None:
                continue
            around = text[max(region.start, tok.start - 6) : min(region.end, tok.end + 6)]
            if re.search(r"\d", around):
                result.append((tok.start, tok.end, float(index + 1)))
    return result


def small_counts(text: str, lang: str) -> frozenset[float]:
    """Small numbers (2-99, digits or number words) in a statement: "not twice" is not "not once"."""
    words = {str(k).lower(): float(v) for k, v in (_prose.data(lang, "numbers").get("words") or {}).items()}
    values = {float(m) for m in re.findall(r"(?<![\d.,])\d{1,2}(?!\d|[.,]\d)", text)}
    values |= {words[t.low] for t in tokens(text) if t.low in words}
    return frozenset(v for v in values if 2 <= v < 100)


def word_values(text: str, regions, lang: str) -> set[float]:
    """Values of number words ("fem" -> 5) inside ``regions``."""
    words = (_prose.data(lang, "numbers").get("words") or {})
    words = {str(k).lower(): float(v) for k, v in words.items()}
    values = set()
    for region in regions:
        for tok in tokens(text, region):
            if tok.low in words:
                values.add(words[tok.low])
    return values


def localise(number_text: str, lang: str) -> str:
    """Write a source number with ``lang``'s decimal mark ("45.90" -> "45,90" in Swedish)."""
    decimal = str(_prose.data(lang, "numbers").get("decimal", "."))
    match = re.fullmatch(r"(\d+)[.,](\d{1,2})", number_text)
    if match:
        return f"{match.group(1)}{decimal}{match.group(2)}"
    return number_text
