"""Which languages a Checker warms, and warming them."""

from pathlib import Path

import replycheck
from replycheck import glossary, warmup

EXAMPLE = Path(__file__).resolve().parents[2] / "glossaries" / "example-team.yaml"


def test_recent_languages_are_remembered_newest_first_without_text(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYCHECK_STATE_DIR", str(tmp_path))
    for lang in ("sv", "de", "sv", "xx-not-a-language", "fi"):
        warmup.remember(lang)
    assert warmup.recent_languages() == ("fi", "sv", "de")
    assert (tmp_path / "recent-languages.json").read_text(encoding="utf-8") == '["fi", "sv", "de"]'


def test_configured_languages_come_first_then_the_glossary_then_recent(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYCHECK_STATE_DIR", str(tmp_path))
    for lang in ("pl", "et", "fi"):
        warmup.remember(lang)
    team = glossary.resolve(str(EXAMPLE))
    expected_glossary = warmup.glossary_languages(team)
    assert expected_glossary and all(len(code) == 2 for code in expected_glossary)
    order = warmup.languages_to_warm(("nl",), team)
    assert order[0] == "nl"
    assert order[-2:] == ("fi", "et")  # the two most recent only
    assert set(order) == {"nl", "fi", "et", *expected_glossary}


def test_the_checker_remembers_the_language_it_checked(tmp_path, monkeypatch, fast_checker):
    monkeypatch.setenv("REPLYCHECK_STATE_DIR", str(tmp_path))
    fast_checker.check("Hei!\n\nTakk for meldingen din. Vi sender pakken i dag.\n\nVennlig hilsen\nKari")
    assert warmup.recent_languages()[0] == "nb"


def test_warm_up_loads_each_languages_speller_and_times_it(fast_checker):
    from replycheck.engines import hunspell

    timings = fast_checker.warm_up(["sv", "de"])
    assert list(timings) == ["sv", "de"]
    assert all(seconds > 0 for seconds in timings.values())
    assert {"sv", "de"} <= set(hunspell.loaded())


def test_the_env_variable_names_the_team_languages(monkeypatch):
    monkeypatch.setenv("REPLYCHECK_LANGUAGES", "sv, nb,da")
    assert replycheck.Config.from_env().languages == ("sv", "nb", "da")


def test_the_same_language_again_touches_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYCHECK_STATE_DIR", str(tmp_path))
    warmup.remember("da")
    (tmp_path / "recent-languages.json").unlink()
    warmup.remember("da")  # a run of Danish replies: no read, no write
    assert not (tmp_path / "recent-languages.json").exists()
    warmup.remember("nl")
    assert (tmp_path / "recent-languages.json").read_text(encoding="utf-8") == '["nl", "da"]'


def test_languagetool_warms_on_the_long_sample_and_the_most_frequent_words():
    import wordfreq

    texts = warmup.languagetool_texts("fr")
    assert texts[0] == warmup.sample_text("fr", long=True)
    sentences = texts[1].split(". ")
    assert len(sentences) == warmup.VOCABULARY_WORDS // 10
    assert all(len(s.rstrip(".").split()) == 10 for s in sentences)
    top = [w for w in wordfreq.top_n_list("fr", 20) if w.isalpha()][:10]
    assert sentences[0].lower().split() == top
    # Nynorsk borrows Bokmål's word list; a language without a list gets the long sample only
    assert warmup.vocabulary_text("nn") == warmup.vocabulary_text("nb") != ""
    assert warmup.languagetool_texts("et") == (warmup.sample_text("et", long=True),)
