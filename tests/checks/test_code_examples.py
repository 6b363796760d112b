"""The examples in examples/codes.yaml: each reply must get (or must not get) a finding of its
code with exactly the span given. Cases marked ``languagetool: true`` run on the real
LanguageTool server; the others without it."""

from __future__ import annotations

import examples_support
import pytest

CASES = examples_support.load("codes")


def _param(case: dict):
    marks = [pytest.mark.languagetool] if case.get("languagetool") else []
    return pytest.param(case, marks=marks, id=examples_support.case_id(case))


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_examples(request, case):
    checker = request.getfixturevalue("lt_checker" if case.get("languagetool") else "fast_checker")
    examples_support.assert_case(checker, case)
