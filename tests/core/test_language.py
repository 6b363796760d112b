"""Language mismatch and mixed-language fragments, with spans checked against the text."""

import pytest


def _codes(report, severities=("warning", "error")):
    return [f.code for f in report.findings if f.severity in severities]


@pytest.mark.parametrize(
    "customer, reply",
    [
        ("Hej, när kommer min beställning? Jag har väntat länge.",
         "Beste klant,\n\nUw bestelling is vandaag verzonden en komt morgen aan.\n\nMet vriendelijke groet"),
        ("Hei, jeg har ventet i telefonkø i over en time i dag. Kan dere ringe meg tilbake?",
         "Hej,\n\nTak for din henvendelse. Vi beklager ventetiden og ringer dig op i morgen formiddag, "
         "så vi kan gennemgå fakturaen sammen.\n\nVenlig hilsen\nKundeservice"),
        ("Guten Tag, mein Paket ist noch nicht angekommen. Können Sie nachsehen?",
         "Hi,\n\nThank you for contacting us. Your parcel is on its way and should arrive tomorrow.\n\nBest regards"),
    ],
)
def test_reply_in_another_language_is_a_mismatch(fast_checker, customer, reply):
    report = fast_checker.check(reply, customer)
    mismatches = [f for f in report.findings if f.code == "language/mismatch"]
    assert len(mismatches) == 1 and mismatches[0].severity == "error"
    flagged = reply[mismatches[0].start : mismatches[0].end]
    assert len(flagged) > 20 and flagged in reply


@pytest.mark.parametrize(
    "customer, reply",
    [
        # Bokmål reply to a Nynorsk customer: the same language for the customer.
        ("Hei, eg har ikkje fått straumrekninga for november. Kan de sende ho på nytt?",
         "Hei!\n\nTakk for beskjeden. Vi har sendt fakturaen for november på nytt til e-postadressen din i dag.\n\nVennlig hilsen\nKundeservice"),
        # Short Nordic replies that detectors like to call Danish or Norwegian.
        ("Hej, har ni fått min retur?", "Hej! Ja, vi har tagit emot din retur och återbetalningen är på väg."),
        ("Hei, når kommer pakken min?", "Hei! Pakken din ble sendt i dag og kommer i løpet av to dager."),
        ("Hej, hvornår får jeg mine penge tilbage?", "Hej! Vi har sendt pengene i dag, så de er på din konto inden for tre bankdage."),
        ("Hei, jeg lurer på noe.", "Takk for henvendelsen din!"),
        ("Hej! Jag beställde en vattenkokare för tre veckor sedan.",
         "Vi har gjort fel och vi krediterar er varken leverans eller kreditering har skett."),
    ],
)
def test_close_languages_are_not_a_false_mismatch(fast_checker, customer, reply):
    report = fast_checker.check(reply, customer)
    assert "language/mismatch" not in _codes(report)
    assert "language/mixed" not in _codes(report)


def test_untranslated_english_sentence_is_mixed_with_its_span(fast_checker):
    reply = (
        "Hej!\n\nTack för ditt meddelande. Vi har nu registrerat din uppsägning och abonnemanget "
        "avslutas den 31 december.\n\nPlease do not reply to this email, as this mailbox is not "
        "monitored.\n\nVänliga hälsningar\nKundservice"
    )
    report = fast_checker.check(reply, "Hej, jag vill säga upp mitt abonnemang.")
    mixed = [f for f in report.findings if f.code == "language/mixed"]
    assert len(mixed) == 1 and mixed[0].severity == "warning"
    assert reply[mixed[0].start : mixed[0].end] == (
        "Please do not reply to this email, as this mailbox is not monitored."
    )
    assert report.reply_language.code == "sv"
    assert "language/mismatch" not in _codes(report)


def test_quoted_earlier_message_is_not_the_reply(fast_checker):
    reply = (
        "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny laddare till dig i dag.\n\n"
        "Vänliga hälsningar\nKundtjänst\n\n"
        "On Mon, 3 Mar 2025 at 10:12, Anna <anna@example.com> wrote:\n"
        "> Hello, my charger stopped working after two days. Can you send me a new one?\n"
        "> It is really annoying and I need it for work every single day.\n"
    )
    report = fast_checker.check(reply, "Hej, min laddare har slutat fungera. Kan ni skicka en ny?")
    assert report.reply_language.code == "sv"
    assert not [f for f in report.findings if f.category == "language" and f.severity != "info"]


def test_swedish_quote_header_and_angle_quotes_are_excluded(fast_checker):
    reply = (
        "Hej!\n\nVi har skickat en ny faktura till dig.\n\n"
        "Den 3 mars 2025 skrev Anna Svensson:\n"
        "Dear team, I have not received the invoice for March. Could you please resend it?\n"
    )
    report = fast_checker.check(reply, "Hej, jag har inte fått fakturan för mars.")
    assert report.reply_language.code == "sv"
    assert "language/mixed" not in _codes(report)


def test_urls_numbers_and_order_ids_do_not_make_a_fragment(fast_checker):
    reply = (
        "Hej!\n\nDin order #A-10293 på 1 249 kr är skickad. Spåra den på "
        "https://tracking.example.com/orders/A-10293?lang=en och ring oss på +46 20 123 45 67.\n\nMvh\nKundtjänst"
    )
    report = fast_checker.check(reply, "Hej, var är min order A-10293?")
    assert not [f for f in report.findings if f.category == "language" and f.severity != "info"]


def test_thin_evidence_is_info_not_a_mismatch(fast_checker):
    report = fast_checker.check("OK, tack!", "Hei, kan dere sende fakturaen på nytt?")
    assert "language/mismatch" not in _codes(report)


@pytest.mark.parametrize("customer", ["Hej", "OK", "Tack!"])
def test_a_one_word_customer_message_never_makes_a_mismatch(fast_checker, customer):
    reply = "Hej!\n\nI morgon skickar vi en ny faktura till dig med rätt belopp.\n\nMvh\nKundtjänst"
    assert "language/mismatch" not in _codes(fast_checker.check(reply, customer))


def test_a_short_but_clear_customer_message_still_counts(fast_checker):
    reply = "Hej!\n\nDitt paket skickades i går och kommer fram i morgon.\n\nMvh"
    assert "language/mismatch" in _codes(fast_checker.check(reply, "Hallo, wo ist mein Paket?"))


@pytest.mark.languagetool
def test_a_foreign_sentence_is_one_finding_not_its_words_misspelled(lt_checker):
    """Spelling, grammar and translation rules of the reply's language are silent inside it."""
    reply = (
        "Hej Karin,\n\nTack för ditt mejl. Vi har sagt upp ditt abonnemang från och med den 30 juni. "
        "Je kunt de dienst tot die datum gewoon blijven gebruiken. Hör av dig om du har fler frågor.\n\n"
        "Vänliga hälsningar\nEmma"
    )
    report = lt_checker.check(reply)
    assert [(f.code, reply[f.start:f.end]) for f in report.findings] == [
        ("language/mixed", "Je kunt de dienst tot die datum gewoon blijven gebruiken.")
    ]
    assert report.grammar_checked


def test_findings_inside_a_fragment_are_dropped_but_not_beside_it():
    from replycheck.flow import _without_findings_in_fragments
    from replycheck.model import Finding

    mixed = Finding("language/mixed", "warning", 10, 60, "Dutch")
    inside = Finding("spelling/misspelling", "warning", 12, 16, "typo")
    source = Finding("translation/untranslated", "warning", 10, 60, "copied from the source")
    beside = Finding("spelling/misspelling", "warning", 61, 65, "typo")
    tone = Finding("tone/defensive", "warning", 20, 30, "defensive")
    assert _without_findings_in_fragments([mixed, inside, source, beside, tone]) == [mixed, source, beside, tone]
