"""Grammar: LanguageTool's grammar rules, plus replycheck's own rules where it is thin.

LanguageTool's rule switches per language live in ``data/<lang>/languagetool.yaml``
(rules that are noise in support e-mail are off or downgraded to ``info``). replycheck's
own rules are data in ``data/<lang>/grammar.yaml``: supine/participle confusion ("har
orsakad"), verb-second word order after a fronted adverbial ("I morgon vi skickar"), and
gender agreement of determiners ("ditt beställning", "den nya lösenordet").
"""

from __future__ import annotations

import re

from replycheck.checks import _words
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
# replycheck's own rules: data in data/<lang>/grammar.yaml, word knowledge from the
# language's lexicon (data/<lang>/lexicon.tsv.gz), never from word lists of nouns or verbs.
# ----------------------------------------------------------------------------------------
MAX_OPENER = 7  # words of a fronted prepositional phrase before the subject


def _rule(ctx, name: str):
    return (ctx.data("grammar") or {}).get(name)


def _capitalised_nouns(ctx) -> bool:
    return bool(_rule(ctx, "capitalised_nouns"))


def _sentences(ctx, lexicon):
    """The reply's sentences as lexicon-read words (see ``_words.sentences``)."""
    return _words.sentences(ctx, lexicon, _capitalised_nouns(ctx))


@register(codes={"grammar/agreement": "warning"}, needs=("lexicon",), data=("grammar",))
def agreement(ctx):
    """A determiner or adjective that does not agree with its noun: "en ny lösenord".

    Flags ``grammar/agreement`` when a determiner ("en/ett", "den/det", "din/ditt", Dutch
    "de/het", Norwegian "en/ei/et") and any adjectives after it do not fit the gender,
    number or definiteness of the noun they go with, as the language's lexicon knows the
    noun ("lösenord" is neuter: "ett nytt lösenord"; Danish "det nye abonnement"; Dutch
    "het nieuwe contract", "een nieuwe telefoon"). Compounds take their last part's gender
    ("kundtjänstärende"). Words the lexicon does not know are never flagged. A wrong gender
    is one of the most visible slips of non-native agents and machine translation.
    Write the suggested form.
    """
    rule = _rule(ctx, "noun_phrase")
    lexicon = ctx.lexicon()
    if not rule or lexicon is None:
        return
    series = tuple(rule["series"])
    forms_of = [(one, _series_forms(one)) for one in series]
    capitalised_nouns = _capitalised_nouns(ctx)
    for sentence in _sentences(ctx, lexicon):
        words = sentence.words
        for index, det in enumerate(words):
            forms = [one for one, slots in forms_of if any(det.low in f for f in slots.values())]
            if not forms or any(r.pos in ("VERB", "AUX") and not r.has("Mood", "Imp") for r in det.readings):
                continue  # "å si nei": a verb, not the possessive "si"
            if index > 1 and words[index - 1].text[:1].isupper() and not sentence.broken(words[index - 1], det):
                continue  # "Ingeborg si farsarv": a name's possessive follows its own rules
            phrase = _noun_phrase(sentence, index, int(rule.get("max_adjectives", 3)), capitalised_nouns)
            if phrase is None:
                continue
            adjectives, noun = phrase
            if any(r.values("Degree") & {"Cmp", "Sup"} for a in adjectives for r in a.readings):
                continue  # "en något lägre avgift", "de flesta husen": comparison, not judged
            before = words[index - 1] if index and not sentence.broken(words[index - 1], det) else None
            finding = _phrase_finding(lexicon, rule, forms, det, adjectives, noun, before)
            if finding is not None:
                yield finding
        if rule.get("bare_phrase"):
            yield from _bare_phrases(lexicon, rule, sentence, capitalised_nouns)


def _bare_phrases(lexicon, rule, sentence, capitalised_nouns):
    """Adjective-noun phrases with no determiner ("Fulla pension", Dutch "nieuw telefoon"):
    the adjective takes the language's ``bare_phrase`` form of the noun's gender and number."""
    spec = rule["bare_phrase"]
    adverb_form = spec.get("adverb_form") or {}
    words = sentence.words
    for index, word in enumerate(words):
        if not word.can("ADJ") or word.can("NOUN", "DET", "PRON", "NUM", "ADP", "ADV"):
            continue
        if any(r.pos == "VERB" and not r.has("VerbForm", "Part") for r in word.readings):
            continue  # "att döda björn": a verb first
        if any(r.pos == "ADJ" and all(r.has(k, str(v)) for k, v in adverb_form.items()) for r in word.readings):
            continue  # "hårdt nok", Dutch "nadrukkelijk afstand": the form doubles as an adverb
        before = words[index - 1] if index and not sentence.broken(words[index - 1], word) else None
        if before is not None and (before.can("DET", "NUM", "PRON", "ADJ", "NOUN", "CCONJ") or not before.readings):
            continue  # a determiner, number, genitive or coordinated adjective decides the form
        if index and before is None:
            continue  # after punctuation or a number ("het in 1974 gebouwde bouwwerk"): what governs it is unknown
        phrase = _noun_phrase(sentence, index - 1, 1, capitalised_nouns)
        if phrase is None or phrase[0] != (word,):
            continue
        noun = phrase[1]
        if any(r.values("Degree") & {"Cmp", "Sup"} for r in word.readings):
            continue
        wanted_noun = {k: str(v) for k, v in (spec.get("noun") or {}).items()}
        if not all(r.fits(wanted_noun) for r in noun.of("NOUN")):
            continue  # "övre planet": the noun may be definite too
        pairs = [(slot, r) for r in noun.of("NOUN") for slot in _slots_of(r)]
        if not pairs:
            continue
        bad = _bad_adjective(rule, spec, pairs, [word])
        if bad is not None:
            finding = _adjective_finding(lexicon, rule, spec, pairs, bad, noun)
            if finding is not None:
                yield finding


def _slots_of(reading) -> tuple[str, ...]:
    """The determiner slots a noun reading can fill: its genders in the singular, ``Plur``."""
    numbers = reading.values("Number")
    slots = tuple(sorted(reading.values("Gender"))) if not numbers or "Sing" in numbers else ()
    return slots + (("Plur",) if "Plur" in numbers else ())


def _series_forms(series: dict) -> dict[str, tuple[str, ...]]:
    """``{slot: forms}`` of a determiner series; slots are genders and ``Plur``."""
    return {slot: tuple(str(f).lower() for f in forms) for slot, forms in series["forms"].items()}


def _noun_phrase(sentence, index: int, max_adjectives: int, capitalised_nouns: bool):
    """``(adjectives, noun)`` after the determiner at ``index``, or ``None`` when what follows
    is not plainly adverbs, adjectives and one noun that ends the phrase."""
    words = sentence.words
    adjectives = []
    at = index + 1
    while at < len(words) and not sentence.broken(words[at - 1], words[at]):
        word = words[at]
        after = words[at + 1] if at + 1 < len(words) and not sentence.broken(word, words[at + 1]) else None
        adverb = word.can("ADV") and not word.can("ADP", "VERB", "AUX", "PRON", "CCONJ", "SCONJ")
        if adverb and after is not None and (after.can("ADJ") or not after.readings):
            at += 1  # "ett mycket bra pris", "en väl bibehållen gård"
            continue
        if word.can("NOUN"):
            if sentence.text[word.end : word.end + 1] in "-‐" and sentence.text[word.end : word.end + 2][1:].isalpha():
                return None  # "sitt jury-bord": the first part of a hyphenated compound
            following = words[at + 1] if at + 1 < len(words) and not sentence.broken(word, words[at + 1]) else None
            if word.can("ADJ") and following is not None and following.can("NOUN", "ADJ") and len(adjectives) < max_adjectives:
                adjectives.append(word)
                at += 1
                continue
            verbal = any(r.pos in ("VERB", "AUX") and not r.has("Mood", "Imp") for r in word.readings)
            if verbal or word.can("PRON", "DET", "ADP") or (word.text[:1].isupper() and not capitalised_nouns):
                return None  # an imperative reading ("tillägg", "svar") does not count
            if word.can("ADJ") and (following is None or following.can("CCONJ")):
                return None  # "en positiv, dynamisk och ...": an adjective of a longer phrase
            if following is not None and not following.readings:
                return None  # an unknown word follows: the phrase may go on
            indefinite = any("Def" not in r.values("Definite") for r in word.of("NOUN"))
            if indefinite and following is not None and following.can("NOUN") and not following.can("ADP", "ADV", "VERB", "AUX", "PRON"):
                return None  # a compound written apart ("en service avtal") or a measure ("en rad frågor")
            return tuple(adjectives), word
        if word.can("ADJ") and not word.can("NOUN", "ADP", "CCONJ", "SCONJ") and len(adjectives) < max_adjectives:
            adjectives.append(word)  # also "annan", "andra", which lexicons list as determiners too
            at += 1
            continue
        if not word.readings and after is not None and after.only("NOUN") and len(adjectives) < max_adjectives:
            adjectives.append(word)  # an unknown adjective ("förtida", "pensionsgrundande"): judged by nothing
            at += 1
            continue
        return None
    return None


def _phrase_finding(lexicon, rule, series_list, det, adjectives, noun, before=None):
    """The finding for one determiner-adjectives-noun phrase, or ``None`` when it agrees or
    when what is wrong is not clear."""
    nouns = noun.of("NOUN")
    best = None
    for series in series_list:
        after_preposition = before is not None and before.can("ADP") and not before.can("VERB", "AUX", "NOUN", "PRON")
        if series.get("require_adjective") and not adjectives and not after_preposition:
            continue  # "tar det tid": a pronoun; "till den antal år": after a preposition, a determiner
        if adjectives and adjectives[0].low in {str(w).lower() for w in series.get("pronoun_before", ())}:
            continue  # "vi har sagt det hela tiden": a pronoun, then a time phrase
        wanted_noun = {k: str(v) for k, v in (series.get("noun") or {}).items()}
        readings = [r for r in nouns if r.fits(wanted_noun)]
        if not readings:
            continue
        slots = [slot for slot, forms in _series_forms(series).items() if det.low in forms]
        pairs = [(slot, r) for slot in slots for r in readings if _slot_fits(slot, r)]
        if not pairs:
            plural_only = slots == ["Plur"]
            if any(_slot_fits(slot, r, number=False) for slot in slots for r in readings if plural_only or slot != "Plur"):
                return None  # only the number disagrees: lexicons often lack a plural that equals the singular
            if series.get("require_adjective") and any(a.finite_verb() for a in adjectives):
                continue  # "att det stimulerade tankeverksamheten": a pronoun and a past-tense verb
            plain = {k: str(v) for k, v in (series.get("adjective") or {}).items()}
            if not all(any(r.fits(plain) for r in _adjectival(a)) for a in adjectives if a.readings):
                continue  # "giver det god mening": the adjective says "det" is a pronoun here
            best = best or ("det", series, readings)
            continue
        bad = _bad_adjective(rule, series, pairs, adjectives)
        if bad is None:
            return None  # one reading of the series fits the whole phrase
        best = ("adj", series, (bad, pairs))
    if best is None:
        return None
    kind, series, detail = best
    if kind == "det":
        return _determiner_finding(series, det, adjectives, noun, detail)
    bad, pairs = detail
    return _adjective_finding(lexicon, rule, series, pairs, bad, noun)


def _adjectival(word) -> tuple:
    """A word's adjective readings and participle readings (not its other verb readings)."""
    return tuple(r for r in word.readings if r.pos == "ADJ" or (r.pos == "VERB" and r.has("VerbForm", "Part")))


def _slot_fits(slot: str, reading, number: bool = True) -> bool:
    numbers = reading.values("Number") if number else frozenset()
    if slot == "Plur":
        return not numbers or "Plur" in numbers
    genders = reading.values("Gender")
    return (not numbers or "Sing" in numbers) and (not genders or slot in genders)


def _adjective_wants(rule, series, slot: str, reading) -> dict:
    wanted = {k: str(v) for k, v in (series.get("adjective") or {}).items()}
    wanted.update({k: str(v) for k, v in ((series.get("adjective_by_gender") or {}).get(slot) or {}).items()})
    for name in rule.get("adjective_agrees", ()):
        if name == "Number":
            wanted["Number"] = "Plur" if slot == "Plur" else "Sing"
        elif name == "Gender" and slot != "Plur":
            wanted["Gender"] = slot
    return wanted


def _bad_adjective(rule, series, pairs, adjectives):
    """The adjective before the noun when no (slot, noun reading) pair lets it stand, or
    ``None``. Only the last is judged: an earlier one may be an adverb ("en helt ny bil",
    Danish "et rigtig spændende emne")."""
    adjectives = [a for a in adjectives[-1:] if a.readings]  # an earlier one may be an adverb: "et rigtig spændende emne"
    for slot, reading in pairs:
        wanted = _adjective_wants(rule, series, slot, reading)
        if all(any(r.fits(wanted) for r in _adjectival(adj)) for adj in adjectives):
            return None
    for adjective in adjectives:
        if not any(
            any(r.fits(_adjective_wants(rule, series, slot, reading)) for r in _adjectival(adjective))
            for slot, reading in pairs
        ):
            return adjective
    return None


def _determiner_finding(series, det, adjectives, noun, readings):
    genders = frozenset().union(*(r.values("Gender") for r in readings if "Plur" not in r.values("Number") or r.values("Number") == {"Sing", "Plur"}))
    plural = all(r.values("Number") == {"Plur"} for r in readings)
    forms = _series_forms(series)
    if plural:
        wanted = forms.get("Plur", ())
    else:
        if not genders:
            return None
        candidates = dict.fromkeys(f for g in sorted(genders) for f in forms.get(g, ()))
        # the form that serves most of the noun's genders first: Bokmål "din" (Masc, Fem) before "di"
        wanted = tuple(sorted(candidates, key=lambda f: -sum(f in forms.get(g, ()) for g in genders)))
    if not wanted or len({forms_key for forms_key, fs in forms.items() if set(fs) & set(wanted)}) > 2:
        return None
    fix = _words.same_case(det.text, wanted[0])
    what = "plural" if plural else "/".join(sorted(genders)).lower().replace("com", "common gender").replace("neut", "neuter").replace("masc", "masculine").replace("fem", "feminine")
    note = " (and its adjectives must agree)" if adjectives else ""
    return Finding(
        "grammar/agreement", "warning", det.start, det.end,
        f"“{noun.text}” is {what}: write “{fix}”, not “{det.text}”{note}.",
        tuple(_words.same_case(det.text, w) for w in wanted[:3]),
    )


def _adjective_finding(lexicon, rule, series, pairs, adjective, noun):
    slot, reading = pairs[0]
    wanted = _adjective_wants(rule, series, slot, reading)
    fixes = tuple(f for f in lexicon.forms_like(adjective.text, "ADJ", wanted, max_ending=2) if len(f) > 1)[:3]
    if not fixes:
        return None  # no form of it fits: an indeclinable word ("nästa") the lexicon tags one way
    hint = f": write “{_words.same_case(adjective.text, fixes[0])}”"
    return Finding(
        "grammar/agreement", "warning", adjective.start, adjective.end,
        f"“{adjective.text}” does not agree with “{noun.text}”{hint}.",
        tuple(_words.same_case(adjective.text, f) for f in fixes),
    )


@register(codes={"grammar/verb-form": "warning"}, needs=("lexicon",), data=("grammar",))
def verb_form(ctx):
    """The wrong verb form after an auxiliary: "har skickade", Danish "Vi har sendte", "kan skickar".

    Flags ``grammar/verb-form`` when the verb after a perfect auxiliary is not the supine
    or participle the language needs (Swedish "har orsakad" -> "har orsakat", Danish and
    Norwegian "har sendte" -> "har sendt"), or the verb after a modal ("kan", "ska",
    "vill", "må", "kan") is not an infinitive ("kan skickar" -> "kan skicka"). The verb's
    forms come from the language's lexicon; adverbs and an inverted subject may stand in
    between ("har vi redan skickat"). Write the suggested form.
    """
    rules = _rule(ctx, "verb_form")
    lexicon = ctx.lexicon()
    if not rules or lexicon is None:
        return
    subjects = {str(w).lower() for w in (_rule(ctx, "pronouns") or {}).get("subjects", ())}
    auxiliaries = [({str(a).lower() for a in rule["auxiliaries"]}, rule) for rule in rules]
    for sentence in _sentences(ctx, lexicon):
        words = sentence.words
        for index, word in enumerate(words):
            for forms, rule in auxiliaries:
                if word.low not in forms:
                    continue
                finding = _verb_after(lexicon, sentence, index, rule, subjects)
                if finding is not None:
                    yield finding
                break


def _verb_after(lexicon, sentence, index: int, rule, subjects):
    words = sentence.words
    at = index + 1
    inverted = 0
    while at < len(words) and at - index <= 4 and not sentence.broken(words[at - 1], words[at]):
        word = words[at]
        before = words[index - 1] if index else None
        opener = before is None or (before.can("ADV", "ADP", "SCONJ") and not before.can("NOUN", "PRON", "PROPN"))
        if not words[index].finite_verb():
            break  # "ha vårdnaden kan ...": after an infinitive auxiliary comes its object, not a subject
        pronoun = word.low in subjects and (opener or not word.can("DET"))  # "har det bra": "det" is an object
        if not inverted and (pronoun or (at == index + 1 and _definite_noun(word))):
            inverted += 1  # "har vi", "kan inkomsten inte"
            at += 1
            continue
        if word.can("ADV") and not word.can("VERB", "AUX", "ADJ", "ADP", "SCONJ", "CCONJ", "PRON"):
            at += 1
            continue
        break
    else:
        return None
    if at >= len(words) or sentence.broken(words[at - 1], words[at]):
        return None
    verb = words[at]
    want = {k: str(v) for k, v in rule["want"].items()}
    verbs = tuple(r for r in verb.of("VERB", "AUX") if not r.has("Mood", "Imp"))  # imperatives equal stems ("svar")
    if any(r.has("Voice", "Pass") for r in verbs):
        return None  # s-passives: lexicons list "ses", "holdes" as present forms only
    if not verbs or any(all(r.has(k, v) for k, v in want.items()) for r in verbs):
        return None
    if not any(r.fits({k: str(v) for k, v in wrong.items()}) and all(r.has(k, str(v)) for k, v in wrong.items()) for wrong in rule["wrong"] for r in verbs):
        return None
    if verb.can("PRON", "DET", "ADP", "ADV", "NUM"):
        return None  # "har två sidor"
    following = words[at + 1] if at + 1 < len(words) and not sentence.broken(verb, words[at + 1]) else None
    if following is not None and following.low in subjects and verb.finite_verb():
        return None  # "Om du inte har det kan du ...": "det" was an object, a new clause begins
    if following is not None and following.can("VERB", "AUX") and not following.can("NOUN", "ADJ", "DET", "PRON", "ADP", "ADV", "SCONJ", "CCONJ"):
        return None  # a verb cluster: "soll exportiert werden", "dass ich können werde"
    if verb.can("ADJ") and (want.get("VerbForm") == "Inf" or not any(r.values("VerbForm") & {"Part", "Sup"} for r in verbs)):
        return None  # "dat moet beter", "har rett til": an adjective, not a participle
    if verb.low in {str(w).lower() for w in rule.get("clause_verbs", ())}:
        return None  # "det han vil er at ...": the copula of the next clause
    if following is not None and _attributive(verb, following):
        return None  # "har skickade paket": an adjective before its noun
    if verb.can("NOUN") and not (following is not None and _object_start(following)):
        return None  # "har smerter i armen": a noun unless an object follows ("kan sender varen")
    voices = frozenset().union(*(r.values("Voice") for r in verbs))
    voiced = {**want, "Voice": next(iter(voices))} if len(voices) == 1 else want
    fixes = next((f for w in (voiced, want) for pos in ("VERB", "AUX") if (f := lexicon.forms_like(verb.text, pos, w, max_ending=2))), ())
    if not fixes:
        return None
    fix = _words.same_case(verb.text, fixes[0])
    return Finding(
        "grammar/verb-form", "warning", verb.start, verb.end,
        f"After “{words[index].text}” write “{fix}”, not “{verb.text}”.",
        tuple(_words.same_case(verb.text, f) for f in fixes[:3]),
    )


def _definite_noun(word) -> bool:
    """True for a word that is only a definite noun ("inkomsten")."""
    nouns = word.of("NOUN")
    return bool(nouns) and word.only("NOUN") and all(
        r.values("Definite") == {"Def"} and "Gen" not in r.values("Case") for r in nouns
    )


def _object_start(word) -> bool:
    """True when ``word`` can only start an object: a determiner, a number, an adjective,
    or a definite noun ("kan får full ATP", "kan sender varen")."""
    if (word.can("DET", "NUM") and not word.can("SCONJ")) or word.only("ADJ"):
        return True  # not Dutch "dat", a conjunction too
    nouns = word.of("NOUN")
    return bool(nouns) and word.only("NOUN") and all(r.values("Definite") == {"Def"} for r in nouns)


def _attributive(word, noun) -> bool:
    """True when ``word`` can be an adjective agreeing with the indefinite noun after it, or a
    quantifier before another adjective ("har få stærke følelser")."""
    if word.can("ADJ", "DET", "NUM") and noun.can("ADJ"):
        return True
    for n in noun.of("NOUN"):
        if "Def" in n.values("Definite") and "Ind" not in n.values("Definite"):
            continue
        wanted = {k: next(iter(v)) for k, v in ((k, n.values(k)) for k in ("Gender", "Number")) if len(v) == 1}
        if any(a.fits(wanted) for a in word.of("ADJ")):
            return True
    return False


@register(codes={"grammar/word-order": "warning"}, needs=("lexicon",), data=("grammar",))
def verb_second(ctx):
    """The subject before the verb after a fronted adverbial: "I morgon vi ringer".

    Flags ``grammar/word-order`` in the verb-second languages (Swedish, Norwegian, Danish,
    German, Dutch) when a main clause opens with an adverb or a prepositional phrase
    ("I morgon", "Tyvärr", "Leider", "Morgen") followed by a subject pronoun and then the
    finite verb. These languages put the finite verb second: "I morgon ringer vi",
    "Leider können wir". English word order shows through translation. Swap subject and verb.
    """
    rule = _rule(ctx, "verb_second")
    lexicon = ctx.lexicon()
    if not rule or lexicon is None:
        return
    subjects = {str(w).lower() for w in (_rule(ctx, "pronouns") or {}).get("subjects", ())}
    not_fronting = {str(w).lower() for w in rule.get("not_fronting", ())}
    not_fronting |= {str(w).lower() for w in (_rule(ctx, "subordinate_order") or {}).get("subordinators", ())}
    for sentence in _sentences(ctx, lexicon):
        words = sentence.words
        front = _fronted(sentence, not_fronting, subjects)
        if front is None or front + 1 >= len(words):
            continue
        subject, verb = words[front], words[front + 1]
        if subject.low not in subjects or not verb.finite_verb() or sentence.broken(words[front - 1], subject):
            continue
        if sentence.broken(subject, verb) or _inverted_later(sentence, front + 2, subjects):
            continue  # "I brevene jeg har skrevet finner jeg ...": a relative clause inside the opener
        fixed = f"{_words.same_case(subject.text, verb.low) if subject.text[:1].isupper() else verb.text} {subject.text if subject.text == 'I' else subject.low}"
        opening = sentence.text[words[0].start : words[front - 1].end]
        yield Finding(
            "grammar/word-order", "warning", subject.start, verb.end,
            f"After “{opening}” the verb comes second: “{opening} {fixed}”.",
            (fixed,),
        )


def _inverted_later(sentence, start: int, subjects) -> bool:
    """True when a finite verb followed by a subject pronoun comes later in the clause."""
    words = sentence.words
    end = sentence.clause_end(start) if start < len(words) else start
    return any(
        words[i].finite_verb() and words[i + 1].low in subjects for i in range(start, min(end, len(words)) - 1)
    )


def _fronted(sentence, not_fronting, subjects) -> int | None:
    """The index of a subject pronoun right after a fronted adverb or prepositional phrase
    ("I morgon vi", "Tyvärr vi", "Både vid förtida uttag och uppskjutet uttag det"), or ``None``."""
    words = sentence.words
    first = words[0]
    if first.low in not_fronting or first.can("VERB", "AUX", "DET", "SCONJ", "CCONJ"):
        return None
    adverb = first.can("ADV") and not first.can("PRON", "ADP")
    if not adverb and not first.can("ADP"):
        return None
    for at in range(1, min(len(words) - 1, MAX_OPENER + 1)):
        word = words[at]
        if sentence.broken(words[at - 1], word):
            return None
        object_of_opener = adverb and first.can("ADP", "ADJ")  # "Runt den vrider sig": "den" is the object of "runt"
        determiner = word.can("DET") and (object_of_opener or words[at + 1].can("ADJ", "NOUN"))  # "de industrialiserade länderna"
        if word.low in subjects and not determiner and words[at + 1].finite_verb() and not words[at - 1].can("PRON", "DET", "SCONJ"):
            return at if (adverb and at == 1) or (not adverb and at > 1) else None
        if adverb or word.low in not_fronting or word.can("VERB", "AUX", "SCONJ") and not word.can("NOUN", "ADJ"):
            return None  # an adverb opens with one word; a verb or conjunction ends the opener
    return None


@register(codes={"grammar/word-order": "warning"}, needs=("lexicon",), data=("grammar",))
def subordinate_order(ctx):
    """Main-clause order inside a subordinate clause: "om du har inte", "weil er ist krank geworden".

    Flags ``grammar/word-order`` when, in a clause opened by a subordinating conjunction,
    (Swedish, Norwegian, Danish) a negation or sentence adverb follows the finite verb
    instead of coming before it ("om du har inte fått" -> "om du inte har fått"), or
    (German, Dutch) the finite verb follows the subject directly instead of closing the
    clause ("weil der Techniker ist krank geworden" -> "weil der Techniker krank geworden
    ist"; "omdat de monteur is ziek geworden"). Move the verb as suggested.
    """
    rule = _rule(ctx, "subordinate_order")
    lexicon = ctx.lexicon()
    if not rule or lexicon is None:
        return
    subordinators = {str(w).lower() for w in rule["subordinators"]}
    subjects = {str(w).lower() for w in (_rule(ctx, "pronouns") or {}).get("subjects", ())}
    adverbs = {str(w).lower() for w in rule.get("adverbs_before_verb", ())}
    subject_conjunctions = {str(w).lower() for w in rule.get("subject_conjunctions", ())}
    verb_final = bool(rule.get("verb_final"))
    for sentence in _sentences(ctx, lexicon):
        words = sentence.words
        for index, word in enumerate(words[:-2]):
            if word.low not in subordinators or sentence.broken(word, words[index + 1]):
                continue
            subject_end = _subject_end(sentence, index + 1, subjects)
            if subject_end is None and word.low in subject_conjunctions:
                subject_end = index + 1  # "folk som bor inte": "som" is the subject
            if subject_end is None:
                continue
            while not verb_final and subject_end < len(words) - 1 and words[subject_end].low not in adverbs and (
                words[subject_end].only("ADV") and not sentence.broken(words[subject_end - 1], words[subject_end])
            ):
                subject_end += 1  # "som världen hittills har aldrig"
            if subject_end >= len(words):
                continue
            verb = words[subject_end]
            if not verb.finite_verb(strict=verb_final) or sentence.broken(words[subject_end - 1], verb):
                continue
            end = sentence.clause_end(subject_end)
            if verb_final:
                finding = _verb_final_finding(sentence, word, verb, subject_end, end, rule)
            else:
                finding = _adverb_finding(sentence, word, verb, subject_end, end, adverbs)
            if finding is not None:
                yield finding


def _subject_end(sentence, at: int, subjects) -> int | None:
    """The index after a subject starting at ``at``: a subject pronoun or a determiner,
    adjectives and a noun; ``None`` when no such subject starts there."""
    words = sentence.words
    if at >= len(words):
        return None
    if words[at].low in subjects or _definite_noun(words[at]):
        return at + 1  # "om du", "om pensionären"
    if not words[at].can("DET") or words[at].can("VERB", "AUX", "NOUN"):
        return None
    for end in range(at + 1, min(len(words), at + 5)):
        if sentence.broken(words[end - 1], words[end]):
            return None
        if words[end].only("NOUN"):
            return end + 1
        if not words[end].only("ADJ", "ADV"):
            return None
    return None


def _adverb_finding(sentence, conjunction, verb, at: int, end: int, adverbs):
    words = sentence.words
    if at + 1 >= end or words[at + 1].low not in adverbs:
        return None
    adverb = words[at + 1]
    if at + 2 < end and (
        any(r.values("Degree") & {"Cmp", "Sup"} for r in words[at + 2].readings) or words[at + 2].only("ADV")
    ):
        return None  # "slungas ännu längre", "påverkar inte bara": the adverb goes with the next word
    fixed = f"{adverb.low} {verb.text}"
    return Finding(
        "grammar/word-order", "warning", verb.start, adverb.end,
        f"In a clause after “{conjunction.text}” “{adverb.text}” comes before the verb: “{fixed}”.",
        (fixed,),
    )


def _in_cluster(word, last: bool) -> bool:
    """True when ``word`` can be part of a clause-final verb cluster: an infinitive or a
    participle, or (last) a finite verb; imperative homographs ("krank") do not count."""
    forms = {"Inf", "Part", "Fin"} if last else {"Inf", "Part"}
    return any(
        r.pos in ("VERB", "AUX") and not r.has("Mood", "Imp") and r.values("VerbForm") & forms for r in word.readings
    )


def _verb_final_finding(sentence, conjunction, verb, at: int, end: int, rule):
    words = sentence.words
    rest = words[at + 1 : end]
    if not rest:
        return None
    if all(_in_cluster(w, last=i == len(rest) - 1) for i, w in enumerate(rest)):
        return None  # a verb cluster ends the clause: "omdat hij heeft gezegd", "dass du sterben musst"
    if rest[0].can("ADP", "SCONJ", "CCONJ") or not rest[0].readings or _in_cluster(rest[0], last=False):
        return None  # "dat ze stopte met topatletiek", "dass er sagte, dass": extraposed, or unknown
    if any(w.low in {str(c).lower() for c in rule.get("clause_joiners", ())} for w in rest):
        return None  # "weil er ist und bleibt": a second clause begins
    text = sentence.text
    moved = f"{text[rest[0].start : rest[-1].end]} {verb.text}"
    return Finding(
        "grammar/word-order", "warning", verb.start, rest[-1].end,
        f"In a clause after “{conjunction.text}” the finite verb “{verb.text}” goes to the end: “{moved}”.",
        (moved,),
    )


@register(codes={"grammar/pronoun-case": "warning"}, needs=("lexicon",), data=("grammar",))
def pronoun_case(ctx):
    """A pronoun in the wrong case: "och honom kommer att ringa", "Jag ringer till han".

    Flags ``grammar/pronoun-case`` when an object pronoun ("honom", "henne", "oss", "dem",
    Danish "ham", "mig") is the subject of a finite verb at the start of a clause, or a
    subject pronoun ("han", "hon", "vi", "de") follows a preposition. Write the suggested
    form: "och han kommer att ringa", "till honom".
    """
    rule = _rule(ctx, "pronouns")
    lexicon = ctx.lexicon()
    if not rule or lexicon is None or not rule.get("object_to_subject"):
        return
    to_subject = {str(k).lower(): str(v) for k, v in rule["object_to_subject"].items()}
    to_object = {str(k).lower(): str(v) for k, v in (rule.get("subject_to_object") or {}).items()}
    subjects = {str(w).lower() for w in rule.get("subjects", ())}
    explicit_openers = clause_openers = {str(w).lower() for w in rule.get("clause_openers", ())}
    clause_openers = clause_openers | {str(w).lower() for w in (_rule(ctx, "subordinate_order") or {}).get("subordinators", ())}
    auxiliaries = {str(a).lower() for r in (_rule(ctx, "verb_form") or ()) for a in r["auxiliaries"]}
    not_prepositions = {str(w).lower() for w in rule.get("not_prepositions", ())}
    for sentence in _sentences(ctx, lexicon):
        words = sentence.words
        for index, word in enumerate(words):
            before = words[index - 1] if index and not sentence.broken(words[index - 1], word) else None
            after = words[index + 1] if index + 1 < len(words) and not sentence.broken(word, words[index + 1]) else None
            if word.low in to_subject and after is not None and after.finite_verb():
                opens = before is None or (before.low in clause_openers and (before.low in explicit_openers or not before.can("ADP")))
                third = words[index + 2] if index + 2 < len(words) else None
                if opens and not (third is not None and (third.low in subjects or third.only("DET", "NOUN"))):
                    yield _pronoun_finding(word, to_subject[word.low], "is the subject here")
            elif (
                word.low in to_subject and before is not None and before.low in auxiliaries and index >= 1
                and (index == 1 or words[index - 2].low not in subjects)
                and after is not None and any(r.values("VerbForm") & {"Inf", "Sup", "Part"} for r in after.of("VERB", "AUX"))
                and not after.can("NOUN", "ADJ")
            ):
                yield _pronoun_finding(word, to_subject[word.low], "is the subject here")  # "kan henne ge"
            elif (
                word.low in to_object and not word.can("DET")  # "till de nya kunderna": an article
                and before is not None and before.can("ADP") and not before.can("SCONJ", "CCONJ", "VERB")
                and before.low not in not_prepositions
            ):
                if after is None or not after.can("VERB", "AUX"):
                    yield _pronoun_finding(word, to_object[word.low], f"follows “{before.text}”")


def _pronoun_finding(word, fix: str, why: str) -> Finding:
    fix = _words.same_case(word.text, fix)
    return Finding(
        "grammar/pronoun-case", "warning", word.start, word.end,
        f"“{word.text}” {why}: write “{fix}”.", (fix,),
    )
