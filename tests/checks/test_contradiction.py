"""contradiction checks: per-language examples that must be flagged and must pass, and the
shared dev cases."""

from __future__ import annotations


import examples_support
import pytest

CASES = examples_support.load("contradiction")


@pytest.mark.parametrize("case", CASES, ids=[examples_support.case_id(c) for c in CASES])
def test_examples(fast_checker, case):
    examples_support.assert_case(fast_checker, case)


def test_polarity_message_quotes_other_side(fast_checker):
    reply = (
        "Hej!\n\nDin order 55120 är skickad och spårningsnumret kommer i ett separat mejl. "
        "Tyvärr har din order ännu inte skickats.\n\nVänliga hälsningar\nKundtjänst"
    )
    found = [f for f in fast_checker.check(reply).findings if f.code == "contradiction/polarity"]
    assert len(found) == 1
    assert reply[found[0].start : found[0].end] == "Tyvärr har din order ännu inte skickats"
    assert "'Din order 55120 är skickad'" in found[0].message


def test_value_span_and_suggestion(fast_checker):
    reply = (
        "Hej!\n\nÅterbetalningen på 499 kr skickas inom 5 bankdagar.\n\n"
        "Du får alltså tillbaka 449 kr inom kort.\n\nVänliga hälsningar\nKundtjänst"
    )
    found = [f for f in fast_checker.check(reply).findings if f.code == "contradiction/value"]
    assert [(reply[f.start : f.end], f.suggestions) for f in found] == [("449 kr", ("499 kr",))]


def test_customer_name_suggests_signed_name(fast_checker):
    customer = "Hej, jag har inte fått någon bekräftelse.\n\nMvh Anna Lindqvist"
    reply = "Hej Maria,\n\nTack för ditt mejl.\n\nVänliga hälsningar\nKundservice"
    found = [f for f in fast_checker.check(reply, customer).findings if f.code == "contradiction/customer-name"]
    assert len(found) == 1 and found[0].suggestions == ("Anna",)
    assert "Anna Lindqvist" in found[0].message


def test_customer_checks_skipped_without_customer(fast_checker):
    report = fast_checker.check("Hej Maria,\n\nTack för ditt mejl.\n\nHälsningar\nKundservice")
    assert any(s.name == "contradiction.customer_name" for s in report.skipped)


def test_dev_cases(fast_checker, dev_cases):
    """Recall >= 0.8 and no false alarm for contradiction on the shared dev cases."""
    expected = hit = alarms = 0
    for case in dev_cases:
        report = fast_checker.check(case["reply"], case.get("customer"), case.get("source"))
        flagged = {f.category for f in report.findings if f.severity in ("warning", "error")}
        if "contradiction" in case["expect"]:
            expected += 1
            hit += "contradiction" in flagged
        if "contradiction" in case["forbid"]:
            alarms += "contradiction" in flagged
    assert expected and hit / expected >= 0.8
    assert alarms == 0
