"""Error injection from public clean text: one error in each sentence of the UD test treebanks.

    .venv/bin/python bench/inject.py                        # write bench/out/injected.jsonl
    .venv/bin/python bench/inject.py --examples 3           # ... and show 3 per language and type
    .venv/bin/python bench/inject.py --score --limit 100    # ... then score it (bench/ged.py --injected)

Data: the Universal Dependencies *test* treebanks in ``--ud DIR`` (default
``$REPLYCHECK_UD_DIR`` or ``/work/ud``): ``UD_Swedish-Talbanken``, ``UD_Danish-DDT``,
``UD_Norwegian-Bokmaal``, ``UD_Norwegian-Nynorsk``, ``UD_Dutch-Alpino``, ``UD_German-GSD``
(``git clone https://github.com/UniversalDependencies/UD_Swedish-Talbanken`` etc.). Only the
``*-ud-test.conllu`` file of each is read, for the sentences *and* for the word forms that
replace the original ones; dev and train splits are never opened. Nothing from replycheck's
data files is used.

Sentences of 5-40 words whose ``# text =`` line the tokens can be aligned with (``SpaceAfter=No``
rebuilds the offsets) and whose quotes and brackets pair up (a sentence cut out of a longer
quotation would be an unpaired-quote alarm for every checker; German GSD's LaTeX-style
quotes, a conversion artifact, are left out too) are eligible. A seeded sample of them
(``--clean``, at most a third of the eligible ones) is kept untouched as the clean set; every
injected sentence comes from the rest and carries exactly ONE error of one type (the
treebank's own annotation decides where and with which form; a form the test file never
shows, such as Swedish "honom" or German "ihn", is never used):

* ``gender``: a determiner (or possessive) agreeing with its singular head noun's Gender gets
  the same lemma's form for another gender with otherwise equal features (sv/da en<->ett,
  din<->ditt; nb/nn en/ei<->et, Masc and Fem counting as one; de der/die/das within the same
  Case and Number); Dutch de<->het, the article each noun gender takes in the treebank.
* ``adjective``: an attributive adjective (amod of a noun) gets another form of its lemma and
  degree whose every analysis in the treebank disagrees with the original's Gender, Definite or
  Number (de: Case, Gender, Number; nl: the -e inflection, from XPOS met-e/zonder); a Gender or
  Number disagreement counts only when the noun form itself is unambiguous in it ("svensk
  medborgare" never becomes the fine plural "svenska medborgare"); no genitive forms.
* ``verb-form``: a participle/supine after a perfect auxiliary (``aux`` ha/have/være/hebben/
  zijn/haben/sein) becomes the lemma's finite past form ("har skickat" -> "har skickade"), or an
  infinitive with a finite ``aux`` (a modal or future) becomes its finite present form ("ska
  skicka" -> "ska skickar"); forms the treebank also uses as participle/infinitive are never
  chosen.
* ``word-order`` (sv, da, nb, nn): a main clause opening with an adverbial (the root's first
  dependent, advmod/obl), then the finite verb, then a pronoun subject, becomes
  adverbial-subject-verb ("I morgon skickar vi" -> "I morgon vi skickar"); not after a
  one-word adverbial the treebank also uses as a conjunction ("Då de glömmer" is a clause).
* ``subordinate-order``: sv/da/nb/nn: in a clause with ``mark`` or a relative clause, a negation
  right before the finite verb moves after it ("om du inte har" -> "om du har inte"); de/nl: in
  a clause opened by a subordinating conjunction (weil, dass, omdat, dat, wenn, als...; not the
  infinitive markers zu/um/te/om) or a relative pronoun, the clause-final finite verb moves
  right after the subject ("weil der Techniker krank geworden ist" -> "weil der Techniker ist
  krank geworden").
* ``pronoun-case``: a nominative personal pronoun subject becomes the accusative form of the
  same lemma (nl: same Person and Number, from XPOS) (vi->oss, jeg->meg, ich->mich, we->ons).
* ``spelling``: one typo in a noun, verb, adjective or adverb of >= 5 letters (a letter
  dropped, doubled, two swapped, or the diacritics stripped; never the first letter) that is
  not a word form of the treebank.

Output (``--out``, default ``bench/out/injected.jsonl``, gitignored): one JSON object a line,
``{"id", "lang", "type", "text", "original", "span", "detail", "sent_id", "treebank"}``;
``span`` is the half-open code-point span of the error in ``text`` (for moved words: the moved
words; for subordinate-order in de/nl: the moved verb to the end of the clause); ``type`` is
``clean`` (``span`` null) for the untouched sentences. Up to ``--per-type`` sentences per
language and type, sampled with ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bench" / "out" / "injected.jsonl"

TREEBANKS = {
    "sv": ("UD_Swedish-Talbanken", "sv_talbanken-ud-test.conllu"),
    "da": ("UD_Danish-DDT", "da_ddt-ud-test.conllu"),
    "nb": ("UD_Norwegian-Bokmaal", "no_bokmaal-ud-test.conllu"),
    "nn": ("UD_Norwegian-Nynorsk", "no_nynorsk-ud-test.conllu"),
    "nl": ("UD_Dutch-Alpino", "nl_alpino-ud-test.conllu"),
    "de": ("UD_German-GSD", "de_gsd-ud-test.conllu"),
}
SCANDINAVIAN = ("sv", "da", "nb", "nn")
TYPES = ("gender", "adjective", "verb-form", "word-order", "subordinate-order", "pronoun-case", "spelling")
PERFECT_AUX = {"sv": {"ha"}, "da": {"have", "være"}, "nb": {"ha", "være"}, "nn": {"ha", "vere", "vera"},
               "nl": {"hebben", "zijn"}, "de": {"haben", "sein"}}
NEGATION = {"sv": {"inte", "icke", "ej"}, "da": {"ikke"}, "nb": {"ikke"}, "nn": {"ikkje", "ikke"}}
NOT_CLAUSE_MARKS = {"de": {"zu", "um", "ohne", "statt", "anstatt"}, "nl": {"te", "om", "zonder"}}  # infinitive clauses
AGREEMENT = {"de": ("Case", "Gender", "Number"), "nl": ("Infl",)}  # others: Gender, Definite, Number
GENDERS = {"de": ("Masc", "Fem", "Neut"), "nb": ("Masc", "Fem", "Neut"), "nn": ("Masc", "Fem", "Neut")}
MIN_WORDS, MAX_WORDS = 5, 40


# -- reading CoNLL-U -----------------------------------------------------------------------------
@dataclass(slots=True)
class Word:
    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: dict
    head: int
    deprel: str
    start: int = -1  # code-point offsets into the sentence's text (a multiword token's whole span)
    end: int = -1
    mwt: bool = False  # part of a multiword token ("zum" = zu dem): never replaced on its own


@dataclass(slots=True)
class Sentence:
    sent_id: str
    text: str
    words: list[Word]
    kids: dict[int, list[Word]] = field(default_factory=dict)

    def word(self, wid: int) -> Word | None:
        return self.words[wid - 1] if 1 <= wid <= len(self.words) else None

    def children(self, wid: int) -> list[Word]:
        return self.kids.get(wid, [])

    def subtree(self, wid: int) -> list[int]:
        todo, seen = [wid], []
        while todo:
            current = todo.pop()
            seen.append(current)
            todo.extend(w.id for w in self.children(current))
        return sorted(seen)


def balanced(text: str) -> bool:
    """Quotes and brackets pair up inside the sentence (a treebank sentence cut out of a quotation
    would otherwise count against every checker as an unpaired quote)."""
    if "``" in text:
        return False  # LaTeX-style quotes (German GSD): a conversion artifact, not the writer's typography
    if text.count('"') % 2 or text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return False
    if text.count("«") != text.count("»"):
        return False
    if "„" in text:
        return text.count("„") == text.count("“")  # German „...“
    if "“" in text:
        return text.count("“") == text.count("”")
    return text.count("”") % 2 == 0


def parse_feats(raw: str) -> dict:
    return dict(part.split("=", 1) for part in raw.split("|") if "=" in part) if raw != "_" else {}


def add_pseudo_features(lang: str, word: Word) -> None:
    """Dutch: Number/Gender of pronouns and the -e inflection of adjectives live only in XPOS."""
    if lang != "nl":
        return
    parts = word.xpos.split("|")
    if word.upos == "ADJ":
        if "met-e" in parts:
            word.feats["Infl"] = "E"
        elif "zonder" in parts:
            word.feats["Infl"] = "Zero"
    if word.upos == "PRON":
        if "nadr" in parts:
            word.feats["Emphatic"] = "Yes"  # mezelf, zijzelf: never the plain case partner of ik/zij
        number = {"ev": "Sing", "mv": "Plur"}.keys() & set(parts)
        if number and "Number" not in word.feats:
            word.feats["Number"] = {"ev": "Sing", "mv": "Plur"}[number.pop()]
        gender = {"masc": "Masc", "fem": "Fem", "onz": "Neut"}.keys() & set(parts)
        if gender and "Gender" not in word.feats:
            word.feats["Gender"] = {"masc": "Masc", "fem": "Fem", "onz": "Neut"}[gender.pop()]


def read_conllu(path: Path, lang: str) -> Iterator[Sentence | None]:
    """Every sentence of ``path`` with character offsets; ``None`` for one that does not align."""
    comments: dict[str, str] = {}
    rows: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if rows:
                yield build_sentence(comments, rows, lang)
            comments, rows = {}, []
        elif line.startswith("#"):
            key, _, value = line[1:].partition("=")
            comments[key.strip()] = value.strip()
        else:
            rows.append(line.split("\t"))


def build_sentence(comments: dict, rows: list[list[str]], lang: str) -> Sentence | None:
    text = comments.get("text", "")
    words: list[Word] = []
    surface: list[tuple[str, list[int], bool]] = []  # form, word ids, space after
    mwt_end = 0
    for row in rows:
        if len(row) != 10 or "." in row[0]:
            continue  # empty nodes
        space = "SpaceAfter=No" not in row[9]
        if "-" in row[0]:
            first, last = (int(n) for n in row[0].split("-"))
            surface.append((row[1], list(range(first, last + 1)), space))
            mwt_end = last
            continue
        wid = int(row[0])
        word = Word(wid, row[1], row[2], row[3], row[4], parse_feats(row[5]), int(row[6]) if row[6].isdigit() else -1,
                    row[7], mwt=wid <= mwt_end)
        add_pseudo_features(lang, word)
        words.append(word)
        if wid > mwt_end:
            surface.append((row[1], [wid], space))
    if [w.id for w in words] != list(range(1, len(words) + 1)):
        return None
    pos = 0
    for form, ids, space in surface:  # SpaceAfter rebuilds the offsets; stray whitespace is skipped
        if text[pos:pos + len(form)] != form:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if text[pos:pos + len(form)] != form:
                return None
        for wid in ids:
            words[wid - 1].start, words[wid - 1].end = pos, pos + len(form)
        pos += len(form)
        if space and pos < len(text) and text[pos] == " ":
            pos += 1
    if text[pos:].strip():
        return None
    sentence = Sentence(comments.get("sent_id", ""), text, words)
    for word in words:
        sentence.kids.setdefault(word.head, []).append(word)
    return sentence


# -- the treebank's own word forms ---------------------------------------------------------------
class Lexicon:
    """Forms of each (lemma, UPOS) with their features and counts, from one treebank file."""

    def __init__(self, sentences: list[Sentence], lang: str) -> None:
        self.lang = lang
        self.entries: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.vocab: set[str] = set()
        self.subordinators: set[str] = set()  # forms the treebank uses as subordinating conjunctions
        self.analyses: dict[tuple[str, str], set] = defaultdict(set)
        articles: Counter = Counter()
        for sentence in sentences:
            for word in sentence.words:
                self.vocab.add(word.form.lower())
                if word.deprel == "mark" or word.upos == "SCONJ":
                    self.subordinators.add(word.form.lower())
                feats = tuple(sorted(word.feats.items()))
                self.entries[(word.lemma.lower(), word.upos)][(word.form.lower(), feats)] += 1
                self.analyses[(word.form.lower(), word.upos)].add(feats)
                head = sentence.word(word.head)
                if (word.upos == "DET" and word.feats.get("Definite") == "Def" and head is not None
                        and head.upos == "NOUN" and head.feats.get("Number") == "Sing" and head.feats.get("Gender")):
                    articles[(word.form.lower(), head.feats["Gender"])] += 1
        self.articles = self._articles(articles)

    @staticmethod
    def _articles(counts: Counter) -> dict[str, str]:
        """Gender -> the definite article nearly always used with it (Dutch de/het)."""
        found = {}
        for gender in {g for _, g in counts}:
            ranked = sorted(((n, form) for (form, g), n in counts.items() if g == gender), reverse=True)
            for n, form in ranked:
                total = sum(m for (f, _), m in counts.items() if f == form)
                if n >= 10 and n >= 0.9 * total:
                    found[gender] = form
                    break
        return found if len(set(found.values())) == len(found) else {}

    def values(self, form: str, upos: str) -> dict[str, set]:
        """Each feature's values over every analysis of ``form`` as ``upos`` (any lemma)."""
        found: dict[str, set] = defaultdict(set)
        for feats in self.analyses.get((form.lower(), upos), ()):
            for key, value in feats:
                found[key].update(value.split(","))
        return found

    def forms(self, lemma: str, upos: str) -> list[tuple[str, dict, int]]:
        return [(form, dict(feats), n) for (form, feats), n in self.entries.get((lemma.lower(), upos), {}).items()]

    def pronouns(self) -> list[tuple[str, str, dict, int]]:
        return [(lemma, form, dict(feats), n) for (lemma, upos), forms in self.entries.items() if upos == "PRON"
                for (form, feats), n in forms.items()]


# -- helpers -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Injection:
    text: str
    span: tuple[int, int]
    detail: str


def match_case(new: str, old: str) -> str:
    if len(old) > 1 and old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def replace_word(sentence: Sentence, word: Word, new: str) -> Injection | None:
    if word.mwt or word.start < 0:
        return None
    new = match_case(new, word.form)
    text = sentence.text[:word.start] + new + sentence.text[word.end:]
    return Injection(text, (word.start, word.start + len(new)), f"{word.form} -> {new}")


def gender_group(lang: str, value: str | None) -> str | None:
    if lang in ("nb", "nn") and value in ("Masc", "Fem"):
        return "MascFem"
    return value


def without(feats: dict, *keys: str) -> dict:
    return {k: v for k, v in feats.items() if k not in keys}


def finite(sentence: Sentence, head: Word) -> Word | None:
    """The finite verb of ``head``'s clause: itself, or its finite aux/cop."""
    if head.feats.get("VerbForm") == "Fin":
        return head
    for kid in sentence.children(head.id):
        if kid.deprel.split(":")[0] in ("aux", "cop") and kid.feats.get("VerbForm") == "Fin":
            return kid
    return None


def ranked(forms: dict[str, int]) -> list[str]:
    return [form for form, _ in sorted(forms.items(), key=lambda item: (-item[1], item[0]))]


# -- the injectors: each returns every possible injection in one sentence ------------------------
def inject_gender(sentence: Sentence, lex: Lexicon, lang: str) -> list[Injection]:
    found = []
    for word in sentence.words:
        head = sentence.word(word.head)
        if head is None or head.upos != "NOUN" or head.feats.get("Number", "Sing") != "Sing":
            continue
        noun_gender = head.feats.get("Gender", "")
        if "," in noun_gender or not noun_gender:
            continue
        if lang == "nl":
            articles = lex.articles
            if word.upos == "DET" and noun_gender in articles and word.form.lower() == articles[noun_gender]:
                other = [form for gender, form in articles.items() if gender != noun_gender]
                if other and (injection := replace_word(sentence, word, other[0])):
                    found.append(injection)
            continue
        if word.deprel not in ("det", "nmod:poss") or word.upos not in ("DET", "PRON"):
            continue
        if word.upos == "PRON" and word.feats.get("Poss") != "Yes":
            continue
        gender = word.feats.get("Gender")
        if not gender or gender_group(lang, gender) != gender_group(lang, noun_gender):
            continue
        rest = without(word.feats, "Gender")
        forms = [(f, feats, n) for f, feats, n in lex.forms(word.lemma, word.upos) if without(feats, "Gender") == rest]
        same = {f for f, feats, _ in forms if gender_group(lang, feats.get("Gender")) == gender_group(lang, gender)}
        by_gender: dict[str, Counter] = defaultdict(Counter)
        for f, feats, n in forms:
            if feats.get("Gender") and f not in same and f != word.form.lower():
                by_gender[gender_group(lang, feats["Gender"])][f] += n
        for options in by_gender.values():  # the usual form for each other gender (nn eit, not eitt)
            if injection := replace_word(sentence, word, ranked(options)[0]):
                found.append(injection)
    return found


def conflicts(lang: str, original: dict, other: dict, noun: dict[str, set] | None = None) -> bool:
    """True when ``other`` disagrees with ``original`` on an agreement feature both carry.

    With ``noun`` (the head noun form's values of each feature over all its analyses), a
    disagreement in Gender or Number counts only where the noun form is unambiguous: "svenska
    medborgare" is a fine plural, so it is no error for "svensk medborgare"."""
    for key, value in original.items():
        if key not in other:
            continue
        if noun is not None and key in ("Gender", "Number") and len(noun.get(key, ())) != 1:
            continue
        mine = {gender_group(lang, v) if key == "Gender" else v for v in value.split(",")}
        theirs = {gender_group(lang, v) if key == "Gender" else v for v in other[key].split(",")}
        if not mine & theirs:
            return True
    return False


def inject_adjective(sentence: Sentence, lex: Lexicon, lang: str) -> list[Injection]:
    keys = AGREEMENT.get(lang, ("Gender", "Definite", "Number"))
    found = []
    for word in sentence.words:
        head = sentence.word(word.head)
        if word.upos != "ADJ" or word.deprel != "amod" or head is None or head.upos != "NOUN":
            continue
        if lang == "nl" and "prenom" not in word.xpos.split("|"):
            continue
        original = {k: word.feats[k] for k in keys if k in word.feats}
        if not original:
            continue
        degree, case = word.feats.get("Degree"), word.feats.get("Case")
        noun = None if lang == "de" else lex.values(head.form, "NOUN")
        analyses: dict[str, list[dict]] = defaultdict(list)
        for form, feats, _ in lex.forms(word.lemma, "ADJ"):
            analyses[form].append(feats)
        for form in sorted(analyses):
            bundles = analyses[form]
            if form == word.form.lower() or any(b.get("Degree", degree) != degree for b in bundles):
                continue
            if lang != "de" and any(b.get("Case", case) != case for b in bundles if case):
                continue  # no genitive -s forms outside German
            if all(conflicts(lang, original, b, noun) for b in bundles):
                if injection := replace_word(sentence, word, form):
                    found.append(injection)
    return found


def inject_verb_form(sentence: Sentence, lex: Lexicon, lang: str) -> list[Injection]:
    found = []
    for word in sentence.words:
        if word.upos != "VERB":
            continue
        kids = sentence.children(word.id)
        form_of = word.feats.get("VerbForm")
        forms = lex.forms(word.lemma, "VERB")
        active = [(f, feats, n) for f, feats, n in forms if feats.get("Voice") != "Pass" and feats.get("Mood", "Ind") == "Ind"]
        if form_of in ("Part", "Sup") and word.feats.get("Tense", "Past") == "Past" and any(
                k.deprel == "aux" and k.lemma.lower() in PERFECT_AUX[lang] for k in kids):
            taken = {f for f, feats, _ in forms if feats.get("VerbForm") in ("Part", "Sup")}
            past: Counter = Counter()
            for f, feats, n in active:
                if feats.get("VerbForm") == "Fin" and feats.get("Tense") == "Past" and f not in taken:
                    past[f] += n
            if past and (injection := replace_word(sentence, word, ranked(past)[0])):
                found.append(Injection(injection.text, injection.span, "perfect: " + injection.detail))
        elif form_of == "Inf" and not any(k.deprel == "mark" for k in kids) and any(
                k.deprel == "aux" and k.feats.get("VerbForm") == "Fin" and k.lemma.lower() not in PERFECT_AUX[lang]
                for k in kids):
            taken = {f for f, feats, _ in forms if feats.get("VerbForm") == "Inf"}
            present: Counter = Counter()
            for f, feats, n in active:
                if feats.get("VerbForm") == "Fin" and feats.get("Tense") == "Pres" and f not in taken:
                    present[f] += n
            if present and (injection := replace_word(sentence, word, ranked(present)[0])):
                found.append(Injection(injection.text, injection.span, "modal: " + injection.detail))
    return found


def swap(sentence: Sentence, left: Word, right: Word) -> Injection | None:
    """``left`` and ``right`` (neighbours) change places; the span covers both."""
    if left.mwt or right.mwt:
        return None
    text = sentence.text
    new = text[:left.start] + right.form + text[left.end:right.start] + left.form + text[right.end:]
    return Injection(new, (left.start, right.end), f"{left.form} {right.form} -> {right.form} {left.form}")


def inject_word_order(sentence: Sentence, lex: Lexicon, lang: str) -> list[Injection]:
    if lang not in SCANDINAVIAN or sentence.text.rstrip().endswith("?"):
        return []
    root = next((w for w in sentence.words if w.head == 0), None)
    if root is None:
        return []
    kids = sorted(sentence.children(root.id), key=lambda w: w.id)
    if not kids or kids[0].deprel.split(":")[0] not in ("advmod", "obl"):
        return []
    span = sentence.subtree(kids[0].id)
    if span[0] != 1 or span != list(range(1, span[-1] + 1)):
        return []
    if len(span) == 1 and kids[0].form.lower() in lex.subordinators:
        return []  # "Då glömmer de" -> "Då de glömmer" reads as a subordinate clause (då = when)
    verb, subject = sentence.word(span[-1] + 1), sentence.word(span[-1] + 2)
    if verb is None or subject is None or verb.feats.get("VerbForm") != "Fin":
        return []
    if not (verb is root or (verb.head == root.id and verb.deprel.split(":")[0] in ("aux", "cop"))):
        return []
    if (subject.head != root.id or not subject.deprel.startswith("nsubj") or subject.upos != "PRON"
            or sentence.children(subject.id)):
        return []
    injection = swap(sentence, verb, subject)
    return [injection] if injection else []


def inject_subordinate_order(sentence: Sentence, lex: Lexicon, lang: str) -> list[Injection]:
    return (_negation_order if lang in SCANDINAVIAN else _verb_final_order)(sentence, lang)


def _negation_order(sentence: Sentence, lang: str) -> list[Injection]:
    found = []
    for head in sentence.words:
        kids = sentence.children(head.id)
        if not any(k.deprel == "mark" for k in kids) and not head.deprel.startswith("acl:relcl"):
            continue
        verb = finite(sentence, head)
        if verb is None:
            continue
        negation = sentence.word(verb.id - 1)
        if (negation is None or negation.deprel != "advmod" or negation.head not in (head.id, verb.id)
                or not (negation.lemma.lower() in NEGATION[lang] or negation.feats.get("Polarity") == "Neg")):
            continue
        if not any(k.deprel.startswith("nsubj") and k.id < negation.id for k in kids):
            continue
        if injection := swap(sentence, negation, verb):
            found.append(injection)
    return found


def _verb_final_order(sentence: Sentence, lang: str) -> list[Injection]:
    found = []
    for head in sentence.words:
        kids = sentence.children(head.id)
        subjects = [k for k in kids if k.deprel.startswith("nsubj")]
        clause = sentence.subtree(head.id)
        if not subjects or clause != list(range(clause[0], clause[-1] + 1)):
            continue
        opener = sentence.word(clause[0])
        if opener.deprel == "mark" and opener.head == head.id and opener.upos == "SCONJ":
            if opener.lemma.lower() in NOT_CLAUSE_MARKS[lang]:
                continue
        elif not (head.deprel.startswith("acl:relcl") and opener.upos == "PRON" and opener.head == head.id):
            continue
        words = [sentence.word(i) for i in clause if sentence.word(i).upos != "PUNCT"]
        verb = words[-1]
        if verb.feats.get("VerbForm") != "Fin" or not (verb is head or (verb.head == head.id and verb.deprel.split(":")[0] in ("aux", "cop"))):
            continue
        subject_span = sentence.subtree(subjects[0].id)
        if subject_span != list(range(subject_span[0], subject_span[-1] + 1)) or subject_span[-1] + 1 >= verb.id:
            continue
        last_subject, before_verb = sentence.word(subject_span[-1]), sentence.word(verb.id - 1)
        if verb.mwt or last_subject.end < 0 or before_verb.end < 0:
            continue
        text = sentence.text
        moved = text[:last_subject.end] + " " + verb.form + text[last_subject.end:before_verb.end] + text[verb.end:]
        start = last_subject.end + 1
        end = before_verb.end + len(verb.form) + 1
        found.append(Injection(moved, (start, end), f"... {verb.form} moved after {last_subject.form}"))
    return found


def inject_pronoun_case(sentence: Sentence, lex: Lexicon, lang: str) -> list[Injection]:
    found = []
    for word in sentence.words:
        feats = word.feats
        if (word.upos != "PRON" or not word.deprel.startswith("nsubj") or feats.get("Case") != "Nom"
                or feats.get("PronType") != "Prs" or feats.get("Reflex") == "Yes" or feats.get("Poss") == "Yes"):
            continue

        def same_pronoun(lemma: str, other: dict) -> bool:
            if lang == "nl":  # Alpino's lemma is the form itself: match Person and Number instead
                if other.get("Person") != feats.get("Person") or "Number" not in other or "Number" not in feats:
                    return False
            elif lemma != word.lemma.lower():
                return False
            if other.get("Emphatic") != feats.get("Emphatic"):
                return False
            for key in ("Number", "Gender", "Person"):
                if key in other and key in feats and other[key] != feats[key]:
                    return False
            return other.get("PronType") == "Prs" and other.get("Reflex") != "Yes" and other.get("Poss") != "Yes"

        nominative = {form for lemma, form, other, _ in lex.pronouns() if other.get("Case") == "Nom" and same_pronoun(lemma, other)}
        accusative: Counter = Counter()
        for lemma, form, other, n in lex.pronouns():
            if other.get("Case") == "Acc" and same_pronoun(lemma, other) and form not in nominative:
                accusative[form] += n
        if accusative and (injection := replace_word(sentence, word, ranked(accusative)[0])):
            found.append(injection)
    return found


def strip_diacritics(word: str) -> str:
    plain = "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain).replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae")


def typos(word: str) -> dict[str, list[str]]:
    """Realistic one-edit typos of ``word`` by kind; the first letter is never touched."""
    kinds: dict[str, list[str]] = {
        "drop": [word[:i] + word[i + 1:] for i in range(1, len(word))],
        "double": [word[:i + 1] + word[i] + word[i + 1:] for i in range(1, len(word))],
        "swap": [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1) if word[i] != word[i + 1]],
    }
    plain = strip_diacritics(word)
    kinds["diacritics"] = [plain] if plain != word else []
    return {kind: sorted(set(options) - {word}) for kind, options in kinds.items() if options}


def inject_spelling(sentence: Sentence, lex: Lexicon, lang: str, rng: random.Random) -> list[Injection]:
    words = [w for w in sentence.words if w.upos in ("NOUN", "VERB", "ADJ", "ADV") and not w.mwt
             and w.form.isalpha() and len(w.form) >= 5 and w.form[1:].islower()]
    rng.shuffle(words)
    for word in words:
        options = typos(word.form)
        kinds = sorted(options)
        rng.shuffle(kinds)
        for kind in kinds:
            candidates = [t for t in options[kind] if t.lower() not in lex.vocab]
            if candidates:
                typo = rng.choice(candidates)
                text = sentence.text[:word.start] + typo + sentence.text[word.end:]
                return [Injection(text, (word.start, word.start + len(typo)), f"{kind}: {word.form} -> {typo}")]
    return []


INJECTORS: dict[str, Callable] = {
    "gender": inject_gender,
    "adjective": inject_adjective,
    "verb-form": inject_verb_form,
    "word-order": inject_word_order,
    "subordinate-order": inject_subordinate_order,
    "pronoun-case": inject_pronoun_case,
}


# -- building the set ----------------------------------------------------------------------------
def build(ud: Path, langs: list[str], per_type: int, clean: int, seed: int) -> tuple[list[dict], dict]:
    """The injected and clean rows, and per language the pool sizes (for the summary)."""
    rows: list[dict] = []
    summary: dict = {}
    for lang in langs:
        folder, filename = TREEBANKS[lang]
        path = ud / folder / filename
        if not path.exists():
            raise SystemExit(f"{path} is missing: git clone https://github.com/UniversalDependencies/{folder} into {ud}")
        parsed = list(read_conllu(path, lang))
        sentences = [s for s in parsed if s is not None]
        lex = Lexicon(sentences, lang)
        eligible = [s for s in sentences if MIN_WORDS <= len(s.words) <= MAX_WORDS and balanced(s.text)]
        n_clean = min(clean, len(eligible) // 3)
        clean_ids = set(random.Random(f"{seed}:{lang}:clean").sample(range(len(eligible)), n_clean))
        pool = [s for i, s in enumerate(eligible) if i not in clean_ids]
        info = {"sentences": len(parsed), "unaligned": len(parsed) - len(sentences), "eligible": len(eligible),
                "clean": n_clean, "pool": len(pool), "types": {}}
        for kind in TYPES:
            if kind == "word-order" and lang not in SCANDINAVIAN:
                continue
            candidates = []
            for sentence in pool:
                pick = random.Random(f"{seed}:{lang}:{kind}:{sentence.sent_id}")
                options = (inject_spelling(sentence, lex, lang, pick) if kind == "spelling"
                           else INJECTORS[kind](sentence, lex, lang))
                if options:
                    candidates.append((sentence, pick.choice(options)))
            chosen = sorted(random.Random(f"{seed}:{lang}:{kind}").sample(range(len(candidates)), min(per_type, len(candidates))))
            info["types"][kind] = (len(chosen), len(candidates))
            for index in chosen:
                sentence, injection = candidates[index]
                rows.append({"id": f"{lang}-{kind}-{sentence.sent_id}", "lang": lang, "type": kind, "text": injection.text,
                             "original": sentence.text, "span": list(injection.span), "detail": injection.detail,
                             "sent_id": sentence.sent_id, "treebank": folder})
        for index in sorted(clean_ids):
            sentence = eligible[index]
            rows.append({"id": f"{lang}-clean-{sentence.sent_id}", "lang": lang, "type": "clean", "text": sentence.text,
                         "original": sentence.text, "span": None, "detail": "", "sent_id": sentence.sent_id,
                         "treebank": folder})
        summary[lang] = info
    return rows, summary


def print_summary(summary: dict, out: Path, commits: dict[str, str]) -> None:
    kinds = [k for k in TYPES]
    print(f"{'lang':4} {'treebank (commit)':38} {'eligible':>8} {'clean':>5} " + " ".join(f"{k[:12]:>12}" for k in kinds))
    for lang, info in summary.items():
        folder = TREEBANKS[lang][0]
        cells = []
        for kind in kinds:
            got = info["types"].get(kind)
            cells.append(f"{'-' if got is None else f'{got[0]}/{got[1]}':>12}")
        print(f"{lang:4} {folder + ' ' + commits.get(folder, '?')[:8]:38} {info['eligible']:8d} {info['clean']:5d} " + " ".join(cells))
    print("(chosen/possible sentences per type; possible = sentences outside the clean set with at least one site)")
    total = sum(info["clean"] + sum(c for c, _ in info["types"].values()) for info in summary.values())
    print(f"wrote {total} rows to {out}")


def show_examples(rows: list[dict], count: int) -> None:
    seen: Counter = Counter()
    for row in rows:
        key = (row["lang"], row["type"])
        if row["type"] == "clean" or seen[key] >= count:
            continue
        seen[key] += 1
        start, end = row["span"]
        marked = row["text"][:start] + "[[" + row["text"][start:end] + "]]" + row["text"][end:]
        print(f"{row['lang']} {row['type']:17} {row['detail']}\n    {marked}")


def ud_commits(ud: Path) -> dict[str, str]:
    path = ud / "COMMITS"
    if not path.exists():
        return {}
    return dict(line.split()[:2] for line in path.read_text(encoding="utf-8").splitlines() if len(line.split()) >= 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ud", type=Path, default=Path(os.environ.get("REPLYCHECK_UD_DIR", "/work/ud")),
                        help="folder holding the UD_* treebank folders (default $REPLYCHECK_UD_DIR or /work/ud)")
    parser.add_argument("--languages", default=",".join(TREEBANKS), help="comma-separated (default: sv,da,nb,nn,nl,de)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--per-type", type=int, default=200, help="injected sentences per language and type (default 200)")
    parser.add_argument("--clean", type=int, default=400, help="clean sentences per language (default 400; at most a third)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--examples", type=int, default=0, help="print N examples per language and type")
    parser.add_argument("--score", action="store_true", help="then score the set with bench/ged.py --injected")
    parser.add_argument("--limit", type=int, help="with --score: N rows per language (seeded sample)")
    parser.add_argument("--workers", type=int, default=3, help="with --score: requests in flight")
    parser.add_argument("--systems", default="languagetool,replycheck", help="with --score")
    parser.add_argument("--json", action="store_true", help="with --score: print the figures as JSON")
    args = parser.parse_args(argv)
    langs = [code.strip() for code in args.languages.split(",") if code.strip()]
    unknown = [code for code in langs if code not in TREEBANKS]
    if unknown:
        parser.error(f"no treebank for {unknown}; choose from {list(TREEBANKS)}")
    rows, summary = build(args.ud, langs, args.per_type, args.clean, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    stream = sys.stderr if args.json else sys.stdout
    saved, sys.stdout = sys.stdout, stream
    try:
        print_summary(summary, args.out, ud_commits(args.ud))
        if args.examples:
            show_examples(rows, args.examples)
    finally:
        sys.stdout = saved
    if not args.score:
        return 0
    sys.path.insert(0, str(ROOT / "bench"))
    import ged

    extra = ["--workers", str(args.workers), "--systems", args.systems, "--seed", str(args.seed)]
    extra += ["--limit", str(args.limit)] if args.limit else []
    extra += ["--json"] if args.json else []
    return ged.main(["--injected", str(args.out), *extra])


if __name__ == "__main__":
    sys.exit(main())
