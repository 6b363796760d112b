"""Morphological lexicons: what a word form can be (part of speech, gender, number, ...).

One lexicon per language, shipped as ``data/<lang>/lexicon.tsv.gz`` and described by
``data/<lang>/lexicon.yaml`` (source, licence, how it was built, how compounds are split);
the format is in ``scripts/lexicon_format.py``. The first use in a process compiles the file
into a marisa trie in the cache folder (``$REPLYCHECK_CACHE_DIR/lexicon``, keyed by the file's
SHA-1) holding each form's index into a small table of distinct analysis sets, so a
language costs a few MB of memory and loads in milliseconds afterwards.

``lexicon(lang)`` gives the language's ``Lexicon`` or ``None``; checks receive it as
``ctx.lexicon()`` and never import this module.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import marisa_trie

from replycheck import langdata
from replycheck.paths import cache_root

TRIE_FORMAT = 1  # bump when the cached trie layout changes
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Analysis:
    """One reading of a word form: ``pos`` (UD UPOS) and ``features`` as ``(name, values)``."""

    pos: str
    features: tuple[tuple[str, frozenset[str]], ...] = ()

    def values(self, name: str) -> frozenset[str]:
        """The values of feature ``name`` (empty when the reading does not say)."""
        for key, values in self.features:
            if key == name:
                return values
        return frozenset()

    def has(self, name: str, value: str) -> bool:
        return value in self.values(name)

    def fits(self, wanted: dict) -> bool:
        """True when no ``{feature: value}`` of ``wanted`` is contradicted (a feature this
        reading does not state is no contradiction)."""
        for name, value in wanted.items():
            values = self.values(name)
            if values and value not in values:
                return False
        return True

    @classmethod
    def parse(cls, text: str) -> "Analysis":
        pos, *pairs = text.split("|")
        features = []
        for pair in pairs:
            name, _, values = pair.partition("=")
            features.append((name, frozenset(values.split(","))))
        return cls(pos, tuple(features))


@dataclass(frozen=True, slots=True)
class CompoundRule:
    """How an unlisted closed compound's head is found: the longest listed suffix of at least
    ``min_head`` letters after a modifier of at least ``min_modifier`` (plus a link letter)."""

    min_head: int = 4
    min_modifier: int = 3
    links: tuple[str, ...] = ()


class Lexicon:
    """A language's word forms and their analyses (thread-safe, read-only)."""

    def __init__(self, lang: str, trie: marisa_trie.RecordTrie, table: list[tuple[Analysis, ...]], compounds: CompoundRule | None):
        self.lang = lang
        self._trie = trie
        self._table = table
        self._compounds = compounds
        self.lookup = lru_cache(maxsize=65536)(self._lookup)
        self.head = lru_cache(maxsize=16384)(self._head)

    def __len__(self) -> int:
        return len(self._trie)

    def _lookup(self, word: str) -> tuple[Analysis, ...]:
        """The analyses of ``word`` as listed (lower-cased first); ``()`` when not listed."""
        found = self._trie.get(word.lower())
        return self._table[found[0][0]] if found else ()

    def analyses(self, word: str) -> tuple[Analysis, ...]:
        """The listed analyses, else those of the compound's head noun (``()`` when unknown)."""
        return self.lookup(word) or self.head(word)

    def _head(self, word: str) -> tuple[Analysis, ...]:
        """The NOUN analyses of the longest listed head of an unlisted compound
        ("kundtjänstärendet" -> "ärendet"); ``()`` when the language has no compounds."""
        rule = self._compounds
        low = word.lower()
        if rule is None or not low.isalpha() or len(low) < rule.min_head + rule.min_modifier:
            return ()
        for cut in range(rule.min_modifier, len(low) - rule.min_head + 1):
            head = low[cut:]
            readings = tuple(a for a in self.lookup(head) if a.pos == "NOUN")
            long_parts = cut >= 4 and len(head) >= 6  # "råvaru|produktion": a link the rule does not list
            if not readings or not (long_parts or self._modifier(low[:cut])):
                continue
            for link in rule.links:  # "hyres|lag" or "hyre|slag": both splits count
                shorter = head[len(link):]
                if head.startswith(link) and len(shorter) >= rule.min_head:
                    readings += tuple(a for a in self.lookup(shorter) if a.pos == "NOUN" and a not in readings)
            return readings
        return ()

    def _modifier(self, modifier: str) -> bool:
        """True when a compound's first part is a listed word, perhaps plus a link ("kund|tjänst",
        "abonnement|s|avtale"); "utro|lig" or "u|kendt" are not compounds of listed words."""
        if self.lookup(modifier) or self._head(modifier):
            return True
        rule = self._compounds
        return any(
            modifier.endswith(link) and len(modifier) - len(link) >= rule.min_modifier and bool(self.lookup(modifier[: -len(link)]))
            for link in rule.links
        )

    def forms_like(self, word: str, pos: str, wanted: dict, max_ending: int = 4) -> tuple[str, ...]:
        """Listed forms sharing the longest possible stem with ``word`` (at most ``max_ending``
        letters cut) that have a ``pos`` reading stating every feature of ``wanted``, nearest in
        length first: ``forms_like("sendte", "VERB", {"VerbForm": "Part"})`` -> ``("sendt",)``."""
        low = word.lower()
        for cut in range(0, max_ending + 1):  # cut 0: "ny" -> "nytt"
            stem = low[: len(low) - cut]
            if len(stem) < 2:
                break
            found = [
                form
                for form in self._trie.keys(stem)
                if form != low
                and len(form) <= min(len(stem) + max_ending, len(low) + 2)
                and any(r.pos == pos and all(r.has(k, v) for k, v in wanted.items()) for r in self.lookup(form))
            ]
            if found:
                return tuple(sorted(found, key=lambda f: (abs(len(f) - len(low)), f)))
        return ()

    def features(self, word: str, pos: str, name: str) -> frozenset[str]:
        """Every value of feature ``name`` over ``word``'s ``pos`` readings."""
        out: set[str] = set()
        for reading in self.analyses(word):
            if reading.pos == pos:
                out |= reading.values(name)
        return frozenset(out)


def lexicon_path(lang: str) -> Path:
    return DATA_DIR / lang / "lexicon.tsv.gz"


def has_lexicon(lang: str) -> bool:
    """Whether ``lang`` ships a lexicon (cheap: no loading)."""
    return bool(lang) and lang.isalpha() and lexicon_path(lang).is_file()


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon | None:
    """``lang``'s lexicon, compiled into the cache on first use; ``None`` when there is none."""
    if not has_lexicon(lang):
        return None
    with _LOCK:
        return _load(lang, lexicon_path(lang))


def _compound_rule(lang: str) -> CompoundRule | None:
    meta = langdata.load(lang, "lexicon") or {}
    spec = meta.get("compounds")
    if not spec:
        return None
    return CompoundRule(max(4, int(spec.get("min_head", 4))), int(spec.get("min_modifier", 3)), tuple(spec.get("links", ())))


def _load(lang: str, path: Path) -> Lexicon:
    digest = hashlib.sha1(path.read_bytes()).hexdigest()[:16]
    folder = cache_root() / "lexicon"
    base = folder / f"{lang}-{digest}-v{TRIE_FORMAT}"
    trie_file, table_file = base.with_suffix(".marisa"), base.with_suffix(".json")
    if not (trie_file.is_file() and table_file.is_file()):
        _compile(path, trie_file, table_file)
    trie = marisa_trie.RecordTrie("<I").mmap(str(trie_file))
    table = [tuple(Analysis.parse(a) for a in entry.split(";")) for entry in json.loads(table_file.read_text("utf-8"))]
    return Lexicon(lang, trie, table, _compound_rule(lang))


def _compile(path: Path, trie_file: Path, table_file: Path) -> None:
    """Compile the TSV into a trie of ``form -> analysis-set index`` and the table of sets."""
    index: dict[str, int] = {}
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or "\t" not in line:
                continue
            form, _, analyses = line.rstrip("\n").partition("\t")
            records.append((form, (index.setdefault(analyses, len(index)),)))
    trie = marisa_trie.RecordTrie("<I", records)
    trie_file.parent.mkdir(parents=True, exist_ok=True)
    for target, write in ((trie_file, trie.save), (table_file, None)):
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
        os.close(fd)
        if write is not None:
            write(tmp)
        else:
            Path(tmp).write_text(json.dumps(sorted(index, key=index.get), ensure_ascii=False), "utf-8")
        os.replace(tmp, target)  # atomic: a concurrent process sees the whole file or none
