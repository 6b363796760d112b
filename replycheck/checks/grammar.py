"""Grammar: LanguageTool's grammar rules, plus replycheck's own rules where it is thin.

LanguageTool's rule switches per language live in ``data/<lang>/languagetool.yaml``
(rules that are noise in support e-mail are off or downgraded to ``info``). replycheck's
own rules are data in ``data/<lang>/grammar.yaml``: supine/participle confusion ("har
orsakad"), verb-second word order after a fronted adverbial ("I morgon vi skickar"), and
gender agreement of determiners ("ditt beställning", "den nya lösenordet").
"""

from __future__ import annotations

import re
from functools import lru_cache

from replycheck.checks import _prose
from replycheck.checks.spelling import (
    damaged,
    foreign_sentences,
    in_formula,
    languagetool_matches,
    masked,
)
from replycheck.model import Finding
from replycheck.registry import register


def _slug(rule_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", rule_id.lower()).strip("-") or "rule"


@register(codes={"grammar/lt-*": "warning"}, needs=("languagetool",), data=("languagetool",))
def languagetool(ctx):
    """Grammar mistakes found by LanguageTool (agreement, verb forms, word choice, ...).

    Flags ``grammar/lt-<rule-id>`` with LanguageTool's explanation and at most three
    corrections, e.g. German "Bitte prüfen Sie den Verbindung" -> "die Verbindung".
    Typography, whitespace, casing and style rules are off or ``info`` (see
    ``data/<lang>/languagetool.yaml``); the greeting, sign-off and signature, quoted
    text, placeholders and sentences in another language are not checked. Apply the
    suggestion or rephrase the sentence.
    """
    settings = ctx.languagetool.settings
    matches = languagetool_matches(ctx)
    foreign = foreign_sentences(ctx, matches)
    text = ctx.reply
    for match in matches:
        if match.is_spelling or match.end <= match.start:
            continue
        start, end = match.start, match.end
        if (
            in_formula(ctx, start, end)
            or damaged(text, start, end)
            or any(s.start <= start < s.end for s in foreign)
            or _placeholder(ctx, start, end)
        ):
            continue
        yield Finding(
            f"grammar/lt-{_slug(match.rule_id)}",
            settings.severity(match),
            start,
            end,
            match.message,
            match.replacements[:3],
        )


def _placeholder(ctx, start: int, end: int) -> bool:
    """True when the match touches masked text other than plain numbers."""
    if not masked(ctx, start, end):
        return False
    return any(not (ch.isdigit() or ch.isspace() or ch in ".,:-/+") for ch in ctx.reply[start:end])


# ----------------------------------------------------------------------------------------
# replycheck's own rules (data/<lang>/grammar.yaml)
# ----------------------------------------------------------------------------------------
def _alternation(items) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=None)
def _supine_pattern(auxiliaries: tuple, between: tuple, endings: tuple) -> re.Pattern:
    return re.compile(
        rf"\b(?:{_alternation(auxiliaries)})(?:\s+(?:{_alternation(between)}))*\s+"
        rf"(?P<word>\w+?(?:{_alternation(endings)}))\b",
        re.IGNORECASE,
    )


@register(codes={"grammar/supine": "warning"}, data=("grammar",))
def supine(ctx):
    """A past participle where the supine belongs: Swedish "har orsakad" for "har orsakat".

    Flags ``grammar/supine`` when a perfect-tense auxiliary ("har", "hade", "ha") is
    followed (perhaps after an adverb such as "inte" or "redan") by the participle form
    ("orsakad", "skickad") instead of the supine ("orsakat", "skickat"). A common slip of
    agents and machine translation; it reads as a broken sentence. Write the supine.
    Example: "de besvär detta har orsakad" -> "de besvär detta har orsakat".
    """
    rule = (ctx.data("grammar") or {}).get("supine")
    if not rule:
        return
    endings = {e["participle"]: e["supine"] for e in rule.get("endings", ())}
    pattern = _supine_pattern(tuple(rule["auxiliaries"]), tuple(rule.get("between", ())), tuple(endings))
    exceptions = {w.lower() for w in rule.get("exceptions", ())}
    min_length = int(rule.get("min_length", 6))
    for offset, match in _sentence_matches(ctx, pattern):
        word = match.group("word")
        if word.lower() in exceptions or len(word) < min_length:
            continue
        ending = next(e for e in sorted(endings, key=len, reverse=True) if word.lower().endswith(e))
        fixed = word[: -len(ending)] + endings[ending]
        start = offset + match.start("word")
        yield Finding(
            "grammar/supine", "warning", start, start + len(word),
            f"After “{match.group(0).split()[0]}” use the supine: “{fixed}”, not “{word}”.",
            (fixed,),
        )


@lru_cache(maxsize=None)
def _v2_pattern(fronted: tuple, subjects: tuple, verb: str) -> re.Pattern:
    return re.compile(
        rf"^(?P<front>(?:{_alternation(fronted)}))\s*,?\s+(?P<subject>(?:{_alternation(subjects)}))\s+(?P<verb>{verb})\b",
        re.IGNORECASE,
    )


@register(codes={"grammar/word-order": "warning"}, data=("grammar",))
def word_order(ctx):
    """Verb-second word order broken after a fronted adverbial: "I morgon vi skickar".

    Flags ``grammar/word-order`` in Swedish, Norwegian and Danish when a sentence opens
    with an adverbial ("I morgon", "Tyvärr", "I dag") followed by the subject and then
    the verb. These languages put the finite verb second: "I morgon skickar vi", "Tyvärr
    kan vi inte ...". English word order shows through translation. Swap subject and verb.
    """
    rule = (ctx.data("grammar") or {}).get("word_order")
    if not rule:
        return
    pattern = _v2_pattern(tuple(rule["fronted"]), tuple(rule["subjects"]), rule["verb"])
    text = ctx.parts.masked
    for sentence in ctx.parts.sentences:
        match = pattern.match(text[sentence.start : sentence.end])
        if not match:
            continue
        subject, verb = match.group("subject"), match.group("verb")
        start = sentence.start + match.start("subject")
        end = sentence.start + match.end("verb")
        fixed = f"{verb} {subject.lower() if subject not in ('I',) else subject}"
        yield Finding(
            "grammar/word-order", "warning", start, end,
            f"After “{match.group('front')}” the verb comes second: write “{match.group('front')} {fixed}”.",
            (fixed,),
        )


@register(codes={"grammar/agreement": "warning"}, data=("grammar",))
def agreement(ctx):
    """A determiner of the wrong gender before a noun: Swedish "ditt beställning", "din ärende".

    Flags ``grammar/agreement`` in Swedish, Norwegian and Danish when an article or
    possessive ("en/ett", "din/ditt", "min/mitt", "vår/vårt") is directly followed by a
    noun whose gender is certain: "-ning", "-het", "-tion" nouns are common gender
    ("din beställning"), "-eri", "-um", "-ment" nouns and listed words such as "ärende"
    and "meddelande" are neuter ("ditt ärende").
    A wrong gender is one of the most visible mistakes of non-native agents and machine
    translation. Write the suggested determiner.
    """
    rule = (ctx.data("grammar") or {}).get("agreement")
    if not rule:
        return
    common_of = {str(n).lower(): str(c) for c, n in rule["pairs"]}  # neuter form -> common form
    neuter_of = {str(c).lower(): str(n) for c, n in rule["pairs"]}  # common form -> neuter form
    common_suffixes = tuple(rule.get("common_suffixes", ()))
    neuter_suffixes = tuple(rule.get("neuter_suffixes", ()))
    min_stem = int(rule.get("min_stem", 3))
    exceptions = {w.lower() for w in rule.get("exceptions", ())}
    common_words = {w.lower() for w in rule.get("common_words", ())}
    neuter_words = {w.lower() for w in rule.get("neuter_words", ())}
    pattern = _agreement_pattern(tuple(common_of) + tuple(neuter_of))
    for offset, match in _sentence_matches(ctx, pattern):
        det, noun = match.group("det"), match.group("noun")
        low = noun.lower()
        if low in exceptions:
            continue
        key = det.lower()
        is_common = low in common_words or (
            _ends(low, common_suffixes, min_stem) and not _ends(low, neuter_suffixes, min_stem) and low not in neuter_words
        )
        is_neuter = low in neuter_words or (
            _ends(low, neuter_suffixes, min_stem) and not _ends(low, common_suffixes, min_stem) and low not in common_words
        )
        wanted = None
        if key in common_of and is_common:  # a neuter determiner before a common noun
            wanted = common_of[key]
        elif key in neuter_of and is_neuter:  # a common determiner before a neuter noun
            wanted = neuter_of[key]
        if wanted is None or wanted.lower() == det.lower():
            continue
        yield _determiner_finding(offset, match, wanted, f"“{noun}” does not take “{det}”: write “{{wanted}} {noun}”.")


@register(codes={"grammar/agreement": "warning"}, data=("grammar",))
def definite_agreement(ctx):
    """"den/det" before an adjective and a definite noun of the other gender: "den nya lösenordet".

    Flags ``grammar/agreement`` in Swedish and Norwegian, where the noun's own definite
    ending shows its gender (Swedish "ordern", "varan" are common and "paketet", "kontot"
    neuter; Norwegian "bilen", "boka" and "huset"), so the determiner before the adjective
    must match it: "det nya lösenordet", "den nye bilen". Time phrases where "det" is an
    object ("vi sender det samme dagen") are skipped. Write the suggested determiner.
    """
    rule = (ctx.data("grammar") or {}).get("definite_agreement")
    if not rule:
        return
    common, neuter = str(rule["common"]).lower(), str(rule["neuter"]).lower()
    pattern = _definite_pattern(common, neuter, rule["adjective"])
    common_noun = re.compile(rf"(?:{rule['common_noun']})", re.IGNORECASE)
    neuter_noun = re.compile(rf"(?:{rule['neuter_noun']})", re.IGNORECASE)
    skip = {str(w).lower() for w in rule.get("skip_adjectives", ())} | {str(w).lower() for w in rule.get("skip_nouns", ())}
    not_nouns = _prose.word_set(ctx.lang, "negation", "function_words") | _prose.word_set(ctx.lang, "clauses", "finite_verbs")
    for offset, match in _sentence_matches(ctx, pattern):
        det, adjective, noun = match.group("det"), match.group("adj"), match.group("noun")
        low = noun.lower()
        if adjective.lower() in skip or adjective.lower() in not_nouns or low in skip or low in not_nouns:
            continue
        if len(low) < 4 or noun[:1].isupper():  # "det sørlege Kina": a name keeps its own form
            continue
        if det.lower() == neuter and common_noun.fullmatch(low) and not neuter_noun.fullmatch(low):
            wanted = common
        elif det.lower() == common and neuter_noun.fullmatch(low) and not common_noun.fullmatch(low):
            wanted = neuter
        else:
            continue
        yield _determiner_finding(
            offset, match, wanted, f"“{noun}” takes “{{wanted}}”, not “{det}”: write “{{wanted}} {adjective} {noun}”."
        )


@lru_cache(maxsize=None)
def _definite_pattern(common: str, neuter: str, adjective: str) -> re.Pattern:
    return re.compile(
        rf"(?<!\w)(?P<det>{common}|{neuter})\s+(?P<adj>{adjective})\s+(?P<noun>\w+)\b", re.IGNORECASE
    )


def _sentence_matches(ctx, pattern: re.Pattern):
    """``(sentence start, match)`` for every match of ``pattern`` in the reply's masked sentences."""
    text = ctx.parts.masked
    for sentence in ctx.parts.sentences:
        for match in pattern.finditer(text[sentence.start : sentence.end]):
            yield sentence.start, match


def _determiner_finding(offset: int, match: re.Match, wanted: str, message: str) -> Finding:
    """``grammar/agreement`` on the match's ``det`` group: write ``wanted`` (same case) instead.
    ``message`` may name ``{wanted}``."""
    det = match.group("det")
    if det[:1].isupper():
        wanted = wanted[:1].upper() + wanted[1:]
    start = offset + match.start("det")
    return Finding(
        "grammar/agreement", "warning", start, start + len(det), message.format(wanted=wanted), (wanted,)
    )


def _ends(word: str, suffixes: tuple, min_stem: int) -> bool:
    return any(word.endswith(s) and len(word) - len(s) >= min_stem for s in suffixes)


@lru_cache(maxsize=None)
def _agreement_pattern(determiners: tuple) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?P<det>{_alternation(determiners)})\s+(?P<noun>\w+)\b", re.IGNORECASE)
