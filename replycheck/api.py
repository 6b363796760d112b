"""The core: ``Checker`` owns the engines and runs the flow (``flow.py``) for each reply."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Iterable, Iterator

from replycheck import flow, grammar_request, identify, warmup
from replycheck.config import Config
from replycheck.context import Context, Engines
from replycheck.errors import InputError
from replycheck.model import LanguageGuess, Report
from replycheck.registry import all_checks

# Kept for callers of the old names.
run_checks = flow.run_checks


class Checker:
    """A reusable checker: holds the detector, spellers, lemmatiser and LanguageTool server.

    Use it as a context manager (or call ``close()``) to stop the LanguageTool server it
    started. ``replycheck.check()`` uses one shared Checker. Thread-safe.
    """

    def __init__(self, config: Config | None = None, *, start_languagetool: bool = True) -> None:
        self.config = config or Config.from_env()
        self._detector = None
        self._lemmas = None
        self._languagetool = None
        self._lock = threading.Lock()
        self._requests = ThreadPoolExecutor(max_workers=4, thread_name_prefix="replycheck-lt")
        if start_languagetool and self.config.languagetool == "auto":
            self.languagetool().start_async()  # starts now, in the background, not on the first check

    # -- engines ---------------------------------------------------------------------
    @property
    def detector(self):
        """The language detector (loaded on first use)."""
        with self._lock:
            if self._detector is None:
                from replycheck.engines.detection import default_detector

                self._detector = default_detector()
            return self._detector

    def languagetool(self, config: Config | None = None):
        """The LanguageTool engine, or ``None`` when it is switched off."""
        config = config or self.config
        if config.languagetool == "off":
            return None
        with self._lock:
            if self._languagetool is None:
                from replycheck.engines.languagetool import LanguageToolEngine

                self._languagetool = LanguageToolEngine(config)
            return self._languagetool

    def engines(self) -> Engines:
        """Every engine a check may use (LanguageTool's answer arrives through the context)."""
        from replycheck.engines import hunspell, lexicon

        with self._lock:
            if self._lemmas is None:
                from replycheck.engines.lemmas import Lemmatizer

                self._lemmas = Lemmatizer()
        return Engines(
            detector=self.detector,
            languagetool=None,
            spellers=hunspell.SPELLERS,  # each language's engine from its data (Voikko for Finnish)
            frequency=hunspell.frequency,
            lemmas=self._lemmas,
            lexicons=lexicon.lexicon,
            accented=hunspell.accented_words,
        )

    def close(self) -> None:
        """Stop the engines this checker started."""
        if self._languagetool is not None and hasattr(self._languagetool, "close"):
            self._languagetool.close()
        self._languagetool = None

    def __enter__(self) -> "Checker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def warm_up(self, languages: Iterable[str] | None = None, *, glossary=None) -> dict[str, float]:
        """Load what checks in ``languages`` need, blocking; returns seconds per language.

        Default languages: ``Config.languages``, the glossary's, then recent checks'. Loads
        the detector's models, each language's speller and lemmas, and has LanguageTool load
        each language's rules, so the first check in a warmed language is as fast as a later one.
        """
        from replycheck import glossary as glossary_module

        if languages is None:
            languages = warmup.languages_to_warm(self.config.languages, glossary_module.resolve(glossary))
        languages = tuple(languages)
        self.detector.warm_up(full=True, languages=languages)  # full models for these and their neighbours only
        engines, engine = self.engines(), self.languagetool()
        timings: dict[str, float] = {}
        for lang in languages:
            started = time.perf_counter()
            engines.spellers(lang)
            engines.lexicons(lang)
            engines.frequency("warm", (lang,))
            if engine is not None and engine.supports(lang):
                for text in warmup.languagetool_texts(lang):
                    engine.check(text, lang, timeout=self.config.languagetool_timeout)
            # every check's data, lemmas and word lists (LanguageTool answers from the cache)
            self.check(warmup.sample_text(lang, long=True), warmup.sample_text(lang))
            timings[lang] = time.perf_counter() - started
        return timings

    # -- checking --------------------------------------------------------------------
    def detect_language(self, text: str, prior: str | None = None) -> LanguageGuess:
        """Identify the language of ``text``'s prose (quotes, URLs, numbers left out)."""
        return identify.detect(self.detector, text, prior)

    def build_context(self, reply, customer=None, source=None, *, glossary=None, config=None) -> Context:
        """Validate the inputs, split and identify them once, and inject the engines."""
        return flow.build_context(
            reply, customer, source, glossary=glossary, config=config or self.config, engines=self.engines()
        )

    def check(self, reply, customer=None, source=None, *, glossary=None, config=None) -> Report:
        """Check ``reply`` (answering ``customer``, translated from ``source``) completely."""
        ctx = self.build_context(reply, customer, source, glossary=glossary, config=config)
        return self.begin(ctx, reply).finish()

    def begin(self, ctx: Context, reply=None) -> "PendingCheck":
        """Send ``ctx``'s reply to LanguageTool and run the checks that do not wait for it.

        ``check()`` is ``begin(build_context(...)).finish()``; a batch worker prepares its
        next reply while LanguageTool answers this one (see ``streaming``)."""
        answer = grammar_request.ask(self.languagetool(ctx.config), ctx, self._requests, ctx.config.languagetool_timeout)
        own = flow.run(ctx, [s for s in all_checks() if not flow.uses_languagetool(s)])
        return PendingCheck(ctx, answer, own, reply)

    def check_fast(self, reply, customer=None, source=None, *, glossary=None, config=None) -> Report:
        """Every check that does not wait for LanguageTool; ``report.pending`` names the rest."""
        ctx = self.build_context(reply, customer, source, glossary=glossary, config=config)
        ctx = flow.with_languagetool(ctx, grammar_request.not_asked(ctx, "check_fast does not wait for LanguageTool"))
        outcome = flow.run(ctx, all_checks())
        lt_wanted = ctx.config.languagetool != "off" and any(c in ctx.config.categories for c in ("grammar", "spelling"))
        pending = ("languagetool",) if lt_wanted and ctx.languagetool.covers else ()
        if pending:  # the checks that wait for LanguageTool are pending, not skipped
            waiting = {s.name for s in all_checks() if flow.uses_languagetool(s)}
            outcome = flow.Outcome(outcome.findings, tuple(s for s in outcome.skipped if s.name not in waiting), outcome.errors)
        return flow.report(ctx, outcome, reply, pending)

    def check_many(self, items: Iterable[dict]) -> Iterator[Report | Exception]:
        """Check many ``{"reply", "customer", "source"}`` items; a bad item yields its error."""
        for item in items:
            try:
                yield self.check(item.get("reply"), item.get("customer"), item.get("source"))
            except InputError as error:
                yield error


_default_checker: Checker | None = None
_default_lock = threading.Lock()


def default_checker() -> Checker:
    """The process-wide Checker behind ``replycheck.check`` (LanguageTool starts on first use)."""
    global _default_checker
    with _default_lock:
        if _default_checker is None:
            _default_checker = Checker(start_languagetool=False)
        return _default_checker


def check(reply, customer=None, source=None, *, glossary=None, config=None) -> Report:
    """Check one reply and return its ``Report`` (see ``Checker.check``)."""
    return default_checker().check(reply, customer, source, glossary=glossary, config=config)


def detect_language(text: str) -> LanguageGuess:
    """Identify the language of ``text`` (``unknown`` when it cannot tell); starts no server."""
    return default_checker().detect_language(text)


class PendingCheck:
    """A check whose own findings are in and whose LanguageTool answer is on its way."""

    def __init__(self, ctx: Context, answer, own: flow.Outcome, reply=None) -> None:
        self.ctx = ctx
        self._answer = answer
        self._own = own
        self._reply = reply
        self._result = None

    def wait(self) -> None:
        """Block until LanguageTool has answered (or is known not to)."""
        if self._result is None:
            self._result = self._answer()

    def finish(self) -> Report:
        """Run the checks that need LanguageTool's answer and make the Report."""
        self.wait()
        with_lt = flow.with_languagetool(self.ctx, self._result)
        rest = flow.run(with_lt, [s for s in all_checks() if flow.uses_languagetool(s)])
        if self.ctx.reply_language.is_known:
            warmup.remember(self.ctx.lang)
        return flow.report(with_lt, self._own + rest, self._reply)
