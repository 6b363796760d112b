"""Language identification behind one interface: ``LanguageDetector.detect(text, prior)``.

Backends (chosen by measured accuracy and speed; ``bench/lid.py`` prints the figures):

``hybrid`` (the default)
    lingua, restricted to the supported languages, weighed together with word evidence from
    ``replycheck/data/<lang>/lid.yaml``: distinctive function words and spellings that set a
    language apart from its close neighbours (Nynorsk *eg, ikkje, kva* against Bokmål *jeg,
    ikke, hva*; Danish *af, hvad, lidt* against Norwegian *av, hva, litt*; Swedish *och, inte,
    är*...). A distinctive form of language L found in the text lowers the score of each
    neighbour of L that does not use the form (by ``STRONG`` or ``WEAK`` nats). Word
    frequencies (the ``wordfreq`` package's small lists) add the same kind of evidence for
    every word: a word much more frequent in a close neighbour of L takes up to ``FREQ_CAP``
    nats from L (Spanish *datos* against Portuguese *dados*, Danish *give* against Bokmål
    *gi*). Nynorsk, which has no list, borrows Bokmål's at ``FREQ_BORROWED`` weight. The customer's
    language (``prior``) adds ``PRIOR_BONUS`` nats: enough to break a near-tie, never enough
    to override clear evidence. Text in another script, or text with no word of the winning
    language in a language outside the supported set, is ``unknown``.
    Speed and memory: lingua's small trigram model looks first; its answer stands when it is
    at least ``FAST_ENOUGH`` sure *and* words set the winner apart from each close neighbour.
    Otherwise lingua's full 1- to 5-gram model decides among the plausible languages only.
    lingua keeps models in one process-wide store and loads them on first use, so a process
    holds the full models only of the languages its texts left in doubt.
``lingua``
    plain lingua restricted to the supported languages.
``langdetect``
    langdetect (seeded, deterministic); it has no Nynorsk or Icelandic and answers ``no``
    for Norwegian, reported here as ``nb``.

``unknown`` is a normal answer: too little text, another script, or a language outside the
supported set.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from replycheck import langdata
from replycheck.model import UNKNOWN, LanguageGuess

# The languages with identification data (data/<lang>/lid.yaml): adding one is adding data.
SUPPORTED = langdata.languages_with("lid")
BACKENDS = ("hybrid", "lingua", "langdetect")

STRONG = 2.0  # nats taken from a neighbour per strong marker of another language
WEAK = 0.7  # nats per weak marker
PRIOR_BONUS = 0.4  # nats for the customer's language: flips only near-ties (ratio < 1.5)
FLOOR = 1e-9  # probability floor before taking logs
ENGINE_WEIGHT = 1.0  # lingua's log-probabilities are scaled by this before the word evidence
DIGITS = 6  # confidences are rounded to this many decimals (deterministic output)
MIN_ABSENCE_WORDS = 6  # shorter texts say too little by the markers they lack
MAX_ABSENCE_WORDS = 25  # words counted for missing-marker evidence
WORD_CACHE = 20_000  # words whose evidence is remembered
FAST_MIN_CHARS = 0  # texts at least this long get lingua's fast trigram pass first
FAST_ENOUGH = 0.999  # ...and keep its answer when it is at least this sure
# ...or this sure when it names the language the caller expects (a reply's own language for
# each of its sentences): the sentence is then not foreign, whichever neighbour the full model
# would have weighed it against, and no full model loads for it
FAST_EXPECTED = 0.9
CANDIDATE_MIN = 1e-3  # languages the trigram pass gives at least this go to the full pass
FREQ_WEIGHT = 0.2  # nats per nat of word-frequency advantage a neighbour has over a language
FREQ_CAP = 1.5  # most nats one word's frequency can take from a language
FREQ_FLOOR = 700  # rarity (centibels: 700 = a frequency of 1e-7) of a word missing from a list
FREQ_STEP = 3  # centibels per stored rarity step
FREQ_TOTAL_CAP = 6.0  # most nats word frequencies can take from a language in one text
FREQ_BORROWED = 0.7  # ...scaled by this for a language using a neighbour's list (nn uses nb's)
FREQ_MARKER = 1.0  # nats of frequency advantage that count as a marker against a neighbour
FREQ_MAX_DISTANCE = 25  # langcodes distance up to which a neighbour's list is borrowed

_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_VOWEL = re.compile(r"[aeiouyæøåäöüõéèêëáàâíìîïóòôúùûýœ]")


@dataclass(frozen=True, slots=True)
class _Evidence:
    """One language's ``lid.yaml``, compiled."""

    code: str
    alphabet: frozenset[str]
    common: frozenset[str]
    neighbours: tuple[str, ...]
    strong: frozenset[str]
    weak: frozenset[str]
    strong_patterns: tuple[re.Pattern, ...]
    weak_patterns: tuple[re.Pattern, ...]
    marker_rate: float

    def strength(self, word: str, listed: bool) -> float:
        """How strongly ``word`` (lower-cased) marks this language against its neighbours.

        Patterns apply only to words that no language lists: a listed word is known
        vocabulary (``kjem`` is Nynorsk although Bokmål also has words starting with ``kj``).
        """
        if word in self.strong:
            return STRONG
        if word in self.weak:
            return WEAK
        if listed:
            return 0.0
        if any(p.search(word) for p in self.strong_patterns):
            return STRONG
        if any(p.search(word) for p in self.weak_patterns):
            return WEAK
        return 0.0


_BACKREFERENCE = re.compile(r"\\[1-9]")


def _compile(patterns: Iterable[str]) -> tuple[re.Pattern, ...]:
    """The patterns as few regular expressions: those without a back-reference joined into
    one (any of them matches: one search instead of twenty), the others alone."""
    wanted = [str(p) for p in patterns or () if p]
    joined = [p for p in wanted if not _BACKREFERENCE.search(p)]
    alone = [re.compile(p) for p in wanted if _BACKREFERENCE.search(p)]
    return ((re.compile("|".join(f"(?:{p})" for p in joined)),) if joined else ()) + tuple(alone)


def _load_evidence(code: str) -> _Evidence:
    data = langdata.load(code, "lid") or {}
    markers = data.get("markers") or {}
    patterns = data.get("patterns") or {}
    return _Evidence(
        code=code,
        alphabet=frozenset(str(data.get("alphabet", "")).lower()),
        common=frozenset(str(w).lower() for w in data.get("common") or ()),
        neighbours=tuple(data.get("neighbours") or ()),
        strong=frozenset(str(w).lower() for w in markers.get("strong") or ()),
        weak=frozenset(str(w).lower() for w in markers.get("weak") or ()),
        strong_patterns=_compile(patterns.get("strong")),
        weak_patterns=_compile(patterns.get("weak")),
        marker_rate=float(data.get("marker_rate", 0.0)),
    )


def frequency_list(code: str) -> str | None:
    """The wordfreq list for ``code``: its own, or the nearest language's (Nynorsk gets
    Bokmål's), or None."""
    import langcodes
    import wordfreq

    available = list(wordfreq.available_languages("small"))
    return langcodes.closest_supported_match(code, available, max_distance=FREQ_MAX_DISTANCE)


class _Rarities:
    """One wordfreq small list: ``get(word, default)`` gives the word's rarity in steps of
    ``FREQ_STEP`` centibels. The list is the compiled, memory-mapped table of
    ``engines.hunspell.load_table`` (built once into the cache folder), so the detector's eight
    lists cost a few pages instead of ~20 MB of dicts, and none is read at start-up."""

    def __init__(self, table) -> None:
        table.index_prefixes()
        self._table = table

    def get(self, word: str, default: int) -> int:
        bucket = self._table.bucket(word)
        return default if bucket is None else bucket // FREQ_STEP


@lru_cache(maxsize=None)
def _frequencies(name: str) -> _Rarities:
    """wordfreq's small list ``name`` (~30,000 words; see ``_Rarities``)."""
    import wordfreq

    from replycheck.engines.hunspell import load_table

    return _Rarities(load_table(wordfreq.available_languages("small")[name]))


class _Lingua:
    """lingua restricted to ``languages``; models load on first use unless ``preload``.

    lingua keeps its models in one process-wide store, so the extra detectors below (the fast
    trigram-only one, and full ones over a few candidate languages) cost no memory.
    """

    def __init__(self, languages: tuple[str, ...], preload: bool) -> None:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        self._builder = LanguageDetectorBuilder
        self._language = {
            c: Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in languages
        }
        builder = LanguageDetectorBuilder.from_languages(*self._language.values())
        if preload:
            builder = builder.with_preloaded_language_models()
        self._detector = builder.build()
        self._fast = (
            LanguageDetectorBuilder.from_languages(*self._language.values())
            .with_low_accuracy_mode()
            .build()
        )
        self._subsets: dict[frozenset, object] = {}
        self._lock = threading.Lock()
        self._loaded: set[str] = set(languages) if preload else set()  # full models in memory

    @staticmethod
    def _values(found) -> dict[str, float]:
        return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in found}

    def probabilities(self, text: str, candidates: frozenset[str] | None = None) -> dict[str, float]:
        """lingua's full model (1- to 5-grams), over ``candidates`` if given."""
        detector = self._detector
        if candidates is not None and len(candidates) < len(self._language):
            detector = self._subsets.get(candidates)
            if detector is None:
                detector = self._builder.from_languages(
                    *[self._language[c] for c in sorted(candidates)]
                ).build()
                with self._lock:
                    if len(self._subsets) > 256:
                        self._subsets.clear()
                    self._subsets[candidates] = detector
        wanted = candidates if candidates is not None else frozenset(self._language)
        missing = wanted - self._loaded
        if missing:
            # loaded all at once, on every core (a lazy load is one language after another:
            # six languages 1.6 s -> 1.0 s on two cores); the models stay in lingua's store
            self._builder.from_languages(*[self._language[c] for c in sorted(missing)]).with_preloaded_language_models().build()
        values = self._values(detector.compute_language_confidence_values(text))
        if missing:  # full models were loaded: give back their scratch
            with self._lock:
                self._loaded |= wanted
            _release_free_memory()
        return values

    def fast_probabilities(self, text: str) -> dict[str, float]:
        """lingua's trigram model only: about three times faster, less sure on short texts."""
        return self._values(self._fast.compute_language_confidence_values(text))


def _release_free_memory() -> None:
    from replycheck.engines.hunspell import release_free_memory

    release_free_memory()


class _Langdetect:
    """langdetect, seeded so that the same text always gets the same answer."""

    _lock = threading.Lock()

    def __init__(self, languages: tuple[str, ...]) -> None:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory

        DetectorFactory.seed = 0
        init_factory()
        from langdetect.detector_factory import _factory

        self._factory = _factory
        self._languages = languages

    def probabilities(self, text: str) -> dict[str, float]:
        from langdetect.lang_detect_exception import LangDetectException

        with self._lock:  # langdetect's detector objects are not thread-safe
            try:
                detector = self._factory.create()
                detector.append(text)
                found = detector.get_probabilities()
            except LangDetectException:
                return {}
        probs: dict[str, float] = {}
        for item in found:
            code = "nb" if item.lang == "no" else item.lang
            probs[code] = probs.get(code, 0.0) + float(item.prob)
        return probs


class LanguageDetector:
    """Identify the language of a text. ``unknown`` is a normal answer."""

    def __init__(
        self,
        languages: tuple[str, ...] = SUPPORTED,
        *,
        backend: str = "hybrid",
        preload: bool = False,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown detection backend {backend!r}; choose from {BACKENDS}")
        self.languages = tuple(languages)
        self.backend = backend
        self._evidence = {code: _load_evidence(code) for code in self.languages}
        self._listed = frozenset().union(*(e.strong | e.weak for e in self._evidence.values()))
        self._alphabet = frozenset().union(*(e.alphabet for e in self._evidence.values()))
        self._index = {code: i for i, code in enumerate(self.languages)}
        if backend == "langdetect":
            self._engine = _Langdetect(self.languages)
        else:
            self._engine = _Lingua(self.languages, preload)
        self._freq_lists = self._frequency_lists() if backend == "hybrid" else {}
        self._word_evidence = lru_cache(maxsize=WORD_CACHE)(self._evidence_for_word)

    def _frequency_lists(self) -> dict[str, str]:
        """wordfreq list per language, for the languages that have a neighbour with a list
        (frequencies only tell a language from its close neighbours)."""
        lists = {code: frequency_list(code) for code in self.languages}
        lists = {code: name for code, name in lists.items() if name}
        return {
            code: name
            for code, name in lists.items()
            if any(n in lists for n in self._evidence[code].neighbours)
        }

    def warm_up(self, full: bool = False, languages: Iterable[str] | None = None) -> None:
        """Load the models now rather than on first use.

        By default only lingua's small trigram models (~40 MB, a fraction of a second): a
        sentence whose language is clear needs nothing more. The full 1- to 5-gram models
        load on demand, only for the languages a text leaves in doubt (a Swedish reply loads
        sv, nb, nn and da). ``full=True`` loads the full models too: of ``languages`` and their
        close neighbours (the ones their texts can leave in doubt) when given, else of every
        language (about 310 MB more, a few seconds).
        """
        if isinstance(self._engine, _Lingua):
            self._engine.fast_probabilities("warm up the models")
            subset = self._with_neighbours(languages) if full else frozenset()
            if subset is None or subset:
                self._engine.probabilities("warm up the models", subset)
            _release_free_memory()
        else:
            self.detect("warm up the models")

    def _with_neighbours(self, languages: Iterable[str] | None) -> frozenset[str] | None:
        if languages is None:
            return None
        wanted = {code for code in languages if code in self._index}
        for code in list(wanted):
            wanted.update(n for n in self._evidence[code].neighbours if n in self._index)
        return frozenset(wanted)

    # -- evidence ---------------------------------------------------------------------
    def _evidence_for_word(self, word: str) -> tuple[tuple, frozenset, tuple] | None:
        """What ``word`` says: nats to take from each language (because the word is a marker
        of a neighbour that the language lacks), the (language, neighbour) pairs it tells
        apart in the language's favour, and nats to take from each language because a close
        neighbour uses the word much more often."""
        listed = word in self._listed
        strengths = {code: ev.strength(word, listed) for code, ev in self._evidence.items()}
        penalties = [0.0] * len(self.languages)
        pairs = set()
        for code, strength in strengths.items():
            if not strength:
                continue
            for neighbour in self._evidence[code].neighbours:
                i = self._index.get(neighbour)
                if i is None or strength <= strengths[neighbour]:
                    continue
                penalties[i] = max(penalties[i], strength - strengths[neighbour])
                pairs.add((code, neighbour))
        frequency = [0.0] * len(self.languages)
        if self._freq_lists:
            floor = FREQ_FLOOR // FREQ_STEP
            nats = FREQ_STEP * math.log(10) / 100  # per rarity step
            by_list = {
                name: min(_frequencies(name).get(word, floor), floor)
                for name in set(self._freq_lists.values())
            }
            rarity = {code: by_list[name] for code, name in self._freq_lists.items()}
            for code, own in rarity.items():
                rivals = {n: rarity[n] for n in self._evidence[code].neighbours if n in rarity}
                if rivals and min(rivals.values()) < own:
                    i = self._index[code]
                    scale = 1.0 if self._freq_lists[code] == code else FREQ_BORROWED
                    advantage = FREQ_WEIGHT * nats * (own - min(rivals.values()))
                    frequency[i] += scale * min(FREQ_CAP, advantage)
                    # a word far more common in a neighbour ("tagit", "emot": Swedish) tells the
                    # two apart as a marker would
                    pairs.update(
                        (n, code) for n, r in rivals.items()
                        if scale * min(FREQ_CAP, FREQ_WEIGHT * nats * (own - r)) >= FREQ_MARKER
                    )
        sparse = tuple((i, value) for i, value in enumerate(penalties) if value)
        sparse_frequency = tuple((i, value) for i, value in enumerate(frequency) if value)
        if pairs or sparse or sparse_frequency:
            return sparse, frozenset(pairs), sparse_frequency
        return None

    def _penalties(self, words: list[str]) -> tuple[list[float], set]:
        """Nats to take from each language: markers of its neighbours found in the text, and
        missing markers of its own (a long Nynorsk text without one Nynorsk form is unlikely)."""
        total = [0.0] * len(self.languages)
        frequency = [0.0] * len(self.languages)
        seen: set = set()
        for word in words:
            found = self._word_evidence(word)
            if found:
                for i, value in found[0]:
                    total[i] += value
                seen |= found[1]
                for i, value in found[2]:
                    frequency[i] += value
        # capped: only languages with close neighbours get this evidence, so on a long text
        # it must not add up to more than lingua's word against a language without neighbours
        total = [t + min(f, FREQ_TOTAL_CAP) for t, f in zip(total, frequency)]
        n = min(len(words), MAX_ABSENCE_WORDS) if len(words) >= MIN_ABSENCE_WORDS else 0
        for code, evidence in self._evidence.items() if n else ():
            if evidence.marker_rate and any(
                (code, other) not in seen for other in evidence.neighbours if other in self._index
            ):
                total[self._index[code]] += evidence.marker_rate * n
        return total, seen

    # -- detection --------------------------------------------------------------------
    def detect(self, text: str, prior: str | None = None, *, expected: str | None = None) -> LanguageGuess:
        """Best guess for ``text``; ``prior`` (e.g. the customer's language) breaks near-ties.

        ``expected``: the language the caller expects (a sentence of a reply in that language);
        the trigram answer is kept when it names it ``FAST_EXPECTED`` sure."""
        letters = _LETTER.findall(text)
        if len(letters) < 2:
            return LanguageGuess(UNKNOWN, 0.0)
        lowered = [c.lower() for c in letters]
        foreign = sum(1 for c in lowered if c not in self._alphabet)
        if foreign / len(lowered) > 0.3:  # another script: Cyrillic, Arabic, CJK, Greek...
            return LanguageGuess(UNKNOWN, round(foreign / len(lowered), 4))

        words = [w.lower() for w in _WORD.findall(text)]
        penalties, seen = self._penalties(words) if self.backend == "hybrid" else (None, set())
        if self.backend == "hybrid" and len(text) >= FAST_MIN_CHARS:
            # A trigram pass first; the full model only over the plausible languages (and
            # their neighbours) when the answer is not clear-cut.
            fast = self._engine.fast_probabilities(text)
            guess = self._combine(fast, words, lowered, prior, penalties)
            if (
                guess is not None
                and guess.is_known
                and guess.confidence >= (FAST_EXPECTED if guess.code == expected else FAST_ENOUGH)
                and all(  # ...and words set it apart from each close neighbour
                    (guess.code, other) in seen
                    for other in self._evidence[guess.code].neighbours
                    if other in self._index
                )
            ):
                return guess
            candidates = {c for c, p in fast.items() if p >= CANDIDATE_MIN}
            for code in list(candidates):
                candidates.update(self._evidence[code].neighbours if code in self._evidence else ())
            if guess is not None and guess.is_known:
                candidates.add(guess.code)
            candidates &= set(self.languages)
            if prior in self._index:
                candidates.add(prior)
            probs = self._engine.probabilities(text, frozenset(candidates) or None)
        else:
            probs = self._engine.probabilities(text)
        guess = self._combine(probs, words, lowered, prior, penalties)
        return guess if guess is not None else LanguageGuess(UNKNOWN, 0.0)

    def _combine(
        self,
        probs: dict[str, float],
        words: list[str],
        lowered: list[str],
        prior: str | None,
        penalties: list[float] | None,
    ) -> LanguageGuess | None:
        """Weigh the engine's probabilities with the word evidence and the prior."""
        probs = {code: probs.get(code, 0.0) for code in self.languages}
        if not any(probs.values()):
            return None

        if self.backend == "hybrid":
            scores = {code: ENGINE_WEIGHT * math.log(max(p, FLOOR)) for code, p in probs.items()}
            for code, penalty in zip(self.languages, penalties):
                scores[code] -= penalty
        else:
            scores = {code: math.log(max(p, FLOOR)) for code, p in probs.items()}
        if prior in scores:
            scores[prior] += PRIOR_BONUS
        top = max(scores.values())
        weights = {code: math.exp(s - top) for code, s in scores.items()}
        total = sum(weights.values())
        # rounded: lingua's sums carry float noise in the last digits from run to run
        ranked = sorted(
            ((code, round(w / total, DIGITS)) for code, w in weights.items()),
            key=lambda item: (-item[1], item[0]),
        )
        code, confidence = ranked[0]
        if self.backend == "hybrid":
            if self._gibberish(words, code, confidence):
                return LanguageGuess(UNKNOWN, 0.1, tuple(ranked))
            if self._foreign_language(words, lowered, code):
                return LanguageGuess(UNKNOWN, round(1.0 - confidence / 2, 4), tuple(ranked))
        return LanguageGuess(code, confidence, tuple(ranked[1:]))

    def _known_words(self, words: list[str], code: str) -> int:
        evidence = self._evidence[code]
        return sum(1 for w in words if w in evidence.common or w in evidence.strong or w in evidence.weak)

    def _gibberish(self, words: list[str], code: str, confidence: float) -> bool:
        """Keyboard mashing and the like: no common word, a long word without a vowel, and no
        language clearly ahead."""
        vowelless = [w for w in words if len(w) >= 4 and not _VOWEL.search(w)]
        if vowelless and len(vowelless) * 2 >= len(words):
            return True
        return confidence < 0.5 and bool(vowelless) and self._known_words(words, code) == 0

    def _foreign_language(self, words: list[str], letters: list[str], code: str) -> bool:
        """True when the text does not look like ``code`` at all (a language we don't cover)."""
        evidence = self._evidence[code]
        hits = self._known_words(words, code)
        odd_letters = sum(1 for c in letters if c not in evidence.alphabet)
        if len(words) >= 3 and hits == 0 and odd_letters >= 1:
            return True  # not one of its common words, and letters it does not use
        # letters foreign to the language (Czech ě ů, Romanian ș ă, Croatian ć...) and few of
        # its common words: a language outside the supported set
        return odd_letters >= 2 and odd_letters / len(letters) >= 0.03 and hits < 0.25 * len(words)


@lru_cache(maxsize=1)
def default_detector() -> LanguageDetector:
    """The process-wide detector (ready in well under a second; see ``warm_up``)."""
    detector = LanguageDetector()
    detector.warm_up()
    return detector
