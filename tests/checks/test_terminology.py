"""Terminology checks driven by a glossary: forbidden, preferred, protected names and the
form of address. Every flagged example asserts the exact span."""

from pathlib import Path

import pytest

from replycheck.glossary import resolve

GLOSSARY = """
severity: warning
protected:
  - iPhone
  - name: Mina sidor
    wrong: [My pages]
  - Tre
languages:
  sv:
    address: du
    preferred:
      - use: återbetalning
        instead_of: [kreditering]
    forbidden:
      - term: omgående
        suggest: [så snart som möjligt]
      - kort
  de:
    address: Sie
    forbidden: [sofort]
    preferred:
      Rückerstattung: [Gutschrift]
  en:
    forbidden:
      - term: ASAP
        severity: error
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    path = tmp_path_factory.mktemp("glossary") / "team.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return resolve(str(path))


def sv(body: str) -> str:
    return f"Hej!\n\n{body}\n\nVänliga hälsningar\nKundtjänst"


def spans(report, code):
    return [report.reply[f.start : f.end] for f in report.findings if f.code == code]


@pytest.mark.parametrize(
    "body,expected",
    [
        ("Vi har skickat en kreditering till dig.", ["kreditering"]),
        ("Krediteringen syns på ditt konto i morgon.", ["Krediteringen"]),
        ("Krediteringsbeloppet är 200 kr och delkrediteringen är klar.", ["Krediteringsbeloppet", "delkrediteringen"]),
    ],
)
def test_preferred_term_matches_inflections_and_compounds(fast_checker, glossary, body, expected):
    report = fast_checker.check_fast(sv(body), glossary=glossary)
    assert spans(report, "terminology/preferred") == expected
    for f in report.findings:
        if f.code == "terminology/preferred":
            written = report.reply[f.start : f.end]
            assert f.suggestions == ("Återbetalning",) if written[0].isupper() else ("återbetalning",)


def test_forbidden_term_with_suggestion(fast_checker, glossary):
    report = fast_checker.check_fast(sv("Vi skickar en ny vara omgående."), glossary=glossary)
    found = [f for f in report.findings if f.code == "terminology/forbidden"]
    assert [report.reply[f.start : f.end] for f in found] == ["omgående"]
    assert found[0].suggestions == ("så snart som möjligt",) and found[0].severity == "warning"


def test_short_terms_do_not_match_longer_words(fast_checker, glossary):
    report = fast_checker.check_fast(sv("Ditt kort är spärrat. Här är en kortfattad sammanfattning."), glossary=glossary)
    assert spans(report, "terminology/forbidden") == ["kort"]


def test_protected_names(fast_checker, glossary):
    body = "Din Iphone och din I-Phone skickas i dag. Logga in på Mina Sidor eller My pages."
    report = fast_checker.check_fast(sv(body), glossary=glossary)
    assert spans(report, "terminology/protected-name") == ["Iphone", "I-Phone", "Mina Sidor", "My pages"]
    assert all(
        f.suggestions in (("iPhone",), ("Mina sidor",)) for f in report.findings if f.code == "terminology/protected-name"
    )


def test_protected_name_that_is_an_ordinary_word_in_lower_case(fast_checker, glossary):
    report = fast_checker.check_fast(sv("Paketet kommer om tre dagar. Tack för att du valde Tre."), glossary=glossary)
    assert spans(report, "terminology/protected-name") == []


def test_protected_name_in_url_is_left_alone(fast_checker, glossary):
    report = fast_checker.check_fast(sv("Läs mer på www.iphone-hjalp.se om din iPhone."), glossary=glossary)
    assert spans(report, "terminology/protected-name") == []


def test_text_that_respects_the_glossary_passes(fast_checker, glossary):
    body = "Tack för ditt tålamod! Återbetalningen för din iPhone syns på Mina sidor så snart som möjligt."
    report = fast_checker.check_fast(sv(body), glossary=glossary)
    assert [f for f in report.findings if f.category == "terminology"] == []


def test_address_form_swedish(fast_checker, glossary):
    report = fast_checker.check_fast(sv("Tack för ert mejl. Vi skickar er en ny faktura."), glossary=glossary)
    assert spans(report, "terminology/address-form") == ["ert", "er"]
    assert "'du'" in report.findings[0].message or any("'du'" in f.message for f in report.findings)


def test_address_form_german(fast_checker, glossary):
    reply = (
        "Guten Tag,\n\nvielen Dank für Ihre Nachricht. Bitte starten Sie den Router neu und prüfen, "
        "ob deine Verbindung stabil bleibt. Sie ist jetzt wieder aktiv.\n\nMit freundlichen Grüßen\nIhr Kundenservice"
    )
    report = fast_checker.check_fast(reply, glossary=glossary)
    assert spans(report, "terminology/address-form") == ["deine"]
    assert spans(report, "terminology/preferred") == []


def test_address_form_expected_du_flags_capital_sie_only_mid_sentence(fast_checker, tmp_path):
    path = tmp_path / "du.yaml"
    path.write_text("languages:\n  de:\n    address: du\n", encoding="utf-8")
    reply = (
        "Hallo Jonas,\n\ndanke für deine Nachricht. Sie ist angekommen, und wir schicken Ihnen "
        "heute dein Paket.\n\nViele Grüße\nDein Team"
    )
    report = fast_checker.check_fast(reply, glossary=str(path))
    assert spans(report, "terminology/address-form") == ["Ihnen"]


def test_language_sections_apply_to_their_language_only(fast_checker, glossary):
    reply = "Hi,\n\nThank you for your message. We will send the refund ASAP.\n\nBest regards,\nSupport"
    report = fast_checker.check_fast(reply, glossary=glossary)
    assert report.reply_language.code == "en"
    assert spans(report, "terminology/forbidden") == ["ASAP"]
    assert [f.severity for f in report.findings if f.code == "terminology/forbidden"] == ["error"]
    swedish = fast_checker.check_fast(sv("Vi skickar återbetalningen ASAP."), glossary=glossary)
    assert spans(swedish, "terminology/forbidden") == []


def test_default_glossary_is_quiet_on_dev_cases(fast_checker, dev_cases):
    """The default glossary applies to every check(); it must raise no warning on the examples."""
    for case in dev_cases:
        report = fast_checker.check_fast(case["reply"], case["customer"], case.get("source"))
        assert not [f for f in report.at_least("warning") if f.category == "terminology"], case["id"]


def test_default_glossary_hints_at_recased_brands(fast_checker):
    reply = sv("Betala med Paypal eller Swish.")
    report = fast_checker.check_fast(reply)
    found = [f for f in report.findings if f.code == "terminology/protected-name"]
    assert [(reply[f.start : f.end], f.severity, f.suggestions) for f in found] == [("Paypal", "info", ("PayPal",))]
