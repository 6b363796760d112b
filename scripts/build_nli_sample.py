"""Build the NLI sample behind ``bench/nli.py`` from fetched GitHub snapshots.

    .venv/bin/python scripts/build_nli_sample.py MIRROR [MIRROR ...] [--n 300] [--out DIR]

Each MIRROR is a bare git directory brought onto the machine by the search tool's ``fetch``
(``/work/.mirror/<owner>+<name>/repo``); which source it holds is recognised from its
directory name. Files are read with ``git show <commit>:<path>`` at the pinned commits below,
so the output does not depend on how new the snapshot is (the commit must be in it).

Sources (see ``../shared/nli/README.md`` for licences):

- ``wuhjie/few_shots_that_matters_wu``: XNLI 1.0 dev in the XTREME layout (``dev-<lang>.tsv``:
  premise, hypothesis, label; 2,490 rows, 15-way parallel) for en, de, fr, es. The XTREME test
  files in that repository carry no labels, so the dev split is used.
- ``salesforce/xnli_extension``: a 14,999-row subset of MultiNLI train, machine-translated
  (Google Translate) into further languages, for sv, da, nb (file ``no``), nl, fi, pl.
- ``andreazaninello/e-rte3-it``: e-RTE-3-it test set (professional Italian translation of
  RTE-3, 3-way labels YES/UNKNOWN/NO) for it. Pairs whose annotators proposed another label
  (an ``<a>`` element) are left out.
- ``ruanchaves/assin``: ASSIN 2 test set (Brazilian Portuguese; labels Entailment/None) for pt.
  ASSIN 2 has no neutral/contradiction split: its ``None`` pairs are written with label
  ``none`` and may include contradictions.

Per language and label (entailment, and neutral or ``none``) up to ``--n`` rows are drawn with
``random.Random("<SEED>:<source>:<label>")`` from the rows with that label and written in
source order; parallel sources (XNLI, xnli_extension) therefore get the same pairs in every
language. The xnli_extension files quote fields CSV-style and are read so. Whitespace is collapsed; rows with an empty side are skipped. Output:
``<out>/<lang>.jsonl`` with ``{"premise", "hypothesis", "label"}`` per line.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "shared" / "nli"  # fetched data is not committed
SEED = 20260
WANTED = ("entailment", "neutral", "none")  # "contradiction" pairs are not kept

SOURCES = {
    "wuhjie/few_shots_that_matters_wu": {
        "commit": "6bfe6324e428ec21a777b5543cd8e50ec82dcb3c",  # "data update from xtreme"; later commits drop the files
        "kind": "xtreme_tsv",
        "files": {lang: f"data/xnli/dev-{lang}.tsv" for lang in ("en", "de", "fr", "es")},
    },
    "salesforce/xnli_extension": {
        "commit": "996bd1954ce73442e378f97051c1e49403191b95",
        "kind": "extension_tsv",
        "files": {
            "sv": "data/multinli.train.sv.tsv",
            "da": "data/multinli.train.da.tsv",
            "nb": "data/multinli.train.no.tsv",
            "nl": "data/multinli.train.nl.tsv",
            "fi": "data/multinli.train.fi.tsv",
            "pl": "data/multinli.train.pl.tsv",
        },
    },
    "andreazaninello/e-rte3-it": {
        "commit": "f99003a7b74156b6e8879b1f1761244e18d58b1d",
        "kind": "rte_xml",
        "files": {"it": "e-RTE-3-it/TEST.xml"},
    },
    "ruanchaves/assin": {
        "commit": "f8ed74afb10dbc9e588e66c764ca66b002a50fc5",
        "kind": "assin_xml",
        "files": {"pt": "sources/assin2-test.xml"},
    },
}

LABELS = {
    "entailment": "entailment",
    "neutral": "neutral",
    "contradiction": "contradiction",
    "contradictory": "contradiction",
    "YES": "entailment",
    "UNKNOWN": "neutral",
    "NO": "contradiction",
    "Entailment": "entailment",
    "None": "none",
}


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _git_show(mirror: Path, commit: str, path: str) -> str:
    out = subprocess.run(
        ["git", f"--git-dir={mirror}", "show", f"{commit}:{path}"], check=True, capture_output=True
    )
    return out.stdout.decode("utf-8")


def _rows_tsv(text: str, header: bool, quoted: bool) -> list[tuple[str, str, str]]:
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE)
    rows = []
    for i, cols in enumerate(reader):
        if header and i == 0:
            continue
        if len(cols) != 3:
            raise ValueError(f"row {i}: expected 3 columns, got {len(cols)}")
        rows.append((_clean(cols[0]), _clean(cols[1]), LABELS[cols[2].strip()]))
    return rows


def _rows_rte(text: str) -> list[tuple[str, str, str]]:
    rows = []
    for pair in ET.fromstring(text).iter("pair"):
        if pair.find("a") is not None:  # annotators proposed another label: disputed, left out
            rows.append(("", "", "disputed"))
            continue
        rows.append((_clean(pair.findtext("t")), _clean(pair.findtext("h")), LABELS[pair.get("entailment")]))
    return rows


def _rows_assin(text: str) -> list[tuple[str, str, str]]:
    return [
        (_clean(pair.findtext("t")), _clean(pair.findtext("h")), LABELS[pair.get("entailment")])
        for pair in ET.fromstring(text.encode("utf-8")).iter("pair")
    ]


PARSERS = {
    "xtreme_tsv": lambda text: _rows_tsv(text, header=False, quoted=False),  # no quoting in these files
    "extension_tsv": lambda text: _rows_tsv(text, header=True, quoted=True),  # CSV-style "..." with "" inside
    "rte_xml": _rows_rte,
    "assin_xml": _rows_assin,
}


def _source_of(mirror: Path) -> str:
    """``/work/.mirror/owner+name/repo`` -> ``owner/name``."""
    for part in (mirror.name, mirror.parent.name):
        name = part.replace("+", "/", 1)
        if name in SOURCES:
            return name
    raise SystemExit(f"{mirror}: not one of the known sources {sorted(SOURCES)}")


def sample(rows: list[tuple[str, str, str]], source: str, n: int) -> list[dict]:
    chosen: list[int] = []
    for label in WANTED:
        candidates = [i for i, (p, h, lab) in enumerate(rows) if lab == label and p and h]
        if not candidates:
            continue
        rng = random.Random(f"{SEED}:{source}:{label}")
        chosen += rng.sample(candidates, min(n, len(candidates)))
    return [{"premise": rows[i][0], "hypothesis": rows[i][1], "label": rows[i][2]} for i in sorted(chosen)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mirrors", nargs="+", type=Path, help="bare git dirs from fetch (/work/.mirror/<owner>+<name>/repo)")
    ap.add_argument("--n", type=int, default=300, help="rows per language and label (default 300)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for mirror in args.mirrors:
        source = _source_of(mirror)
        spec = SOURCES[source]
        for lang, path in spec["files"].items():
            rows = PARSERS[spec["kind"]](_git_show(mirror, spec["commit"], path))
            picked = sample(rows, source, args.n)
            target = args.out / f"{lang}.jsonl"
            with target.open("w", encoding="utf-8") as fh:
                for row in picked:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts = {lab: sum(r["label"] == lab for r in picked) for lab in WANTED}
            counts = {k: v for k, v in counts.items() if v}
            print(f"{lang}: {len(picked)} rows {counts} from {source}@{spec['commit'][:10]}:{path} ({len(rows)} in source)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
