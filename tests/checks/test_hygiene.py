"""Hygiene checks: placeholders, internal notes, lorem ipsum, repeated paragraphs.

Examples live in examples/hygiene.yaml; flagged examples assert the exact spans.
"""

from pathlib import Path

import pytest
import yaml

from replycheck.checks.hygiene import internal_note_spans, placeholder_spans

EXAMPLES = yaml.safe_load((Path(__file__).parent / "examples" / "hygiene.yaml").read_text(encoding="utf-8"))
CODES = {code: code for code in ("hygiene/placeholder", "hygiene/internal-note", "hygiene/lorem-ipsum", "hygiene/repeated-paragraph")}


def _cases(kind: str):
    for check in CODES:
        for i, item in enumerate(EXAMPLES[check].get(kind, [])):
            yield pytest.param(check, item, id=f"{check}-{i}")


@pytest.mark.parametrize("check,item", list(_cases("flag")))
def test_flags_with_exact_spans(fast_checker, check, item):
    reply, spans = item
    report = fast_checker.check_fast(reply)
    found = [f for f in report.findings if f.code == CODES[check]]
    assert [reply[f.start : f.end] for f in found] == spans
    assert all(f.severity in ("error", "warning") for f in found)


@pytest.mark.parametrize("check,reply", list(_cases("pass")))
def test_passes(fast_checker, check, reply):
    report = fast_checker.check_fast(reply)
    assert [reply[f.start : f.end] for f in report.findings if f.code == CODES[check]] == []


def test_placeholder_is_an_error_and_tone_stays_quiet(fast_checker):
    reply = "Hej {{first_name}},\n\nDin beställning skickades i går.\n\nVänliga hälsningar\nKundtjänst"
    report = fast_checker.check_fast(reply, "Hej, när kommer min beställning 88231?")
    assert [f.severity for f in report.findings if f.code == "hygiene/placeholder"] == ["error"]
    assert not [f for f in report.at_least("warning") if f.category == "tone"]


def test_repeated_sentence_inside_one_paragraph(fast_checker):
    sentence = "Vi har nu registrerat din uppsägning av abonnemanget."
    reply = f"Hej!\n\n{sentence} Tack för att du har varit kund. {sentence}\n\nMvh"
    found = [f for f in fast_checker.check_fast(reply).findings if f.code == "hygiene/repeated-sentence"]
    assert len(found) == 1 and reply[found[0].start : found[0].end] == sentence
    assert found[0].start > reply.index(sentence)


def test_helpers_give_offsets_into_the_text():
    text = "Hi {{name}},\nINTERNAL: check\nok"
    assert [text[s:e] for s, e in placeholder_spans(text)] == ["{{name}}"]
    assert [text[s:e] for s, e in internal_note_spans(text)] == ["INTERNAL: check"]


def test_quoted_customer_text_is_not_flagged(fast_checker):
    reply = "Hej!\n\nTack, vi återkommer.\n\nMvh\nKundtjänst\n\n> TODO: [CUSTOMER NAME] skrev detta\n> INTERNAL: test"
    report = fast_checker.check_fast(reply)
    assert [f for f in report.findings if f.category == "hygiene"] == []


def test_dev_cases_hygiene(fast_checker, dev_cases):
    """Every case that expects hygiene gets an error/warning; no case that forbids it does."""
    for case in dev_cases:
        report = fast_checker.check_fast(case["reply"], case["customer"], case.get("source"))
        got = any(f.category == "hygiene" for f in report.at_least("warning"))
        if "hygiene" in case["expect"]:
            assert got, case["id"]
        if "hygiene" in case["forbid"]:
            assert not got, (case["id"], [f for f in report.findings if f.category == "hygiene"])
