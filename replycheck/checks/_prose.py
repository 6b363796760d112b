"""Shared helpers for the translation and contradiction checks (registers no check).

Clauses and finite-verb cues, all driven by ``data/<lang>/clauses.yaml`` and
``data/<lang>/negation.yaml``. Words are ``replycheck.tokens`` tokens (letters only); helpers
that need lemmas take the lemmatiser (``ctx.engines.lemmas``) as an argument. Offsets are
always offsets into the reply as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from replycheck import langdata
from replycheck.segment import Span
from replycheck.tokens import Token, tokens

# Punctuation that ends a clause inside a sentence.
# A comma, colon or full stop between two digits is part of a number ("47,12", "12:30").
CLAUSE_PUNCT = re.compile(r"[,:.](?!\d)|(?<!\d)[,:.]|[;()\[\]\"“”„«»–—]|\s-\s|[!?…]")


@dataclass(frozen=True, slots=True)
class Clause:
    """A stretch of a sentence between clause boundaries.

    ``opener`` is the boundary word that started it (lower-case; ``""`` after punctuation or
    at the sentence start) and ``subordinate`` is True when that word is a subjunction.
    """

    start: int
    end: int
    tokens: tuple[Token, ...]
    opener: str
    subordinate: bool
    sentence: Span


def data(lang: str, name: str) -> dict:
    """``data/<lang>/<name>.yaml`` as a dict (empty when the language has none)."""
    if not lang or lang == "unknown":
        return {}
    loaded = langdata.load(lang, name)
    return loaded if isinstance(loaded, dict) else {}


@lru_cache(maxsize=None)
def word_set(lang: str, name: str, key: str) -> frozenset[str]:
    """A lower-cased word list from a data file as a set (multi-word entries kept whole)."""
    return frozenset(str(w).lower() for w in data(lang, name).get(key, []) or [])


def is_finite(tokens_: tuple[Token, ...] | list[Token], index: int, lang: str, lemmas) -> bool:
    """Whether ``tokens_[index]`` looks like a finite verb (data list, or a suffix rule
    checked against the lemma: "krediterar" = "kreditera" + "r"; a rule's ``lemma_pattern``
    says what an infinitive looks like, so that "router" -> "route" is no verb)."""
    tok = tokens_[index]
    if tok.low in word_set(lang, "clauses", "finite_verbs"):
        return True
    if tok.low in word_set(lang, "clauses", "not_finite"):
        return False
    determiners = word_set(lang, "clauses", "determiners")
    if (index > 0 and tokens_[index - 1].low in determiners) or (index > 1 and tokens_[index - 2].low in determiners):
        return False  # "en oplader", "en ny oplader": a noun
    rules = data(lang, "clauses").get("finite_suffix_rules") or []
    if not rules:
        return False
    candidates = [
        (str(r.get("suffix", "")), str(r.get("lemma_suffix", "")), str(r.get("lemma_pattern", ".*")))
        for r in rules
        if tok.low.endswith(str(r.get("suffix", ""))) and len(tok.low) > len(str(r.get("suffix", ""))) + 2
    ]
    if not candidates:
        return False
    base = lemmas.lemma(tok.low, lang)
    return base != tok.low and any(
        tok.low[: len(tok.low) - len(suffix)] + tail == base and re.fullmatch(pattern, base)
        for suffix, tail, pattern in candidates
    )


def sentence_regions(ctx) -> list[Span]:
    """The reply's own prose sentences (greeting, body, sign-off; no quotes or signature)."""
    return list(ctx.parts.sentences)


def clauses(text: str, sentence: Span, lang: str) -> list[Clause]:
    """Cut one sentence into clauses at punctuation, conjunctions and subjunctions.

    The second word of a paired conjunction ("varken … eller", "weder … noch") does not cut.
    """
    cfg = data(lang, "clauses")
    coords = word_set(lang, "clauses", "coordinators")
    subs = word_set(lang, "clauses", "subordinators")
    pairs = {}
    for pair in cfg.get("paired", []) or []:
        if len(pair) == 2:
            pairs.setdefault(str(pair[1]).lower(), set()).add(str(pair[0]).lower())
    result: list[Clause] = []
    current: list[Token] = []
    opener, subordinate = "", False
    cursor = sentence.start

    def close(end: int) -> None:
        if current:
            result.append(Clause(current[0].start, current[-1].end, tuple(current), opener, subordinate, sentence))

    for tok in tokens(text, sentence):
        gap = text[cursor : tok.start]
        cursor = tok.end
        if current and CLAUSE_PUNCT.search(gap):
            close(tok.start)
            current, opener, subordinate = [], "", False
        paired_first = pairs.get(tok.low)
        if paired_first and any(t.low in paired_first for t in current):
            current.append(tok)
            continue
        if tok.low in coords or tok.low in subs:
            if current:
                close(tok.start)
            current, opener, subordinate = [], tok.low, tok.low in subs
            continue
        current.append(tok)
    close(sentence.end)
    return result


def split_fused(clause: Clause, lang: str, lemmas) -> tuple[int, int] | None:
    """If ``clause`` holds two main clauses run together, ``(i, j)``: the token indexes of the
    two finite verbs. The first clause must open like a main clause (a subject pronoun and a
    finite verb within its first three words); at least two words stand between the verbs;
    no verb or adjective that takes a bare "that"-clause ("tror", "hope", "sorry") sits
    between them."""
    if clause.subordinate:
        return None
    toks = clause.tokens
    pronouns = word_set(lang, "clauses", "subject_pronouns")
    heads = word_set(lang, "clauses", "complement_heads")
    if not pronouns and not data(lang, "clauses").get("pro_drop"):
        return None
    first = next((k for k in range(min(3, len(toks))) if is_finite(toks, k, lang, lemmas)), None)
    if first is None and len(toks) > 2 and toks[0].low in word_set(lang, "clauses", "v2_pronouns"):
        first = 1  # "Wir haben …": the word after a clause-initial subject is the finite verb
    pro_drop = bool(data(lang, "clauses").get("pro_drop"))
    if first is None or not (pro_drop or any(t.low in pronouns for t in toks[: first + 2])):
        return None
    verb_chain = word_set(lang, "clauses", "nonfinite_after")
    for j in range(first + 3, len(toks)):
        if toks[j - 1].low in verb_chain:
            continue  # "du vil ikke bli belastet": a participle after an auxiliary, no new clause
        if is_finite(toks, j, lang, lemmas):
            if any(t.low in heads for t in toks[first:j]):
                return None
            return first, j
    return None


def fused_cut(clause: Clause, i: int, j: int, lang: str) -> int:
    """Token index where the second of two fused clauses most likely begins: at a negation
    word between the verbs ("… er | varken leverans eller …"), else right before the second
    verb's subject (one word before it)."""
    negators = word_set(lang, "negation", "negators")
    for k in range(i + 1, j):
        if clause.tokens[k].low in negators:
            return k
    pronouns = word_set(lang, "clauses", "subject_pronouns")
    if clause.tokens[j - 1].low in pronouns:
        return j - 1
    return max(i + 1, j - 1)


def _sub_clause(clause: Clause, lo: int, hi: int) -> Clause:
    toks = clause.tokens[lo:hi]
    first = lo == 0
    return Clause(toks[0].start, toks[-1].end, toks, clause.opener if first else "", clause.subordinate if first else False, clause.sentence)


def pieces(text: str, sentence: Span, lang: str, lemmas) -> list[Clause]:
    """The sentence's clauses, with two main clauses run together cut apart ("vi krediterar
    er | varken leverans eller kreditering har skett")."""
    result: list[Clause] = []
    for clause in clauses(text, sentence, lang):
        fused = split_fused(clause, lang, lemmas)
        if fused:
            cut = fused_cut(clause, *fused, lang)
            result += [_sub_clause(clause, 0, cut), _sub_clause(clause, cut, len(clause.tokens))]
        else:
            result.append(clause)
    return result
