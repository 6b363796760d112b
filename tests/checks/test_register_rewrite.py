"""translation/register-mix: a sentence that mixes registers through its verb or subject gets
one suggestion, the whole sentence in the reply's register (pronouns, possessives,
reflexives and verb forms agreeing), or none when any word is uncertain."""

from __future__ import annotations

import pytest

from replycheck.fixes import offered_fixes

SIE_HEAD = (
    "Guten Tag Frau Berger,\n\nvielen Dank für Ihre Nachricht. Wir haben Ihnen die Gutschrift überwiesen. "
    "Bitte prüfen Sie Ihr Konto. "
)
SIE_TAIL = "\n\nMit freundlichen Grüßen\nIhr Kundenservice"
DU_HEAD = (
    "Hallo Anna,\n\nvielen Dank für deine Nachricht. Wir haben dir die Gutschrift überwiesen. "
    "Bitte prüfe dein Konto. "
)
DU_TAIL = "\n\nViele Grüße\nDein Kundenservice"


def _rewrites(checker, head: str, sentence: str, tail: str):
    reply = head + sentence + tail
    report = checker.check(reply)
    mixed = [f for f in report.findings if f.code == "translation/register-mix"]
    assert mixed, "the mix itself is found"
    whole = [f for f in mixed if f.severity == "info"]
    for f in whole:
        assert reply[f.start : f.end] == sentence  # the span is the sentence, exactly
    return reply, report, [f.suggestions for f in whole]


@pytest.mark.parametrize(
    ("sentence", "rewritten"),
    [
        # the two: the verb changes with the pronouns
        ("Bitte überprüfe dein Bankkonto.", "Bitte überprüfen Sie Ihr Bankkonto."),
        ("Wenn du Fragen hast, schreib uns.", "Wenn Sie Fragen haben, schreiben Sie uns."),
        ("Wenn Sie Fragen hast, melden Sie sich gern.", "Wenn Sie Fragen haben, melden Sie sich gern."),
        # reflexive with the reader as subject, imperative with a separable particle
        ("Melde dich bitte an.", "Melden Sie sich bitte an."),
        ("Du kannst dich jederzeit bei uns melden.", "Sie können sich jederzeit bei uns melden."),
        # not reflexive: another subject
        ("Wir melden uns bei dir, sobald du bezahlt hast.", "Wir melden uns bei Ihnen, sobald Sie bezahlt haben."),
        # modal, question order kept
        ("Kannst du uns deine Kundennummer schicken?", "Können Sie uns Ihre Kundennummer schicken?"),
        # past tense, and the irregular "warst"
        ("Du hattest recht, du konntest das nicht sehen.", "Sie hatten recht, Sie konnten das nicht sehen."),
        ("Warst du schon bei der Post?", "Waren Sie schon bei der Post?"),
        # imperatives with a changed vowel, and "sei"
        ("Gib uns bitte kurz Bescheid.", "Geben Sie uns bitte kurz Bescheid."),
        ("Sei so nett und gib uns deine Nummer.", "Seien Sie so nett und geben Sie uns Ihre Nummer."),
    ],
)
def test_du_sentence_in_a_sie_reply_is_rewritten_whole(fast_checker, sentence, rewritten):
    _, _, suggestions = _rewrites(fast_checker, SIE_HEAD, sentence, SIE_TAIL)
    assert suggestions == [(rewritten,)]


@pytest.mark.parametrize(
    ("sentence", "rewritten"),
    [
        ("Wenn Sie Fragen haben, melden Sie sich gern.", "Wenn du Fragen hast, melde dich gern."),
        ("Dann können Sie das Konto überprüfen.", "Dann kannst du das Konto überprüfen."),
        ("Sehen Sie sich bitte die Rechnung an.", "Sieh dir bitte die Rechnung an."),
        ("Wir rufen Sie morgen an.", "Wir rufen dich morgen an."),
        ("Vielen Dank, dass Sie sich gemeldet haben.", "Vielen Dank, dass du dich gemeldet hast."),
        # after a fronted clause verb-first order is a statement, unless the clause is a condition
        ("Nachdem Sie bezahlt haben, erhalten Sie eine Bestätigung.", "Nachdem du bezahlt hast, erhältst du eine Bestätigung."),
        ("Sobald Sie das Paket erhalten, prüfen Sie es bitte.", "Sobald du das Paket erhältst, prüfe es bitte."),
        # "Sie" after a preposition, and a dative reflexive before an object
        ("Wir haben noch eine Frage an Sie.", "Wir haben noch eine Frage an dich."),
        ("Machen Sie sich keine Sorgen.", "Mache dir keine Sorgen."),
    ],
)
def test_sie_sentence_in_a_du_reply_is_rewritten_whole(fast_checker, sentence, rewritten):
    _, _, suggestions = _rewrites(fast_checker, DU_HEAD, sentence, DU_TAIL)
    assert suggestions == [(rewritten,)]


@pytest.mark.parametrize(
    ("head", "sentence", "tail"),
    [
        (SIE_HEAD, "Du updatest die App.", SIE_TAIL),  # a verb the lexicon cannot confirm
        (SIE_HEAD, "Wir bitten dich, dich zu melden.", SIE_TAIL),  # whose "dich" in the infinitive clause?
        (DU_HEAD, "Die Techniker rufen Sie morgen an.", DU_TAIL),  # "Sie" subject or object?
        (DU_HEAD, "Wenn Sie Fragen hast, melde dich.", DU_TAIL),  # "Sie hast": no 3rd person plural verb
    ],
)
def test_no_suggestion_when_any_word_is_uncertain(fast_checker, head, sentence, tail):
    _, _, suggestions = _rewrites(fast_checker, head, sentence, tail)
    assert suggestions == []


def test_the_sentence_rewrite_is_offered_as_a_fix(fast_checker):
    sentence = "Bitte überprüfe dein Bankkonto."
    reply, report, _ = _rewrites(fast_checker, SIE_HEAD, sentence, SIE_TAIL)
    fixes = offered_fixes(fast_checker, report)
    index = next(i for i, f in enumerate(report.findings) if f.severity == "info" and f.code == "translation/register-mix")
    assert [fix.replacement for fix in fixes[index]] == ["Bitte überprüfen Sie Ihr Bankkonto."]
    after = fast_checker.check(fixes[index][0].text)
    assert not [f for f in after.findings if f.code == "translation/register-mix"]
