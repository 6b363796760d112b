"""Build bench/data/register/verbs-<lang>.tsv: familiar (2nd person singular) and polite
(3rd person singular) present and future forms of Spanish, Italian and Portuguese verbs, for
bench/register.py's injected register switches.

Source: verbecc (github.com/bretttolbert/verbecc, commit e90e4f2), its conjugation templates
``verbecc/data/xml/conjugations/conjugations-<lang>.xml`` and verb lists
``verbecc/data/xml/verbs/verbs-<lang>.xml`` (GPL-2.0-or-later / LGPL-3.0; derived from
Verbiste by Pierre Sarrazin and templates by Sekou Diao). The derived tables are under the
same licence (bench/data/register/LICENSE). They are a conjugation source independent of
replycheck's detector, which reads verb forms through simplemma's lemmas.

Only verbs whose forms occur in the benchmark's replies are kept (the tables stay small):

    python scripts/build_register_table.py /work/.mirror/bretttolbert+verbecc/repo
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "register"
sys.path.insert(0, str(ROOT / "bench"))

import contradictions  # noqa: E402  (the benchmark's replies)
TENSES = {"es": ("presente", "futuro"), "it": ("presente", "futuro"), "pt": ("presente", "futuro-do-presente")}


def _xml(repo: Path, path: str) -> ET.Element:
    text = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{path}"], capture_output=True, check=True).stdout
    text = re.sub(rb"<!DOCTYPE.*?\]>", b"", text, flags=re.S)  # the DTD is not needed
    return ET.fromstring(text)


def table(repo: Path, lang: str) -> list[tuple[str, str, str]]:
    templates = {}
    for template in _xml(repo, f"verbecc/data/xml/conjugations/conjugations-{lang}.xml"):
        indicative = template.find("Indicativo")
        if indicative is None:
            continue
        forms = []
        for tense in TENSES[lang]:
            node = indicative.find(tense)
            if node is None:
                continue
            persons = [[i.text or "" for i in p.findall("i")] for p in node.findall("p")]
            if len(persons) >= 3 and persons[1] and persons[2]:
                forms.append((persons[1][0], persons[2][0]))
        templates[template.get("name")] = forms
    rows = []
    for verb in _xml(repo, f"verbecc/data/xml/verbs/verbs-{lang}.xml"):
        infinitive, name = verb.findtext("i"), verb.findtext("t")
        if not infinitive or not name or ":" not in name:
            continue
        ending = name.split(":", 1)[1]
        if not infinitive.endswith(ending):
            continue
        radical = infinitive[: len(infinitive) - len(ending)]
        for second, third in templates.get(name, []):
            rows.append((radical + second, radical + third, infinitive))
    return rows


def main(argv: list[str]) -> int:
    repo = Path(argv[1]) if len(argv) > 1 else Path("/work/.mirror/bretttolbert+verbecc/repo")
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in TENSES:
        words = {w.lower() for item in contradictions.replies(lang) for w in re.findall(r"\w+", item["reply"])}
        rows = sorted({r for r in table(repo, lang) if r[0] in words or r[1] in words})
        with open(OUT / f"verbs-{lang}.tsv", "w", encoding="utf-8") as out:
            out.write("# second_singular\tthird_singular\tinfinitive (from verbecc e90e4f2; GPL-2.0-or-later)\n")
            out.writelines("\t".join(r) + "\n" for r in rows)
        print(f"{lang}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
