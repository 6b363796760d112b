"""Click-to-fix: every offered fix, applied and re-checked, removes its finding and adds none."""

import time

import pytest

from replycheck.fixes import Fix, _safe, label, offered_fixes
from replycheck.model import SEVERITY_RANK, Finding

SIE = """\
# a team that says Sie
languages:
  de:
    address: Sie
"""
# A reply that mostly says Sie, with a sentence in du: the old pronoun-only swaps gave
# "Bitte überprüfe Ihr Bankkonto" and "Wenn Sie Fragen hast".
SIE_MOSTLY = (
    "Guten Tag Frau Berger,\n\nvielen Dank für Ihre Nachricht. Wir haben Ihnen die Gutschrift gestern überwiesen. "
    "Bitte überprüfen Sie Ihr Konto am Freitag und melden Sie sich, wenn etwas fehlt. Ihre Bank bucht den Betrag "
    "in zwei Tagen. Bitte überprüfe dein Bankkonto am Montag. Wenn du Fragen hast, schreib uns.\n\n"
    "Mit freundlichen Grüßen\nIhr Kundenservice"
)
DU_DRAFT = (
    "Hallo Anna,\n\nvielen Dank für deine Nachricht. Wir haben dir die Gutschrift gestern überwiesen, und Ihre Bank "
    "bucht sie in zwei Tagen. Bitte überprüfe dein Bankkonto am Freitag. Wenn du Fragen hast, schreib uns einfach. "
    "Wir senden dir gern eine Bestätigung.\n\nViele Grüße\nDein Kundenservice"
)
BAD_FORMS = ("Sie hast", "überprüfe Ihr", "Sie kannst", "du haben", "überprüfen Sie dein")


def _apply(reply: str, fix: Fix) -> str:
    return reply[: fix.start] + fix.replacement + reply[fix.end :]


def _new_problems(before, finding: Finding, fix: Fix, after) -> list[str]:
    """What the fix left behind: the finding itself, or a warning/error that was not there."""
    new_end = fix.start + len(fix.replacement)
    delta = new_end - fix.end

    def touches(f, start, end):
        return f.start <= end and start <= f.end if f.start == f.end or start == end else f.start < end and start < f.end

    problems = [f"still there: {f.code}" for f in after if f.code == finding.code and touches(f, fix.start, new_end)]
    for f in after:
        if SEVERITY_RANK[f.severity] < SEVERITY_RANK["warning"]:
            continue
        if touches(f, fix.start, new_end):
            old = [b for b in before if b.code == f.code and touches(b, fix.start, fix.end)]
        else:
            shift = 0 if f.end <= fix.start else delta
            old = [b for b in before if b.code == f.code and (b.start, b.end) == (f.start - shift, f.end - shift)]
        if not any(SEVERITY_RANK[b.severity] >= SEVERITY_RANK[f.severity] for b in old):
            problems.append(f"new: {f.code} {f.severity} at {fix.text[f.start:f.end]!r}")
    return problems


def _assert_every_fix_is_safe(checker, case, report, fixes, recheck):
    reply = case["reply"]
    for index, offered in fixes.items():
        finding = report.findings[index]
        for fix in offered:
            assert fix.finding_index == index and (fix.start, fix.end) == (finding.start, finding.end)
            assert fix.replacement in finding.suggestions and fix.text == _apply(reply, fix)
            assert fix.label
            after = recheck(fix.text, case.get("customer"), case.get("source"))
            problems = _new_problems(report.findings, finding, fix, after.findings)
            assert not problems, (case.get("id"), fix.label, problems)


@pytest.mark.languagetool
def test_every_offered_fix_on_every_example_leaves_no_new_problem(lt_checker, dev_cases):
    reports = [lt_checker.check(c["reply"], c["customer"], c["source"]) for c in dev_cases]
    started = time.perf_counter()
    all_fixes = [
        offered_fixes(lt_checker, r, customer=c["customer"], source=c["source"]) for c, r in zip(dev_cases, reports)
    ]
    elapsed = time.perf_counter() - started
    print(f"\noffered_fixes on {len(dev_cases)} example cases: {elapsed:.2f} s")
    offered = sum(len(v) for fixes in all_fixes for v in fixes.values())
    suggested = sum(1 for r in reports for f in r.findings if f.suggestions)
    assert offered >= 20 and offered >= 0.6 * suggested  # the check is not vacuous
    for case, report, fixes in zip(dev_cases, reports, all_fixes):
        assert report.grammar_checked or report.reply_language.code not in ("sv", "de", "en", "fr", "es", "nl", "da")
        _assert_every_fix_is_safe(lt_checker, case, report, fixes, lt_checker.check)
    again = time.perf_counter()
    for case, report in zip(dev_cases, reports):
        offered_fixes(lt_checker, report, customer=case["customer"], source=case["source"])
    assert time.perf_counter() - again < max(0.5, elapsed / 5)  # re-checks are cached by text


@pytest.mark.languagetool
@pytest.mark.parametrize("reply", [SIE_MOSTLY, DU_DRAFT], ids=["sie-mostly", "du-draft"])
@pytest.mark.parametrize("with_glossary", [True, False], ids=["sie-glossary", "no-glossary"])
def test_german_register_fixes_never_leave_a_mismatched_verb(lt_checker, tmp_path, reply, with_glossary):
    glossary = None
    if with_glossary:
        glossary = tmp_path / "sie.yaml"
        glossary.write_text(SIE, encoding="utf-8")
        glossary = str(glossary)
    report = lt_checker.check(reply, glossary=glossary)
    register = [f for f in report.findings if f.code in ("translation/register-mix", "terminology/address-form")]
    assert register  # the mix is found
    for finding in register:  # the suggestions themselves are whole-sentence safe
        for suggestion in finding.suggestions:
            fixed = reply[: finding.start] + suggestion + reply[finding.end :]
            assert not [bad for bad in BAD_FORMS if bad in fixed and bad not in reply], (reply[finding.start : finding.end], suggestion)
    fixes = offered_fixes(lt_checker, report, glossary=glossary)
    case = {"reply": reply}
    _assert_every_fix_is_safe(lt_checker, case, report, fixes, lambda text, *a: lt_checker.check(text, glossary=glossary))
    for offered in fixes.values():
        for fix in offered:
            assert not [bad for bad in BAD_FORMS if bad in fix.text and bad not in reply], fix.label


def test_no_pronoun_swap_in_a_sentence_whose_verb_would_not_agree(fast_checker):
    report = fast_checker.check(SIE_MOSTLY)
    mixed = [f for f in report.findings if f.code == "translation/register-mix"]
    spans = {SIE_MOSTLY[f.start : f.end]: f.suggestions for f in mixed}
    assert set(spans) >= {"dein", "du"}
    assert spans["dein"] == () and spans["du"] == ()  # "überprüfe Ihr", "Sie hast": nothing offered


def test_an_object_pronoun_swap_is_offered_where_the_sentence_stays_right(fast_checker):
    reply = (
        "Guten Tag Frau Berger,\n\nvielen Dank für Ihre Nachricht. Wir haben Ihnen die Gutschrift überwiesen. "
        "Bitte prüfen Sie Ihr Konto. Wir senden dir gern eine Bestätigung.\n\nMit freundlichen Grüßen\nIhr Kundenservice"
    )
    report = fast_checker.check_fast(reply)
    fixes = offered_fixes(fast_checker, report)
    index, finding = next((i, f) for i, f in enumerate(report.findings) if reply[f.start : f.end] == "dir")
    assert [fix.replacement for fix in fixes[index]] == ["Ihnen"]
    assert "Wir senden Ihnen gern eine Bestätigung." in fixes[index][0].text


def test_the_acknowledgement_fix_adds_an_apology_before_the_agents_sentence(fast_checker):
    customer = "Jag har väntat på min återbetalning i tre veckor nu och ingen svarar! Det här är inte okej."
    reply = "Hej!\n\nÅterbetalningen skickades i dag och syns på ditt konto inom tre bankdagar.\n\nVänliga hälsningar\nAnna"
    report = fast_checker.check_fast(reply, customer)
    index, finding = next((i, f) for i, f in enumerate(report.findings) if f.code == "tone/no-acknowledgement")
    first = reply[finding.start : finding.end]
    assert first.startswith("Återbetalningen skickades")
    fixes = offered_fixes(fast_checker, report, customer=customer)
    (fix,) = fixes[index]
    assert fix.replacement.endswith(" " + first) and len(fix.replacement) > len(first) + 10
    assert first in fix.text and fix.text.index(fix.replacement[:10]) < fix.text.index(first)
    assert fix.label.startswith("Add “")
    after = fast_checker.check_fast(fix.text, customer)
    assert not [f for f in after.findings if f.code == "tone/no-acknowledgement"]


def test_a_fix_is_not_offered_when_the_recheck_finds_something_new(fast_checker):
    """The mojibake fix of one word alone makes the run-on check read the sentence: not offered."""
    reply = "Hej!\n\nDin bestÃ¤llning skickas i dag och du fÃ¥r ett sms nÃ¤r paketet Ã¤r pÃ¥ vÃ¤g.\n\nVänliga hälsningar\nAnna"
    report = fast_checker.check(reply)
    fixes = offered_fixes(fast_checker, report)
    for index, offered in fixes.items():
        for fix in offered:
            after = fast_checker.check(fix.text)
            assert not _new_problems(report.findings, report.findings[index], fix, after.findings)
    assert fixes  # most words are still fixable one by one


def test_safe_maps_spans_after_the_edit_by_the_length_delta():
    def f(code, start, end, severity="warning"):
        return Finding(code, severity, start, end, "m")

    fixed = f("spelling/misspelling", 10, 14)
    before = (fixed, f("grammar/lt-x", 30, 35), f("tone/no-signoff", 50, 60, "info"))
    # "abcd" -> "abcdef": the later finding moves by +2 and is the same one
    assert _safe(before, fixed, "abcdef", (f("grammar/lt-x", 32, 37), f("tone/no-signoff", 52, 62, "info")))
    assert not _safe(before, fixed, "abcdef", (f("spelling/misspelling", 10, 16),))  # still there
    assert not _safe(before, fixed, "abcdef", (f("grammar/lt-x", 30, 35),))  # not where the old one moved
    assert not _safe(before, fixed, "abcdef", (f("tone/no-signoff", 52, 62, "warning"),))  # worse than before
    assert _safe(before, fixed, "abcdef", (f("tone/defensive", 70, 75, "info"),))  # a new hint is allowed


def test_labels():
    finding = Finding("tone/no-acknowledgement", "warning", 0, 5, "m")
    assert label("Hello there", finding, "Sorry. Hello") == "Add “Sorry.” before it"
    assert label("Hello there", finding, "") == "Delete “Hello”"
    assert label("Hello there", finding, "Hi") == "Replace “Hello” with “Hi”"
