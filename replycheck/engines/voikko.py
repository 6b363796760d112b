"""Voikko: Finnish spelling that understands Finnish morphology (cases, possessive suffixes,
clitics, compounds), where a Hunspell word list cannot.

The only module importing ``libvoikko`` (the PyPI binding, pinned in pyproject.toml), which
loads the system library ``libvoikko.so.1`` and its Finnish dictionary (Debian packages
``libvoikko1`` and ``voikko-fi``, installed by ``scripts/ensure_voikko.sh`` from ``make
setup``). A language whose ``data/<lang>/spelling.yaml`` says ``engine: voikko`` gets its
speller here; when the binding, the library or the dictionary is missing, ``speller(lang)``
is ``None`` and ``unavailable(lang)`` says why (the spelling check then falls back to a
Hunspell dictionary if the language has one, and the report names the reason).

``Speller`` has the interface of ``engines.hunspell.Speller``: ``known(word)`` and
``candidates(word, alphabet)``, plus ``suggestions(word)``.
"""

from __future__ import annotations

import threading

MAX_CANDIDATE_WORD = 40  # letters; longer tokens are not words a speller can correct
_CACHE_LIMIT = 200_000
INSTALL_HINT = "install the Debian packages libvoikko1 and voikko-fi (scripts/ensure_voikko.sh, run by `make setup`)"


class Speller:
    """One Voikko dictionary: ``known(word)``, ``candidates(word, alphabet)``, ``suggestions(word)``.

    ``engine`` is anything with ``spell(word) -> bool`` and ``suggest(word) -> list`` (a
    ``libvoikko.Voikko``). A Voikko handle is not thread-safe, hence the lock.
    """

    name = "voikko"

    def __init__(self, lang: str, engine) -> None:
        self.lang = lang
        self._engine = engine
        self._lock = threading.Lock()
        self._cache: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        """True when Voikko accepts ``word`` (hyphenated parts checked one by one)."""
        hit = self._cache.get(word)
        if hit is None:
            hit = self._spell(word)
            if not hit and "-" in word:
                parts = [p for p in word.split("-") if p]
                hit = bool(parts) and all(len(p) <= 2 or self._spell(p) for p in parts)
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[word] = hit
        return hit

    def _spell(self, word: str) -> bool:
        if not word or "\0" in word:
            return False
        try:
            with self._lock:
                return bool(self._engine.spell(word))
        except Exception:  # noqa: BLE001  (an engine can trip on odd input; treat as known)
            return True

    def suggestions(self, word: str, limit: int = 3) -> list[str]:
        """Voikko's own corrections of ``word``, best first (none for very long tokens)."""
        if len(word) > MAX_CANDIDATE_WORD or not word or "\0" in word:
            return []
        try:
            with self._lock:
                found = list(self._engine.suggest(word))
        except Exception:  # noqa: BLE001
            return []
        out: list[str] = []
        for suggestion in found:
            if suggestion and suggestion != word and suggestion not in out:
                out.append(suggestion)
            if len(out) >= limit:
                break
        return out

    def candidates(self, word: str, alphabet: str = "", limit: int = 3) -> list[str]:
        """Corrections of ``word`` (``alphabet`` is unused: Voikko ranks its own edits)."""
        return self.suggestions(word, limit)


_LOCK = threading.Lock()
_LOADED: dict[str, Speller | None] = {}
_REASONS: dict[str, str] = {}


def _open(lang: str):
    """A ``libvoikko.Voikko`` for ``lang``; raises with the reason when it cannot."""
    try:
        import libvoikko
    except ImportError as error:
        raise RuntimeError(f"the Python package libvoikko is not installed ({error}); run `make setup`") from None
    try:
        engine = libvoikko.Voikko(lang)
    except OSError as error:  # libvoikko.so.1 not found
        raise RuntimeError(f"the Voikko library is missing ({error}); {INSTALL_HINT}") from None
    except libvoikko.VoikkoException as error:  # no dictionary for the language
        raise RuntimeError(f"Voikko has no dictionary for {lang!r} ({error}); {INSTALL_HINT}") from None
    engine.setIgnoreDot(True)  # "esim." and sentence-final words
    engine.setIgnoreNumbers(True)
    engine.setAcceptFirstUppercase(True)
    engine.setAcceptAllUppercase(True)
    return engine


def _load(lang: str) -> Speller | None:
    if lang not in _LOADED:
        try:
            _LOADED[lang] = Speller(lang, _open(lang))
        except Exception as error:  # noqa: BLE001  (a missing engine is a reason, never a crash)
            _LOADED[lang] = None
            _REASONS[lang] = f"Voikko is not available: {error}"
    return _LOADED[lang]


def speller(lang: str) -> Speller | None:
    """The Voikko speller for ``lang`` (loaded once; ``None`` when Voikko cannot serve it)."""
    with _LOCK:
        return _load(lang)


def unavailable(lang: str) -> str | None:
    """Why there is no Voikko speller for ``lang`` (``None`` when there is one)."""
    with _LOCK:
        return None if _load(lang) is not None else _REASONS.get(lang, "Voikko is not available")


def available(lang: str) -> bool:
    """True when Voikko can check ``lang``."""
    return speller(lang) is not None


def loaded() -> tuple[str, ...]:
    """The languages whose Voikko dictionaries this process has loaded (sorted)."""
    with _LOCK:
        return tuple(sorted(lang for lang, value in _LOADED.items() if value is not None))


def version() -> str | None:
    """The Voikko library's version, or ``None`` when it cannot be loaded."""
    try:
        import libvoikko

        return libvoikko.Voikko.getVersion()
    except Exception:  # noqa: BLE001
        return None
