"""Loading the per-check example files in tests/checks/examples/ and asserting on them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

EXAMPLES = Path(__file__).parent / "examples"


def load(name: str):
    """The parsed ``examples/<name>.yaml``."""
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def case_id(case: dict) -> str:
    return f"{case['code']}-{case['lang']}-{'flag' if case['flag'] is not None else 'pass'}"


def assert_case(checker, case: dict) -> None:
    """A ``{code, lang, flag, reply[, customer, source]}`` case: ``flag`` is the exact text the
    finding must span, or ``None`` when the reply must pass without that code."""
    report = checker.check(case["reply"], case.get("customer"), case.get("source"))
    assert report.errors == (), report.errors  # no check crashed or emitted an undeclared code
    assert report.reply_language.code == case["lang"]
    spans = [case["reply"][f.start : f.end] for f in report.findings if f.code == case["code"] and f.severity != "info"]
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
