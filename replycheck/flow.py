"""The one flow of a check: validate, split and identify once, build the context, run the
declared checks, filter once, and make the ``Report``.

Checks are pure: everything they use (the e-mail's regions and sentences, the languages,
LanguageTool's matches, spellers, lemmas, data files, the glossary) is in the ``Context``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from replycheck import glossary as glossary_module
from replycheck import identify, langdata
from replycheck.config import Config
from replycheck.context import Context, Engines, LanguageToolResult
from replycheck.model import Finding, Report, SkippedCheck
from replycheck.registry import CheckSpec, all_checks
from replycheck.validate import checkable, optional_text, validate_text

ECHO_SPAN = 40  # characters: an engine match inside an own finding this short says the same thing


def build_context(reply, customer, source, *, glossary, config: Config, engines: Engines) -> Context:
    """Validate the inputs, split each text once and identify its languages once."""
    reply = checkable(validate_text(reply, "reply", config.max_reply_chars))
    customer = checkable(optional_text(customer, "customer", config.max_reply_chars))
    source = checkable(optional_text(source, "source", config.max_reply_chars))
    detector = engines.detector
    seen = identify.identify(detector, customer, sentences=False) if customer else None
    drafted = identify.identify(detector, source, sentences=False) if source else None
    prior = seen.language.code if seen and seen.language.is_known else None
    mine = identify.identify(detector, reply, prior, known=config.language)
    return Context(
        reply=reply,
        parts=mine.parts,
        reply_language=mine.language,
        customer=customer,
        customer_parts=seen.parts if seen else None,
        customer_language=seen.language if seen else None,
        source=source,
        source_parts=drafted.parts if drafted else None,
        source_language=drafted.language if drafted else None,
        glossary=glossary_module.resolve(glossary),
        config=config,
        engines=engines,
        sentence_languages=mine.sentence_languages,
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """What a run of some checks produced."""

    findings: tuple[Finding, ...] = ()
    skipped: tuple[SkippedCheck, ...] = ()
    errors: tuple[SkippedCheck, ...] = ()

    def __add__(self, other: "Outcome") -> "Outcome":
        return Outcome(self.findings + other.findings, self.skipped + other.skipped, self.errors + other.errors)


def missing_data(spec: CheckSpec, lang: str) -> str | None:
    """Why ``spec``'s data files are not there for ``lang`` (``None`` when they are)."""
    for name in spec.data:
        folder, _, kind = name.rpartition("/")
        folder = folder or lang
        if folder == "unknown":
            return "the reply's language was not identified"
        if langdata.load(folder, kind) is None:
            return f"no data/{folder}/{kind}.yaml"
    return None


def run(ctx: Context, specs: Iterable[CheckSpec]) -> Outcome:
    """Run ``specs`` on ``ctx``: skip those whose needs or data are missing, contain crashes."""
    findings: list[Finding] = []
    skipped: list[SkippedCheck] = []
    errors: list[SkippedCheck] = []
    for spec in specs:
        if spec.category not in ctx.config.categories:
            continue
        try:
            reason = next(filter(None, (ctx.missing(need) for need in spec.needs)), None) or missing_data(spec, ctx.lang)
            if reason:
                skipped.append(SkippedCheck(spec.name, reason))
                continue
            produced = list(spec.func(ctx))
        except Exception as error:  # noqa: BLE001  (a crashing check must not crash the report)
            errors.append(SkippedCheck(spec.name, f"{type(error).__name__}: {error}"))
            continue
        undeclared = sorted({f.code for f in produced if not spec.declares(f.code)})
        if undeclared:
            errors.append(SkippedCheck(spec.name, f"emitted undeclared codes {undeclared}"))
        findings.extend(f for f in produced if spec.declares(f.code))
    return Outcome(tuple(findings), tuple(skipped), tuple(errors))


def report(ctx: Context, outcome: Outcome, original_reply: str | None = None, pending: tuple[str, ...] = ()) -> Report:
    """The one post-filter (disabled codes, quoted text, the glossary's ``ignore`` phrases,
    engine echoes, findings inside foreign fragments, duplicates) and the Report."""
    from replycheck.checks import IMPORT_ERRORS

    ignored = _ignored_spans(ctx)
    kept = [f for f in outcome.findings if _keep(f, ctx) and not _inside(f, ignored)]
    unique = {(f.start, f.end, f.code, f.message): f for f in kept}
    kept = _without_findings_in_fragments(_without_engine_echoes(list(unique.values())))
    ordered = tuple(sorted(kept, key=Finding.sort_key))
    imports = tuple(SkippedCheck(f"checks.{name}", reason) for name, reason in sorted(IMPORT_ERRORS.items()))
    return Report(
        reply=original_reply if original_reply is not None else ctx.reply,
        reply_language=ctx.reply_language,
        customer_language=ctx.customer_language,
        findings=ordered,
        skipped=tuple(sorted(set(outcome.skipped), key=lambda s: s.name)),
        errors=outcome.errors + imports,
        pending=pending,
    )


def run_checks(ctx: Context, checks: Iterable[CheckSpec] | None = None) -> Report:
    """Run ``checks`` (all by default) on a ready context and make the Report."""
    return report(ctx, run(ctx, checks if checks is not None else all_checks()))


def uses_languagetool(spec: CheckSpec) -> bool:
    """True when ``spec`` waits for LanguageTool's answer."""
    return "languagetool" in spec.needs or "speller" in spec.needs


def with_languagetool(ctx: Context, result: LanguageToolResult) -> Context:
    """``ctx`` with LanguageTool's answer."""
    return dataclasses.replace(ctx, languagetool=result)


def _without_engine_echoes(findings: list[Finding]) -> list[Finding]:
    """Drop LanguageTool's findings that repeat one of replycheck's own on the same words.

    "paketet paketet" or a capitalised "Mars" is flagged once, by the check whose category
    and advice fit (``translation/repeated-word``), not again as ``grammar/lt-…``.
    """
    own = [f for f in findings if not f.from_engine and f.severity != "info" and f.end - f.start <= ECHO_SPAN]

    def echoed(f: Finding) -> bool:
        return any(o.start <= f.start and f.end <= o.end for o in own)

    return [f for f in findings if not (f.from_engine and echoed(f))]


IN_FRAGMENT_SILENT = ("grammar", "spelling", "translation")  # judged by the reply's language's rules
KEPT_IN_FRAGMENT = ("translation/untranslated",)  # says where the fragment came from


def _without_findings_in_fragments(findings: list[Finding]) -> list[Finding]:
    """Drop the grammar, spelling and translation findings inside a foreign fragment.

    A Dutch sentence in a Swedish reply is one ``language/mixed`` finding, not six Swedish
    misspellings and a run-on: those rules judge it by the wrong language.
    """
    fragments = [f for f in findings if f.code == "language/mixed"]
    if not fragments:
        return findings

    def inside(f: Finding) -> bool:
        return (
            f.category in IN_FRAGMENT_SILENT
            and f.code not in KEPT_IN_FRAGMENT
            and any(m.start <= f.start and f.end <= m.end for m in fragments)
        )

    return [f for f in findings if not inside(f)]


def _ignored_spans(ctx: Context) -> list[tuple[int, int]]:
    """Where the glossary's ``ignore`` phrases occur in the reply (any case, any spacing)."""
    if ctx.glossary is None:
        return []
    lang = ctx.lang if ctx.reply_language.is_known else None
    spans = []
    for phrase in ctx.glossary.ignored_phrases(lang):
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())  # a line break inside is the same phrase
        if pattern:
            spans.extend(m.span() for m in re.finditer(pattern, ctx.reply, re.IGNORECASE))
    return spans


def _inside(finding: Finding, spans: list[tuple[int, int]]) -> bool:
    return any(start <= finding.start and finding.end <= end for start, end in spans)


def _keep(finding: Finding, ctx: Context) -> bool:
    if not ctx.config.enabled(finding.code) or finding.end > len(ctx.reply):
        return False
    # Quoted earlier messages are the customer's words, not the agent's.
    return not (finding.end > finding.start and ctx.parts.in_quote(finding.start) and ctx.parts.in_quote(finding.end - 1))
