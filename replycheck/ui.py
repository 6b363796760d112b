"""Helpers shared by the Streamlit pages (``app.py``, ``views/``): no checking logic here.

The plain functions (language labels, glossary listing, applying a suggestion, grouping
findings) are pure and unit-tested; the ``cached_*`` functions hold the heavy resources
(the Checker with its detector and LanguageTool server, a small thread pool for background
checks, translators) across reruns and sessions with ``st.cache_resource``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import streamlit as st

from replycheck import langdata
from replycheck.config import Config
from replycheck.model import CATEGORIES, UNKNOWN, Finding, LanguageGuess, Report

ROOT = Path(__file__).resolve().parent.parent


# -- pure helpers ----------------------------------------------------------------------------
def language_name(code: str) -> str:
    """``sv`` -> ``Swedish`` (from data/common/languages.yaml); unknown codes stay as given."""
    names = (langdata.load("common", "languages") or {}).get("names", {})
    if code == UNKNOWN:
        return "unknown"
    return names.get(code, code)


def language_label(guess: LanguageGuess | None) -> str:
    """``Swedish (sv) · 97%``; ``not given`` without a text; ``unknown`` when unsure."""
    if guess is None:
        return "not given"
    if not guess.is_known:
        return "unknown"
    return f"{language_name(guess.code)} ({guess.code}) · {guess.confidence:.0%}"


def language_mismatch(report: Report) -> bool:
    """Whether the page should show the two languages as a mismatch.

    The language checks decide (a ``language/mismatch`` finding); the page does not second-guess
    them, so close languages that the checks accept (``nb``/``nn``) are not shown as a mismatch.
    """
    return any(f.code == "language/mismatch" for f in report.findings)


def glossary_dir() -> Path:
    """Where the page looks for glossaries: ``$REPLYCHECK_GLOSSARIES`` or ``./glossaries``."""
    configured = os.environ.get("REPLYCHECK_GLOSSARIES")
    if configured:
        return Path(configured)
    here = Path.cwd() / "glossaries"
    return here if here.is_dir() else ROOT / "glossaries"


def list_glossaries(directory: Path | None = None) -> list[Path]:
    """The team's glossary files (``*.yaml``/``*.yml``), sorted by name."""
    directory = directory or glossary_dir()
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def apply_suggestion(reply: str, finding: Finding, suggestion: str) -> str:
    """``reply`` with ``reply[finding.start:finding.end]`` replaced by ``suggestion``."""
    if not 0 <= finding.start <= finding.end <= len(reply):
        raise ValueError(f"finding {finding.code} [{finding.start}, {finding.end}) is outside the reply")
    return reply[: finding.start] + suggestion + reply[finding.end :]


def findings_by_category(report: Report) -> list[tuple[str, list[Finding]]]:
    """``[(category, findings)]`` in the API's category order, only categories with findings."""
    grouped = report.by_category()
    ordered = [c for c in CATEGORIES if c in grouped]
    ordered += sorted(c for c in grouped if c not in CATEGORIES)
    return [(c, grouped[c]) for c in ordered]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:])")


def md_escape(text: str) -> str:
    """``text`` with Markdown (and Streamlit's ``$`` maths) switched off, for st.markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def language_choices() -> list[str]:
    """Language codes the page offers (every language with a data folder)."""
    return list(langdata.languages())


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` as ``\\n``: what a browser's text box holds, so offsets agree."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def why_it_matters(finding: Finding) -> str:
    """One sentence on why ``finding`` matters (data/common/explanations.yaml: code, else category)."""
    data = langdata.load("common", "explanations") or {}
    return (data.get("codes") or {}).get(finding.code) or (data.get("categories") or {}).get(finding.category, "")


DismissKey = tuple[str, str, int]


def dismiss_key(report: Report, index: int) -> DismissKey:
    """``(code, span text, occurrence)``: names a finding across re-checks of the same reply."""
    finding = report.findings[index]
    text = report.reply[finding.start : finding.end]
    occurrence = sum(
        1 for f in report.findings[:index] if f.code == finding.code and report.reply[f.start : f.end] == text
    )
    return (finding.code, text, occurrence)


def shown_indexes(report: Report, dismissed) -> tuple[int, ...]:
    """The indexes of the findings of ``report`` that are not dismissed."""
    return tuple(i for i in range(len(report.findings)) if dismiss_key(report, i) not in dismissed)


def without_dismissed(report: Report, dismissed) -> Report:
    """``report`` without its dismissed findings (its verdict and score follow)."""
    kept = shown_indexes(report, dismissed)
    if len(kept) == len(report.findings):
        return report
    return dataclasses.replace(report, findings=tuple(report.findings[i] for i in kept))


def dictionary_word(report: Report, finding: Finding) -> str | None:
    """The word "Add to team dictionary" would add: a spelling finding's span, one word; else None."""
    word = report.reply[finding.start : finding.end].strip()
    if finding.category != "spelling" or not word or any(c.isspace() for c in word):
        return None
    return word


def glossary_question(kind: str, phrase: str, glossary: str, language: str | None) -> str:
    """The confirmation asked before writing to a team glossary."""
    if kind == "add_word":
        return f"Add “{phrase}” to the team dictionary in {glossary}?"
    where = f" in {language_name(language)} replies" if language else ""
    return f"Never flag “{phrase}”{where} again ({glossary})?"


ENGINE_STATE_ICONS = {"checked": "✓", "not checked": "–", "pending": "…", "failed": "✗", "off": "○"}


def engine_line(text: str, state: str) -> str:
    """``✓ Grammar: LanguageTool (German)``: an engine status line with its state's mark."""
    return f"{ENGINE_STATE_ICONS.get(state, '·')} {text}"


def lt_state(report: Report | None) -> str:
    """``off``, ``pending`` or ``done``: whether grammar/spelling are still to come."""
    if report is None:
        return "off"
    return "pending" if "languagetool" in report.pending else "done"


# -- cached resources (Streamlit) --------------------------------------------------------------
def base_config() -> Config:
    """The page's configuration: defaults plus ``REPLYCHECK_*`` environment variables."""
    return Config.from_env()


@st.cache_resource(show_spinner="Loading the language detector…")
def cached_checker():
    """One Checker for every session of this server (detector and LanguageTool are shared).

    Its LanguageTool starts (or the shared server is found) at once, in the background, and
    ``warm_up`` then loads the team's languages; ``warm_status`` says how far it got.
    """
    from replycheck.api import Checker

    checker = Checker(base_config())
    checker.detector  # the detector object now; its models load in the warm-up below
    threading.Thread(target=warm_up, args=(checker,), name="replycheck-warm-up", daemon=True).start()
    return checker


# Short texts whose check loads the detector's models and the lemma dictionaries in the
# background, so the agent's first check does not pay for it.
_WARM_UP = (
    ("Hej! Tack för ditt meddelande. Vi skickar paketet i dag.", "Hej, var är mitt paket?"),
    ("Hi! Thank you for your message. We will ship your order today.", "Hi, where is my order?"),
)


_WARMTH: "weakref.WeakKeyDictionary[object, dict[str, str]]" = weakref.WeakKeyDictionary()


def warm_up(checker, languages=None) -> None:
    """Run a few fast checks (no LanguageTool) to load models, then ``Checker.warm_up`` each
    language (configured, then recent ones), one at a time; failures are ignored."""
    from replycheck import warmup

    config = checker.config.with_(languagetool="off")
    for reply, customer in _WARM_UP:
        try:
            checker.check_fast(reply, customer, config=config)
        except Exception:  # noqa: BLE001  (a warm-up must never break the page)
            return
    if languages is None:
        languages = warmup.languages_to_warm(checker.config.languages, None)
    states = _WARMTH.setdefault(checker, {})
    for lang in languages:
        states.setdefault(lang, "waiting")
    for lang in languages:
        states[lang] = "loading"
        try:
            checker.warm_up([lang])
            states[lang] = "ready"
        except Exception:  # noqa: BLE001
            states[lang] = "failed"


def warm_status(checker) -> dict:
    """What is warm: ``{"languagetool": "ready"|"starting"|"failed"|"off", "languages":
    {"sv": "ready", "de": "loading", "fr": "waiting"}}`` (quick; starts nothing)."""
    engine = checker.languagetool() if checker.config.languagetool != "off" else None
    if engine is None:
        state = "off"
    elif engine.error:
        state = "failed"
    elif engine.status == "ready":
        state = "ready"
    else:
        state = "starting"
    return {"languagetool": state, "languages": dict(_WARMTH.get(checker, {}))}


@st.cache_resource
def cached_executor() -> ThreadPoolExecutor:
    """A small pool for full checks (with LanguageTool) running behind the page."""
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="replycheck-full")


@st.cache_resource
def cached_translator(settings):
    """One Translator (with its per-text cache) per distinct settings."""
    from replycheck.engines.translation import Translator

    return Translator(settings)
