"""The morphological lexicon engine: the shipped format, the trie cache, compounds, forms."""

import sys
from pathlib import Path

import pytest

from replycheck.engines import lexicon as lexicon_module
from replycheck.engines.lexicon import Analysis, CompoundRule, lexicon

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import lexicon_format  # noqa: E402


@pytest.fixture()
def tiny(tmp_path, monkeypatch):
    """A three-noun lexicon written in the shipped format and loaded through the cache."""
    monkeypatch.setenv("REPLYCHECK_CACHE_DIR", str(tmp_path / "cache"))
    noun = lambda g, d: lexicon_format.analysis("NOUN", {"Gender": g, "Number": "Sing", "Definite": d})  # noqa: E731
    path = tmp_path / "lexicon.tsv.gz"
    lexicon_format.write(
        path,
        {
            "ärende": {noun("Neut", "Ind")},
            "ärendet": {noun("Neut", "Def")},
            "kund": {noun("Com", "Ind")},
            "lag": {noun("Com", "Ind")},
            "slag": {noun("Neut", "Ind")},
            "hyra": {noun("Com", "Ind")},
            "skickat": {lexicon_format.analysis("VERB", {"VerbForm": "Sup"})},
            "skickade": {lexicon_format.analysis("VERB", {"VerbForm": "Fin", "Tense": "Past"})},
        },
        {"source": "test", "licence": "CC0-1.0", "built-by": "tests"},
    )
    lex = lexicon_module._load("xx", path)
    lex._compounds = CompoundRule(min_head=4, min_modifier=3, links=("s",))
    return lex


def test_lookup_lowercases_and_parses_features(tiny):
    (reading,) = tiny.lookup("Ärendet")
    assert reading == Analysis("NOUN", (("Definite", frozenset({"Def"})), ("Gender", frozenset({"Neut"})), ("Number", frozenset({"Sing"}))))
    assert reading.values("Gender") == {"Neut"} and reading.fits({"Gender": "Neut"}) and not reading.fits({"Gender": "Com"})
    assert tiny.lookup("okänt") == ()


def test_the_trie_is_compiled_once_into_the_cache(tiny, tmp_path):
    files = sorted(p.suffix for p in (tmp_path / "cache" / "lexicon").iterdir())
    assert files == [".json", ".marisa"]


def test_a_compound_takes_its_heads_readings_only_after_a_listed_modifier(tiny):
    assert tiny.features("kundärendet", "NOUN", "Gender") == {"Neut"}  # kund|ärendet
    assert tiny.analyses("xyzärende") == ()  # "xyz" is no word: not a compound
    assert tiny.features("kundsärende", "NOUN", "Gender") == {"Neut"}  # kund|s|ärende: a link letter
    # "hyre|slag" has no listed modifier and "lag" is too short a head: left unknown, not guessed
    assert tiny.analyses("hyreslag") == ()


def test_forms_like_finds_the_wanted_form_of_the_same_stem(tiny):
    assert tiny.forms_like("skickade", "VERB", {"VerbForm": "Sup"}) == ("skickat",)
    assert tiny.forms_like("skickade", "NOUN", {"VerbForm": "Sup"}) == ()


@pytest.mark.parametrize(
    "lang,word,gender",
    [("sv", "lösenordet", "Neut"), ("sv", "beställning", "Com"), ("da", "abonnement", "Neut"), ("nl", "telefoon", "Com"), ("de", "Verbindung", "Fem")],
)
def test_shipped_lexicons_know_common_support_nouns(lang, word, gender):
    assert gender in lexicon(lang).features(word, "NOUN", "Gender")


def test_every_shipped_lexicon_says_its_source_and_licence():
    for path in sorted(lexicon_module.DATA_DIR.glob("*/lexicon.tsv.gz")):
        header, _ = lexicon_format.read_header(path)
        assert header.get("source") and header.get("licence") and header.get("built-by"), path
