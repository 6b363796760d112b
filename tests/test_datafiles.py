"""Every data file is checked against the schema of its kind; errors name file, line and key."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from replycheck import langdata
from replycheck.errors import DataError, ReplycheckError
from replycheck.schemas import SCHEMAS

SHIPPED = [(lang, name) for lang in ("common", *langdata.languages()) for name in langdata.kinds(lang)]


@pytest.mark.parametrize(("lang", "name"), SHIPPED, ids=[f"{lang}/{name}" for lang, name in SHIPPED])
def test_every_shipped_data_file_is_valid_and_loads_as_before(lang, name):
    data = langdata.load(lang, name)
    with langdata.path(lang, name).open(encoding="utf-8") as handle:
        assert data == yaml.safe_load(handle)
    assert isinstance(data, dict)


def test_every_kind_in_use_is_declared_and_every_schema_is_used():
    shipped = {f"common/{n}" if lang == "common" and f"common/{n}" in SCHEMAS else n for lang, n in SHIPPED}
    assert shipped == set(SCHEMAS)
    assert len(langdata.check_all()) == len(SHIPPED)


def _write(tmp_path, lang, name, text):
    folder = tmp_path / lang
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _error(tmp_path, lang, name, text) -> DataError:
    path = _write(tmp_path, lang, name, text)
    with pytest.raises(DataError) as info:
        langdata.load(lang, name, data_dir=tmp_path)
    error = info.value
    assert error.path == str(path)
    assert isinstance(error, ReplycheckError)
    key = f" {error.key}:" if error.key else ""
    assert str(error).startswith(f"{path}:{error.line}:{key} {error.problem}")
    return error


def test_unknown_key_names_file_line_and_key(tmp_path):
    error = _error(tmp_path, "sv", "negation", """
        negators: [inte, ej]
        # a comment
        negaters: [aldrig]
    """)
    assert (error.line, error.key) == (3, "negaters")
    assert "unknown key 'negaters'" in error.problem and "negators" in error.problem


def test_unknown_key_inside_a_list_of_mappings(tmp_path):
    # An unquoted comma splits a flow mapping: the suggestion's second half becomes a key.
    error = _error(tmp_path, "da", "calques", """
        calques:
          - {pattern: 'a', suggestion: b}
          - {pattern: '\\bjeg håber\\b', suggestion: Jeg håber, alt er vel, why: calque}
    """)
    assert (error.line, error.key) == (3, "calques[1].alt er vel")


def test_wrong_type_names_file_line_and_key(tmp_path):
    error = _error(tmp_path, "sv", "calendar", """
        months: [januari, februari]
        lowercase: yes please
    """)
    assert (error.line, error.key) == (2, "lowercase")
    assert error.problem.startswith("expected true or false, not the value 'yes please'")


def test_wrong_type_deep_in_a_nested_mapping(tmp_path):
    error = _error(tmp_path, "sv", "grammar", """
        noun_phrase:
          series: [{forms: {Com: [en], Neut: [ett]}}]
          max_adjectives: three
    """)
    assert (error.line, error.key) == (3, "noun_phrase.max_adjectives")
    assert "expected a whole number" in error.problem


def test_a_yes_no_word_in_a_word_list_asks_for_quotes(tmp_path):
    error = _error(tmp_path, "en", "clauses", """
        determiners: [a, the,
          no, any]
    """)
    assert (error.line, error.key) == (2, "determiners[2]")
    assert "quote it: 'no'" in error.problem


def test_a_list_where_a_word_is_expected(tmp_path):
    error = _error(tmp_path, "sv", "languagetool", "code: [sv]\n")
    assert (error.line, error.key) == (1, "code")
    assert error.problem == "expected text, not a list"


def test_a_pair_must_have_two_items(tmp_path):
    error = _error(tmp_path, "sv", "negation", "paired_negators:\n  - [varken, eller]\n  - [inte]\n")
    assert (error.line, error.key) == (3, "paired_negators[1]")


def test_an_empty_value_is_an_error(tmp_path):
    error = _error(tmp_path, "sv", "email", "greetings:\nsignoffs: [Mvh]\n")
    assert (error.line, error.key) == (1, "greetings")
    assert "write [] for an empty list" in error.problem


def test_a_required_key_is_missing(tmp_path):
    error = _error(tmp_path, "sv", "grammar", """
        subordinate_order:
          adverbs_before_verb: [inte]
          verb_final: false
    """)
    assert (error.line, error.key) == (2, "subordinate_order.subordinators")
    assert "needs 'subordinators:'" in error.problem


def test_a_regular_expression_that_does_not_compile(tmp_path):
    error = _error(tmp_path, "sv", "email", "quote_headers:\n  - '^Den .* skrev:$'\n  - '^(Från:'\n")
    assert (error.line, error.key) == (3, "quote_headers[1]")
    assert error.problem.startswith("not a valid regular expression")


def test_a_shared_pattern_may_use_unicode_classes_but_must_compile(tmp_path):
    good = "url: ['x']\nemail: ['x']\norder_id: ['x']\nmarkup: ['x']\nnumber: ['x']\nplaceholder: ['\\[\\p{Lu}+\\]']\n"
    _write(tmp_path, "common", "patterns", good)
    assert langdata.load("common", "patterns", data_dir=tmp_path)["placeholder"] == ["\\[\\p{Lu}+\\]"]
    error = _error(tmp_path / "bad", "common", "patterns", good.replace("+\\]'", "+\\]('"))
    assert (error.line, error.key) == (6, "placeholder[0]")


def test_a_duplicate_key(tmp_path):
    error = _error(tmp_path, "sv", "tone", "defensive: [a]\nnegations: [inte]\ndefensive: [b]\n")
    assert (error.line, error.key) == (3, "defensive")
    assert "duplicate key 'defensive'" in error.problem


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = _write(tmp_path, "sv", "calendar", "months: [januari, februari\nweekdays: [måndag]\nlowercase: true\n")
    with pytest.raises(DataError) as info:
        langdata.load("sv", "calendar", data_dir=tmp_path)
    assert info.value.path == str(path)
    assert info.value.line in (2, 3)
    assert "invalid YAML" in str(info.value) and f"{path}:{info.value.line}:" in str(info.value)


def test_a_file_that_is_not_a_mapping(tmp_path):
    error = _error(tmp_path, "sv", "complaint", "- upset\n- problem\n")
    assert error.line == 1 and error.key is None
    assert "must be a mapping" in error.problem


def test_common_files_have_their_own_schema(tmp_path):
    # data/common/tone.yaml holds acronyms, data/<lang>/tone.yaml phrases.
    _write(tmp_path, "common", "tone", "acronyms: [GDPR]\nmin_words: 3\n")
    assert langdata.load("common", "tone", data_dir=tmp_path) == {"acronyms": ["GDPR"], "min_words": 3}
    error = _error(tmp_path, "sv", "tone", "acronyms: [GDPR]\n")
    assert error.key == "acronyms"


def test_a_kind_without_a_schema_is_refused(tmp_path):
    path = _write(tmp_path, "sv", "idioms", "idioms: [a]\n")
    with pytest.raises(DataError, match="no schema is declared for idioms") as info:
        langdata.load("sv", "idioms", data_dir=tmp_path)
    assert info.value.path == str(path)


def test_empty_and_missing_files_load_as_none(tmp_path):
    _write(tmp_path, "sv", "negation", "# nothing yet\n")
    assert langdata.load("sv", "negation", data_dir=tmp_path) is None
    assert langdata.load("sv", "clauses", data_dir=tmp_path) is None


def test_data_dir_override_for_listing_functions(tmp_path):
    _write(tmp_path, "sv", "negation", "negators: [inte]\n")
    _write(tmp_path, "is", "email", "greetings: [Sæl]\n")
    _write(tmp_path, "common", "mt_markers", "markers: ['google translate']\n")
    assert langdata.languages(data_dir=tmp_path) == ("is", "sv")
    assert langdata.languages_with("negation", data_dir=tmp_path) == ("sv",)
    assert langdata.load_all("email", data_dir=tmp_path) == {"is": {"greetings": ["Sæl"]}}
    assert langdata.kinds("common", data_dir=tmp_path) == ("mt_markers",)
    assert len(langdata.check_all(data_dir=tmp_path)) == 3


def test_has_and_missing_name_the_absent_files(tmp_path):
    _write(tmp_path, "sv", "negation", "negators: [inte]\n")
    _write(tmp_path, "pt", "calendar", "months: [janeiro]\n")
    assert langdata.has("sv", "negation", data_dir=tmp_path)
    assert not langdata.has("pt", "negation", data_dir=tmp_path)
    assert not langdata.has("", "negation", data_dir=tmp_path)
    assert langdata.missing("sv", "negation", data_dir=tmp_path) is None
    assert langdata.missing("pt", "negation", data_dir=tmp_path) == "no data/pt/negation.yaml"
    assert (
        langdata.missing("pt", "negation", "calendar", "clauses", data_dir=tmp_path)
        == "no data/pt/negation.yaml, data/pt/clauses.yaml"
    )
    assert langdata.has("sv", "email")  # the shipped data folder by default
