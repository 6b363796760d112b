"""The engine status lines say what really checked grammar and spelling, per language."""


import pytest

import replycheck
from replycheck.engine_status import STATES, EngineLine, _engine_data, engine_status
from replycheck.model import LanguageGuess, Report, SkippedCheck

NB = "Hei,\n\nTakk for meldingen din. Vi har sendt pakken i dag, og du får den i morgen.\n\nVennlig hilsen\nKundeservice"
FI = "Hei,\n\nKiitos viestistäsi. Lähetimme paketin tänään ja saat sen huomenna.\n\nYstävällisin terveisin\nAsiakaspalvelu"
DE = "Hallo,\n\nvielen Dank für Ihre Nachricht. Wir haben das Paket heute verschickt.\n\nMit freundlichen Grüßen\nKundenservice"
OFF = replycheck.Config(languagetool="off")


def _lines(report, config):
    grammar, spelling = engine_status(report, config)
    assert isinstance(grammar, EngineLine) and grammar.kind == "grammar" and spelling.kind == "spelling"
    assert grammar.state in STATES and spelling.state in STATES
    return grammar, spelling


def test_languagetool_has_no_norwegian_or_finnish_in_its_release_data():
    """data/common/engines.yaml lists LanguageTool 6.6's modules (languagetool-parent 6.6 POM)."""
    data = _engine_data()["languagetool"]
    assert data["version"] == "6.6"
    assert {"de", "sv", "da", "en", "fr"} <= set(data["languages"])
    assert not {"nb", "nn", "no", "fi", "et"} & set(data["languages"])


@pytest.mark.parametrize("method", ["check", "check_fast"])
def test_bokmal_grammar_is_not_checked_and_hunspell_spells_it(fast_checker, method):
    report = getattr(fast_checker, method)(NB)
    grammar, spelling = _lines(report, fast_checker.config)
    assert (grammar.state, grammar.engine, grammar.language) == ("not checked", None, "nb")
    assert grammar.text == "Grammar: not checked (LanguageTool has no Norwegian Bokmål)"
    assert (spelling.state, spelling.engine) == ("checked", "Hunspell")
    assert spelling.text == "Spelling: Hunspell (Norwegian Bokmål)"


def test_finnish_grammar_is_not_checked_and_voikko_spells_it(fast_checker):
    from replycheck.engines import voikko

    if not voikko.available("fi"):
        pytest.fail("Voikko is part of the setup (scripts/ensure_voikko.sh)")
    grammar, spelling = _lines(fast_checker.check(FI), fast_checker.config)
    assert grammar.text == "Grammar: not checked (LanguageTool has no Finnish)"
    assert (spelling.state, spelling.engine, spelling.text) == ("checked", "Voikko", "Spelling: Voikko (Finnish)")


def test_languagetool_off_is_off(fast_checker):
    grammar, spelling = _lines(fast_checker.check(DE), OFF)
    assert (grammar.state, grammar.text) == ("off", "Grammar: off (LanguageTool is switched off)")
    assert spelling.state == "off"


def test_check_fast_is_pending_for_a_languagetool_language():
    config = replycheck.Config(languagetool="auto")
    with replycheck.Checker(config, start_languagetool=False) as checker:  # check_fast starts no server
        report = checker.check_fast(DE)
    grammar, spelling = _lines(report, config)
    assert (grammar.state, grammar.engine, grammar.text) == ("pending", "LanguageTool", "Grammar: pending (LanguageTool, German)")
    assert spelling.state == "pending"


def test_a_failed_or_timed_out_languagetool_is_failed():
    report = Report(
        reply=DE,
        reply_language=LanguageGuess("de", 1.0),
        customer_language=None,
        findings=(),
        skipped=(
            SkippedCheck("grammar.languagetool", "grammar not checked: LanguageTool did not answer within 5 s"),
            SkippedCheck("spelling.misspelling", "grammar not checked: LanguageTool did not answer within 5 s"),
        ),
    )
    grammar, spelling = _lines(report, replycheck.Config())
    assert (grammar.state, spelling.state) == ("failed", "failed")
    assert "did not answer" in grammar.text


def test_an_unidentified_language_is_not_checked(fast_checker):
    report = Report(reply="ok", reply_language=LanguageGuess("unknown", 0.0), customer_language=None, findings=())
    grammar, spelling = _lines(report, replycheck.Config())
    assert grammar.state == spelling.state == "not checked"
    assert "not identified" in grammar.reason


@pytest.mark.languagetool
def test_german_is_checked_by_languagetool(lt_checker):
    report = lt_checker.check(DE)
    grammar, spelling = _lines(report, lt_checker.config)
    assert grammar.text == "Grammar: LanguageTool (German)" and grammar.state == "checked"
    assert spelling.text == "Spelling: LanguageTool (German)"
    nb_grammar, nb_spelling = _lines(lt_checker.check(NB), lt_checker.config)  # the truth with LanguageTool running
    assert nb_grammar.text == "Grammar: not checked (LanguageTool has no Norwegian Bokmål)"
    assert nb_spelling.text == "Spelling: Hunspell (Norwegian Bokmål)"
