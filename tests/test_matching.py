"""The lemma-aware phrase matcher behind the tone phrase lists."""

from replycheck.engines.lemmas import Lemmatizer
from replycheck.matching import compile_phrases, find_phrases, fold, normalise_block
from replycheck.segment import Span

LEMMAS = Lemmatizer()


def hits(text, phrases, lang="sv", sentences=None):
    spans = sentences or [Span(0, len(text))]
    return [(h.phrase, text[h.start : h.end]) for h in find_phrases(text, spans, compile_phrases(phrases, lang, LEMMAS), lang, LEMMAS)]


def test_inflections_gaps_alternatives_prefixes_and_optional_words():
    text = "Vi gjorde fel. Vi har tyvärr gjort fel."
    sentences = [Span(0, 14), Span(15, len(text))]
    assert hits(text, ["vi gör fel", "vi ... göra fel"], sentences=sentences) == [
        ("vi gör fel", "Vi gjorde fel"),
        ("vi ... göra fel", "Vi har tyvärr gjort fel"),
    ]
    assert hits("Tackar så mycket!", ["tack*"]) == [("tack*", "Tackar")]
    assert hits("som jag redan skrivit", ["som jag|vi redan har? sagt|skrivit"]) == [
        ("som jag|vi redan har? sagt|skrivit", "som jag redan skrivit")
    ]


def test_case_accents_and_exact_forms():
    assert hits("Vi ber om URSAKT", ["ursäkt"]) == [("ursäkt", "URSAKT")]
    assert hits("Se ei ole ongelma", ["ei ole =ongelmamme"], "fi") == []
    assert hits("Se ei ole ongelmamme", ["ei ole =ongelmamme"], "fi") == [("ei ole =ongelmamme", "ei ole ongelmamme")]


def test_matches_stay_inside_a_sentence():
    text = "Det gick bra. Fel var det inte."
    assert hits(text, ["bra ... fel"], sentences=[Span(0, 13), Span(14, len(text))]) == []


def test_fold_and_normalise_block():
    assert fold("Ursäkt’s") == "ursakt's"
    assert normalise_block("Vi  har\nnu registrerat din Uppsägning!") == "vi har nu registrerat din uppsagning"


def test_the_first_word_index_finds_what_trying_every_word_finds():
    """Phrases are only tried where their first word (form, lemma or prefix) occurs; a phrase
    whose first word is optional or a gap is tried everywhere."""
    from replycheck.matching import tokens

    text = "Tyvärr har vi gjort fel. Vi skickar ett nytt paket, tack för tålamodet och tack igen."
    labels = ["vi gör fel", "har? vi ... göra fel", "... paket", "tack*", "tyvärr", "nytt paket", "ett|en nytt", "saknas"]
    phrases = compile_phrases(labels, "sv", LEMMAS)
    toks = tokens(text, None, "sv", LEMMAS)
    every_word = []  # the matcher without the index: every phrase tried at every word
    for phrase in phrases:
        for first, last in phrase.find(toks):
            start, end = toks[first].start, toks[last].end
            if not any(s < end and start < e for s, e, _ in every_word):
                every_word.append((start, end, phrase.label))
    expected = [(label, text[start:end]) for start, end, label in sorted(every_word)]
    assert hits(text, labels) == expected
    assert expected == [("tyvärr", "Tyvärr"), ("vi gör fel", "vi gjort fel"), ("... paket", "skickar ett nytt paket"),
                        ("tack*", "tack"), ("tack*", "tack")]
