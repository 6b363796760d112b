"""The lemmatiser (simplemma behind ``Lemmatizer``) and the one tokenizer (``replycheck.tokens``)."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from replycheck.engines.lemmas import Lemmatizer, same_lemma
from replycheck.segment import Span
from replycheck.tokens import Token, fold, tokens

LEMMAS = Lemmatizer()


@pytest.mark.parametrize(
    "word, lang, expected",
    [
        ("krediterar", "sv", "kreditera"),
        ("Krediteringen", "sv", "kreditering"),
        ("skickats", "sv", "skicka"),  # applied until it settles: skickats -> skickad -> skicka
        ("gjorde", "sv", "göra"),
        ("går", "sv", "gå"),
        ("Rücksendungen", "de", "rücksendung"),
        ("Tages", "de", "tag"),  # a noun stays a noun: not "tag" -> "tagen"
        ("Häuser", "de", "haus"),
        ("running", "en", "run"),
        ("children", "en", "child"),
        ("Refunds", "en", "refund"),
        ("niños", "es", "niño"),
        ("hablamos", "es", "hablar"),
        ("Devoluciones", "es", "devolución"),
    ],
)
def test_exact_lemmas(word, lang, expected):
    assert LEMMAS.lemma(word, lang) == expected


def test_lemmas_keep_accents_and_are_lower_case():
    assert LEMMAS.lemma("Gjorde", "sv") == "göra"  # not "gora": callers fold when they need to
    assert fold(LEMMAS.lemma("Gjorde", "sv")) == "gora"
    assert LEMMAS.lemma("pidió", "es") == "pedir"


@pytest.mark.parametrize("lang", ["unknown", "", "xx"])
def test_an_unknown_language_gives_the_lower_case_word(lang):
    assert LEMMAS.lemma("Ärendet", lang) == "ärendet"
    assert not LEMMAS.is_known("ärende", lang)
    assert not LEMMAS.has_language(lang)


def test_a_single_letter_is_its_own_lemma():
    assert LEMMAS.lemma("X", "sv") == "x"


def test_known_words_and_languages():
    assert LEMMAS.has_language("sv") and LEMMAS.has_language("nb")
    assert LEMMAS.is_known("bil", "sv")
    assert not LEMMAS.is_known("Samsung", "sv")


def test_same_lemma_families():
    assert same_lemma(LEMMAS.lemma("krediterar", "sv"), LEMMAS.lemma("kreditering", "sv"))
    assert LEMMAS.same_lemma(LEMMAS.lemma("skickad", "sv"), LEMMAS.lemma("skickats", "sv"))
    assert not LEMMAS.same_lemma("leverans", "betalning")


def test_fold_drops_case_and_accents():
    assert fold("Ursäkt Straße ’") == "ursakt strasse '"


TEXT = "Hej 😀 e-post, n'a Telia:s 𝐀bc x_y 3D Straße"


def test_letter_tokens_split_at_hyphens_apostrophes_digits_and_underscores():
    toks = tokens(TEXT)
    assert [(t.start, t.end, t.text) for t in toks] == [
        (0, 3, "Hej"),
        (6, 7, "e"),  # the emoji before it is one code point
        (8, 12, "post"),
        (14, 15, "n"),
        (16, 17, "a"),
        (18, 23, "Telia"),
        (24, 25, "s"),
        (26, 29, "𝐀bc"),  # an astral letter counts as one
        (30, 31, "x"),
        (32, 33, "y"),
        (35, 36, "D"),
        (37, 43, "Straße"),
    ]
    assert all(TEXT[t.start : t.end] == t.text for t in toks)
    assert all(t.lemma is None for t in toks)


def test_joined_tokens_keep_inner_hyphens_apostrophes_and_colons():
    toks = tokens(TEXT, joined=True)
    assert [(t.start, t.end, t.text) for t in toks][1:4] == [(6, 12, "e-post"), (14, 17, "n'a"), (18, 25, "Telia:s")]
    assert all(TEXT[t.start : t.end] == t.text for t in toks)


def test_tokens_of_a_span_have_offsets_into_the_whole_text():
    text = "Hej! Vi har skickat e-posten."
    expected = [(5, 7, "Vi"), (8, 11, "har"), (12, 19, "skickat"), (20, 28, "e-posten")]
    for span in (Span(5, len(text)), (5, len(text))):
        assert [(t.start, t.end, t.text) for t in tokens(text, span, joined=True)] == expected
    assert tokens(text, (100, 200)) == []  # clamped to the text


def test_lemmatiser_tokens_carry_every_form():
    text = "😀 Vi gjorde e-post-fel"
    toks = LEMMAS.tokens(text, None, "sv", joined=True)
    assert toks[:2] == [
        Token(2, 4, "Vi", "vi", "vi", "vi"),
        Token(5, 11, "gjorde", "gjorde", "gjorde", "göra"),
    ]
    assert (toks[2].start, toks[2].end, toks[2].text) == (12, 22, "e-post-fel")
    assert [t.text for t in LEMMAS.tokens(text, Span(5, 11), "sv")] == ["gjorde"]


def test_tokens_are_frozen():
    tok = tokens("Hej")[0]
    with pytest.raises(AttributeError):
        tok.text = "Hallå"


def test_the_lemmatiser_is_thread_safe():
    words = ["krediterar", "skickats", "gjorde", "Rücksendungen", "running"] * 40
    langs = ["sv", "sv", "sv", "de", "en"] * 40
    fresh = Lemmatizer()
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(fresh.lemma, words, langs))
    assert got == [LEMMAS.lemma(w, lang) for w, lang in zip(words, langs)]
