"""Shared fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""

import json
from pathlib import Path

import pytest

import replycheck

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def fast_checker():
    """A Checker without LanguageTool: every other check, with real detectors."""
    with replycheck.Checker(replycheck.Config(languagetool="off")) as checker:
        yield checker


@pytest.fixture(scope="session")
def dev_cases():
    """The shared labelled example cases (skipped when shared/ is not beside the repo)."""
    path = SHARED / "examples" / "dev.jsonl"
    if not path.is_file():
        pytest.skip("shared/examples/dev.jsonl is not available")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def lt_checker():
    """A Checker with the real, managed LanguageTool server (installed and started once)."""
    from replycheck.engines.languagetool import LanguageToolError

    with replycheck.Checker(replycheck.Config(languagetool="auto")) as checker:
        engine = checker.languagetool()
        try:
            engine.start()
        except LanguageToolError as error:  # a broken install must fail loudly, not skip
            pytest.fail(f"LanguageTool could not start: {error}")
        yield checker
