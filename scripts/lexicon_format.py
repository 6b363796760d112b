"""The shipped lexicon format, shared by the lexicon build scripts.

``replycheck/data/<lang>/lexicon.tsv.gz`` (gzip, UTF-8):

* header lines start with ``# `` and say ``source:``, ``licence:``, ``built-by:`` (the
  command that rebuilt the file) and anything else worth knowing;
* every other line is ``form<TAB>analysis;analysis;...``: the **lower-case** word form, then
  its analyses, each ``UPOS`` or ``UPOS|Feature=Value|...`` with Universal Dependencies
  part-of-speech tags and feature names (features sorted by name; several values of one
  feature joined with a comma: ``Gender=Fem,Masc``);
* lines are sorted by form, forms are unique.

Parts of speech kept: NOUN, ADJ, VERB, AUX, DET, PRON, ADV, ADP, SCONJ, CCONJ, NUM, PART.
Features kept (only the values named here):

    Gender    Com Neut Masc Fem         Number   Sing Plur
    Definite  Ind Def                   Case     Nom Acc Dat Gen
    Degree    Pos Cmp Sup               VerbForm Inf Fin Sup Part
    Tense     Pres Past                 Mood     Ind Imp Sub
    Voice     Act Pass                  Person   1 2 3
    Inflection Infl Uninfl   (Dutch adjectives: "nieuwe" vs "nieuw"; not a UD feature)
    Strength  Strong Weak Mixed  (German adjectives' declension; not a UD feature)

Read back with ``replycheck.engines.lexicon``.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable
from pathlib import Path

POS = {"NOUN", "ADJ", "VERB", "AUX", "DET", "PRON", "ADV", "ADP", "SCONJ", "CCONJ", "NUM", "PART"}
FEATURES = {
    "Gender": {"Com", "Neut", "Masc", "Fem"},
    "Number": {"Sing", "Plur"},
    "Definite": {"Ind", "Def"},
    "Case": {"Nom", "Acc", "Dat", "Gen"},
    "Degree": {"Pos", "Cmp", "Sup"},
    "VerbForm": {"Inf", "Fin", "Sup", "Part"},
    "Tense": {"Pres", "Past"},
    "Mood": {"Ind", "Imp", "Sub"},
    "Voice": {"Act", "Pass"},
    "Person": {"1", "2", "3"},
    "Inflection": {"Infl", "Uninfl"},
    "Strength": {"Strong", "Weak", "Mixed"},
}


Feats = tuple[tuple[str, frozenset[str]], ...]
Analysis = tuple[str, Feats]  # (UPOS, sorted (feature, values) pairs): the build scripts' working form


def parse_analysis(text: str) -> Analysis:
    """``"NOUN|Definite=Ind|Gender=Neut"`` -> an Analysis; raises on unknown parts of speech,
    features or values."""
    pos, *parts = text.split("|")
    feats = {}
    for part in parts:
        name, _, values = part.partition("=")
        feats[name] = frozenset(values.split(","))
    analysis(pos, feats)
    return pos, tuple(sorted(feats.items()))


def render(parsed: Analysis) -> str:
    """An Analysis as the shipped text (the inverse of ``parse_analysis``)."""
    return analysis(parsed[0], dict(parsed[1]))


def with_features(parsed: Analysis, **changes: Iterable[str]) -> Analysis:
    """``parsed`` with features set or replaced: ``with_features(a, Voice=["Act"])``."""
    feats = dict(parsed[1])
    feats.update({name: frozenset(values) for name, values in changes.items()})
    return parsed[0], tuple(sorted(feats.items()))


def sha1(path: Path) -> str:
    """The SHA-1 of a source file, for the header's provenance."""
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def analysis(pos: str, feats: dict[str, str | Iterable[str]] | None = None) -> str:
    """One analysis string: ``analysis("NOUN", {"Gender": "Neut", "Number": "Sing"})`` ->
    ``"NOUN|Gender=Neut|Number=Sing"``. Unknown parts of speech, features or values raise."""
    if pos not in POS:
        raise ValueError(f"unknown part of speech {pos!r}")
    parts = [pos]
    for name in sorted(feats or {}):
        raw = feats[name]
        values = {raw} if isinstance(raw, str) else set(raw)
        if name not in FEATURES or not values or not values <= FEATURES[name]:
            raise ValueError(f"unknown feature {name}={sorted(values)}")
        parts.append(f"{name}={','.join(sorted(values))}")
    return "|".join(parts)


def write(path: Path, entries: dict[str, set[str]], header: dict[str, str]) -> int:
    """Write ``entries`` (form -> analyses) to ``path``; returns the number of forms.

    ``header`` needs at least ``source``, ``licence`` and ``built-by``. gzip's timestamp is
    fixed so a rebuild from the same sources gives the same bytes."""
    for key in ("source", "licence", "built-by"):
        if key not in header:
            raise ValueError(f"header needs {key!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        for key, value in header.items():
            gz.write(f"# {key}: {value}\n".encode())
        for form in sorted(entries):
            analyses = entries[form]
            if not form or form != form.lower() or "\t" in form or not analyses:
                continue
            gz.write(f"{form}\t{';'.join(sorted(analyses))}\n".encode())
            count += 1
    return count


def read(path: Path) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """``(header, entries)`` of a lexicon file (for build scripts and benchmarks)."""
    header: dict[str, str] = {}
    entries: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# "):
                key, _, value = line[2:].rstrip("\n").partition(": ")
                header[key] = value
                continue
            form, _, rest = line.rstrip("\n").partition("\t")
            entries[form] = tuple(rest.split(";"))
    return header, entries


def read_header(path: Path) -> tuple[dict[str, str], int]:
    """``(header, bytes read)``: the ``# key: value`` lines at the top of a lexicon file."""
    header: dict[str, str] = {}
    size = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("# "):
                break
            size += len(line)
            key, _, value = line[2:].rstrip("\n").partition(": ")
            header[key] = value
    return header, size
