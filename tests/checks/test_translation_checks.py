"""translation checks: per-language examples that must be flagged and must pass, dev cases,
and span properties."""

from __future__ import annotations


import examples_support
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replycheck.checks import _numbers
from replycheck.engines.lemmas import Lemmatizer
from replycheck.segment import Span
from replycheck.registry import all_checks
from replycheck.api import run_checks

CASES = examples_support.load("translation")
CLEAN = examples_support.load("clean_translation_contradiction")
MINE = ("translation", "contradiction")


@pytest.mark.parametrize("case", CASES, ids=[examples_support.case_id(c) for c in CASES])
def test_examples(fast_checker, case):
    examples_support.assert_case(fast_checker, case)


@pytest.mark.parametrize("case", CLEAN, ids=[f"clean-{i}-{c['lang']}" for i, c in enumerate(CLEAN)])
def test_clean_replies_pass(fast_checker, case):
    report = fast_checker.check(case["reply"], case.get("customer"), case.get("source"))
    flagged = [
        (f.code, case["reply"][f.start : f.end])
        for f in report.findings
        if f.category in MINE and f.severity != "info"
    ]
    assert flagged == []
    assert not [e for e in report.errors if e.name.split(".")[0] in MINE]


def test_register_mix_message_and_suggestion(fast_checker):
    reply = "Hej!\n\nTack för att du hörde av dig. Vi har betalat tillbaka beloppet till er och du bör se pengarna på ditt konto.\n\nHälsningar\nKundtjänst"
    found = [f for f in fast_checker.check(reply).findings if f.code == "translation/register-mix"]
    assert len(found) == 1
    assert reply[found[0].start : found[0].end] == "er"
    assert "du" in found[0].message and set(found[0].suggestions) == {"dig", "din"}


def test_mojibake_suggests_repair(fast_checker):
    reply = "Hej!\n\nDin bestÃ¤llning skickas i dag.\n\nHälsningar\nKundtjänst"
    found = [f for f in fast_checker.check(reply).findings if f.code == "translation/mojibake"]
    assert [(reply[f.start : f.end], f.suggestions) for f in found] == [("bestÃ¤llning", ("beställning",))]


def test_number_mismatch_suggests_localised_source_number(fast_checker):
    source = "Hi!\n\nYour refund of €45.90 will arrive within 5 business days.\n\nKind regards\nSupport"
    reply = "Hej!\n\nDin återbetalning på 54,90 euro kommer inom 5 bankdagar.\n\nVänliga hälsningar\nKundtjänst"
    found = [f for f in fast_checker.check(reply, source=source).findings if f.code == "translation/number-mismatch"]
    assert len(found) == 1 and found[0].severity == "error"
    assert reply[found[0].start : found[0].end] == "54,90"
    assert found[0].suggestions == ("45,90",)


def test_source_checks_skipped_without_source(fast_checker):
    report = fast_checker.check("Hej!\n\nDin återbetalning på 54,90 euro kommer snart.\n\nHälsningar\nKundtjänst")
    assert any(s.name == "translation.number_mismatch" and "source" in s.reason for s in report.skipped)


@pytest.mark.parametrize(
    ("token", "values"),
    [("45.90", {45.9}), ("45,90", {45.9}), ("1,249", {1249.0, 1.249}), ("1 249", {1249.0}), ("1.249,50", {1249.5})],
)
def test_number_readings(token, values):
    assert _numbers._number_values(token) == values


@pytest.mark.parametrize(
    "text, lang, kind",
    [
        ("Vi ringer klockan 10 i morgon.", "sv", "time"),
        ("Vi ringer kl. 10 i morgon.", "sv", "time"),
        ("Der Techniker kommt um 10 Uhr.", "de", "time"),
        ("Återbetalningen kommer om 10 dagar.", "sv", "number"),
        ("Binnen 24 uur ontvangt u een e-mail.", "nl", "number"),
    ],
)
def test_a_number_with_a_clock_word_is_a_time_that_keeps_its_number(text, lang, kind):
    [quantity] = _numbers.quantities(text, [Span(0, len(text))], lang, Lemmatizer())
    assert quantity.kind == kind
    assert quantity.matches({float(quantity.text)})  # "kl. 10" still matches a source's "10"


def test_lemma_families():
    lemmas = Lemmatizer()
    assert lemmas.same_lemma(lemmas.lemma("krediterar", "sv"), lemmas.lemma("kreditering", "sv"))
    assert lemmas.same_lemma(lemmas.lemma("skickad", "sv"), lemmas.lemma("skickats", "sv"))
    assert not lemmas.same_lemma("leverans", "betalning")


def test_dev_cases(fast_checker, dev_cases):
    """Recall >= 0.8 and no false alarm for translation on the shared dev cases."""
    expected = hit = alarms = 0
    for case in dev_cases:
        report = fast_checker.check(case["reply"], case.get("customer"), case.get("source"))
        flagged = {f.category for f in report.findings if f.severity in ("warning", "error")}
        if "translation" in case["expect"]:
            expected += 1
            hit += "translation" in flagged
        if "translation" in case["forbid"]:
            alarms += "translation" in flagged
    assert expected and hit / expected >= 0.8
    assert alarms == 0


_TRANSLATION_CHECKS = [c for c in all_checks() if c.category in MINE]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_spans_inside_text_for_any_unicode(fast_checker, text):
    if not text.strip():
        return
    try:
        ctx = fast_checker.build_context(text, customer=text[::-1] or None, source=text[:50] or None)
    except Exception:  # invalid input is the API's business, not these checks'
        return
    report = run_checks(ctx, _TRANSLATION_CHECKS)
    assert report.errors == ()
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
