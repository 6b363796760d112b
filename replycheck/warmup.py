"""Which languages to warm before the first check, and a short text to warm each with.

The languages come from the configuration (``Config.languages``, ``REPLYCHECK_LANGUAGES``),
the glossary (languages it has terms or a form of address for) and the two most recent
checks' languages, remembered in the cache folder (``recent-languages.json``: codes only, no
text; ``REPLYCHECK_STATE_DIR`` moves it). Recent languages are few on purpose: warming takes
LanguageTool's time, and a check must never wait behind a language it does not need.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from replycheck import langdata
from replycheck.paths import cache_root

RECENT_KEPT = 6
RECENT_WARMED = 2
VOCABULARY_WORDS = 300  # frequent words LanguageTool checks in the warm-up (see vocabulary_text)


def _recent_file() -> Path:
    return Path(os.environ.get("REPLYCHECK_STATE_DIR") or cache_root()) / "recent-languages.json"


def recent_languages() -> tuple[str, ...]:
    """The languages of the most recent checks, newest first (empty when none are known)."""
    try:
        codes = json.loads(_recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    known = set(langdata.languages())
    return tuple(c for c in codes if isinstance(c, str) and c in known)[:RECENT_KEPT]


_KNOWN: dict[Path, tuple[str, ...]] = {}  # the recent file's codes as this process last read or wrote them
_KNOWN_LOCK = threading.Lock()


def remember(lang: str) -> None:
    """Put ``lang`` first among the recent languages (best effort; never raises).

    Called after every check: the file is read once per process and written only when the
    newest language changes, so a run of replies in one language costs no I/O.
    """
    if lang not in langdata.languages():
        return
    path = _recent_file()
    with _KNOWN_LOCK:
        recent = _KNOWN.get(path)
        if recent is None:
            recent = _KNOWN[path] = recent_languages()
        if recent[:1] == (lang,):
            return
        codes = (lang, *(c for c in recent if c != lang))[:RECENT_KEPT]
        _KNOWN[path] = codes
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(list(codes)), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass


def glossary_languages(glossary) -> tuple[str, ...]:
    """The languages a glossary has terms or a form of address for."""
    if glossary is None:
        return ()
    langs = {lang for lang, _, _ in glossary.address}
    langs |= {t.lang for t in (*glossary.forbidden, *glossary.preferred, *glossary.protected) if t.lang}
    return tuple(sorted(langs))


def languages_to_warm(configured, glossary) -> tuple[str, ...]:
    """Configured languages first, then the glossary's, then recent ones; no duplicates."""
    ordered: list[str] = []
    for lang in (*configured, *glossary_languages(glossary), *recent_languages()[:RECENT_WARMED]):
        if lang not in ordered and lang in langdata.languages():
            ordered.append(lang)
    return tuple(ordered)


def sample_text(lang: str, *, long: bool = False) -> str:
    """A reply in ``lang`` (greeting, body, sign-off) whose check loads its resources: the short
    ``warm_up_body``, or with ``long`` the ``warm_up_paragraphs`` when the language has them."""
    email = langdata.load(lang, "email") or {}
    greeting = (email.get("greetings") or ["Hello"])[0]
    signoff = (email.get("signoffs") or ["Regards"])[0]
    paragraphs = (email.get("warm_up_paragraphs") or []) if long else []
    body = "\n\n".join(paragraphs) or email.get("warm_up_body") or ""
    return f"{greeting.capitalize()}!\n\n{body}\n\n{signoff.capitalize()}\nAnna"


def vocabulary_text(lang: str, words: int = VOCABULARY_WORDS) -> str:
    """The ``words`` most frequent words of ``lang`` (its ``wordfreq`` list) as ten-word
    "sentences", or ``""`` when it has no list. LanguageTool checking them fills its word
    caches and compiles the paths a real reply takes: measured on French (~170-word reply,
    three fresh servers each), the first check after warming with the long text alone took
    1.0-1.8x a repeated one, after this text too 0.85-1.15x."""
    from replycheck.engines.detection import frequency_list

    name = frequency_list(lang)
    if name is None:
        return ""
    import wordfreq

    chosen = [w for w in wordfreq.top_n_list(name, 4 * words) if w.isalpha()][:words]
    return " ".join(" ".join(chosen[i : i + 10]).capitalize() + "." for i in range(0, len(chosen), 10))


def languagetool_texts(lang: str) -> tuple[str, ...]:
    """What LanguageTool checks to warm ``lang``: the long sample reply (its long-text paths get
    compiled) and the frequent words (``vocabulary_text``)."""
    return tuple(text for text in (sample_text(lang, long=True), vocabulary_text(lang)) if text)
