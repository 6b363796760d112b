"""Build ``replycheck/data/<lang>/lexicon.tsv.gz`` from a LibreOffice Hunspell dictionary.

    .venv/bin/python scripts/build_lexicon_hunspell.py LANG [--out PATH] [--no-prune]

For dictionaries without morphological fields (the Norwegian ones): the part of speech and
features of a word are *inferred from the paradigm the dictionary's affix rules produce*.
Steps, all driven by ``scripts/lexicon_tags/<LANG>.yaml`` (the Python knows no language):

1. expand every ``.dic`` stem by its ``.aff`` prefix and suffix rules (hunspell's ``unmunch``,
   reimplemented here: cross products, conditions, strip strings; ``COMPOUNDFLAG`` and flags
   without rules are ignored) into the set of all word forms the dictionary accepts;
2. for every lower-case form taken as a lemma, apply the affix *groups* the yaml names as
   paradigm cells (e.g. "flag A gives the masculine definite singular") and look which results
   the dictionary accepts. The munched ``.dic`` merges homographs and splits paradigms at
   random, so the cells are checked against the whole form set, never against one stem's
   flags. In the yaml's order:

   * ``verb``: a form is an infinitive when its cells meet one of ``verb.require`` (lists of
     cell names, ``a|b`` for either); ``verb.irregular`` adds hand-written principal parts
     of strong verbs, each form only when the dictionary has it, also behind the listed
     ``verb.prefixes`` ("fortsette"); ``active_voice`` writes ``Voice=Act``;
   * ``adjective``: ``adjective.require`` cells exist and the paradigm is not a verb's
     infinitive plus participle (``verb_like``) unless it compares (``strong``); the
     ``adverb_cells`` (the neuter) are ``ADV`` too; ``adjective.irregular`` lists
     irregular adjectives with every form by slot ("liten", "lille", "små", "mindre");
   * ``noun``: a definite singular cell exists; each gender's cell that exists gives that
     gender, unless its form is over ``gender_frequency_margin`` zipf rarer than the best
     one (``keep_with`` exempts e.g. Fem beside a kept Masc; without frequencies, forms of
     inferred verbs are not evidence); ``add_genders`` adds genders by lemma ending;
     ``fem_yields_to_neut`` drops Fem when the -a form is the neuter definite plural;
     when ``X`` and ``X+e`` share one noun paradigm (Bokmål "bil"/"bile") the more
     frequent (wordfreq) is the lemma;

3. add ``closed`` (hand-written closed-class analyses, adverbs included, replacing the
   inferred analyses of the same parts of speech) and genitives (``noun.genitive``); then
   ``homographs``: a reading whose paradigm is far rarer (wordfreq) than the form, beside a
   closed-class, adjective or listed-verb reading that explains it, is dropped;
4. optionally prune (``prune``): an open-class form is kept when wordfreq knows it, a noun
   lemma is kept whole when any of its forms is known; closed classes are always kept;
5. write the file with ``scripts/lexicon_format.write`` and ``replycheck/data/<LANG>/lexicon.yaml``.

Lossy by construction: see the README's "Lexicons (Hunspell)" section.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))

import lexicon_format  # noqa: E402  (scripts/ is not a package)

CLOSED = frozenset({"DET", "PRON", "AUX", "ADP", "SCONJ", "CCONJ", "PART", "NUM"})
FUNCTION_POS = frozenset({"DET", "PRON", "ADP", "SCONJ", "CCONJ", "PART"})  # never noun lemmas
SUFFIX_KEY = 6  # affix conditions and strip strings of the dictionaries are shorter than this


# --------------------------------------------------------------------------- affix file

@dataclass(frozen=True, slots=True)
class Rule:
    strip: str
    add: str
    condition: re.Pattern


@dataclass(frozen=True, slots=True)
class AffixGroup:
    kind: str  # "PFX" or "SFX"
    cross: bool
    rules: tuple[Rule, ...]


class Affixes:
    """The PFX/SFX groups of one ``.aff`` file, applied with a cache keyed by word ending."""

    def __init__(self, path: Path, encoding: str) -> None:
        self.groups: dict[str, AffixGroup] = {}
        self.compound_min = None
        lines = path.read_text(encoding=encoding).splitlines()
        i = 0
        while i < len(lines):
            parts = lines[i].split()
            if parts[:1] == ["COMPOUNDMIN"]:
                self.compound_min = int(parts[1])
            if len(parts) == 4 and parts[0] in ("PFX", "SFX") and parts[2] in ("Y", "N"):
                kind, flag, count = parts[0], parts[1], int(parts[3])
                rules = []
                for line in lines[i + 1:i + 1 + count]:
                    q = line.split()
                    strip = "" if q[2] == "0" else q[2]
                    add = ("" if q[3] == "0" else q[3]).split("/")[0]
                    cond = q[4] if len(q) > 4 else "."
                    pattern = f"^{cond}" if kind == "PFX" else f"{cond}$"
                    rules.append(Rule(strip, add, re.compile(pattern)))
                self.groups[flag] = AffixGroup(kind, parts[2] == "Y", tuple(rules))
                i += count + 1
            else:
                i += 1
        self._cache: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}

    def suffixes(self, flag: str, word: str) -> tuple[tuple[str, str], ...]:
        """The ``(strip, add)`` pairs of suffix group ``flag`` whose condition ``word`` meets."""
        key = (flag, word[-SUFFIX_KEY:])
        hit = self._cache.get(key)
        if hit is None:
            group = self.groups.get(flag)
            hit = ()
            if group is not None and group.kind == "SFX":
                # hunspell never strips a whole word (that needs FULLSTRIP, which the
                # Norwegian .aff files do not set): "mer" + "SFX C mer ra mer" is no "ra"
                hit = tuple((r.strip, r.add) for r in group.rules
                            if word.endswith(r.strip) and r.condition.search(key[1])
                            and len(word) > len(r.strip))
            self._cache[key] = hit
        return hit

    def apply(self, flag: str, word: str) -> list[str]:
        """Words made by suffix group ``flag`` from ``word``."""
        return [word[:len(word) - len(strip)] + add for strip, add in self.suffixes(flag, word)]

    def expand(self, stem: str, flags: str) -> Iterable[str]:
        """Everything one ``.dic`` entry stands for (hunspell's unmunch)."""
        yield stem
        suffixed: list[tuple[str, bool]] = []
        for flag in flags:
            group = self.groups.get(flag)
            if group is not None and group.kind == "SFX":
                for word in self.apply(flag, stem):
                    suffixed.append((word, group.cross))
                    yield word
        for flag in flags:
            group = self.groups.get(flag)
            if group is None or group.kind != "PFX":
                continue
            for rule in group.rules:
                if stem.startswith(rule.strip) and rule.condition.search(stem):
                    yield rule.add + stem[len(rule.strip):]
                    if group.cross:
                        for word, cross in suffixed:
                            if cross:
                                yield rule.add + word[len(rule.strip):]


def read_dictionary(dic: Path, affixes: Affixes, encoding: str, stems: dict[str, set[str]] | None = None) -> set[str]:
    """All word forms of the dictionary (case kept); ``stems`` collects each ``.dic`` stem's flags."""
    words: set[str] = set()
    lines = dic.read_text(encoding=encoding).splitlines()
    for line in lines[1:]:
        line = line.strip()
        if not line:
            continue
        stem, _, flags = line.partition("/")
        flags = flags.split()[0] if flags else ""
        if stems is not None:
            stems.setdefault(stem, set()).update(flags)
        words.update(affixes.expand(stem, flags))
    return words


# --------------------------------------------------------------------------- analyses

Analysis = lexicon_format.Analysis
parse_analysis, render, sha1, with_features = (
    lexicon_format.parse_analysis, lexicon_format.render, lexicon_format.sha1, lexicon_format.with_features
)




def voiced(analyses: Iterable[Analysis], active: bool) -> tuple[Analysis, ...]:
    """With ``active``: ``Voice=Act`` on the VERB infinitives and finite forms that state no
    voice, as the Danish and Swedish lexicons write them ("sende" vs the passive "sendes");
    participles and other parts of speech unchanged."""
    out = []
    for a in analyses:
        feats = dict(a[1])
        if active and a[0] == "VERB" and "Voice" not in feats and feats.get("VerbForm", frozenset()) & {"Inf", "Fin"}:
            a = with_features(a, Voice=["Act"])
        out.append(a)
    return tuple(out)



# --------------------------------------------------------------------------- paradigms

@dataclass
class Cell:
    """One paradigm cell: affix groups (or plain endings) applied to a lemma, filtered."""

    flags: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()  # plain concatenations, for forms no affix group makes
    subs: tuple[tuple[re.Pattern, str], ...] = ()  # regular expression substitutions, likewise
    match: re.Pattern | None = None  # keep produced words matching this
    drop: re.Pattern | None = None  # ... and not matching this
    lemma: re.Pattern | None = None  # the cell exists only for lemmas matching this
    analyses: tuple[Analysis, ...] = ()
    same: bool = False  # the lemma itself
    no_strip: tuple[str, ...] = ()  # affix rules stripping these endings do not count here
    not_verb: bool = False  # forms of inferred verbs do not count

    @classmethod
    def from_config(cls, spec: dict) -> Cell:
        def rx(key: str) -> re.Pattern | None:
            return re.compile(spec[key]) if spec.get(key) else None

        def strings(key: str) -> tuple[str, ...]:
            value = spec.get(key) or ()
            return (value,) if isinstance(value, str) else tuple(value)

        subs = tuple((re.compile(pattern), replacement) for pattern, replacement in spec.get("subs") or ())
        return cls(flags=strings("flags"), endings=strings("endings"), subs=subs,
                   match=rx("match"), drop=rx("drop"), lemma=rx("lemma"),
                   analyses=tuple(parse_analysis(a) for a in spec.get("analyses") or ()),
                   same=bool(spec.get("same")), no_strip=strings("no_strip"),
                   not_verb=bool(spec.get("not_verb")))


class Paradigms:
    """Cells of a lemma that the dictionary accepts."""

    def __init__(self, words: set[str], affixes: Affixes) -> None:
        self.words = words
        self.affixes = affixes
        self.verb_forms: set[str] = set()  # for ``not_verb`` cells, once verbs are known

    def forms(self, lemma: str, cell: Cell) -> list[str]:
        if cell.lemma is not None and not cell.lemma.search(lemma):
            return []
        made = [lemma] if cell.same else []
        for flag in cell.flags:
            made += [lemma[:len(lemma) - len(strip)] + add for strip, add in self.affixes.suffixes(flag, lemma)
                     if strip not in cell.no_strip]
        made += [lemma + e for e in cell.endings]
        made += [pattern.sub(replacement, lemma) for pattern, replacement in cell.subs if pattern.search(lemma)]
        out = set()
        for word in made:
            if word not in self.words or (word == lemma and not cell.same):
                continue
            if cell.match is not None and not cell.match.search(word):
                continue
            if cell.drop is not None and cell.drop.search(word):
                continue
            if cell.not_verb and word in self.verb_forms:
                continue
            out.add(word)
        return sorted(out)


def cells(config: dict) -> dict[str, Cell]:
    return {name: Cell.from_config(spec) for name, spec in (config.get("cells") or {}).items()}


def found_cells(paradigms: Paradigms, lemma: str, table: dict[str, Cell], specs: dict) -> dict[str, list[str]]:
    """Cell name -> forms the dictionary has; a cell whose ``unless`` cells exist is left out."""
    out = {}
    for name, cell in table.items():
        forms = paradigms.forms(lemma, cell)
        if forms:
            out[name] = forms
    for name in list(out):
        if set(specs[name].get("unless") or ()) & set(out):
            del out[name]
    for name in list(out):
        if not set(specs[name].get("needs") or ()) <= set(out):
            del out[name]
    return out


def satisfied(requirement: list[str], found: dict) -> bool:
    """``["present", "past_te|past_de"]``: every entry names a cell found (``|``: any of them)."""
    return all(any(alt in found for alt in entry.split("|")) for entry in requirement)


@dataclass
class Stats:
    words: int = 0
    lemma_candidates: int = 0
    verbs: int = 0
    adjectives: int = 0
    nouns: int = 0
    noun_genders: Counter = field(default_factory=Counter)
    nouns_gender_from_verb_forms: int = 0
    genders_by_frequency: int = 0
    genders_added: int = 0
    fem_dropped_for_neut: int = 0
    doublets_dropped: int = 0
    adjective_not_noun: int = 0
    homographs_dropped: Counter = field(default_factory=Counter)
    not_noun_lemmas: int = 0
    pruned: int = 0
    closed_forms: int = 0
    irregular_missing: list = field(default_factory=list)


class Builder:
    def __init__(self, config: dict, words: set[str], affixes: Affixes, frequency,
                 stems: dict[str, set[str]] | None = None) -> None:
        self.config = config
        self.stems = stems or {}  # .dic stem -> its flags (all entries of that stem)
        self.words = words
        self.paradigms = Paradigms(words, affixes)
        self.frequency = frequency
        # form -> {(origin, lemma): analyses}: which paradigm gave which reading ("VERB",
        # "ADJ", "NOUN" for inferred or listed paradigms, "CLOSED" for the hand-written
        # closed classes); members: (origin, lemma) -> every form of that paradigm
        self.origin: dict[str, dict[tuple[str, str], set[Analysis]]] = defaultdict(dict)
        self.members: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.removed: dict[str, list[str]] = defaultdict(list)  # for --explain
        self.listed: set[tuple[str, str]] = set()  # hand-written paradigms (``irregular``)
        self.stats = Stats(words=len(words))
        word_rx = re.compile(config.get("word", r"^[a-zæøåéèêóòôâüäö-]+$"))
        self.candidates = sorted(w for w in words if w == w.lower() and word_rx.match(w)
                                 and len(w) >= 2 and not w.startswith("-") and not w.endswith("-"))
        self.stats.lemma_candidates = len(self.candidates)
        self.closed_entries = {
            form: {parse_analysis(a) for a in ([analyses] if isinstance(analyses, str) else analyses)}
            for form, analyses in (config.get("closed") or {}).items()}
        self.closed_forms = set(self.closed_entries)
        self.function_words = {form for form, analyses in self.closed_entries.items()
                               if {pos for pos, _ in analyses} & FUNCTION_POS}

    def add(self, form: str, analyses: Iterable[Analysis], pos: str, lemma: str) -> None:
        analyses = set(analyses)
        if analyses:
            self.origin[form].setdefault((pos, lemma), set()).update(analyses)
            self.members[(pos, lemma)].add(form)

    def analyses(self, form: str) -> set[Analysis]:
        """Every reading of ``form`` so far, whatever paradigm gave it."""
        return set().union(*self.origin.get(form, {}).values())

    def drop(self, form: str, key: tuple[str, str], analyses: Iterable[Analysis] | None = None) -> None:
        """Take ``analyses`` (all when ``None``) of paradigm ``key`` away from ``form``."""
        readings = self.origin.get(form, {}).get(key)
        if readings is None:
            return
        readings -= set(readings if analyses is None else analyses)
        if not readings:
            del self.origin[form][key]
            self.members[key].discard(form)

    # ---------------------------------------------------------------- verbs
    def verbs(self) -> set[str]:
        spec = self.config["verb"]
        table = cells(spec)
        lemma_rx = re.compile(spec["lemma"])
        requirements = spec["require"]  # alternatives
        active = self.active_voice = bool(spec.get("active_voice"))
        inf = voiced(tuple(parse_analysis(a) for a in spec["analyses"]), active)
        self.verb_forms: set[str] = set()  # non-infinitive forms of verbs
        self.verb_cells: dict[str, set[str]] = {}  # inferred infinitive -> its cells found
        infinitives = set()
        for lemma in self.candidates:
            if not lemma_rx.search(lemma):
                continue
            found = found_cells(self.paradigms, lemma, table, spec["cells"])
            if not any(satisfied(r, found) for r in requirements):
                continue
            infinitives.add(lemma)
            self.verb_cells[lemma] = set(found)
            self.add(lemma, inf, "VERB", lemma)
            for name, forms in found.items():
                for form in forms:
                    self.add(form, voiced(table[name].analyses, active), "VERB", lemma)
                    if form != lemma:
                        self.verb_forms.add(form)
        irregular = spec.get("irregular") or {}
        slots = {slot: voiced(tuple(parse_analysis(a) for a in analyses), active)
                 for slot, analyses in spec["irregular_slots"].items()} if irregular else {}
        for lemma, parts in irregular.items():
            if lemma not in self.words:
                self.stats.irregular_missing.append(lemma)
                continue
            infinitives.add(lemma)
            self.listed.add(("VERB", lemma))
            self.add(lemma, inf, "VERB", lemma)
            for slot, forms in parts.items():
                for form in forms.split("/"):
                    if form not in self.words:
                        self.stats.irregular_missing.append(form)
                        continue
                    self.add(form, slots[slot], "VERB", lemma)
                    if form != lemma:
                        self.verb_forms.add(form)
        # Prefixed verbs inflect like their base ("fortsette" - "fortsatte", "unngå" -
        # "unngikk", "innebære" - "innebar"): the listed verbs' parts behind a listed prefix,
        # each form only when the dictionary has it.
        prefixes = tuple(spec.get("prefixes") or ())
        if prefixes and irregular:
            for lemma in self.candidates:
                for prefix in prefixes:
                    base = lemma[len(prefix):]
                    if not lemma.startswith(prefix) or base not in irregular or base not in self.words:
                        continue
                    infinitives.add(lemma)
                    self.listed.add(("VERB", lemma))
                    self.add(lemma, inf, "VERB", lemma)
                    for slot, forms in irregular[base].items():
                        for form in forms.split("/"):
                            if prefix + form in self.words:
                                self.add(prefix + form, slots[slot], "VERB", lemma)
                                if prefix + form != lemma:
                                    self.verb_forms.add(prefix + form)
        self.stats.verbs = len(infinitives)
        self.paradigms.verb_forms = self.verb_forms
        return infinitives

    # ---------------------------------------------------------------- adjectives
    def adjectives(self, infinitives: set[str]) -> None:
        spec = self.config["adjective"]
        table = cells(spec)
        lemma_rx = re.compile(spec.get("lemma", "."))
        base = tuple(parse_analysis(a) for a in spec["analyses"])
        base_all = tuple(parse_analysis(a) for a in spec["analyses_without_neuter"])
        requirements = spec["require"]  # alternatives
        verb_like = set(spec.get("verb_like") or ())  # these cells may be a verb's
        strong = spec.get("strong") or []  # ... unless this requirement is met
        neuter = set(spec["neuter_cells"])  # without them the lemma form is neuter too
        # the neuter singular is also the adverb of the adjective ("helt", "svakt")
        adverb = tuple(parse_analysis(a) for a in spec.get("adverb") or ())
        adverb_cells = set(spec.get("adverb_cells") or ())
        self.adjective_lemmas: set[str] = set()
        count = 0
        for lemma in self.candidates:
            if not lemma_rx.search(lemma):
                continue
            found = found_cells(self.paradigms, lemma, table, spec["cells"])
            if not any(satisfied(r, found) for r in requirements):
                continue
            if not (strong and satisfied(strong, found)):
                # "bil": "bile" is an infinitive and "bilt" its participle, not an adjective
                if any(f in infinitives or f in self.verb_forms
                       for name in verb_like & set(found) for f in found[name]):
                    continue
            count += 1
            self.adjective_lemmas.add(lemma)
            self.add(lemma, base if neuter & set(found) else base_all, "ADJ", lemma)
            for name, forms in found.items():
                for form in forms:
                    self.add(form, table[name].analyses, "ADJ", lemma)
                    if name in adverb_cells:
                        self.add(form, adverb, "ADJ", lemma)
        # Irregular and high-frequency adjectives, hand-written from the grammar: every
        # form of theirs the dictionary has, in the slots named (the affix rules relate
        # neither "liten" to "lille" and "små" nor "god" to "bedre").
        slots = {slot: tuple(parse_analysis(a) for a in analyses)
                 for slot, analyses in (spec.get("irregular_slots") or {}).items()}
        adverb_slots = set(spec.get("adverb_slots") or ())
        for lemma, parts in (spec.get("irregular") or {}).items():
            if lemma not in self.words:
                self.stats.irregular_missing.append(lemma)
                continue
            if lemma not in self.adjective_lemmas:
                count += 1
            # the listed forms are the whole paradigm: inferred readings of the same forms
            # from this lemma ("lite" as a regular neuter of "lit") are replaced
            for form in list(self.members.get(("ADJ", lemma), ())):
                self.drop(form, ("ADJ", lemma))
            self.adjective_lemmas.add(lemma)
            self.listed.add(("ADJ", lemma))
            for slot, forms in parts.items():
                for form in str(forms).split("/"):
                    if form not in self.words:
                        self.stats.irregular_missing.append(form)
                        continue
                    self.add(form, slots[slot], "ADJ", lemma)
                    if slot in adverb_slots:
                        self.add(form, adverb, "ADJ", lemma)
        self.adjective_forms = {f for (pos, _), forms in self.members.items() if pos == "ADJ" for f in forms}
        self.stats.adjectives = count

    # ---------------------------------------------------------------- nouns
    def choose_genders(self, evidence: dict[str, list[str]], margin: float | None) -> set[str]:
        """Genders whose definite singular is at most ``margin`` zipf below the most frequent
        one; when wordfreq knows none of them, genders whose form is not a verb's form."""
        if margin is not None:
            weight = {g: max(self.frequency(f) for f in forms) for g, forms in evidence.items()}
            best = max(weight.values())
            if best > 0:
                kept = {g for g, w in weight.items() if w > 0 and w >= best - margin}
                for gender, partner in self.keep_with.items():
                    if partner in kept and gender in evidence and (self.keep_verb_forms or any(
                            f not in self.verb_forms for f in evidence[gender])):
                        kept.add(gender)
                if kept != set(evidence):
                    self.stats.genders_by_frequency += 1
                return kept
        genders = {g for g, forms in evidence.items() if any(f not in self.verb_forms for f in forms)}
        if not genders:
            return set(evidence)
        if genders != set(evidence):
            self.stats.nouns_gender_from_verb_forms += 1
        return genders

    def doublet_loser(self, short: str, long: str, infinitives: set[str]) -> str:
        """Which of ``X`` and ``X+e`` sharing one noun paradigm is not its indefinite singular.

        An infinitive's frequency is no noun's, so ``X`` wins against one when the ``.dic``
        lists ``X`` itself with a noun's definite flag and it is nearly as frequent (within
        half a zipf: "bruk"/"bruke"; not the mere imperative "prøv" of "prøve"); an
        adjective's lemma loses likewise to an ``X+e`` listed with a noun's definite flag
        ("god"/"gode": "et gode, godet"); else the more frequent wins ("bil"/"bile",
        "avtal"/"avtale")."""
        f_short, f_long = self.frequency(short), self.frequency(long)
        if (long in infinitives and short not in infinitives and short not in self.closed_forms
                and short not in self.adjective_lemmas and self.stems.get(short, set()) & self.noun_flags
                and f_short >= f_long - 0.5):
            return long
        if (short in self.adjective_lemmas and long not in self.adjective_lemmas and long not in infinitives
                and self.stems.get(long, set()) & self.noun_flags and f_long >= f_short - 1.0):
            return short
        return short if f_long >= f_short else long

    def nouns(self, infinitives: set[str] = frozenset()) -> dict[str, set[str]]:
        spec = self.config["noun"]
        definite = {g: Cell.from_config(c) for g, c in spec["definite_singular"].items()}
        self.noun_flags = {f for c in definite.values() for f in c.flags}
        table = cells(spec)
        lemma_rx = re.compile(spec.get("lemma", "."))
        fem_yields = spec.get("fem_yields_to_neut")
        # ... unless the noun has a plural only a feminine or masculine has (Nynorsk "bot":
        # "bota", "bøter", not a neuter)
        yields_unless = set(spec.get("fem_yields_unless") or ())
        neuter_unless_verb = set(spec.get("neuter_not_beside_verb") or ())
        margin = spec.get("gender_frequency_margin")
        over = spec.get("definite_frequency_margin")
        self.keep_with = spec.get("keep_with") or {}
        self.keep_verb_forms = bool(spec.get("keep_with_verb_forms"))
        add_genders = [{"lemma": re.compile(r["lemma"]), "has": set(r["has"]), "add": set(r["add"])}
                       for r in spec.get("add_genders") or ()]
        found_by_lemma: dict[str, tuple[frozenset[str], dict[str, list[str]]]] = {}
        for lemma in self.candidates:
            if not lemma_rx.search(lemma):
                continue
            evidence = {g: self.paradigms.forms(lemma, c) for g, c in definite.items()}
            if over is not None:
                # "tema" is no definite form of "tem": a definite singular is not over
                # ``definite_frequency_margin`` zipf more frequent than its indefinite
                z = self.frequency(lemma)
                evidence = {g: [f for f in fs if self.frequency(f) - z <= over] for g, fs in evidence.items()}
            evidence = {g: f for g, f in evidence.items() if f}
            if not evidence:
                continue
            if neuter_unless_verb and "Neut" in evidence and len(evidence) > 1 \
                    and neuter_unless_verb & self.verb_cells.get(lemma, set()):
                # Nynorsk "pakke": "pakket" is Bokmål's past of the verb in the frequency list
                # and no Nynorsk neuter beside "pakken", "pakka"
                del evidence["Neut"]
            genders = self.choose_genders(evidence, margin)
            for rule in add_genders:
                if rule["lemma"].search(lemma) and rule["has"] & genders:
                    genders |= rule["add"]
                    self.stats.genders_added += 1
            if fem_yields and "Fem" in genders and "Neut" in genders and "Masc" not in genders and not (
                    yields_unless and yields_unless & set(found_cells(self.paradigms, lemma, table, spec["cells"]))):
                genders.discard("Fem")
                self.stats.fem_dropped_for_neut += 1
            forms = {g: evidence[g] for g in genders if g in evidence}
            found_by_lemma[lemma] = (frozenset(genders), forms)
        # "livet" is the definite form of "liv", not a feminine lemma with "liva"; "det" and
        # "den" are no nouns.
        # But "tema", "firma", "skala" have definite forms of their own ("temaet") and are
        # more frequent than the shorter word whose -a form they would be ("tem"): lemmas.
        definite_of: dict[str, list[str]] = defaultdict(list)
        for lemma, (_, forms) in found_by_lemma.items():
            for fs in forms.values():
                for f in fs:
                    if len(f) > len(lemma):
                        definite_of[f].append(lemma)

        def own_lemma(word: str) -> bool:
            own = any(f.startswith(word) and len(f) > len(word)
                      for fs in found_by_lemma[word][1].values() for f in fs)
            return own and all(self.frequency(word) > self.frequency(short) for short in definite_of[word])

        for lemma in list(found_by_lemma):
            if (lemma in definite_of and not own_lemma(lemma)) or lemma in self.function_words:
                del found_by_lemma[lemma]
                self.stats.not_noun_lemmas += 1
        # "bil"/"bile", "avtal"/"avtale": one paradigm, two candidate lemmas; keep the
        # one that is the indefinite singular.
        for lemma in list(found_by_lemma):
            if not lemma.endswith("e") or lemma[:-1] not in found_by_lemma:
                continue
            short = lemma[:-1]
            mine, theirs = found_by_lemma[lemma], found_by_lemma[short]
            shared = {f for fs in mine[1].values() for f in fs} & {f for fs in theirs[1].values() for f in fs}
            if not shared:
                continue
            if lemma in {f for fs in found_cells(self.paradigms, short, table, spec["cells"]).values() for f in fs}:
                loser = lemma  # "forskere" is the plural of "forsker", not a lemma
            else:
                loser = self.doublet_loser(short, lemma, infinitives)
            del found_by_lemma[loser]
            self.stats.doublets_dropped += 1
        plural_cells = {name for name, cell in table.items() if not cell.same
                        and any("Plur" in dict(a[1]).get("Number", ()) for a in cell.analyses)}
        members: dict[str, set[str]] = {}
        for lemma, (genders, definite_forms) in list(found_by_lemma.items()):
            found = found_cells(self.paradigms, lemma, table, spec["cells"])
            if lemma in self.adjective_forms and lemma not in self.adjective_lemmas and not plural_cells & set(found):
                # "lille" (with "lilla"), "eget" (with "ega"): an adjective's inflected form
                # is a noun only with a whole noun paradigm, a definite and a plural ("gode":
                # "godet", "goder"); its lemma may be a mass noun too (Nynorsk "tru": "trua")
                del found_by_lemma[lemma]
                self.stats.adjective_not_noun += 1
                continue
            gender = {"Gender": genders}
            lemma_forms = {lemma}
            self.add(lemma, [with_features(parse_analysis("NOUN|Definite=Ind|Number=Sing"), **gender)],
                     "NOUN", lemma)
            for forms in definite_forms.values():
                for form in forms:
                    self.add(form, [with_features(parse_analysis("NOUN|Definite=Def|Number=Sing"), **gender)],
                             "NOUN", lemma)
                    lemma_forms.add(form)
            for name, forms in found.items():
                cell = table[name]
                only = spec["cells"][name].get("genders")
                if only and not set(only) & genders:
                    continue
                for form in forms:
                    self.add(form, [with_features(a, **gender) for a in cell.analyses], "NOUN", lemma)
                    lemma_forms.add(form)
            members[lemma] = lemma_forms
            self.stats.noun_genders[",".join(sorted(genders))] += 1
        self.stats.nouns = len(found_by_lemma)
        genitive = spec.get("genitive")
        if genitive:
            suffix, never = genitive["suffix"], re.compile(genitive["not_after"])
            for lemma, forms in members.items():
                made = set()
                for form in sorted(forms):
                    gen = form + suffix
                    if never.search(form) or gen not in self.words:
                        continue
                    nouns = [a for a in self.origin[form].get(("NOUN", lemma), ()) if a[0] == "NOUN"]
                    self.add(gen, [with_features(a, Case=["Gen"]) for a in nouns], "NOUN", lemma)
                    made.add(gen)
                forms |= made
        return members

    # ---------------------------------------------------------------- closed classes
    def closed(self) -> None:
        for form, parsed in self.closed_entries.items():
            replaced = {pos for pos, _ in parsed}
            for key, readings in list(self.origin.get(form, {}).items()):
                self.drop(form, key, {a for a in readings if a[0] in replaced})
            self.add(form, parsed, "CLOSED", form)
            self.stats.closed_forms += 1
        for form, poses in (self.config.get("remove") or {}).items():
            for key, readings in list(self.origin.get(form, {}).items()):
                self.drop(form, key, {a for a in readings if a[0] in set(poses)})

    # ---------------------------------------------------------------- homographs
    def homographs(self) -> None:
        """Drop the readings a frequent form owes to a rare homograph's paradigm.

        wordfreq knows forms, not parts of speech, so it only breaks ties. A form has readings
        from paradigms of different parts of speech; one of them explains its frequency when
        it is a closed-class word or an adjective with another form within ``margin`` of this
        one. Another paradigm whose part of speech that reading may displace (``drop``:
        "skal" the noun beside the auxiliary, "hele" the verb beside the adjective "hel")
        keeps its readings only if its own evidence is within ``margin`` zipf of the form:
        its most frequent other form that no closed class or adjective has and that is no
        other paradigm's lemma ("skaler", "helte"; "skala" is a noun of its own). Paradigms
        written by hand (``irregular``) are never dropped, and the parts of speech in
        ``listed_only`` explain a form only from such a paradigm ("kommer" the verb, not the
        noun "komme"); without wordfreq nothing is dropped."""
        spec = self.config.get("homographs")
        if not spec:
            return
        margin = float(spec["margin"])
        droppable: dict[str, set[str]] = {}
        for poses, victims in spec["drop"].items():
            for pos in str(poses).split():
                droppable[pos] = set(victims)
        listed_only = set(spec.get("listed_only") or ())
        freq = self.frequency

        def explains(key: tuple[str, str], form: str) -> set[str]:
            """The parts of speech whose readings of ``form`` paradigm ``key`` explains."""
            poses = {a[0] for a in self.origin[form][key]} & set(droppable)
            if key not in self.listed:
                poses -= listed_only
            if key[0] == "CLOSED" or not poses:
                return poses
            other = max((freq(f) for f in self.members[key] if f != form), default=0.0)
            return poses if freq(form) - other <= margin else set()

        drops = []
        for form, origins in self.origin.items():
            if len(origins) < 2 or freq(form) <= margin:
                continue
            z = freq(form)
            explainers = {key: explains(key, form) for key in origins}
            for key in origins:
                if key in self.listed:
                    continue
                by = [(q, pos) for q, poses in explainers.items() if q != key for pos in poses
                      if key[0] in droppable[pos]]
                if not by:
                    continue
                own = max((freq(f) for f in self.members[key] if f != form and not any(
                    q != key and (q[1] == f or q[0] in ("CLOSED", "ADJ")) for q in self.origin[f])),
                    default=0.0)
                if z - own > margin:
                    drops.append((form, key, by[0][1]))
        for form, key, by in drops:
            readings = self.origin[form].get(key, set())
            self.removed[form].append(f"{key[0]} {key[1]!r} {sorted(render(a) for a in readings)} "
                                      f"dropped for the {by} reading (homograph)")
            self.drop(form, key)
            self.stats.homographs_dropped[f"{key[0]} for {by}"] += 1

    # ---------------------------------------------------------------- pruning
    def prune(self, noun_members: dict[str, set[str]], known) -> None:
        keep_nouns = {lemma for lemma, forms in noun_members.items() if any(known(f) for f in forms)}
        keep_forms = set().union(*(noun_members[lemma] for lemma in keep_nouns)) if keep_nouns else set()
        for form in list(self.origin):
            if form in self.closed_forms or known(form) or form in keep_forms:
                continue
            pruned = False
            for key, readings in list(self.origin[form].items()):
                open_ = {a for a in readings if a[0] not in CLOSED}
                if open_:
                    pruned = True
                    self.drop(form, key, open_)
            self.stats.pruned += pruned

    def entries(self) -> dict[str, set[str]]:
        return {form: {render(a) for a in self.analyses(form)} for form in self.origin if self.analyses(form)}

    def build(self, prune: bool) -> dict[str, set[str]]:
        infinitives = self.verbs()
        self.adjectives(infinitives)
        members = self.nouns(infinitives)
        self.closed()
        self.homographs()
        if prune:
            self.prune(members, lambda form: self.frequency(form) > 0)
        return self.entries()

    def explain(self, form: str) -> list[str]:
        """Lines saying which paradigm gave ``form`` which readings (``--explain``)."""
        lines = []
        for (origin, lemma), readings in sorted(self.origin.get(form, {}).items()):
            others = sorted(self.members[(origin, lemma)] - {form})
            paradigm = f" (paradigm: {' '.join(others[:12])}{' ...' if len(others) > 12 else ''})" if others else ""
            lines.append(f"{form}: {origin} {lemma!r} {sorted(render(a) for a in readings)}{paradigm}")
        lines += [f"{form}: {why}" for why in self.removed.get(form, ())]
        return lines or [f"{form}: not listed"]


# --------------------------------------------------------------------------- main


def dictionary_dir(config: dict) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(config["package"])
    if spec is None or spec.origin is None:
        raise SystemExit(f"package {config['package']!r} is not installed")
    return Path(spec.origin).parent / config["dir"]


def frequency_function(lang: str | None):
    if not lang:
        return lambda word: 0.0
    from functools import lru_cache

    from wordfreq import zipf_frequency

    return lru_cache(maxsize=None)(lambda word: zipf_frequency(word, lang))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lang", help="language code with a scripts/lexicon_tags/<lang>.yaml")
    parser.add_argument("--out", type=Path, help="output file (default: replycheck/data/<lang>/lexicon.tsv.gz)")
    parser.add_argument("--no-prune", action="store_true", help="keep forms wordfreq does not know")
    parser.add_argument("--explain", nargs="+", metavar="WORD", default=(),
                        help="print which paradigm gave each reading of these forms")
    args = parser.parse_args(argv)

    config_path = SCRIPTS / "lexicon_tags" / f"{args.lang}.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    source_cfg = config["hunspell"]
    folder = dictionary_dir(source_cfg)
    aff, dic = folder / source_cfg["aff"], folder / source_cfg["dic"]
    encoding = source_cfg.get("encoding", "utf-8")
    out = args.out or ROOT / "replycheck" / "data" / args.lang / "lexicon.tsv.gz"
    command = " ".join([".venv/bin/python", "scripts/build_lexicon_hunspell.py", shlex.quote(args.lang),
                        *(["--out", shlex.quote(str(args.out))] if args.out else []),
                        *(["--no-prune"] if args.no_prune else [])])

    affixes = Affixes(aff, encoding)
    stems: dict[str, set[str]] = {}
    words = read_dictionary(dic, affixes, encoding, stems)
    frequency = frequency_function(config.get("wordfreq"))
    builder = Builder(config, words, affixes, frequency, stems)
    prune = bool(config.get("prune")) and not args.no_prune
    entries = builder.build(prune)

    licence = source_cfg["licence"]
    source = (f"{source_cfg['name'].strip()}: {dic.name} + {aff.name} (sha1 {sha1(dic)} / {sha1(aff)}), "
              f"expanded by their affix rules; parts of speech and features inferred from the "
              f"paradigms the rules produce, closed classes hand-written "
              f"(scripts/lexicon_tags/{args.lang}.yaml)")
    header = {
        "source": source,
        "licence": f"{licence} (derived from the dictionary; its licence text: "
                   f"{source_cfg['package']}/{source_cfg['dir']}/{source_cfg['licence_file']})",
        "built-by": command,
        "upstream-dic-sha1": sha1(dic),
        "upstream-aff-sha1": sha1(aff),
        "upstream-licence-sha1": sha1(folder / source_cfg["licence_file"]),
        "pruning": (config.get("prune_note") or "none").strip() if prune else "none",
    }
    count = lexicon_format.write(out, entries, header)
    compounds = dict(config["compounds"])
    meta = {
        "source": source,
        "licence": licence,
        "built_by": command,
        "forms": count,
        "compounds": compounds,
    }
    meta_path = out.parent / "lexicon.yaml"
    meta_path.write_text("# Written by scripts/build_lexicon_hunspell.py; rebuild, do not edit.\n"
                         + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100),
                         encoding="utf-8")
    s = builder.stats
    print(f"{args.lang}: {s.words} dictionary forms, {s.lemma_candidates} lower-case lemma candidates; "
          f"{s.verbs} verbs, {s.adjectives} adjectives, {s.nouns} nouns "
          f"({dict(s.noun_genders.most_common())}); gender cells explained as verb forms: "
          f"{s.nouns_gender_from_verb_forms}; genders dropped by frequency: {s.genders_by_frequency}; "
          f"added by suffix: {s.genders_added}; Fem dropped for Neut: {s.fem_dropped_for_neut}; "
          f"X/X+e doublets: {s.doublets_dropped}; adjective forms without a noun paradigm: "
          f"{s.adjective_not_noun}; homograph readings dropped: {dict(s.homographs_dropped)}; "
          f"inflected forms or function words not taken "
          f"as noun lemmas: {s.not_noun_lemmas}; closed forms {s.closed_forms}; pruned {s.pruned}")
    if s.irregular_missing:
        print(f"irregular verb forms the dictionary lacks (left out): {' '.join(s.irregular_missing)}")
    print(f"wrote {out} ({count} forms, {out.stat().st_size} bytes) and {meta_path}")
    for word in args.explain:
        print("\n".join(builder.explain(word.lower())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
