"""``LanguageToolEngine``: a LanguageTool server to check text with, managed or by URL.

In ``auto`` mode the engine first looks for the shared server (``shared.py``: the one
``replycheck languagetool start`` left running) and uses it when it answers; it starts a
server of its own only when there is none, and stops only the server it started.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from concurrent.futures import CancelledError, TimeoutError as FutureTimeout

from replycheck.config import Config
from replycheck.engines.languagetool.client import Deadline, HttpClient, LTMatch, Results, parse_matches
from replycheck.engines.languagetool.errors import LanguageToolError, LanguageToolUnreachable
from replycheck.engines.languagetool import shared
from replycheck.engines.languagetool.server import ManagedServer, answers
from replycheck.engines.languagetool.settings import language_settings

_RECENT = 30.0  # an answer this recent (from a running server) counts as "ready"
_LIVE: "weakref.WeakSet[LanguageToolEngine]" = weakref.WeakSet()


class LanguageToolEngine:
    """A LanguageTool server to check text with: managed locally or an existing URL.

    Public API::

        engine = LanguageToolEngine(Config())   # nothing starts yet
        engine.start_async()                     # install + start in the background
        engine.ready()                           # True once the server answers
        engine.wait(timeout=60)                  # block until ready (False on timeout)
        engine.check(text, "sv", timeout=10)     # -> list[LTMatch]; starts if needed
        engine.supports("sv")                    # LanguageTool covers this language?
        engine.close()                           # stop the server it started (never a shared one)

    ``status`` is a short human-readable state for front ends; ``error`` holds the reason
    the last start failed (``None`` otherwise); ``shared`` is the record of the shared
    server in use (``None`` when the engine runs its own or was given a URL).
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config.from_env()
        mode = self.config.languagetool
        self.managed = mode == "auto"
        self._server = ManagedServer(self.config.languagetool_heap) if self.managed else None
        base = mode.rstrip("/")
        self._given_url = None if self.managed else base + ("" if base.endswith("/v2") else "/v2")
        self._http = HttpClient()
        self._results = Results()
        self._starter: threading.Thread | None = None
        self._lock = threading.RLock()
        self._start_lock = threading.Lock()  # one start (find the shared server or launch) at a time
        self._last_ok = float("-inf")  # when the server last answered
        self.shared: shared.ServerRecord | None = None
        self.error: str | None = None
        _LIVE.add(self)

    # -- state -----------------------------------------------------------------------
    @property
    def url(self) -> str | None:
        """The ``.../v2`` base URL of the server in use (``None`` before a managed start)."""
        if self.shared is not None:
            return self.shared.url
        return self._server.url if self._server is not None else self._given_url

    @property
    def pid(self) -> int | None:
        """The managed (own or shared) server's process id (``None`` when not running or not managed)."""
        if self.shared is not None:
            return self.shared.pid
        return self._server.pid if self._server is not None else None

    @property
    def owns_server(self) -> bool:
        """True while this engine runs a server of its own (it stops it at ``close()``)."""
        return self._server is not None and self.shared is None and self._server.running()

    @property
    def restarts(self) -> int:
        """How often the managed server was replaced (after dying or by ``restart()``)."""
        return self._server.restarts if self._server is not None else 0

    @property
    def startup_seconds(self) -> float | None:
        return self._server.startup_seconds if self._server is not None else None

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
        if self._server is not None and self.shared is None and not self._server.running():
            return False
        if time.monotonic() - self._last_ok < _RECENT:
            return True
        if answers(self.url, timeout=5.0):
            self._last_ok = time.monotonic()
            return True
        return False

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> str:
        """Make sure a server answers; return its base URL. Raises ``LanguageToolError``."""
        if self._server is None:
            if not answers(self.url, timeout=10.0):
                raise LanguageToolError(f"the LanguageTool server at {self.url} does not answer")
            self._last_ok = time.monotonic()
            return self.url  # type: ignore[return-value]
        with self._start_lock:
            try:
                url = self._shared_url() or self._server.start()
            except LanguageToolError as error:
                self.error = str(error)
                raise
        self.error = None
        self._last_ok = time.monotonic()
        return url

    def _shared_url(self) -> str | None:
        """The URL of the shared server when one answers (kept while it does), else ``None``."""
        if self._server is not None and self._server.running():
            return None  # this engine already runs its own
        if self.shared is not None and answers(self.shared.url, timeout=5.0):
            return self.shared.url
        self.shared = shared.find()
        return self.shared.url if self.shared is not None else None

    def start_async(self) -> None:
        """Install (if needed) and start the server in a background thread; returns at once."""
        with self._lock:
            if self._starter is not None and self._starter.is_alive():
                return
            self.error = None

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
            starter = self._starter
            starting = starter is not None and starter.is_alive()
            if self.ready():
                if starting:
                    starter.join(timeout=5.0)  # let start() record startup_seconds
                return True
            if self.error:
                return False
            if not starting and (not self.managed or (self.shared is None and not self._server.running())):
                return False
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.1)

    def restart(self) -> str:
        """Stop the server this engine started (if any) and start a new one.

        A shared server is never stopped: the engine lets go of it and starts its own.
        """
        if self._server is None:
            return self.start()
        self._last_ok = float("-inf")
        with self._start_lock:
            if self.shared is not None:
                self.shared = None
                return self._server.start()
            return self._server.restart()

    def close(self) -> None:
        """Stop the server this engine started; a shared server or one given by URL is left alone."""
        self._last_ok = float("-inf")
        self.shared = None
        if self._server is not None:
            self._server.stop()
        self._results.close()

    def __enter__(self) -> "LanguageToolEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- checking --------------------------------------------------------------------
    def supports(self, lang: str) -> bool:
        """True when LanguageTool has rules (a data file) for ``lang``."""
        return language_settings(lang) is not None

    def check(self, text: str, lang: str, timeout: float | None = None) -> list[LTMatch]:
        """Every LanguageTool match in ``text`` for ``lang``, code-point offsets into ``text``.

        Starts the server when needed; when the managed server has died the request is
        retried once on a fresh server. Returns ``[]`` for a language LanguageTool does
        not cover. ``timeout`` (seconds) bounds the whole call, a start included; past it
        ``LanguageToolTimeout`` is raised ("... timed out after N s"). A request already
        sent by ``prefetch`` for the same text is waited for, not repeated.
        """
        if language_settings(lang) is None:
            return []
        deadline = Deadline.after(timeout)
        key = (text, lang)
        cached = self._results.get(key)
        if cached is not None:
            return cached
        pending = self._results.take_pending(key)
        if pending is not None:
            try:
                return list(pending.result(timeout=max(0.0, deadline.remaining())))
            except FutureTimeout:
                raise deadline.expired(self.url) from None
            except (LanguageToolError, CancelledError):
                pass  # ask again below, with the restart-and-retry logic
        return list(self._check_now(text, lang, deadline))

    def prefetch(self, text: str, lang: str) -> None:
        """Send ``text`` to LanguageTool in the background; a later ``check`` picks it up.

        ``Checker.check`` calls this as soon as the reply's language is known, so the
        server works while replycheck's other checks run.
        """
        if language_settings(lang) is None:
            return
        self._results.submit((text, lang), lambda: self._check_now(text, lang, Deadline.after(None)))

    def clear_cache(self) -> None:
        """Forget the matches kept for recently checked texts."""
        self._results.clear()

    def _check_now(self, text: str, lang: str, deadline: Deadline) -> list[LTMatch]:
        params = language_settings(lang).params(text)
        matches = parse_matches(text, self._post("check", params, deadline))
        self._results.put((text, lang), matches)
        return matches

    def _post(self, endpoint: str, params: dict, deadline: Deadline) -> dict:
        url = self._running(deadline)
        try:
            return self._answered(url, endpoint, params, deadline)
        except LanguageToolUnreachable:
            self._last_ok = float("-inf")
            if self._server is None:
                raise
            if (self.shared is not None or self._server.running()) and answers(url, timeout=5.0):
                raise
        # The managed server died (or went deaf) under us (or the shared one was stopped):
        # one retry on the shared server if one answers now, else on a fresh own one.
        return self._answered(self._running(deadline, replace=True), endpoint, params, deadline)

    def _answered(self, url: str, endpoint: str, params: dict, deadline: Deadline) -> dict:
        payload = self._http.post(url, endpoint, params, deadline)
        self._last_ok = time.monotonic()
        return payload

    def _running(self, deadline: Deadline, replace: bool = False) -> str:
        """The URL of a server to ask: the given one, or the managed one (started, or
        with ``replace`` replaced unless it answers, within ``deadline``)."""
        if self._server is None:
            return self.url  # type: ignore[return-value]
        if not replace:
            if self.shared is not None:
                return self.shared.url
            if self._server.running() and self._server.url:
                return self._server.url
        elif self.shared is not None:
            self.shared = None  # it stopped answering: look again (it may have been restarted)
        if deadline.seconds is None:
            return self.start()
        self.start_async()  # the start goes on in the background past our time limit
        if not self.wait(timeout=max(0.0, deadline.remaining())):
            if self.error:
                raise LanguageToolError(self.error)
            raise deadline.expired(self.url)
        return self.url  # type: ignore[return-value]

    # -- spelling dictionaries (for languages LanguageTool lacks) ----------------------
    def speller(self, lang: str):
        """The Hunspell dictionary for ``lang`` (``None`` if there is none); see engines.hunspell."""
        from replycheck.engines import hunspell

        return hunspell.speller(lang)


@atexit.register
def _close_all() -> None:
    for engine in list(_LIVE):
        engine.close()
