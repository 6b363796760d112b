"""Writing to a team glossary: "add to team dictionary" and "never flag this phrase"."""

import shutil
from pathlib import Path

import pytest

from replycheck.errors import GlossaryError
from replycheck.glossary import Glossary
from replycheck.glossary_edit import add_to_dictionary, never_flag

EXAMPLE = Path(__file__).resolve().parent.parent / "glossaries" / "example-team.yaml"
NB_REPLY = (
    "Hei,\n\nTakk for meldingen. Vi har sendt pakken i dag, og du kan følge den i appen sporingo der du "
    "ser når den kommer. Vi beklager forsinkelsen og håper du blir fornøyd.\n\nVennlig hilsen\nKundeservice"
)
EN_REPLY = "Hi,\n\nAs I already said, the parcel left our warehouse on Monday. Sorry for the wait.\n\nBest regards,\nSupport"


@pytest.fixture
def team(tmp_path):
    path = tmp_path / "team.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def _lines_kept_in_order(before: str, after: str) -> bool:
    remaining = iter(after.splitlines())
    return all(any(line == candidate for candidate in remaining) for line in before.splitlines())


def test_add_to_dictionary_keeps_comments_and_order_and_is_idempotent(team):
    before = team.read_text(encoding="utf-8")
    add_to_dictionary(team, "sporingo", "nb")
    after = team.read_text(encoding="utf-8")
    assert _lines_kept_in_order(before, after)  # every comment and entry, in the same order
    assert "# Expected form of address: du or ni." in after
    assert len(after.splitlines()) == len(before.splitlines()) + 2  # "dictionary:" and "- sporingo"
    add_to_dictionary(team, "sporingo", "nb")
    add_to_dictionary(team, "Sporingo", "nb")  # the same word in another case is not added again
    assert team.read_text(encoding="utf-8") == after
    assert Glossary.load(team).dictionary_words("nb") == ["sporingo"]


def test_never_flag_top_level_and_per_language(team):
    before = team.read_text(encoding="utf-8")
    never_flag(team, "as I already said")
    never_flag(team, "wie besprochen", "de")
    never_flag(team, "as  I already said")  # spacing does not make it another phrase
    after = team.read_text(encoding="utf-8")
    assert _lines_kept_in_order(before, after)
    glossary = Glossary.load(team)
    assert glossary.ignored_phrases("en") == ["as I already said"]
    assert glossary.ignored_phrases("de") == ["as I already said", "wie besprochen"]


def test_a_new_file_is_created(tmp_path):
    path = tmp_path / "new.yaml"
    add_to_dictionary(path, "sporingo", "nb")
    assert Glossary.load(path).dictionary_words("nb") == ["sporingo"]


@pytest.mark.parametrize(
    "call",
    [
        lambda p: add_to_dictionary(p, "", "nb"),
        lambda p: add_to_dictionary(p, "two words", "nb"),
        lambda p: add_to_dictionary(p, "ord", "Norwegian"),
        lambda p: never_flag(p, "   "),
    ],
)
def test_bad_entries_are_refused_and_the_file_is_untouched(team, call):
    before = team.read_text(encoding="utf-8")
    with pytest.raises(GlossaryError):
        call(team)
    assert team.read_text(encoding="utf-8") == before


def test_bad_paths_raise_glossary_error(tmp_path, team):
    with pytest.raises(GlossaryError, match="folder"):
        add_to_dictionary(tmp_path, "ord", "nb")
    with pytest.raises(GlossaryError, match="cannot write"):
        add_to_dictionary(team / "inside-a-file.yaml", "ord", "nb")
    broken = tmp_path / "broken.yaml"
    broken.write_text("languages:\n  nb:\n    forbiden: [x]\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="forbiden"):
        never_flag(broken, "x")
    assert broken.read_text(encoding="utf-8") == "languages:\n  nb:\n    forbiden: [x]\n"
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_the_next_check_honours_the_dictionary(fast_checker, team):
    before = fast_checker.check(NB_REPLY, glossary=str(team))
    flagged = [f for f in before.findings if NB_REPLY[f.start : f.end] == "sporingo"]
    assert [f.code for f in flagged] == ["spelling/misspelling"]
    add_to_dictionary(team, "sporingo", "nb")
    after = fast_checker.check(NB_REPLY, glossary=str(team))
    assert not [f for f in after.findings if NB_REPLY[f.start : f.end] == "sporingo"]
    assert set(after.findings) == set(before.findings) - set(flagged)  # every other span unchanged


def test_the_next_check_honours_never_flag(fast_checker, team):
    before = fast_checker.check(EN_REPLY, glossary=str(team))
    flagged = [f for f in before.findings if f.code == "tone/defensive"]
    assert [EN_REPLY[f.start : f.end] for f in flagged] == ["As I already said"]
    never_flag(team, "as i already said", "en")
    after = fast_checker.check(EN_REPLY, glossary=str(team))
    assert set(after.findings) == set(before.findings) - set(flagged)


@pytest.mark.languagetool
def test_languagetool_spelling_honours_the_dictionary(lt_checker, team):
    reply = (
        "Hallo,\n\nvielen Dank für Ihre Nachricht. Ihr Paket kommt mit dem Lieferdienst, den Sie in der "
        "App unter paketlix verfolgen können.\n\nMit freundlichen Grüßen\nKundenservice"
    )
    before = lt_checker.check(reply, glossary=str(team))
    flagged = [f for f in before.findings if reply[f.start : f.end] == "paketlix"]
    assert [f.code for f in flagged] == ["spelling/misspelling"], before.findings
    add_to_dictionary(team, "paketlix", "de")
    after = lt_checker.check(reply, glossary=str(team))
    assert set(after.findings) == set(before.findings) - set(flagged)


@pytest.mark.parametrize(
    "text,problem",
    [
        ("dictionary: [Klarna]\n", "unknown key 'dictionary' in the glossary"),  # per language only
        ("languages:\n  sv:\n    dictionary: Klarna\n", "dictionary must be a list"),
        ("languages:\n  sv:\n    ignore: [[a, b]]\n", "an entry of ignore must be text"),
        ("ignore: ['']\n", "must not be empty"),
    ],
)
def test_invalid_dictionary_and_ignore_entries_name_the_line(tmp_path, text, problem):
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError, match=problem) as error:
        Glossary.load(path)
    assert error.value.line is not None


def test_ignore_matches_any_case_and_spacing(fast_checker, team):
    reply = EN_REPLY.replace("As I already said", "As I  already  said")
    before = fast_checker.check(reply, glossary=str(team))
    assert [f for f in before.findings if f.code == "tone/defensive"]
    never_flag(team, "as I already said")
    after = fast_checker.check(reply, glossary=str(team))
    assert not [f for f in after.findings if f.code == "tone/defensive"]
