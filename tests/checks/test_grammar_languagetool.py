"""LanguageTool's grammar findings through the real server: mapping, severity, filters."""

import pytest

pytestmark = pytest.mark.languagetool


def _grammar(report, at_least="warning"):
    return [f for f in report.at_least(at_least) if f.category == "grammar"]


@pytest.mark.parametrize(
    "reply,span",
    [
        ("Hi,\n\nHe go to the post office every morning to collect the parcels.\n\nBest regards,\nCustomer Service", "go"),
        ("Guten Tag,\n\nwir haben den Rechnung heute noch einmal an Sie geschickt.\n\nMit freundlichen Grüßen\nIhr Kundenservice", "den Rechnung"),
    ],
)
def test_languagetool_grammar_is_a_warning_with_the_exact_span(lt_checker, reply, span):
    report = lt_checker.check(reply)
    found = _grammar(report)
    assert span in [reply[f.start : f.end] for f in found], [(f.code, reply[f.start : f.end]) for f in found]
    finding = next(f for f in found if reply[f.start : f.end] == span)
    assert finding.code.startswith("grammar/lt-")
    assert finding.message and len(finding.suggestions) <= 3


def test_style_rules_are_info_only(lt_checker):
    reply = "Hi,\n\nThank you for contacting us. Your order has shipped today.\n\nBest regards,\nCustomer Service"
    report = lt_checker.check(reply)
    assert _grammar(report) == []


def test_clean_replies_get_no_grammar_or_spelling_warning(lt_checker, dev_cases):
    clean = [c for c in dev_cases if not {"grammar", "spelling"} & set(c["expect"])]
    flagged = []
    for case in clean:
        report = lt_checker.check(case["reply"], case["customer"], case["source"])
        bad = [f for f in report.at_least("warning") if f.category in ("grammar", "spelling")]
        if bad and {"grammar", "spelling"} & set(case["forbid"]):
            flagged.append((case["id"], [(f.code, case["reply"][f.start : f.end]) for f in bad]))
    assert len(flagged) <= 0.05 * len(clean), flagged


def test_dev_cases_with_grammar_or_spelling_are_found(lt_checker, dev_cases):
    for category in ("grammar", "spelling"):
        cases = [c for c in dev_cases if category in c["expect"]]
        found = 0
        for case in cases:
            report = lt_checker.check(case["reply"], case["customer"], case["source"])
            found += any(f.category == category for f in report.at_least("warning"))
        assert found >= 0.7 * len(cases), category


@pytest.mark.parametrize(
    "reply,span,code",
    [
        ("Bonjour,\n\nVotre colis sera livré le 15 Mars.\n\nCordialement,\nAnna", "Mars", "translation/capitalised-date"),
        ("Hej!\n\nVi har skickat paketet paketet i dag.\n\nVänliga hälsningar\nAnna", "paketet paketet", "translation/repeated-word"),
    ],
)
def test_what_an_own_check_flags_is_not_flagged_again_by_languagetool(lt_checker, reply, span, code):
    """LanguageTool has rules for these too (MOIS, WORD_REPEAT_RULE): one finding, not two."""
    report = lt_checker.check(reply)
    on_span = [f.code for f in report.findings if reply[f.start : f.end] == span]
    assert on_span == [code]
