"""E-mail regions and sentences: offsets always point into the text as given."""

import pytest

from replycheck import segment


def test_greeting_signoff_and_signature_with_names():
    text = "Hej Berhe,\n\nTack för din input!\n\nVänliga hälsningar\nKarin på kundservice"
    parts = segment.split(text, "sv")
    assert parts.greeting.text(text) == "Hej Berhe,"
    assert parts.greeting_name == "Berhe"
    assert parts.signoff.text(text) == "Vänliga hälsningar"
    assert parts.signature_name == "Karin"
    assert [s.text(text) for s in parts.sentences] == ["Tack för din input!"]


def test_customer_signature_on_the_signoff_line_and_slash_signature():
    parts = segment.split("Hej, jag har inte fått något.\n\nMvh Anna Lindqvist", "sv")
    assert parts.signature_name == "Anna Lindqvist"
    parts = segment.split("Det är ett bra inlägg. Ha en bra helg!\n/Berhe", "sv")
    assert parts.signature_name == "Berhe"


def test_greeting_followed_by_text_on_the_same_line():
    text = "Hej! Ja, vi har tagit emot din retur och återbetalningen är på väg."
    parts = segment.split(text, "sv")
    assert parts.greeting.text(text) == "Hej!"
    assert [s.text(text) for s in parts.sentences] == [
        "Ja, vi har tagit emot din retur och återbetalningen är på väg."
    ]


@pytest.mark.parametrize(
    "header",
    [
        "On Mon, 3 Mar 2025 at 10:12, Anna <anna@example.com> wrote:",
        "Den 3 mars 2025 skrev Anna Svensson <anna@example.se>:",
        "Am 03.03.2025 um 10:12 schrieb Anna Müller:",
        "Le lun. 3 mars 2025 à 10:12, Anna a écrit :",
        "-----Original Message-----",
    ],
)
def test_quote_headers_start_the_quoted_region(header):
    text = f"Hej!\n\nVi har skickat fakturan.\n\n{header}\nHello, where is my invoice?\n"
    parts = segment.split(text, "sv")
    assert parts.quoted and text[parts.quoted[-1].start :].startswith(header)
    assert all("invoice" not in s.text(text) for s in parts.sentences)


def test_angle_quoted_lines_are_quoted():
    text = "Hej!\n\nSvar nedan.\n\n> Hello there\n> where is my parcel\n"
    parts = segment.split(text, "sv")
    assert [q.text(text) for q in parts.quoted] == ["> Hello there", "> where is my parcel"]
    assert "Hello" not in parts.prose()


def test_windows_line_endings_keep_offsets():
    text = "Hej Anna,\r\n\r\nTack för ditt mejl. Vi ringer i morgon.\r\n\r\nMvh\r\nKarin"
    parts = segment.split(text, "sv")
    assert [s.text(text) for s in parts.sentences] == ["Tack för ditt mejl.", "Vi ringer i morgon."]
    assert parts.signature_name == "Karin"


def test_abbreviations_do_not_split_sentences():
    text = "Ring oss t.ex. på tisdag kl. 8.30 så hjälper vi dig. Välkommen!"
    spans = segment.split_sentences(text, segment.Span(0, len(text)), "sv")
    assert [s.text(text) for s in spans] == [
        "Ring oss t.ex. på tisdag kl. 8.30 så hjälper vi dig.",
        "Välkommen!",
    ]


def test_mask_blanks_non_prose_but_keeps_length():
    text = "Order #A-10293, 1 249 kr, https://example.com/x?y=1, anna@example.com, {{first_name}}."
    masked = segment.mask(text)
    assert len(masked) == len(text)
    assert segment.words(masked) == ["Order", "kr"]


def test_for_detection_repairs_mojibake_and_entities():
    assert segment.for_detection("VÃ¤nliga hÃ¤lsningar") == "Vänliga hälsningar"
    assert segment.for_detection("f&ouml;rl&auml;ngt\u200b") == "förlängt"


@pytest.mark.parametrize(
    ("text", "name", "last_sentence"),
    [
        ("Hej! Var är min order? Tack. Mvh Tobias Ström", "Tobias Ström", "Tack."),
        ("Hallo, könnt ihr das prüfen? Danke und Gruß Stefan Hübner", "Stefan Hübner", "könnt ihr das prüfen?"),
        ("Hej, tack för hjälpen. /Berhe", "Berhe", "tack för hjälpen."),
        ("Goedemiddag,\n\nmijn pakket is er niet.\n\nMet vriendelijke groet,\nWillemijn van der Berg", "Willemijn van der Berg", "mijn pakket is er niet."),
    ],
)
def test_the_customers_name_from_a_sign_off_on_the_texts_last_line(text, name, last_sentence):
    parts = segment.split(text, "sv")
    assert parts.signature_name == name
    assert parts.sentences[-1].text(text) == last_sentence


def test_the_senders_name_from_a_from_line_heading_the_message():
    text = "De : Rémi Charpentier <remi.charpentier@example.com>\n\nBonjour, où est mon colis ?"
    parts = segment.split(text, "fr")
    assert parts.signature_name == "Rémi Charpentier"
    assert parts.quoted == ()


@pytest.mark.parametrize(
    ("line", "name"),
    [("Hola, Natalia:", "Natalia"), ("Gentile Sig. Morelli,", "Sig Morelli"), ("Beste heer Hermsen,", "Hermsen")],
)
def test_greeting_names_after_titles_and_commas(line, name):
    parts = segment.split(line + "\n\nTekst.", "en")
    assert parts.greeting.text(line + "\n\nTekst.") == line
    assert parts.greeting_name == name


def test_a_date_is_not_cut_after_its_ordinal_dot():
    text = "Ihre Waschmaschine wird am Donnerstag, 6. Juni, geliefert. Der Fahrer ruft an."
    parts = segment.split(text, "de")
    assert [s.text(text) for s in parts.sentences] == [
        "Ihre Waschmaschine wird am Donnerstag, 6. Juni, geliefert.",
        "Der Fahrer ruft an.",
    ]
