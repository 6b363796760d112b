"""Every check declares its codes, and every declared code has examples that flag and pass."""

import examples_support
import pytest

from replycheck.registry import all_checks, checks_for

COUNTS = examples_support.example_counts()
DECLARED = sorted({code for spec in all_checks() for code, _ in spec.codes})


def _examples_for(code: str) -> dict[str, int]:
    if code.endswith("*"):  # a family of codes built at run time (grammar/lt-*)
        matching = [n for c, n in COUNTS.items() if c.startswith(code[:-1])]
        return {kind: sum(n[kind] for n in matching) for kind in ("flag", "pass")}
    return COUNTS.get(code, {"flag": 0, "pass": 0})


@pytest.mark.parametrize("code", DECLARED)
def test_every_declared_code_has_examples_that_flag_and_pass(code):
    counts = _examples_for(code)
    assert counts["flag"] > 0, f"{code}: no example that must be flagged in tests/checks/examples/"
    assert counts["pass"] > 0, f"{code}: no example that must pass in tests/checks/examples/"


@pytest.mark.parametrize("code", sorted(COUNTS))
def test_every_example_code_is_declared(code):
    assert checks_for(code), f"tests/checks/examples/ has examples for {code}, which no check declares"


def test_every_check_is_documented_and_placed():
    for spec in all_checks():
        assert spec.doc, f"{spec.name} has no docstring"
        assert spec.location.startswith("replycheck.checks."), spec.location
