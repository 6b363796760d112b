"""Tone checks: defensive phrasing, shouting, no acknowledgement, greeting and sign-off.

Per-language examples live in examples/tone.yaml; every flagged example asserts the exact
span, every passing example asserts silence for that code.
"""

from pathlib import Path

import pytest
import yaml

EXAMPLES = yaml.safe_load((Path(__file__).parent / "examples" / "tone.yaml").read_text(encoding="utf-8"))
WRAP = EXAMPLES["wrap"]


def _cases(check: str, kind: str):
    for lang, groups in EXAMPLES[check].items():
        for i, item in enumerate(groups.get(kind, [])):
            yield pytest.param(lang, item, id=f"{lang}-{i}")


def _wrap(lang: str, body: str) -> str:
    head, tail = WRAP[lang]
    return head + body + tail


def _codes(report, code):
    return [f for f in report.findings if f.code == code]


@pytest.mark.parametrize("lang,item", list(_cases("tone/defensive", "flag")))
def test_defensive_flags(fast_checker, lang, item):
    body, span = item
    reply = _wrap(lang, body)
    report = fast_checker.check_fast(reply)
    assert report.reply_language.code == lang
    found = _codes(report, "tone/defensive")
    assert [reply[f.start : f.end] for f in found if reply[f.start : f.end] == span], (
        f"expected {span!r} in {[reply[f.start:f.end] for f in found]}"
    )
    assert all(f.severity == "warning" for f in found)


@pytest.mark.parametrize("lang,body", list(_cases("tone/defensive", "pass")))
def test_defensive_passes(fast_checker, lang, body):
    report = fast_checker.check_fast(_wrap(lang, body))
    assert _codes(report, "tone/defensive") == []


@pytest.mark.parametrize("lang,item", list(_cases("tone/shouting", "flag")))
def test_shouting_flags(fast_checker, lang, item):
    body, span = item
    reply = _wrap(lang, body)
    found = _codes(fast_checker.check_fast(reply), "tone/shouting")
    assert [reply[f.start : f.end] for f in found] == [span]


@pytest.mark.parametrize("lang,body", list(_cases("tone/shouting", "pass")))
def test_shouting_ignores_acronyms_and_codes(fast_checker, lang, body):
    assert _codes(fast_checker.check_fast(_wrap(lang, body)), "tone/shouting") == []


def test_shouting_in_internal_note_is_left_to_hygiene(fast_checker):
    reply = "Hej!\n\nDin order är skickad.\n\nINTERNAL NOTE: DO NOT SEND THIS BEFORE FRIDAY\n\nMvh\nKundtjänst"
    report = fast_checker.check_fast(reply)
    assert _codes(report, "tone/shouting") == []
    assert _codes(report, "hygiene/internal-note")


@pytest.mark.parametrize("lang,item", list(_cases("tone/no-acknowledgement", "flag")))
def test_no_acknowledgement_flags(fast_checker, lang, item):
    customer, body, span = item
    reply = _wrap(lang, body)
    found = _codes(fast_checker.check_fast(reply, customer), "tone/no-acknowledgement")
    assert [reply[f.start : f.end] for f in found] == [span]
    assert found[0].severity == "warning"
    assert found[0].suggestions and found[0].suggestions[0] not in reply  # an opening to add


@pytest.mark.parametrize("lang,item", list(_cases("tone/no-acknowledgement", "pass")))
def test_no_acknowledgement_passes(fast_checker, lang, item):
    customer, body = item
    report = fast_checker.check_fast(_wrap(lang, body), customer)
    assert _codes(report, "tone/no-acknowledgement") == []


def test_no_acknowledgement_needs_the_customer(fast_checker):
    report = fast_checker.check_fast(_wrap("sv", "Handläggningstiden är tre veckor."))
    assert _codes(report, "tone/no-acknowledgement") == []
    assert any(s.name == "tone.no_acknowledgement" for s in report.skipped)


def test_missing_greeting_and_signoff_are_info(fast_checker):
    reply = "Din order är skickad och kommer i morgon."
    report = fast_checker.check_fast(reply)
    greeting = _codes(report, "tone/no-greeting")
    signoff = _codes(report, "tone/no-signoff")
    assert [f.severity for f in greeting + signoff] == ["info", "info"]
    assert reply[greeting[0].start : greeting[0].end] == reply


def test_greeting_and_signoff_present(fast_checker):
    report = fast_checker.check_fast(_wrap("sv", "Din order är skickad och kommer i morgon."))
    assert _codes(report, "tone/no-greeting") == _codes(report, "tone/no-signoff") == []


def test_dev_cases_tone(fast_checker, dev_cases):
    """Every case that expects tone gets a tone warning; no case that forbids it does."""
    for case in dev_cases:
        report = fast_checker.check_fast(case["reply"], case["customer"], case.get("source"))
        got = any(f.category == "tone" for f in report.at_least("warning"))
        if "tone" in case["expect"]:
            assert got, case["id"]
        if "tone" in case["forbid"]:
            assert not got, (case["id"], [f for f in report.findings if f.category == "tone"])
