"""Loading the per-check example files in tests/checks/examples/ and asserting on them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

EXAMPLES = Path(__file__).parent / "examples"
ROOT = Path(__file__).resolve().parents[2]  # the repo: glossary paths are relative to it


def load(name: str):
    """The parsed ``examples/<name>.yaml``."""
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def case_id(case: dict) -> str:
    return f"{case['code']}-{case['lang']}-{'flag' if case['flag'] is not None else 'pass'}"


def assert_case(checker, case: dict) -> None:
    """A ``{code, lang, flag, reply[, customer, source, glossary, info]}`` case: ``flag`` is the
    exact text the finding must span, or ``None`` when the reply must pass without that code.
    ``glossary`` is a path relative to the repo root; a code ending in ``*`` matches by prefix;
    ``info: true`` counts ``info`` findings too (for info-only codes)."""
    glossary = case.get("glossary")
    kwargs = {"glossary": str(ROOT / glossary)} if glossary else {}
    report = checker.check(case["reply"], case.get("customer"), case.get("source"), **kwargs)
    assert report.errors == (), report.errors  # no check crashed or emitted an undeclared code
    assert report.reply_language.code == case["lang"]
    code = case["code"]
    wanted = (lambda c: c.startswith(code[:-1])) if code.endswith("*") else (lambda c: c == code)
    spans = [
        case["reply"][f.start : f.end]
        for f in report.findings
        if wanted(f.code) and (f.severity != "info" or case.get("info"))
    ]
    if case["flag"] is None:
        assert spans == []
    else:
        assert case["flag"] in spans


def wrapped_cases(examples: dict, kind: str):
    """``(code, lang, item)`` params from a ``{code: {lang: {flag: [...], pass: [...]}}}`` file."""
    for code, by_lang in examples.items():
        if code == "wrap":
            continue
        for lang, sets in by_lang.items():
            for item in sets.get(kind, ()):
                yield pytest.param(code, lang, item, id=f"{code}-{lang}-{str(item)[:30]}")


def wrap(examples: dict, lang: str, body: str) -> str:
    """``body`` inside the file's greeting and sign-off for ``lang``."""
    head, tail = examples["wrap"][lang]
    return head + body + tail


def example_counts() -> dict[str, dict[str, int]]:
    """``{code: {"flag": n, "pass": m}}`` over every examples file, whatever its layout:
    a list of ``{code, flag, ...}`` cases, or a mapping of code to ``{flag, pass}`` (directly
    or per language)."""
    counts: dict[str, dict[str, int]] = {}

    def add(code: str, kind: str, n: int) -> None:
        entry = counts.setdefault(code, {"flag": 0, "pass": 0})
        entry[kind] += n

    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, list):
            for case in data:
                if "code" in case:
                    add(case["code"], "pass" if case.get("flag") is None else "flag", 1)
            continue
        for code, value in data.items():
            if "/" not in code:
                continue
            groups = [value] if "flag" in value or "pass" in value else list(value.values())
            for group in groups:
                for kind in ("flag", "pass"):
                    add(code, kind, len(group.get(kind) or ()))
    return counts
