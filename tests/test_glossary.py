"""Glossary files: loading, merging, the API's glossary= argument, and errors that name the
file, the line and the problem."""

from pathlib import Path

import pytest

import replycheck
from replycheck.errors import GlossaryError
from replycheck.glossary import DEFAULT_PATH, GLOSSARY_DIR, Glossary, resolve

EXAMPLE = GLOSSARY_DIR / "example-team.yaml"


def write(tmp_path: Path, text: str, name: str = "team.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_and_example_glossaries_load():
    default = resolve(None)
    assert isinstance(default, Glossary)
    assert str(DEFAULT_PATH) in default.paths[0]
    assert "iPhone" in default.exempt_words("sv")
    assert default.address_form("sv") is None  # the default sets no form of address
    assert all(p.severity == "info" for p in default.protected)  # never a warning by default
    team = resolve(str(EXAMPLE))
    assert team.address_form("sv") == "du"
    assert team.address_form("de") == "Sie"
    assert {t.text for t in team.preferred_terms("sv")} >= {"kreditering", "refundering"}


def test_resolve_accepts_path_list_and_glossary(tmp_path):
    a = write(tmp_path, "languages:\n  sv:\n    address: ni\n    forbidden: [omgående]\n", "a.yaml")
    b = write(tmp_path, "languages:\n  sv:\n    address: du\n", "b.yaml")
    merged = resolve([a, str(b)])
    assert merged.address_form("sv") == "du"  # the last file wins
    assert [t.text for t in merged.forbidden_terms("sv")] == ["omgående"]
    assert resolve(merged) is merged
    assert resolve(Path(a)).address_form("sv") == "ni"


def test_exempt_words_cover_names_and_terms():
    team = resolve(str(EXAMPLE))
    words = team.exempt_words("sv")
    assert {"ShopNord", "KlickPay", "Mina sidor", "Mina", "sidor", "återbetalning", "kreditering"} <= words
    assert "Rückerstattung" not in words  # German entries stay in German
    assert "Rückerstattung" in team.exempt_words("de")


def test_short_preferred_form_and_empty_sections(tmp_path):
    path = write(tmp_path, "protected:\nlanguages:\n  nb:\n    preferred:\n      tilbakebetaling: [kreditering, refusjon]\n    forbidden:\n")
    glossary = resolve(path)
    assert [(t.text, t.preferred) for t in glossary.preferred_terms("nb")] == [
        ("kreditering", "tilbakebetaling"),
        ("refusjon", "tilbakebetaling"),
    ]


def test_empty_file_is_an_empty_glossary(tmp_path):
    glossary = resolve(write(tmp_path, "# nothing yet\n"))
    assert glossary.forbidden == glossary.preferred == glossary.protected == ()


@pytest.mark.parametrize(
    "text,line,problem",
    [
        ("languages:\n  sv:\n    forbidden: [omgående\n", 4, "invalid YAML"),
        ("languages:\n  sv:\n    address: du\n   forbidden: x\n", 4, "invalid YAML"),
        ("description: x\nforbiden:\n  - omgående\n", 2, "unknown key 'forbiden'"),
        ("languages:\n  sv:\n    adress: du\n", 3, "unknown key 'adress'"),
        ("languages:\n  sv:\n    forbidden: omgående\n", 3, "forbidden must be a list"),
        ("languages:\n  sv:\n    forbidden:\n      - [a, b]\n", 4, "a forbidden entry must be a mapping"),
        ("languages:\n  sv:\n    preferred:\n      - use: återbetalning\n", 4, "needs 'instead_of:'"),
        ("languages:\n  sv:\n    preferred:\n      - use: [a]\n        instead_of: b\n", 4, "use must be text"),
        ("languages:\n  sv:\n    address: vi\n", 3, "address for 'sv' must be one of du, ni"),
        ("languages:\n  en:\n    address: you\n", 3, "no forms of address are known for 'en'"),
        ("languages:\n  Svenska:\n    forbidden: [x]\n", 2, "not a language code"),
        ("severity: loud\n", 1, "severity must be one of error, warning, info"),
        ("protected:\n  - name: iPhone\n  - wrong: [Iphone]\n", 3, "needs 'name:'"),
        ("languages:\n  sv:\n    forbidden: [a]\n    forbidden: [b]\n", 4, "duplicate key 'forbidden'"),
        ("- just\n- a list\n", 1, "the glossary must be a mapping"),
        ("languages:\n  sv:\n    forbidden:\n      - ''\n", 4, "must not be empty"),
    ],
)
def test_invalid_files_name_file_line_and_problem(tmp_path, text, line, problem):
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as info:
        resolve(str(path))
    error = info.value
    assert error.path == str(path)
    assert error.line == line
    assert problem in error.problem
    assert str(error).startswith(f"{path}:{line}: ")


def test_missing_file_and_bad_argument(tmp_path):
    with pytest.raises(GlossaryError) as info:
        resolve(str(tmp_path / "nope.yaml"))
    assert "nope.yaml" in str(info.value) and info.value.line is None
    with pytest.raises(GlossaryError):
        resolve(42)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("forbidden: [omg\xe5ende]\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="UTF-8"):
        resolve(str(path))


def test_api_reports_glossary_errors(tmp_path, fast_checker):
    path = write(tmp_path, "languages:\n  sv:\n    forbiden: [x]\n")
    with pytest.raises(GlossaryError, match=r"team.yaml:3: unknown key 'forbiden'"):
        fast_checker.check_fast("Hej! Tack för ditt mejl.", glossary=str(path))


def test_edited_file_is_reloaded(tmp_path):
    path = write(tmp_path, "languages:\n  sv:\n    forbidden: [omgående]\n")
    assert [t.text for t in resolve(str(path)).forbidden] == ["omgående"]
    path.write_text("languages:\n  sv:\n    forbidden: [omedelbart, genast]\n", encoding="utf-8")
    assert [t.text for t in resolve(str(path)).forbidden] == ["omedelbart", "genast"]


def test_public_api_glossary_argument(fast_checker):
    report = fast_checker.check_fast("Hej!\n\nKrediteringen är klar.\n\nMvh\nKundtjänst", glossary=str(EXAMPLE))
    assert [f.code for f in report.findings if f.category == "terminology"] == ["terminology/preferred"]
    assert isinstance(replycheck.Checker, type)
