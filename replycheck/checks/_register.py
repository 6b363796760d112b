"""Whole-sentence register rewrites (registers no check): a sentence in the familiar form of
address rewritten in the polite one, or back, with pronouns, possessives, reflexives and
finite verbs agreeing ("Bitte überprüfe dein Bankkonto" -> "Bitte überprüfen Sie Ihr
Bankkonto"; "Wenn du Fragen hast" -> "Wenn Sie Fragen haben").

Driven by the ``rewrite`` table of ``data/<lang>/formality.yaml`` (one entry per target
register, ``formal`` or ``informal``). A verb's new form is a candidate built from the
data's endings, stem vowels or irregular table, kept only when the lexicon lists it with the
wanted features and the lemmatiser gives it the verb's lemma. When any word of the sentence
cannot be rewritten with confidence the answer is ``None``: never a half-rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass

from replycheck.checks import _prose
from replycheck.tokens import Token, tokens

_FINITE = ("VERB", "AUX")


@dataclass(frozen=True, slots=True)
class Tools:
    """What a rewrite reads: the language, its lexicon and the lemmatiser."""

    lang: str
    lexicon: object
    lemmas: object


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` of the reply by ``text``."""

    start: int
    end: int
    text: str


class _Unsure(Exception):
    """Some word of the sentence cannot be rewritten with confidence."""


def rewrite(text: str, sentence, rule: dict, tools: Tools, must_change: set[int]) -> str | None:
    """``text[sentence]`` in the target register of ``rule`` (one ``rewrite`` entry), or
    ``None`` when unsure. ``must_change`` holds the start offsets of words the caller found in
    the other register: each must be rewritten, else there is no suggestion."""
    edits: list[Edit] = []
    sentence_start = next((t.start for t in tokens(text, sentence)), sentence.start)
    question = text[sentence.start : sentence.end].rstrip().endswith("?")
    clauses = _prose.clauses(text, sentence, tools.lang)
    try:
        for index, clause in enumerate(clauses):
            # "Haben Sie Fragen, melden Sie sich": a verb-first clause before a comma and another
            # one is a condition; joined by "und" ("Sammeln Sie … und setzen Sie …") both are imperatives
            after = clauses[index + 1] if index + 1 < len(clauses) else None
            condition = after is not None and not after.opener and _verb_first_subject(after, rule, tools)
            edits += _clause_edits(text, clause, rule, tools, sentence_start, question or condition or _statement_after(clauses, index, rule))
    except _Unsure:
        return None
    if not edits or not all(any(e.start <= s < max(e.end, e.start + 1) for e in edits) for s in must_change):
        return None
    start, end = sentence.start, sentence.end
    while end > start and text[end - 1].isspace():
        end -= 1
    out, cursor = [], start
    for edit in sorted(edits, key=lambda e: e.start):
        out += [text[cursor : edit.start], edit.text]
        cursor = edit.end
    out.append(text[cursor:end])
    return "".join(out)


# -- one clause --------------------------------------------------------------------------------
def _clause_edits(text: str, clause, rule: dict, tools: Tools, sentence_start: int, not_imperative: bool) -> list[Edit]:
    toks = clause.tokens
    initial = {k for k, t in enumerate(toks) if t.start == sentence_start}
    subjects = [k for k, t in enumerate(toks) if _is(t, rule["subjects"], rule)]
    if any(k in initial for k in subjects) and rule.get("case_sensitive"):
        raise _Unsure  # "Sie" opening a sentence may be "they"
    others = {str(w).lower() for w in rule.get("other_subjects") or ()}
    if subjects and rule.get("objects") and (
        _infinitive_clause(clause, rule, tools, sentence_start)
        or any(t.low in others for t in toks)
        or all(k and _preposition(toks[k - 1], tools) for k in subjects)
    ):
        subjects = []  # "Wir rufen Sie an", ", Sie bald wieder zu sehen", "an Sie": an object
    edits: list[Edit] = []
    reader = False  # the clause's subject is the reader (so an object pronoun is reflexive)
    verb_at: set[int] = set()
    imperative = _imperative_at(toks, rule, tools, initial, not_imperative)
    subject_after = (rule.get("imperative") or {}).get("subject_after")
    if imperative is not None and subject_after:
        try:
            _imperative(text, toks, imperative, rule, tools, initial)
        except _Unsure:  # "…, müssen Sie Banken besuchen": no imperative form, so a statement
            imperative = None
    if imperative is not None:
        reader = True
        edits += _imperative(text, toks, imperative, rule, tools, initial)
        verb_at.add(imperative)
        subjects = [k for k in subjects if not (subject_after and k == imperative + 1)]  # the polite imperative's "Sie"
    elif subjects:
        if len(subjects) > 1:
            raise _Unsure
        reader = True
        k = subjects[0]
        f = _finite_of(toks, k, clause, rule, tools, initial)
        edits.append(Edit(toks[f].start, toks[f].end, _case(_verb_form(toks[f].low, rule, tools), toks[f], f in initial)))
        verb_at.add(f)
        edits.append(Edit(toks[k].start, toks[k].end, _case(str(rule["subject_to"]), toks[k], k in initial)))
    elif rule["verb"].get("distinct"):  # "Wenn Sie Fragen hast": the subject is right, the verb is not
        target = [k for k, t in enumerate(toks) if t.text == rule["subject_to"] and k not in initial]
        familiar = [k for k, t in enumerate(toks) if _finite_reading(t, rule["verb"]["from"], tools, only=True)]
        if len(target) == 1 and familiar:
            f = _finite_of(toks, target[0], clause, rule, tools, initial)
            edits.append(Edit(toks[f].start, toks[f].end, _case(_verb_form(toks[f].low, rule, tools), toks[f], f in initial)))
            verb_at.add(f)
            reader = True
    if subjects and imperative is not None:
        raise _Unsure
    pronouns = _prose.word_set(tools.lang, "clauses", "subject_pronouns")
    if not subjects and imperative is None and not verb_at and toks and not clause.subordinate:
        first = toks[0]
        if first.text.islower() and _finite_reading(first, rule["verb"]["from"], tools) and not any(
            a.pos in ("DET", "PRON") for a in tools.lexicon.lookup(first.low)
        ) and not any(t.low in pronouns and not _is(t, rule["subjects"], rule) for t in toks):
            raise _Unsure  # "…, eliminieren ihn und gehen …": the subject left out, the verb agrees with it
    for k, tok in enumerate(toks):
        if k in verb_at or k in subjects or (imperative is not None and k == imperative + 1 and subject_after):
            continue
        if rule["verb"].get("distinct") and _finite_reading(tok, rule["verb"]["from"], tools, only=True):
            raise _Unsure  # a familiar verb with no subject here ("und prüfst"): leave it to a human
        reflexive = rule.get("reflexive") or {}
        if not reader and _is(tok, reflexive, rule) and _infinitive_clause(clause, rule, tools, sentence_start):
            raise _Unsure  # ", sich die Rechnung anzusehen": whose "sich" depends on the main clause
        if reader and _is(tok, reflexive, rule):
            edits.append(Edit(tok.start, tok.end, _case(_reflexive(toks, tok, rule, tools), tok, k in initial)))
        elif _is(tok, rule.get("objects") or {}, rule):
            edits.append(Edit(tok.start, tok.end, _case(_lookup(rule["objects"], tok, rule), tok, k in initial)))
        elif _is(tok, rule.get("words") or {}, rule):
            if k in initial and rule.get("case_sensitive"):
                raise _Unsure  # "Ihre" opening a sentence may be "her" or "their"
            edits.append(Edit(tok.start, tok.end, _case(_lookup(rule["words"], tok, rule), tok, k in initial)))
    return edits


def _is(tok: Token, words, rule: dict) -> bool:
    if rule.get("case_sensitive"):
        return tok.text in words
    return tok.low in {str(w).lower() for w in words}


def _lookup(table: dict, tok: Token, rule: dict) -> str:
    if rule.get("case_sensitive"):
        return str(table[tok.text])
    return str(next(v for w, v in table.items() if str(w).lower() == tok.low))


def _case(new: str, tok: Token, initial: bool) -> str:
    """``new`` capitalised at a sentence start; otherwise as the data writes it."""
    return new[:1].upper() + new[1:] if initial and tok.text[:1].isupper() else new


def _reflexive(toks, tok: Token, rule: dict, tools: Tools) -> str:
    """The reflexive's new form. Where it depends on the case (German "sich" -> "dich", or
    "dir"), ``reflexive_dative`` gives the dative ``forms``, used when the verb's lemma
    (separable particle + verb) is one of its ``lemmas`` or, with ``before_object``, when an
    object follows the reflexive outside a prepositional phrase ("Sehen Sie sich das an",
    "Machen Sie sich keine Sorgen"; not "Melden Sie sich bei Ihrem Berater")."""
    dative = rule.get("reflexive_dative") or {}
    at = toks.index(tok)
    governed = {str(p).lower(): str(f) for p, f in (dative.get("after_preposition") or {}).items()}
    if dative and at and any(a.pos == "ADP" for a in tools.lexicon.lookup(toks[at - 1].low)):
        if toks[at - 1].low not in governed:
            raise _Unsure  # "an sich": the case depends on the meaning
        return governed[toks[at - 1].low]
    if dative and _is(tok, dative.get("forms") or {}, rule):
        lemmas = {tools.lemmas.lemma(t.low, tools.lang) for t in toks}
        lemmas |= {toks[-1].low + lemma for lemma in list(lemmas)}  # "sehen … an": ansehen
        not_objects = {str(w).lower() for w in dative.get("not_objects") or ()}
        if lemmas & {str(w) for w in dative.get("lemmas") or ()} or (
            dative.get("before_object") and _object_after(toks, tok, tools, not_objects)
        ):
            return _lookup(dative["forms"], tok, rule)
    return _lookup(rule["reflexive"], tok, rule)


def _object_after(toks, tok: Token, tools: Tools, not_objects: set[str]) -> bool:
    """Whether a determiner, pronoun or noun outside a prepositional phrase follows ``tok``."""
    in_phrase = False
    for t in toks[toks.index(tok) + 1 :]:
        if t.low in not_objects:
            continue
        pos = {a.pos for a in tools.lexicon.lookup(t.low)}
        if not pos or pos & {"VERB", "AUX"} and t.text.islower() and not pos & {"DET", "PRON", "ADV"}:
            return False  # the verb: no object before it
        if pos == {"ADP"} or "ADP" in pos and not pos & {"DET", "PRON"}:
            in_phrase = True
        elif not t.text.islower() and "NOUN" in pos:
            if not in_phrase:
                return True
            in_phrase = False
        elif pos & {"DET", "PRON"} and not in_phrase and not pos & {"ADV"}:
            return True
    return False


# -- verbs ---------------------------------------------------------------------------------------
def _readings(tok: Token, tools: Tools):
    return [a for a in tools.lexicon.analyses(tok.low) if a.pos in _FINITE]


def _finite_reading(tok: Token, wanted: dict, tools: Tools, only: bool = False) -> bool:
    """Whether ``tok`` has a finite verb reading with every feature of ``wanted`` (``only``:
    and no other reading at all, so it cannot be a noun or another person)."""
    if only and not tok.text.islower():
        return False
    finite = [a for a in _readings(tok, tools) if a.has("VerbForm", "Fin")]
    fits = [a for a in finite if all(a.has(k, str(v)) for k, v in wanted.items())]
    return bool(fits) and (not only or len(fits) == len(finite))


def _infinitive_clause(clause, rule: dict, tools: Tools, sentence_start: int) -> bool:
    """A main clause with the ``infinitive_marker`` (alone or inside its last word:
    "anzusehen"), no subject pronoun other than the reader's and no verb that can only be
    finite (", dich zu melden", ", Sie bald zu sehen")."""
    marker = str(rule.get("infinitive_marker") or "")
    toks = clause.tokens
    if not marker or clause.subordinate or not toks or clause.opener or toks[0].start == sentence_start:
        return False  # an infinitive clause follows its main clause after a comma
    wanted = rule["verb"]["from"]
    for k, t in enumerate(toks):  # "Haben Sie Schwierigkeiten zu verstehen": "Sie" has its verb
        if _is(t, rule["subjects"], rule) and any(
            0 <= j < len(toks) and _finite_reading(toks[j], wanted, tools) for j in (k - 1, k + 1)
        ):
            return False
    last = toks[-1].low
    infixed = marker in last[2:] and all(a.has("VerbForm", "Inf") for a in _readings(toks[-1], tools))  # "anzusehen"
    if not any(t.low == marker for t in toks) and not infixed:
        return False
    subjects = _prose.word_set(tools.lang, "clauses", "subject_pronouns")
    return not any(t.low in subjects and not _is(t, rule["subjects"], rule) for t in toks) and not any(
        _only_finite(t, tools) for t in toks if t.text.islower()
    )


def _only_finite(tok: Token, tools: Tools) -> bool:
    """A finite verb that is not also an infinitive ("hat", not "melden")."""
    readings = _readings(tok, tools)
    return any(a.has("VerbForm", "Fin") for a in readings) and not any(a.has("VerbForm", "Inf") for a in readings)


def _finite_of(toks, k: int, clause, rule: dict, tools: Tools, initial: set[int]) -> int:
    """The finite verb agreeing with the subject ``toks[k]`` (one per clause)."""
    verb = rule["verb"]
    wanted = verb["from"]
    if verb.get("distinct"):  # familiar forms are distinct ("hast"): the one such word in the clause
        found = [f for f in range(len(toks)) if f != k and (toks[f].text.islower() or f in initial)
                 and _finite_reading(toks[f], wanted, tools)]
        if len(found) != 1:
            raise _Unsure  # a verb the lexicon does not know ("du updatest"), or two candidates
        return found[0]
    # polite forms equal the infinitive ("Sie können … prüfen"): the verb is found by position
    if k == 0:
        f = len(toks) - 1 if clause.subordinate else 1
    else:
        f = k - 1
        openers = {str(w).lower() for w in (rule.get("imperative") or {}).get("openers") or ()}
        if any(t.low not in openers and not _adverb(t, tools) for t in toks[:f]) and not _phrase(toks[:f], tools):
            raise _Unsure  # "Die Techniker rufen Sie an": "Sie" may be the object
    if f == k or not 0 <= f < len(toks) or not (toks[f].text.islower() or f in initial) or not _finite_reading(toks[f], wanted, tools):
        raise _Unsure
    return f


def _preposition(tok: Token, tools: Tools) -> bool:
    readings = tools.lexicon.lookup(tok.low)
    return any(a.pos == "ADP" for a in readings) and all(a.pos in ("ADP", "SCONJ") for a in readings)


def _phrase(toks, tools: Tools) -> bool:
    """A prepositional phrase ("An erster Stelle", "Am Montag"): no subject in it."""
    if not toks or not _preposition(toks[0], tools):
        return False
    return all(
        any(a.pos in ("DET", "ADJ", "NOUN", "NUM") for a in tools.lexicon.analyses(t.low))
        and not any(a.pos == "PRON" for a in tools.lexicon.lookup(t.low))
        for t in toks[1:]
    )


def _adverb(tok: Token, tools: Tools) -> bool:
    readings = tools.lexicon.lookup(tok.low)
    return bool(readings) and all(a.pos in ("ADV", "PART") for a in readings)


def _verb_form(word: str, rule: dict, tools: Tools) -> str:
    """The target register's form of the finite verb ``word``: one confirmed candidate."""
    verb = rule["verb"]
    irregular = {str(a): str(b) for a, b in (verb.get("irregular") or {}).items()}
    source = [a for a in tools.lexicon.analyses(word) if a.pos in _FINITE and a.has("VerbForm", "Fin")
              and all(a.has(k, str(v)) for k, v in verb["from"].items())]
    if not source:
        raise _Unsure
    if word in irregular:
        return irregular[word]
    lemma = tools.lemmas.lemma(word, tools.lang)
    candidates = [lemma] if verb.get("lemma_candidate") else []
    for ending, replacements in (verb.get("endings") or {}).items():
        if word.endswith(str(ending)):
            stem = word[: len(word) - len(str(ending))]
            for s in _stems(stem, verb.get("stem_vowels") or {}):
                candidates += [s + str(r) for r in replacements]
    return _confirmed(candidates, source, verb, lemma, tools)


def _confirmed(candidates: list[str], source, verb: dict, lemma: str, tools: Tools) -> str:
    tenses = set().union(*(a.values("Tense") for a in source))
    moods = set().union(*(a.values("Mood") for a in source))
    kept = []
    for cand in dict.fromkeys(candidates):
        for a in tools.lexicon.lookup(cand):
            if (
                a.pos in _FINITE and a.has("VerbForm", "Fin")
                and all(a.has(k, str(v)) for k, v in verb["to"].items())
                and a.values("Tense") & tenses and a.values("Mood") & moods
                and tools.lemmas.lemma(cand, tools.lang) == lemma
            ):
                kept.append((cand, a))
                break
    forms = list(dict.fromkeys(c for c, _ in kept))
    if len(forms) > 1:
        for name, value in (verb.get("prefer") or {}).items():  # "hast" (Ind) before "habest" (Sub)
            preferred = [c for c, a in kept if a.has(name, str(value))]
            if preferred:
                forms = list(dict.fromkeys(preferred))
    if len(forms) != 1:
        raise _Unsure
    return forms[0]


def _stems(stem: str, vowels: dict) -> list[str]:
    """``stem`` and its variants with the last vowel changed by ``vowels`` ("könn" -> "kann")."""
    out = [stem]
    for old, news in sorted(vowels.items(), key=lambda kv: -len(str(kv[0]))):
        at = stem.rfind(str(old))
        if at < 0 or any(ch in "aeiouäöüy" for ch in stem[at + len(str(old)) :]):
            continue
        out += [stem[:at] + str(new) + stem[at + len(str(old)) :] for new in news]
    return out


# -- imperatives ---------------------------------------------------------------------------------
def _imperative_at(toks, rule: dict, tools: Tools, initial: set[int], not_imperative: bool) -> int | None:
    """The index of a clause-initial imperative (after openers such as "bitte"), else None."""
    imp = rule.get("imperative")
    if not imp:
        return None
    k = 0
    openers = {str(w).lower() for w in imp.get("openers") or ()}
    while k < len(toks) and toks[k].low in openers:
        k += 1
    after = imp.get("subject_after")
    if after and any(t.low in openers for t in toks) and not any(t.text == after for t in toks[:k]):
        # "Bei Fragen wenden Sie sich bitte an uns": a fronted phrase, and "bitte" makes it a request
        at = next((j for j in range(k, len(toks) - 1) if toks[j + 1].text == after), None)
        if at is not None and at > k and (_phrase(toks[k:at], tools) or all(_adverb(t, tools) for t in toks[k:at])):
            k = at
    if k >= len(toks):
        return None
    tok = toks[k]
    if not (tok.text.islower() or k in initial):
        return None
    others = [t for j, t in enumerate(toks) if not (after and j == k + 1) and not _is(t, rule.get("words") or {}, rule)]
    if not after and any(_is(t, rule["subjects"], rule) or t.low in _prose.word_set(tools.lang, "clauses", "subject_pronouns") for t in others):
        return None  # (with the polite subject right after the verb, another pronoun is an object)
    if after:
        if not_imperative or k + 1 >= len(toks) or toks[k + 1].text != after:
            return None
        readings = tools.lexicon.analyses(tok.low)
        return k if any(a.pos in _FINITE and a.has("VerbForm", "Inf") for a in readings) else None
    readings = tools.lexicon.analyses(tok.low)
    if any(a.pos in ("DET", "PRON") for a in readings):
        return None  # "eine Stoffbahn", "meine" (also forms of "einen", "meinen")
    if any(a.pos in ("NOUN", "ADJ") for a in readings) and not tok.text.islower() and k + 1 < len(toks) and (
        not toks[k + 1].text.islower() or any(a.pos in ("DET", "ADJ") for a in tools.lexicon.lookup(toks[k + 1].low))
    ):
        return None  # "Teile der Lieferung fehlen", "Liebe Julia": a noun; not "Teile uns … mit", "Schau mal"
    return k if any(a.pos in _FINITE and all(a.has(n, str(v)) for n, v in imp["from"].items()) for a in readings) else None


def _imperative(text: str, toks, k: int, rule: dict, tools: Tools, initial: set[int]) -> list[Edit]:
    imp = rule["imperative"]
    tok = toks[k]
    irregular = {str(a): str(b) for a, b in (imp.get("irregular") or {}).items()}
    if tok.low in irregular:
        new = irregular[tok.low]
    else:
        lemma = tools.lemmas.lemma(tok.low, tools.lang)
        stem = lemma
        for ending in imp.get("lemma_endings") or ():
            if lemma.endswith(str(ending)):
                stem = lemma[: len(lemma) - len(str(ending))]
                break
        candidates = [lemma] if imp.get("lemma_candidate") else []
        endings = [str(e) for e in imp.get("endings") or ()]
        stems = _stems(stem, imp.get("stem_vowels") or {})
        for s in stems[1:]:  # a changed vowel first, bare: "gib", "sieh" (not "gebe", "siehe")
            candidates += [s + e for e in reversed(endings)]
        candidates += [stem + e for e in endings]
        new = next(
            (c for c in dict.fromkeys(candidates) if tools.lemmas.lemma(c, tools.lang) == lemma
             and any(a.pos in _FINITE and all(a.has(n, str(v)) for n, v in imp["to"].items()) for a in tools.lexicon.lookup(c))),
            None,
        )
        if new is None:
            raise _Unsure
    edits = []
    add, after = imp.get("add_subject"), imp.get("subject_after")
    end = tok.end + (1 if text[tok.end : tok.end + 1] in ("'", "’") else 0)  # an elided "Mach'"
    if add:
        edits.append(Edit(tok.start, end, _case(new, tok, k in initial) + " " + str(add)))
    else:
        edits.append(Edit(tok.start, tok.end, _case(new, tok, k in initial)))
    if after:  # drop "Sie" and the space before it
        edits.append(Edit(tok.end, toks[k + 1].end, ""))
    return edits


def _statement_after(clauses, index: int, rule: dict) -> bool:
    """Whether clause ``index`` follows a fronted clause that makes its verb-first order a
    statement ("Nachdem Sie … haben, haben Sie Probleme"; "Um … zu verdienen, müssen Sie"),
    not an imperative ("Wenn Sie Fragen haben, melden Sie sich": openers in ``after_clauses``)."""
    imp = rule.get("imperative") or {}
    if not index or clauses[index].opener:
        return False
    before = clauses[index - 1]
    if any(len(c.tokens) > 1 for c in clauses[: index - 1]):
        return False  # "Ist mir egal, ob … - nimm …": the clause before is not fronted
    conditions = {str(w).lower() for w in imp.get("after_clauses") or ()}
    marker = str(rule.get("infinitive_marker") or "")
    if before.subordinate:
        return before.opener not in conditions
    return bool(marker) and any(t.low == marker or marker in t.low[2:] for t in before.tokens[-1:])


def _verb_first_subject(clause, rule: dict, tools: Tools) -> bool:
    """Whether ``clause`` opens with a verb followed by the polite subject ("melden Sie")."""
    after = (rule.get("imperative") or {}).get("subject_after")
    toks = clause.tokens
    if not after:
        return False
    openers = {str(w).lower() for w in (rule.get("imperative") or {}).get("openers") or ()}
    k = 0
    while k < len(toks) and toks[k].low in openers:
        k += 1
    return k + 1 < len(toks) and toks[k + 1].text == after
