"""Installing LanguageTool's jars: ``resolve_jars`` with Maven and without it (jgo).

These fetch a tiny real artifact from Maven Central (org.slf4j:slf4j-simple, 15 kB, with
one dependency, slf4j-api), never the whole of LanguageTool.
"""

import shutil
import zipfile
from pathlib import Path

import pytest

from replycheck.engines import languagetool as lt
from replycheck.engines.languagetool import installer

TINY = "org.slf4j:slf4j-simple:2.0.17"
TINY_JARS = ["slf4j-api-2.0.17.jar", "slf4j-simple-2.0.17.jar"]


def _assert_real_jars(dest: Path, names: list[str]) -> None:
    for name in names:
        with zipfile.ZipFile(dest / name) as jar:  # a complete archive, not half a download
            assert "META-INF/MANIFEST.MF" in jar.namelist()


@pytest.fixture
def no_mvn(tmp_path, monkeypatch):
    """PATH without Maven (an empty directory)."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("mvn") is None


def test_jgo_resolves_an_artifact_and_its_dependency(tmp_path):
    messages = []
    dest = tmp_path / "lib"
    repo = tmp_path / "repo"
    jars = lt.resolve_jars([TINY], dest, messages.append, backend="jgo", repo=repo)
    assert jars == TINY_JARS
    assert sorted(p.name for p in dest.iterdir()) == TINY_JARS
    _assert_real_jars(dest, jars)
    assert (repo / "org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar").is_file()  # its cache
    assert any("Downloaded slf4j-api-2.0.17.jar" in m for m in messages)


def test_jgo_honours_exclusions_and_empties_dest(tmp_path):
    dest = tmp_path / "lib"
    dest.mkdir()
    (dest / "stale.jar").write_bytes(b"old")
    jars = lt.resolve_jars(
        [TINY], dest, backend="jgo", exclusions={TINY: ("org.slf4j:slf4j-api",)},
    )
    assert jars == ["slf4j-simple-2.0.17.jar"]


def test_without_mvn_on_path_jgo_is_chosen(tmp_path, no_mvn):
    assert lt.maven_backend() == "jgo"
    messages = []
    jars = lt.resolve_jars([TINY], tmp_path / "lib", messages.append)
    assert jars == TINY_JARS
    assert any("jgo" in m for m in messages) and not any("mvn" in m for m in messages)


def test_an_unknown_artifact_is_a_clear_error(tmp_path, no_mvn):
    with pytest.raises(lt.LanguageToolError, match="replycheck-no-such-artifact"):
        lt.resolve_jars(["org.slf4j:replycheck-no-such-artifact:0.0.1"], tmp_path / "lib")


def test_a_malformed_coordinate_is_refused(tmp_path):
    with pytest.raises(lt.LanguageToolError, match="group:artifact:version"):
        lt.resolve_jars(["org.slf4j:slf4j-simple"], tmp_path / "lib", backend="jgo")


@pytest.mark.skipif(shutil.which("mvn") is None, reason="Maven is not installed")
def test_mvn_and_jgo_give_the_same_jars(tmp_path):
    assert lt.maven_backend() == "mvn"
    jars = lt.resolve_jars([TINY], tmp_path / "lib")
    assert jars == TINY_JARS
    _assert_real_jars(tmp_path / "lib", jars)
    excluded = lt.resolve_jars(
        [TINY], tmp_path / "lib2", exclusions={TINY: ("org.slf4j:slf4j-api",)}, backend="mvn",
    )
    assert excluded == ["slf4j-simple-2.0.17.jar"]


def test_the_languagetool_pom_keeps_its_shape():
    """The installed marker stores this POM's digest: the server excludes language-all."""
    pom = installer._pom(("sv",))
    assert pom.count("<dependency>") == 2
    assert "<artifactId>language-all</artifactId>" in pom
    assert f"<artifactId>language-sv</artifactId>\n      <version>{lt.LT_VERSION}</version>" in pom
