"""Spelling findings through the real LanguageTool server and Hunspell dictionaries."""


import examples_support
import pytest

pytestmark = pytest.mark.languagetool

EXAMPLES = examples_support.load("spelling")


def _cases(kind):
    return list(examples_support.wrapped_cases(EXAMPLES, kind))


def _reply(lang, body):
    return examples_support.wrap(EXAMPLES, lang, body)


def _spelling(report, at_least="warning"):
    return [f for f in report.at_least(at_least) if f.category == "spelling"]


@pytest.mark.parametrize("code,lang,item", list(_cases("flag")))
def test_flags(lt_checker, code, lang, item):
    body, span, suggestion = item
    reply = _reply(lang, body)
    report = lt_checker.check(reply)
    assert report.reply_language.code == lang
    assert [e for e in report.errors if e.name.startswith(("grammar.", "spelling."))] == []
    found = [f for f in report.findings if f.code == code and reply[f.start : f.end] == span]
    assert found, [(f.code, reply[f.start : f.end]) for f in report.findings]
    assert found[0].severity == "warning"
    assert suggestion is None or found[0].suggestions[0] == suggestion
    assert len(found[0].suggestions) <= 3


@pytest.mark.parametrize("code,lang,body", list(_cases("pass")))
def test_passes(lt_checker, code, lang, body):
    reply = _reply(lang, body)
    report = lt_checker.check(reply)
    assert [reply[f.start : f.end] for f in _spelling(report)] == []


def test_stripped_diacritics_case(lt_checker):
    reply = (
        "Hej!\n\nVi ber om ursakt. Vi har forsokt na dig pa telefon tva ganger i dag, men ingen svarade.\n\n"
        "Vanliga halsningar\nKundtjanst"
    )
    report = lt_checker.check(reply)
    fixed = {reply[f.start : f.end]: f.suggestions[0] for f in _spelling(report)}
    assert fixed["forsokt"] == "försökt"
    assert fixed["pa"] == "på"
    assert fixed["tva"] == "två"
    assert fixed["ursakt"] == "ursäkt"


def test_names_from_greeting_and_signature_are_not_misspelled(lt_checker):
    reply = "Hej Berhe,\n\nTack för din fråga, Berhe. Vi återkommer i morgon.\n\nVänliga hälsningar\nJarle Øvrebø"
    report = lt_checker.check(reply, "Hej, jag undrar över min order.\n\nMvh Berhe Tesfay")
    assert _spelling(report) == []


def test_glossary_terms_are_not_misspelled(lt_checker, tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text("protected:\n  - Zyxelbox\n", encoding="utf-8")
    from replycheck.glossary import Glossary

    try:
        loaded = Glossary.load([glossary])
    except Exception as error:  # noqa: BLE001  (the glossary format is another module's)
        pytest.skip(f"glossary format differs: {error}")
    if "zyxelbox" not in {w.lower() for w in loaded.exempt_words("sv")}:
        pytest.skip("this glossary format does not make Zyxelbox exempt")
    reply = "Hej!\n\nDin nya Zyxelbox skickas i dag. Zyxelbox är enkel att installera.\n\nVänliga hälsningar\nKundtjänst"
    plain = lt_checker.check(reply)
    assert "Zyxelbox" in [reply[f.start : f.end] for f in _spelling(plain)]  # sentence-initial: flagged
    with_glossary = lt_checker.check(reply, glossary=loaded)
    assert [reply[f.start : f.end] for f in _spelling(with_glossary)] == []


def test_foreign_sentence_mojibake_entities_and_placeholders_are_left_to_other_checks(lt_checker):
    replies = [
        "Hej!\n\nTack för ditt meddelande. Please do not reply to this email, as this mailbox is not monitored.\n\nVänliga hälsningar\nKundtjänst",
        "Hej!\n\nDin bestÃ¤llning skickas i dag och du fÃ¥r ett sms.\n\nVänliga hälsningar\nKundtjänst",
        "Hej!\n\nVi har f&ouml;rl&auml;ngt ditt avtal till den 30 juni.\n\nVänliga hälsningar\nKundtjänst",
        "Hej {{first_name}},\n\nDin beställning skickades i går.\n\nVänliga hälsningar\nKundtjänst",
        "Hej!\n\nINTERNAL: kunden har klagat tre gånger.\n\nVänliga hälsningar\nKundtjänst",
    ]
    for reply in replies:
        report = lt_checker.check(reply)
        assert [reply[f.start : f.end] for f in _spelling(report)] == [], reply


def test_language_without_a_spelling_checker_says_so_once(lt_checker):
    reply = "Hei,\n\nKiitos viestistäsi. Tarkistimme laskusi, ja siinä oli tosiaan virhe.\n\nYstävällisin terveisin\nAsiakaspalvelu"
    report = lt_checker.check(reply)
    assert report.reply_language.code == "fi"
    notes = [f for f in report.findings if f.code == "spelling/unsupported-language"]
    assert len(notes) == 1 and notes[0].severity == "info"
    assert _spelling(report) == []


def test_fast_check_leaves_spelling_pending(lt_checker):
    reply = _reply("sv", "Vi har skickat en ny fakutra till dig i dag.")
    fast = lt_checker.check_fast(reply)
    assert "languagetool" in fast.pending
    assert not any(f.category == "spelling" for f in fast.findings)
    full = lt_checker.check(reply)
    assert any(f.code == "spelling/misspelling" for f in full.findings)
