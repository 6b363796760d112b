"""What really checked a reply's grammar and spelling: one line per kind, for the page and reports.

``engine_status(report, config)`` reads what the report says ran, was skipped, failed or is
still pending, and which engine serves the reply's language: "Grammar: LanguageTool
(German)", "Spelling: Hunspell (Norwegian Bokmål)", "Grammar: not checked (LanguageTool has no
Finnish)". Which languages an engine has at all is data: ``data/common/engines.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from replycheck import langdata, languages
from replycheck.config import Config
from replycheck.model import Report

GRAMMAR_CHECK = "grammar.languagetool"
SPELLING_CHECK = "spelling.misspelling"
STATES = ("checked", "not checked", "pending", "failed", "off")


@dataclass(frozen=True, slots=True)
class EngineLine:
    """One kind of check (``grammar`` or ``spelling``) for the reply's language.

    ``state`` is one of ``STATES``; ``engine`` the engine that checked (``None`` when none
    did); ``language`` the reply's language code; ``text`` the line to show.
    """

    kind: str
    state: str
    engine: str | None
    language: str
    reason: str
    text: str


def engine_status(report: Report, config: Config | None = None) -> tuple[EngineLine, ...]:
    """The grammar line and the spelling line for ``report`` (checked with ``config``)."""
    config = config or Config()
    return (_grammar(report, config), _spelling(report, config))


def _line(kind: str, state: str, engine: str | None, lang: str, reason: str = "") -> EngineLine:
    title = kind.capitalize()
    name = languages.name(lang)
    if state == "checked":
        text = f"{title}: {engine} ({name})"
    elif state == "pending":
        text = f"{title}: pending ({engine}, {name})"
    else:
        text = f"{title}: {state}" + (f" ({reason})" if reason else "")
    return EngineLine(kind, state, engine, lang, reason, text)


def _not_run(report: Report, name: str) -> tuple[str, str] | None:
    """``("failed"|"skipped", reason)`` when check ``name`` did not run."""
    for error in report.errors:
        if error.name == name:
            return "failed", error.reason
    for skipped in report.skipped:
        if skipped.name == name:
            return "skipped", skipped.reason
    return None


def _languagetool_covers(lang: str) -> bool:
    """True when replycheck asks LanguageTool about ``lang`` (it has the language's settings)."""
    return bool((langdata.load(lang, "languagetool") or {}).get("code"))


def _no_languagetool(lang: str) -> str:
    name = languages.name(lang)
    if lang in _engine_data().get("languagetool", {}).get("languages", ()):
        return f"replycheck does not use LanguageTool for {name}: there is no data/{lang}/languagetool.yaml"
    return f"LanguageTool has no {name}"


def _lt_failure(reason: str) -> bool:
    return "did not answer" in reason or "failed" in reason


def _not_asked(kind: str, report: Report, config: Config) -> EngineLine | None:
    """The line when ``kind`` was not selected or the reply's language is unknown, else None."""
    lang = report.reply_language.code
    if kind not in config.categories:
        return _line(kind, "off", None, lang, f"{kind} is not among the selected categories")
    if not report.reply_language.is_known:
        return _line(kind, "not checked", None, lang, "the reply's language was not identified")
    return None


def _grammar(report: Report, config: Config) -> EngineLine:
    lang = report.reply_language.code
    if (line := _not_asked("grammar", report, config)) is not None:
        return line
    if not _languagetool_covers(lang):
        return _line("grammar", "not checked", None, lang, _no_languagetool(lang))
    if config.languagetool == "off":
        return _line("grammar", "off", None, lang, "LanguageTool is switched off")
    if "languagetool" in report.pending:
        return _line("grammar", "pending", "LanguageTool", lang, "not yet answered")
    not_run = _not_run(report, GRAMMAR_CHECK)
    if not_run is None:
        return _line("grammar", "checked", "LanguageTool", lang)
    status, reason = not_run
    if status == "failed" or _lt_failure(reason):
        return _line("grammar", "failed", "LanguageTool", lang, reason)
    return _line("grammar", "not checked", None, lang, reason)


def _spelling(report: Report, config: Config) -> EngineLine:
    lang = report.reply_language.code
    if (line := _not_asked("spelling", report, config)) is not None:
        return line
    not_run = _not_run(report, SPELLING_CHECK)
    if _languagetool_covers(lang):  # LanguageTool's speller serves the language, nothing else
        if config.languagetool == "off":
            return _line("spelling", "off", None, lang, "LanguageTool is switched off")
        if "languagetool" in report.pending:
            return _line("spelling", "pending", "LanguageTool", lang, "not yet answered")
        if not_run is None:
            return _line("spelling", "checked", "LanguageTool", lang)
        status, reason = not_run
        state = "failed" if status == "failed" or _lt_failure(reason) else "not checked"
        return _line("spelling", state, "LanguageTool" if state == "failed" else None, lang, reason)
    engine, why = _speller(lang)
    if not_run is not None:
        status, reason = not_run
        return _line("spelling", "failed" if status == "failed" else "not checked", engine if status == "failed" else None, lang, reason)
    if engine is None:
        return _line("spelling", "not checked", None, lang, why or f"no spelling checker for {languages.name(lang)}")
    return _line("spelling", "checked", engine, lang, why or "")


def _speller(lang: str) -> tuple[str | None, str | None]:
    """The engine that spells ``lang`` when LanguageTool does not ("Voikko", "Hunspell"), and a
    note when it is not the one the language's data chooses."""
    from replycheck.engines import hunspell

    chosen = str((langdata.load(lang, "spelling") or {}).get("engine") or "hunspell")
    note = hunspell.SPELLERS.reason(lang)
    if chosen == "voikko":
        from replycheck.engines import voikko

        if voikko.available(lang):
            return "Voikko", None
    if hunspell.available(lang):
        return ("Hunspell" if hunspell.engine() == "hunspell" else "Hunspell (spylls)"), note
    return None, note


def _engine_data() -> dict:
    return langdata.load("common", "engines") or {}
