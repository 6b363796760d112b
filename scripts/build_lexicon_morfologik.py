"""Build ``replycheck/data/<lang>/lexicon.tsv.gz`` from LanguageTool's morfologik POS dictionary.

    .venv/bin/python scripts/build_lexicon_morfologik.py LANG [--jar-dir DIR] [--out PATH]

Steps, all driven by ``scripts/lexicon_tags/<LANG>.yaml`` (the Python knows no language):

1. take the ``.dict`` and ``.info`` out of the jar that holds them (LanguageTool's installed
   ``lib`` folder by default: ``~/.cache/replycheck/languagetool/<version>/lib``);
2. compile ``scripts/DumpMorfologik.java`` against the morfologik and hppc jars of the same
   folder and dump the dictionary as ``form<TAB>lemma<TAB>tag`` lines;
3. map every tag to Universal Dependencies analyses (``tags``: the tag's first field names
   the part of speech, each further field value adds features; ``exact`` maps whole tags);
4. drop proper nouns, abbreviations, interjections and forms with spaces or digits, and, when
   the yaml says ``prune: frequency``, open-class forms that wordfreq does not know; a lemma
   of a part of speech in ``keep_whole_lemma`` (default: NOUN) is kept whole when any of its
   forms is known; closed classes are always kept;
5. add and correct (``aux_lemmas``: AUX copies of the auxiliaries' VERB analyses;
   ``paradigms``: hand-written words the dictionary lacks, filling ``slots``; ``remove``;
   ``retag``: e.g. the CCONJ readings of subordinators become SCONJ; ``closed``:
   hand-written analyses that replace the dictionary's analyses of the same parts of speech
   for a form), give genderless singular nouns the gender of their compound head
   (``infer_gender``), merge analyses that differ in one feature only (``Gender=Fem,Masc``),
   and write the file with ``scripts/lexicon_format.write`` plus
   ``replycheck/data/<LANG>/lexicon.yaml``.

Needs ``javac``/``java`` (17+) and, for pruning, ``wordfreq``.
"""

from __future__ import annotations

import argparse
import fnmatch
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))

import lexicon_format  # noqa: E402  (scripts/ is not a package)

CLOSED = frozenset({"DET", "PRON", "AUX", "ADP", "SCONJ", "CCONJ", "PART", "NUM"})
# Merge order for analyses that differ in one feature; any fixed order gives exact results.
MERGE_ORDER = ("Gender", "Number", "Case", "Strength", "Definite", "Person", "Inflection",
               "Degree", "Mood", "Tense", "Voice", "VerbForm")
CLASSPATH_JARS = ("morfologik-fsa-[0-9]*.jar", "morfologik-stemming-[0-9]*.jar", "hppc-[0-9]*.jar")

Feats = lexicon_format.Feats
Analysis = lexicon_format.Analysis
parse_analysis, render, sha1, with_features = (
    lexicon_format.parse_analysis, lexicon_format.render, lexicon_format.sha1, lexicon_format.with_features
)


# --------------------------------------------------------------------------- tag mapping



@dataclass
class TagMap:
    """A language's tag mapping (``scripts/lexicon_tags/<lang>.yaml``: ``separator``, ``tags``,
    ``exact``), with counters of what it could not map."""

    separator: str
    tags: dict
    exact: dict[str, tuple[Analysis, ...]]
    unknown_tags: Counter = field(default_factory=Counter)
    unknown_values: Counter = field(default_factory=Counter)
    _cache: dict[str, tuple[Analysis, ...]] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: dict) -> TagMap:
        exact = {tag: tuple(parse_analysis(a) for a in analyses or ())
                 for tag, analyses in (config.get("exact") or {}).items()}
        return cls(separator=config.get("separator", ":"), tags=config["tags"], exact=exact)

    def __call__(self, tag: str) -> tuple[Analysis, ...]:
        """The analyses of ``tag`` (empty: drop the entry)."""
        hit = self._cache.get(tag)
        if hit is None:
            hit = self._cache[tag] = self._map(tag)
        return hit

    def _map(self, tag: str) -> tuple[Analysis, ...]:
        if not tag.strip():
            return ()
        tag = tag.split()[0]  # German tags may carry "-- comments"
        if tag in self.exact:
            return self.exact[tag]
        first, *rest = tag.split(self.separator)
        spec = self.tags.get(first)
        if spec is None:
            self.unknown_tags[tag] += 1
            return ()
        if spec == "drop" or spec.get("drop"):
            return ()
        values = spec.get("values") or {}
        feats: dict[str, frozenset[str]] = {
            k: frozenset([v] if isinstance(v, str) else v) for k, v in (spec.get("features") or {}).items()}
        poses = [spec["pos"]] if isinstance(spec["pos"], str) else list(spec["pos"])
        for value in rest:
            mapped = values.get(value)
            if mapped is None:
                if value not in values and not spec.get("ignore_other"):
                    self.unknown_values[f"{first}:{value}"] += 1
                continue
            if mapped == "drop":
                return ()
            for name, val in mapped.items():
                if name == "UPOS":
                    poses = [val] if isinstance(val, str) else list(val)
                else:
                    feats[name] = frozenset([val] if isinstance(val, str) else val)
        out = []
        for pos in poses:
            lexicon_format.analysis(pos, feats)  # validate
            out.append((pos, tuple(sorted(feats.items()))))
        return tuple(out)


# --------------------------------------------------------------------------- forms

def clean_form(form: str, config: dict) -> str | None:
    """The lower-case form to store, or None when the form is not a plain word (spaces,
    digits, dots, other symbols, a leading or trailing hyphen) or looks like an abbreviation
    (two or more letters, all capitals)."""
    if not form or any(ch.isspace() or ch.isdigit() for ch in form):
        return None
    if form[0] == "-" or form[-1] == "-":
        return None
    allowed = set(config.get("word_chars", "-'’"))
    if not all(ch.isalpha() or ch in allowed for ch in form):
        return None
    letters = [ch for ch in form if ch.isalpha()]
    if not letters or (len(letters) >= 2 and all(ch.isupper() for ch in letters)):
        return None
    return form.lower()


class Frequency:
    """``known(form)``: wordfreq knows the form (``zipf_frequency > 0``). Answers are cached
    in a bounded LRU: the dump lists a form's entries together, and millions of forms would
    not fit a plain dict in reasonable memory."""

    def __init__(self, lang: str) -> None:
        from wordfreq import zipf_frequency

        self.known = lru_cache(maxsize=1 << 16)(lambda form: zipf_frequency(form, lang) > 0)


# --------------------------------------------------------------------------- upstream

def find_jar(jar_dir: Path, pattern: str) -> Path:
    hits = sorted(p for p in jar_dir.iterdir() if fnmatch.fnmatch(p.name, pattern))
    if len(hits) != 1:
        raise SystemExit(f"{jar_dir}: expected one jar matching {pattern!r}, found {[p.name for p in hits]}")
    return hits[0]



def jar_version(jar: Path) -> str:
    """The Maven version recorded in the jar (META-INF/maven/*/pom.properties), else ``?``."""
    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            if name.startswith("META-INF/maven/") and name.endswith("pom.properties"):
                for line in z.read(name).decode("utf-8", "replace").splitlines():
                    if line.startswith("version="):
                        return line.split("=", 1)[1].strip()
    return "?"


def dump(jar: Path, member: str, jar_dir: Path, work: Path) -> Path:
    """Extract ``member`` (+ its .info) from ``jar``, compile and run DumpMorfologik; the TSV."""
    info = member[: -len(".dict")] + ".info"
    with zipfile.ZipFile(jar) as z:
        for name in (member, info):
            target = work / Path(name).name
            with z.open(name) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    classpath = [str(find_jar(jar_dir, pattern)) for pattern in CLASSPATH_JARS]
    classes = work / "classes"
    classes.mkdir()
    javac = shutil.which("javac") or "javac"
    java = shutil.which("java") or "java"
    subprocess.run([javac, "-encoding", "UTF-8", "-cp", ":".join(classpath), "-d", str(classes),
                    str(SCRIPTS / "DumpMorfologik.java")], check=True)
    out = work / "dump.tsv"
    subprocess.run([java, "-Dfile.encoding=UTF-8", "-cp", ":".join([str(classes), *classpath]),
                    "DumpMorfologik", str(work / Path(member).name), str(out)], check=True)
    return out


def read_dump(path: Path) -> Iterator[tuple[str, str, str]]:
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            form, _, rest = line.rstrip("\n").partition("\t")
            lemma, _, tag = rest.partition("\t")
            yield form, lemma, tag


# --------------------------------------------------------------------------- building


def merge(analyses: Iterable[Analysis]) -> set[Analysis]:
    """Merge analyses that agree on everything but one feature's values (exact: the set of
    feature combinations they describe does not change)."""
    current = set(analyses)
    changed = True
    while changed:
        changed = False
        for name in MERGE_ORDER:
            groups: dict[tuple, list[Analysis]] = defaultdict(list)
            for a in current:
                feats = dict(a[1])
                if name not in feats:
                    groups[("as is", a)].append(a)
                else:
                    groups[(a[0], tuple(sorted((k, v) for k, v in feats.items() if k != name)))].append(a)
            if all(len(members) == 1 for members in groups.values()):
                continue
            merged = set()
            for members in groups.values():
                if len(members) == 1:
                    merged.add(members[0])
                    continue
                union = frozenset().union(*(dict(m[1])[name] for m in members))
                merged.add(with_features(members[0], **{name: union}))
            changed = changed or merged != current
            current = merged
    return current


def compound_head(word: str, nouns: dict[str, frozenset[str]], rule: dict) -> frozenset[str] | None:
    """The genders of the longest suffix of ``word`` that is a gendered noun (at least
    ``min_head`` letters) after a modifier of at least ``min_modifier`` letters, not counting
    a trailing linking letter sequence (``links``)."""
    min_head, min_mod = rule["min_head"], rule["min_modifier"]
    links = sorted(rule.get("links") or (), key=len, reverse=True)
    for cut in range(min_mod, len(word) - min_head + 1):
        head = word[cut:].lstrip("-")
        genders = nouns.get(head)
        if not genders or len(head) < min_head:
            continue
        modifier = word[:cut].rstrip("-")
        letters = sum(ch.isalpha() for ch in modifier)
        stem_lengths = [letters] + [letters - len(l) for l in links if modifier.endswith(l)]
        if max(stem_lengths) >= min_mod:
            return genders
    return None


def paradigm_entries(config: dict) -> Iterator[tuple[str, set[Analysis]]]:
    """The analyses of the yaml's ``paradigms`` (``slots`` say what each position is; a noun
    line starts with its gender; ``genitive`` derives Case=Gen forms of nouns)."""
    slots = {kind: [[parse_analysis(a) for a in slot.split(";")] for slot in analyses]
             for kind, analyses in (config.get("slots") or {}).items()}
    aux_lemmas = set(config.get("aux_lemmas") or ())
    genitive = config.get("genitive")
    for kind, lemmas in (config.get("paradigms") or {}).items():
        for lemma, cells in lemmas.items():
            extra: dict[str, frozenset[str]] = {}
            if kind == "noun":
                extra["Gender"] = frozenset([cells[0]])
                cells = cells[1:]
            if len(cells) != len(slots[kind]):
                raise SystemExit(f"paradigms: {kind} {lemma}: {len(cells)} forms for {len(slots[kind])} slots")
            for cell, slot in zip(cells, slots[kind]):
                if cell in ("-", None):
                    continue
                for form in str(cell).split("/"):
                    case = {"Case": frozenset(["Nom"])} if kind == "noun" else {}
                    found = {with_features(a, **extra, **case) for a in slot}
                    if lemma in aux_lemmas:
                        found |= {("AUX", a[1]) for a in found if a[0] == "VERB"}
                    yield form, found
                    if kind == "noun" and genitive:
                        sib = form.endswith(tuple(genitive.get("sibilants") or ()))
                        gen_form = form + (genitive.get("after_sibilant", "") if sib else genitive["suffix"])
                        yield gen_form, {with_features(a, **extra, Case=frozenset(["Gen"])) for a in slot}


@dataclass
class Stats:
    lines: int = 0
    bad_form: int = 0
    dropped_tag: int = 0
    pruned: int = 0
    kept_noun_lemmas: int = 0
    kept_lemmas: int = 0
    inferred_gender: int = 0
    closed_forms: int = 0
    paradigm_forms: int = 0


def build(config: dict, dump_path: Path, lang: str) -> tuple[dict[str, set[str]], Stats, TagMap]:
    tagmap = TagMap.from_config(config)
    stats = Stats()
    prune = config.get("prune", "none")
    freq = Frequency(config.get("wordfreq", lang)) if prune == "frequency" else None
    aux_lemmas = set(config.get("aux_lemmas") or ())

    whole = set(config.get("keep_whole_lemma") or ["NOUN"])  # kept lemma by lemma
    keep_lemmas: set[tuple[str, str]] = set()
    if freq is not None:  # pass 1: (UPOS, lemma) with at least one form wordfreq knows
        for form, lemma, tag in read_dump(dump_path):
            for pos in {pos for pos, _ in tagmap(tag) if pos in whole}:
                if (pos, lemma) in keep_lemmas:
                    continue
                clean = clean_form(form, config)
                if clean and freq.known(clean):
                    keep_lemmas.add((pos, lemma))
        stats.kept_noun_lemmas = sum(pos == "NOUN" for pos, _ in keep_lemmas)
        stats.kept_lemmas = len(keep_lemmas)

    entries: dict[str, set[Analysis]] = defaultdict(set)
    for form, lemma, tag in read_dump(dump_path):  # pass 2
        stats.lines += 1
        clean = clean_form(form, config)
        if clean is None:
            stats.bad_form += 1
            continue
        analyses = tagmap(tag)
        if not analyses:
            stats.dropped_tag += 1
            continue
        for analysis in analyses:
            pos = analysis[0]
            if freq is not None and pos not in CLOSED:
                kept = (pos, lemma) in keep_lemmas if pos in whole else freq.known(clean)
                if not kept:
                    stats.pruned += 1
                    continue
            entries[clean].add(analysis)
            if pos == "VERB" and lemma in aux_lemmas:
                entries[clean].add(("AUX", analysis[1]))

    for form, analyses in paradigm_entries(config):
        entries[form] |= analyses
        stats.paradigm_forms += 1
    for form, poses in (config.get("remove") or {}).items():
        if form in entries:
            entries[form] = {a for a in entries[form] if a[0] not in set(poses)}
    for rule in config.get("retag") or ():
        for form in rule["forms"]:
            if form in entries:
                entries[form] = {(rule["to"], feats) if pos == rule["from"] else (pos, feats)
                                 for pos, feats in entries[form]}
    for form, analyses in (config.get("closed") or {}).items():
        try:
            parsed = {parse_analysis(a) for a in analyses}
        except ValueError as exc:  # name the entry at fault
            raise SystemExit(f"closed: {form}: {exc} (quote analyses that contain commas)") from None
        replaced = {pos for pos, _ in parsed}
        entries[form] = {a for a in entries.get(form, ()) if a[0] not in replaced} | parsed
        stats.closed_forms += 1

    rule = config.get("infer_gender") and config["compounds"]
    if rule:
        nouns: dict[str, set[str]] = defaultdict(set)
        for form, analyses in entries.items():
            for pos, feats in analyses:
                f = dict(feats)
                if pos == "NOUN" and "Gender" in f and f.get("Number") == frozenset({"Sing"}):
                    nouns[form] |= f["Gender"]
        frozen = {k: frozenset(v) for k, v in nouns.items()}
        for form, analyses in entries.items():
            missing = [a for a in analyses if a[0] == "NOUN" and "Gender" not in dict(a[1])
                       and dict(a[1]).get("Number") == frozenset({"Sing"})]
            if not missing:
                continue
            genders = compound_head(form, frozen, rule)
            if genders:
                stats.inferred_gender += 1
                for a in missing:
                    analyses.discard(a)
                    analyses.add(with_features(a, Gender=genders))

    out = {form: {render(a) for a in merge(analyses)} for form, analyses in entries.items() if analyses}
    return out, stats, tagmap


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lang", help="language code with a scripts/lexicon_tags/<lang>.yaml")
    parser.add_argument("--jar-dir", type=Path, help="LanguageTool's lib folder (default: the installed one)")
    parser.add_argument("--out", type=Path, help="output file (default: replycheck/data/<lang>/lexicon.tsv.gz)")
    parser.add_argument("--keep-dump", type=Path, help="also copy the raw dump here (for inspection)")
    args = parser.parse_args(argv)

    config_path = SCRIPTS / "lexicon_tags" / f"{args.lang}.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    jar_dir = args.jar_dir
    if jar_dir is None:
        from replycheck.engines.languagetool.installer import cache_dir

        jar_dir = cache_dir() / "lib"
    out = args.out or ROOT / "replycheck" / "data" / args.lang / "lexicon.tsv.gz"
    jar = find_jar(jar_dir, config["jar"])
    jar_sha1, version = sha1(jar), jar_version(jar)
    command = " ".join([".venv/bin/python", "scripts/build_lexicon_morfologik.py",
                        *(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))])

    print(f"{args.lang}: dumping {config['dict']} from {jar}", flush=True)
    with tempfile.TemporaryDirectory(prefix="lexicon-") as tmp:
        dump_path = dump(jar, config["dict"], jar_dir, Path(tmp))
        if args.keep_dump:
            shutil.copyfile(dump_path, args.keep_dump)
        entries, stats, tagmap = build(config, dump_path, args.lang)

    source = (f"{config['source'].strip()} LanguageTool morfologik dictionary {config['dict']} "
              f"from {jar.name} (version {version}, sha1 {jar_sha1}); tags mapped to UD by "
              f"scripts/lexicon_tags/{args.lang}.yaml")
    header = {
        "source": source,
        "licence": config["licence"],
        "built-by": command,
        "upstream-jar": jar.name,
        "upstream-version": version,
        "upstream-sha1": jar_sha1,
        "upstream-dict": config["dict"],
        "pruning": config.get("prune_note", "none").strip(),
    }
    count = lexicon_format.write(out, entries, header)
    meta = {
        "source": source,
        "licence": config["licence"],
        "built_by": command,
        "forms": count,
        "compounds": config["compounds"],
    }
    meta_path = out.parent / "lexicon.yaml"
    meta_path.write_text(
        "# Written by scripts/build_lexicon_morfologik.py; see scripts/README.md.\n"
        + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")

    print(f"{args.lang}: {stats.lines:,} dictionary entries; {stats.bad_form:,} not plain words; "
          f"{stats.dropped_tag:,} dropped by tag; {stats.pruned:,} analyses pruned "
          f"({stats.kept_lemmas:,} lemmas kept whole, {stats.kept_noun_lemmas:,} of them nouns); "
          f"{stats.closed_forms} hand-written forms; "
          f"{stats.paradigm_forms} forms from hand-written paradigms; "
          f"{stats.inferred_gender:,} genders from compound heads")
    print(f"{out}: {count:,} forms, {out.stat().st_size / 1e6:.2f} MB")
    for label, counter in (("unmapped tags", tagmap.unknown_tags), ("unmapped tag values", tagmap.unknown_values)):
        if counter:
            top = ", ".join(f"{k} ({v})" for k, v in counter.most_common(15))
            print(f"  {label}: {sum(counter.values()):,} entries: {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
