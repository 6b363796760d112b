"""The core: ``Checker`` owns the engines and turns a reply into a ``Report``."""

from __future__ import annotations

import dataclasses
import threading
from typing import Iterable, Iterator

from replycheck import glossary as glossary_module
from replycheck import languages
from replycheck import segment
from replycheck.config import Config
from replycheck.context import Context, Engines
from replycheck.errors import InputError
from replycheck.model import UNKNOWN, Finding, LanguageGuess, Report, SkippedCheck
from replycheck.registry import CheckSpec, all_checks

def validate_text(text, what: str, max_chars: int) -> str:
    """Return ``text`` if it can be checked, else raise ``InputError`` saying why."""
    if isinstance(text, (bytes, bytearray)):
        raise InputError(f"{what} must be text (str), not bytes; decode it first")
    if not isinstance(text, str):
        raise InputError(f"{what} must be text (str), not {type(text).__name__}")
    if not segment.strip_invisible(text).strip():
        raise InputError(f"{what} is empty")
    if len(text) > max_chars:
        raise InputError(
            f"{what} is {len(text):,} characters; the limit is {max_chars:,} "
            "(set Config(max_reply_chars=...) to raise it)"
        )
    return text


SENTENCE_MIN_WORDS = 4  # shorter sentences say too little about their language
DETECTION_SAMPLE_CHARS = 1500  # the reply's language is decided on its first ~250 words
MAX_SENTENCES_DETECTED = 300  # a huge reply's later sentences are not checked for fragments


class Checker:
    """A reusable checker: holds the detector and the LanguageTool server between checks.

    Use it as a context manager (or call ``close()``) to stop the LanguageTool server it
    started. ``replycheck.check()`` uses one shared Checker.
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config.from_env()
        self._detector = None
        self._languagetool = None
        self._lock = threading.Lock()

    # -- engines ---------------------------------------------------------------------
    @property
    def detector(self):
        """The language detector (loaded on first use)."""
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
                try:
                    from replycheck.engines.languagetool import LanguageToolEngine
                except ImportError:
                    return None
                self._languagetool = LanguageToolEngine(config)
            return self._languagetool

    def close(self) -> None:
        """Stop the engines this checker started."""
        if self._languagetool is not None and hasattr(self._languagetool, "close"):
            self._languagetool.close()
        self._languagetool = None

    def __enter__(self) -> "Checker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- checking --------------------------------------------------------------------
    def detect_language(self, text: str, prior: str | None = None) -> LanguageGuess:
        """Identify the language of ``text``'s prose (quotes, URLs, numbers left out)."""
        if not isinstance(text, str) or not text.strip():
            return LanguageGuess(UNKNOWN, 0.0)
        parts = segment.split(text)
        return self._detect_parts(parts, prior)

    def _detect(self, text: str, prior: str | None) -> LanguageGuess:
        """Detect on a sample: a few hundred words decide a language; more only costs time."""
        if len(text) > DETECTION_SAMPLE_CHARS:
            cut = text.rfind(" ", 0, DETECTION_SAMPLE_CHARS)
            text = text[: cut if cut > 0 else DETECTION_SAMPLE_CHARS]
        return self.detector.detect(text, prior=prior)

    def _detect_parts(self, parts: segment.EmailParts, prior: str | None) -> LanguageGuess:
        prose = segment.for_detection(parts.prose())
        if not prose.strip():
            prose = segment.for_detection(parts.masked)
        return self._detect(prose, prior)

    def _sentence_languages(self, parts: segment.EmailParts, prior: str) -> tuple[LanguageGuess | None, ...]:
        """The language of every sentence long enough to tell (``None`` for the others)."""
        guesses: list[LanguageGuess | None] = []
        for index, sentence in enumerate(parts.sentences):
            text = segment.for_detection(sentence.text(parts.masked))
            enough = len(segment.words(text)) >= SENTENCE_MIN_WORDS and index < MAX_SENTENCES_DETECTED
            guesses.append(self.detector.detect(text, prior=prior) if enough else None)
        return tuple(guesses)

    def _majority_language(self, parts, whole: LanguageGuess, sentences, prior) -> LanguageGuess:
        """The language most of the prose is in, when a foreign fragment skews the whole-text guess.

        When sentences in different language families occur (an English fragment in a
        Norwegian reply) and one family holds at least 60% of the words, the reply's language
        is detected on that family's sentences alone.
        """
        weights: dict[str, int] = {}  # per family of close languages
        for span, guess in zip(parts.sentences, sentences):
            if guess is not None and guess.is_known:
                key = languages.family(guess.code)
                weights[key] = weights.get(key, 0) + len(segment.words(span.text(parts.masked)))
        total = sum(weights.values())
        if len(weights) < 2:
            return whole
        top = max(sorted(weights), key=weights.get)
        if weights[top] < 0.6 * total:
            return whole
        keep = [
            span.text(parts.masked)
            for span, guess in zip(parts.sentences, sentences)
            if guess is None or languages.family(guess.code) == top
        ]
        for region in (parts.greeting, parts.signoff):
            if region is not None:
                keep.append(region.text(parts.masked))
        return self._detect(segment.for_detection("\n".join(keep)), prior)

    def build_context(self, reply, customer=None, source=None, *, glossary=None, config=None, languagetool=True) -> Context:
        """Validate the inputs, detect languages and cut the texts into regions."""
        config = config or self.config
        reply = validate_text(reply, "reply", config.max_reply_chars)
        customer = _optional_text(customer, "customer", config.max_reply_chars)
        source = _optional_text(source, "source", config.max_reply_chars)

        customer_parts = customer_language = None
        if customer:
            customer_parts = segment.split(customer)
            customer_language = self._detect_parts(customer_parts, None)
            customer_parts = _resplit(customer, customer_parts, customer_language)
        source_parts = source_language = None
        if source:
            source_parts = segment.split(source)
            source_language = self._detect_parts(source_parts, None)
            source_parts = _resplit(source, source_parts, source_language)

        parts = segment.split(reply)
        prior = customer_language.code if customer_language and customer_language.is_known else None
        reply_language = self._detect_parts(parts, prior)
        parts = _resplit(reply, parts, reply_language)
        sentence_languages = self._sentence_languages(parts, reply_language.code)
        reply_language = self._majority_language(parts, reply_language, sentence_languages, prior)

        engines = Engines(
            detector=self.detector,
            languagetool=self.languagetool(config) if languagetool else None,
        )
        return Context(
            reply=reply,
            parts=parts,
            reply_language=reply_language,
            customer=customer,
            customer_parts=customer_parts,
            customer_language=customer_language,
            source=source,
            source_parts=source_parts,
            source_language=source_language,
            glossary=glossary_module.resolve(glossary),
            config=config,
            engines=engines,
            sentence_languages=sentence_languages,
        )

    def check(self, reply, customer=None, source=None, *, glossary=None, config=None) -> Report:
        """Check ``reply`` (answering ``customer``, translated from ``source``) completely."""
        ctx = self.build_context(reply, customer, source, glossary=glossary, config=config)
        _prefetch_languagetool(ctx)
        return run_checks(ctx)

    def check_fast(self, reply, customer=None, source=None, *, glossary=None, config=None) -> Report:
        """Every check that does not wait for LanguageTool; ``report.pending`` names the rest."""
        ctx = self.build_context(reply, customer, source, glossary=glossary, config=config, languagetool=False)
        report = run_checks(ctx)
        config = config or self.config
        if config.languagetool != "off" and any(c in config.categories for c in ("grammar", "spelling")):
            report = dataclasses.replace(report, pending=("languagetool",))
        return report

    def check_many(self, items: Iterable[dict]) -> Iterator[Report | Exception]:
        """Check many ``{"reply", "customer", "source"}`` items; a bad item yields its error."""
        for item in items:
            try:
                yield self.check(item.get("reply"), item.get("customer"), item.get("source"))
            except InputError as error:
                yield error


def _prefetch_languagetool(ctx: Context) -> None:
    """Let LanguageTool work on the reply while the other checks run (best effort)."""
    engine = ctx.engines.languagetool
    if engine is None or not hasattr(engine, "prefetch") or not ctx.reply_language.is_known:
        return
    if not any(c in ctx.config.categories for c in ("grammar", "spelling")):
        return
    try:
        from replycheck.engines.languagetool import checked_text

        engine.prefetch(checked_text(ctx.reply, ctx.parts.quoted), ctx.lang)
    except Exception:  # noqa: BLE001  (the grammar check asks again and reports any error)
        pass


def _optional_text(text, what: str, max_chars: int) -> str | None:
    if text is None:
        return None
    if isinstance(text, str) and not segment.strip_invisible(text).strip():
        return None
    return validate_text(text, what, max_chars)


def _resplit(text: str, parts: segment.EmailParts, guess: LanguageGuess) -> segment.EmailParts:
    """Split sentences again with the detected language's abbreviations, if it differs."""
    return segment.split(text, guess.code) if guess.is_known and guess.code != "en" else parts


def run_checks(ctx: Context, checks: Iterable[CheckSpec] | None = None) -> Report:
    """Run every applicable check on ``ctx``; contain failures; sort deterministically."""
    findings: list[Finding] = []
    skipped: list[SkippedCheck] = []
    errors: list[SkippedCheck] = []
    for spec in checks if checks is not None else all_checks():
        if spec.category not in ctx.config.categories:
            continue
        missing = [need for need in spec.needs if not ctx.has(need)]
        if missing:
            skipped.append(SkippedCheck(spec.name, f"needs {', '.join(missing)}"))
            continue
        try:
            produced = list(spec.func(ctx))
        except Exception as error:  # noqa: BLE001  (a crashing check must not crash the report)
            errors.append(SkippedCheck(spec.name, f"{type(error).__name__}: {error}"))
            continue
        findings.extend(f for f in produced if _keep(f, ctx))
    from replycheck.checks import IMPORT_ERRORS

    errors.extend(SkippedCheck(f"checks.{name}", reason) for name, reason in sorted(IMPORT_ERRORS.items()))
    unique = {(f.start, f.end, f.code, f.message): f for f in findings}
    ordered = tuple(sorted(_without_engine_echoes(list(unique.values())), key=Finding.sort_key))
    return Report(
        reply=ctx.reply,
        reply_language=ctx.reply_language,
        customer_language=ctx.customer_language,
        findings=ordered,
        skipped=tuple(skipped),
        errors=tuple(errors),
    )


ECHO_SPAN = 40  # characters: an engine match inside an own finding this short says the same thing


def _without_engine_echoes(findings: list[Finding]) -> list[Finding]:
    """Drop LanguageTool's findings that repeat one of replycheck's own on the same words.

    "paketet paketet" or a capitalised "Mars" is flagged once, by the check whose category
    and advice fit (``translation/repeated-word``), not again as ``grammar/lt-…``.
    """
    own = [f for f in findings if not f.from_engine and f.severity != "info" and f.end - f.start <= ECHO_SPAN]

    def echoed(f: Finding) -> bool:
        return any(o.start <= f.start and f.end <= o.end for o in own)

    return [f for f in findings if not (f.from_engine and echoed(f))]


def _keep(finding: Finding, ctx: Context) -> bool:
    if not ctx.config.enabled(finding.code) or finding.end > len(ctx.reply):
        return False
    # Quoted earlier messages are the customer's words, not the agent's.
    return not (finding.end > finding.start and ctx.parts.in_quote(finding.start) and ctx.parts.in_quote(finding.end - 1))


_default_checker: Checker | None = None
_default_lock = threading.Lock()


def default_checker() -> Checker:
    """The process-wide Checker behind ``replycheck.check``."""
    global _default_checker
    with _default_lock:
        if _default_checker is None:
            _default_checker = Checker()
        return _default_checker


def check(reply, customer=None, source=None, *, glossary=None, config=None) -> Report:
    """Check one reply and return its ``Report`` (see ``Checker.check``)."""
    return default_checker().check(reply, customer, source, glossary=glossary, config=config)


def detect_language(text: str) -> LanguageGuess:
    """Identify the language of ``text`` (``unknown`` when it cannot tell)."""
    return default_checker().detect_language(text)
