"""The declared shape of every data file kind: ``data/<lang>/<kind>.yaml`` and
``data/common/<kind>.yaml``. ``replycheck.datafiles`` checks each file against it.

A schema is a mapping of the keys a file may have to the type of their values:

``str`` text · ``bool`` true/false · ``int`` a whole number · ``float`` any number ·
``REGEX`` a Python regular expression (``Regex(unicode_classes=True)``: one that may use ``\\p{Lu}``) · ``Choice(a, b)`` one of these texts ·
``[T]`` a list of T · ``(T1, T2)`` a list of exactly these · ``{str: T}`` a mapping of any
text keys to T · ``{"key": T, …}`` a mapping of these keys only · ``Required(T)`` the key
must be present. Every key is optional unless marked ``Required``.

Add a key here when a check starts reading it; a key in a data file that no schema declares
is an error, so typos ("negaters:") cannot silently switch a check off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Required:
    """The key must be present."""

    type: Any


@dataclass(frozen=True, slots=True)
class Choice:
    """One of the given texts."""

    options: tuple[str, ...]

    def __init__(self, *options: str) -> None:
        object.__setattr__(self, "options", options)


@dataclass(frozen=True, slots=True)
class Regex:
    """A regular expression (Python ``re``); with ``unicode_classes`` it is compiled by
    ``replycheck.patterns`` and may use ``\\p{Lu}`` and the other Unicode classes."""

    unicode_classes: bool = False


REGEX = Regex()
WORDS = [str]
SEVERITY = Choice("error", "warning", "info")
STRONG_WEAK = {"strong": WORDS, "weak": WORDS}

# Kinds found in data/<lang>/. Kinds only in data/common/ are keyed "common/<kind>".
SCHEMAS: dict[str, dict[str, Any]] = {
    "address": {
        "forms": {str: {"words": WORDS, "case_sensitive": bool, "not_sentence_initial": bool}},
    },
    "calendar": {"months": WORDS, "weekdays": WORDS, "lowercase": bool, "inflected": bool},
    "calques": {
        "calques": [{"pattern": Required(REGEX), "suggestion": str, "why": str, "severity": SEVERITY}],
    },
    "clauses": {
        "subject_pronouns": WORDS, "coordinators": WORDS, "subordinators": WORDS,
        "paired": [(str, str)], "finite_verbs": WORDS, "not_finite": WORDS,
        "finite_suffix_rules": [{"suffix": str, "lemma_suffix": str, "lemma_pattern": REGEX}],
        "complement_heads": WORDS, "repeat_ok": WORDS, "v2_pronouns": WORDS,
        "determiners": WORDS, "pro_drop": bool, "nonfinite_after": WORDS,
    },
    "complaint": {"upset": WORDS, "problem": WORDS},
    "email": {"greetings": WORDS, "signoffs": WORDS, "quote_headers": [REGEX], "warm_up_body": str, "warm_up_paragraphs": WORDS, "name_particles": WORDS},
    "formality": {
        "labels": {"informal": str, "formal": str},
        "informal": WORDS, "formal": WORDS, "formal_case_sensitive": bool, "plural_too": bool,
        "plural_cues": [REGEX], "counterpart": {str: WORDS}, "titles": WORDS,
        "imperatives": WORDS, "imperative_blockers": WORDS, "names_inflect": bool,
        "informal_verbs": {
            "endings": Required(WORDS), "lemma_endings": Required(WORDS), "not_endings": WORDS,
            "not_words": WORDS, "lowercase_only": bool, "same_lemma_without": str,
            "ambiguous_stems": WORDS, "not_lemma_plus": WORDS, "not_after": WORDS,
        },
        "prefixed_imperatives": bool,
        "polite_conditionals": {
            "conjunctions": Required(WORDS), "second_person": Required({str: str}),
            "lemma_endings": Required(WORDS), "not_words": WORDS, "skip": WORDS, "irregular": WORDS, "check_twin": bool, "not_before": WORDS,
        },
        "polite_clitics": {"clitics": Required(WORDS), "verb_endings": Required(WORDS), "lemma_endings": Required(WORDS)},
        # whole-sentence rewrites into the "formal" or "informal" register (checks/_register.py)
        "rewrite": {str: {
            "subjects": Required(WORDS), "subject_to": Required(str), "case_sensitive": bool,
            "words": {str: str}, "objects": {str: str}, "other_subjects": WORDS, "infinitive_marker": str, "reflexive": {str: str},
            "reflexive_dative": {"forms": Required({str: str}), "lemmas": WORDS, "before_object": bool,
                                 "not_objects": WORDS, "after_preposition": {str: str}},
            "verb": Required({
                "from": Required({str: str}), "to": Required({str: str}), "distinct": bool,
                "lemma_candidate": bool, "endings": {str: WORDS}, "stem_vowels": {str: WORDS},
                "irregular": {str: str}, "prefer": {str: str},
            }),
            "imperative": {
                "from": Required({str: str}), "to": Required({str: str}), "openers": WORDS,
                "lemma_candidate": bool, "lemma_endings": WORDS, "endings": WORDS, "stem_vowels": {str: WORDS},
                "irregular": {str: str}, "add_subject": str, "subject_after": str, "after_clauses": WORDS,
            },
        }},
    },
    "grammar": {
        "capitalised_nouns": bool,
        "noun_phrase": {
            "series": Required([{
                "forms": Required({str: WORDS}), "noun": {str: str}, "adjective": {str: str},
                "adjective_by_gender": {str: {str: str}}, "require_adjective": bool,
                "pronoun_before": WORDS,
            }]),
            "adjective_agrees": WORDS, "max_adjectives": int,
            "bare_phrase": {
                "noun": {str: str}, "adjective": {str: str}, "adjective_by_gender": {str: {str: str}},
                "adverb_form": {str: str},
            },
        },
        "verb_form": [{
            "auxiliaries": Required(WORDS), "want": Required({str: str}), "wrong": Required([{str: str}]),
            "clause_verbs": WORDS,
        }],
        "verb_second": {"not_fronting": WORDS},
        "subordinate_order": {
            "subordinators": Required(WORDS), "adverbs_before_verb": WORDS, "verb_final": bool,
            "subject_conjunctions": WORDS,
            "clause_joiners": WORDS,
        },
        "pronouns": {
            "subjects": WORDS, "object_to_subject": {str: str}, "subject_to_object": {str: str},
            "clause_openers": WORDS, "not_prepositions": WORDS,
        },
    },
    "lexicon": {
        "source": Required(str), "licence": Required(str), "built_by": Required(str), "forms": int,
        "compounds": {"min_head": int, "min_modifier": int, "links": WORDS},
    },
    "hygiene": {"placeholder_words": WORDS, "internal_notes": WORDS, "internal_notes_exact": WORDS},
    "events": {
        "compounds": bool, "events": {str: WORDS}, "not_events": WORDS, "future": WORDS,
        "including": WORDS, "excluding": WORDS, "sequence": WORDS, "reported": WORDS,
        "other": WORDS, "correction": WORDS, "durations": {str: float}, "total": WORDS,
        "generic": WORDS, "infinitive": WORDS, "future_endings": WORDS, "progress": WORDS, "time_limits": WORDS,
    },
    "languagetool": {
        "code": Required(str), "module": str, "disabled_rules": WORDS, "disabled_categories": WORDS,
        "info_rules": WORDS, "info_categories": WORDS, "info_issue_types": WORDS,
    },
    "lid": {
        "alphabet": str, "neighbours": WORDS, "marker_rate": float, "common": WORDS,
        "markers": STRONG_WEAK, "patterns": {"strong": [REGEX], "weak": [REGEX]},
    },
    "negation": {
        "negators": WORDS, "not_negating": WORDS, "modals": WORDS, "conditionals": WORDS,
        "time_shift": WORDS, "function_words": WORDS, "negative_determiners": WORDS,
        "paired_negators": [(str, str)],
    },
    "numbers": {
        "decimal": str, "words": {str: int}, "id_cues": WORDS, "restatement": WORDS,
        "clock": {"before": WORDS, "after": WORDS},
    },
    "spelling": {
        "engine": Choice("hunspell", "voikko"), "hunspell": str, "diacritics": {str: WORDS}, "alphabet": str, "inflection_suffixes": WORDS,
        "frequency_lists": WORDS, "known_frequency": float, "restore_margin": float,
        "compound_links": WORDS, "capitalised_nouns": bool, "variants": [(REGEX, str)],
    },
    "tone": {"defensive": WORDS, "acknowledgement": WORDS, "negations": WORDS, "acknowledgement_example": str},
    # -- data/common/ -----------------------------------------------------------------------
    "common/currencies": {"currencies": {str: str}},
    "common/engines": {"languagetool": {"version": str, "languages": WORDS}},
    "common/events": {
        "events": {str: str}, "opposite_states": [(str, str)], "money": WORDS, "same_thing": [WORDS],
        "incompatible": [{"a": Required(str), "a_states": Required(WORDS), "b": Required(str),
                          "b_states": Required(WORDS), "same_amount": bool}],
    },
    "common/explanations": {"categories": {str: str}, "codes": {str: str}},
    "common/hygiene": {
        "placeholders": [Regex(unicode_classes=True)], "bracketed": [REGEX],
        "internal_markers": [REGEX], "note_prefixes": WORDS, "lorem": [REGEX],
    },
    "common/languages": {
        "equivalent": Required([WORDS]), "close": Required([WORDS]), "names": Required({str: str}),
    },
    "common/mt_markers": {"markers": [REGEX]},
    "common/patterns": {
        "url": Required([Regex(unicode_classes=True)]),
        "email": Required([Regex(unicode_classes=True)]),
        "placeholder": Required([Regex(unicode_classes=True)]),
        "order_id": Required([Regex(unicode_classes=True)]),
        "markup": Required([Regex(unicode_classes=True)]),
        "number": Required([Regex(unicode_classes=True)]),
    },
    "common/tone": {"acronyms": WORDS, "min_words": int, "min_shouted": int},
}


def schema_for(lang: str, kind: str) -> dict[str, Any] | None:
    """The schema of ``data/<lang>/<kind>.yaml`` (``None``: no such kind is declared)."""
    return SCHEMAS.get(f"common/{kind}") if lang == "common" else SCHEMAS.get(kind)
