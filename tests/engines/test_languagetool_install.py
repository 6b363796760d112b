"""Installing LanguageTool's jars: ``resolve_jars`` with Maven and without it (jgo).

Tests talk to loopback only, so these resolve from a tiny fake Maven repository served on
127.0.0.1 (``fake_repo``): ``replycheck.fake:tiny-app`` with one dependency,
``replycheck.fake:tiny-lib``, as real jar archives with SHA-1 and MD5 checksums.
"""

import hashlib
import io
import shutil
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from replycheck.engines import languagetool as lt
from replycheck.engines.languagetool import installer

GROUP = "replycheck.fake"
TINY = f"{GROUP}:tiny-app:1.0"
TINY_JARS = ["tiny-app-1.0.jar", "tiny-lib-1.0.jar"]
_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>1.0</version>
  <packaging>jar</packaging>
  <dependencies>{deps}</dependencies>
</project>
"""
SERVED: list[str] = []  # the paths the fake repository served, in order
_DEP = "<dependency><groupId>{group}</groupId><artifactId>tiny-lib</artifactId><version>1.0</version></dependency>"


def _jar(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", f"Manifest-Version: 1.0\nCreated-By: {name}\n")
    return buffer.getvalue()


def _publish(root: Path, artifact: str, deps: str) -> None:
    folder = root / GROUP.replace(".", "/") / artifact / "1.0"
    folder.mkdir(parents=True)
    files = {
        f"{artifact}-1.0.pom": _POM.format(group=GROUP, artifact=artifact, deps=deps).encode(),
        f"{artifact}-1.0.jar": _jar(artifact),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
        (folder / f"{name}.sha1").write_text(hashlib.sha1(data).hexdigest())
        (folder / f"{name}.md5").write_text(hashlib.md5(data).hexdigest())


@pytest.fixture(scope="module")
def fake_repo(tmp_path_factory):
    """The URL of a Maven repository on 127.0.0.1 holding tiny-app (-> tiny-lib)."""
    root = tmp_path_factory.mktemp("fake-maven")
    _publish(root, "tiny-lib", "")
    _publish(root, "tiny-app", _DEP.format(group=GROUP))

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            SERVED.append(self.path)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


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


def test_jgo_resolves_an_artifact_and_its_dependency(tmp_path, fake_repo):
    messages = []
    dest = tmp_path / "lib"
    repo = tmp_path / "repo"
    jars = lt.resolve_jars([TINY], dest, messages.append, backend="jgo", repo=repo, repository=fake_repo)
    assert jars == TINY_JARS
    assert sorted(p.name for p in dest.iterdir()) == TINY_JARS
    _assert_real_jars(dest, jars)
    assert (repo / "replycheck/fake/tiny-lib/1.0/tiny-lib-1.0.jar").is_file()  # its cache
    assert any("Downloaded tiny-lib-1.0.jar" in m for m in messages)


def test_jgo_honours_exclusions_and_empties_dest(tmp_path, fake_repo):
    dest = tmp_path / "lib"
    dest.mkdir()
    (dest / "stale.jar").write_bytes(b"old")
    jars = lt.resolve_jars(
        [TINY], dest, backend="jgo", exclusions={TINY: (f"{GROUP}:tiny-lib",)}, repository=fake_repo,
    )
    assert jars == ["tiny-app-1.0.jar"]
    assert sorted(p.name for p in dest.iterdir()) == ["tiny-app-1.0.jar"]


def test_without_mvn_on_path_jgo_is_chosen(tmp_path, no_mvn, fake_repo):
    assert lt.maven_backend() == "jgo"
    messages = []
    jars = lt.resolve_jars([TINY], tmp_path / "lib", messages.append, repository=fake_repo)
    assert jars == TINY_JARS
    assert any("jgo" in m for m in messages) and not any("mvn" in m for m in messages)


def test_an_unknown_artifact_is_a_clear_error(tmp_path, no_mvn, fake_repo):
    with pytest.raises(lt.LanguageToolError, match="replycheck-no-such-artifact"):
        lt.resolve_jars([f"{GROUP}:replycheck-no-such-artifact:0.0.1"], tmp_path / "lib", repository=fake_repo)


def test_a_malformed_coordinate_is_refused(tmp_path):
    with pytest.raises(lt.LanguageToolError, match="group:artifact:version"):
        lt.resolve_jars([f"{GROUP}:tiny-app"], tmp_path / "lib", backend="jgo")


@pytest.mark.skipif(shutil.which("mvn") is None, reason="Maven is not installed")
def test_mvn_and_jgo_give_the_same_jars(tmp_path, fake_repo):
    """Maven keeps what it downloads in ~/.m2: the fake group is removed from it afterwards."""
    assert lt.maven_backend() == "mvn"
    m2_group = Path.home() / ".m2" / "repository" / "replycheck" / "fake"
    SERVED.clear()
    try:
        jars = lt.resolve_jars([TINY], tmp_path / "lib", repository=fake_repo)
        assert jars == TINY_JARS
        _assert_real_jars(tmp_path / "lib", jars)
        excluded = lt.resolve_jars(
            [TINY], tmp_path / "lib2", exclusions={TINY: (f"{GROUP}:tiny-lib",)}, backend="mvn",
            repository=fake_repo,
        )
        assert excluded == ["tiny-app-1.0.jar"]
    finally:
        shutil.rmtree(m2_group, ignore_errors=True)
        if m2_group.parent.is_dir() and not any(m2_group.parent.iterdir()):
            m2_group.parent.rmdir()
    assert {f"/replycheck/fake/{name.rsplit('-', 1)[0]}/1.0/{name}" for name in TINY_JARS} <= set(SERVED)


def test_the_pom_names_the_repository_given(tmp_path):
    from replycheck.engines.languagetool.maven import MAVEN_CENTRAL, pom_xml

    assert f"<url>{MAVEN_CENTRAL}</url>" in pom_xml([TINY])
    assert "<url>http://127.0.0.1:8/m2</url>" in pom_xml([TINY], repository="http://127.0.0.1:8/m2")


def test_the_languagetool_pom_keeps_its_shape():
    """The installed marker stores this POM's digest: the server excludes language-all."""
    pom = installer._pom(("sv",))
    assert pom.count("<dependency>") == 2
    assert "<artifactId>language-all</artifactId>" in pom
    assert f"<artifactId>language-sv</artifactId>\n      <version>{lt.LT_VERSION}</version>" in pom
