"""Glossaries: team-edited YAML files of preferred terms, forbidden words, protected names
and the expected form of address, per language. See ``glossaries/README.md`` for the format.

``resolve()`` turns the API's ``glossary=`` argument into a ``Glossary``: ``None`` is the
default glossary (``glossaries/default.yaml``), a path or a list of paths are those files
merged, and a ``Glossary`` passes through. An invalid file raises ``GlossaryError`` naming
the file, the line and the problem.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from yaml.nodes import MappingNode, Node, ScalarNode

from replycheck import langdata, yamlnodes
from replycheck.errors import GlossaryError

GLOSSARY_DIR = Path(__file__).resolve().parent.parent / "glossaries"
DEFAULT_PATH = GLOSSARY_DIR / "default.yaml"
SEVERITIES = ("error", "warning", "info")
DEFAULT_SEVERITY = "warning"
LANG_CODE = re.compile(r"^[a-z]{2,3}$")  # a language key under `languages:`


@dataclass(frozen=True, slots=True)
class Term:
    """A forbidden word, or a word replaced by a preferred term (``preferred`` set)."""

    text: str
    lang: str | None  # None: every language
    severity: str
    preferred: str | None = None
    suggestions: tuple[str, ...] = ()
    note: str = ""
    where: str = ""  # "file:line", for messages


@dataclass(frozen=True, slots=True)
class ProtectedName:
    """A name that must stay exactly as written; ``wrong`` lists known wrong forms."""

    name: str
    lang: str | None
    severity: str
    wrong: tuple[str, ...] = ()
    note: str = ""
    where: str = ""


@dataclass(frozen=True, slots=True)
class Glossary:
    """One or more glossary files, merged. Checks read it through the methods below."""

    paths: tuple[str, ...] = ()
    forbidden: tuple[Term, ...] = ()
    preferred: tuple[Term, ...] = ()
    protected: tuple[ProtectedName, ...] = ()
    address: tuple[tuple[str, str, str], ...] = field(default=())  # (lang, form, severity)
    dictionary: tuple[tuple[str, str], ...] = ()  # (lang, word): never flagged as misspelled
    ignore: tuple[tuple[str | None, str], ...] = ()  # (lang or None, phrase): never flagged at all

    @classmethod
    def empty(cls) -> "Glossary":
        return cls()

    @classmethod
    def load(cls, paths: str | os.PathLike | Iterable[str | os.PathLike]) -> "Glossary":
        """Load and merge glossary files (later files win for the form of address)."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        result = cls()
        for path in paths:
            result = result.merge(_load_file(str(path)))
        return result

    def merge(self, other: "Glossary") -> "Glossary":
        """This glossary with ``other``'s entries added (``other``'s address forms win)."""
        address = {lang: (form, sev) for lang, form, sev in self.address}
        address.update({lang: (form, sev) for lang, form, sev in other.address})
        return Glossary(
            paths=self.paths + other.paths,
            forbidden=self.forbidden + other.forbidden,
            preferred=self.preferred + other.preferred,
            protected=self.protected + other.protected,
            address=tuple(sorted((lang, f, s) for lang, (f, s) in address.items())),
            dictionary=self.dictionary + other.dictionary,
            ignore=self.ignore + other.ignore,
        )

    # -- what checks use -------------------------------------------------------------
    def forbidden_terms(self, lang: str | None) -> list[Term]:
        return [t for t in self.forbidden if t.lang is None or t.lang == lang]

    def preferred_terms(self, lang: str | None) -> list[Term]:
        return [t for t in self.preferred if t.lang is None or t.lang == lang]

    def protected_names(self, lang: str | None) -> list[ProtectedName]:
        return [p for p in self.protected if p.lang is None or p.lang == lang]

    def dictionary_words(self, lang: str | None) -> list[str]:
        """The team's words of ``lang`` that no spelling rule may flag."""
        return [word for code, word in self.dictionary if code == lang]

    def ignored_phrases(self, lang: str | None) -> list[str]:
        """Phrases inside which no finding of any kind is reported (every language's and ``lang``'s)."""
        return [phrase for code, phrase in self.ignore if code is None or code == lang]

    def address_form(self, lang: str | None) -> str | None:
        """The form of address the glossary expects in ``lang`` ("du", "Sie"…), or None."""
        for code, form, _ in self.address:
            if code == lang:
                return form
        return None

    def address_severity(self, lang: str | None) -> str:
        for code, _, severity in self.address:
            if code == lang:
                return severity
        return DEFAULT_SEVERITY

    def exempt_words(self, lang: str | None) -> set[str]:
        """Names and terms that must never be flagged as misspelled in ``lang``.

        Protected names (whole and word by word), preferred terms and the words they
        replace, forbidden terms (all are words the team knows, so a spelling check should
        leave them to the terminology check), and the language's ``dictionary`` words.
        """
        words: set[str] = set()

        def add(text: str) -> None:
            words.add(text)
            words.update(w for w in re.split(r"\s+", text) if w)

        for name in self.protected_names(lang):
            add(name.name)
        for term in self.preferred_terms(lang):
            add(term.text)
            if term.preferred:
                add(term.preferred)
        for term in self.forbidden_terms(lang):
            add(term.text)
        for word in self.dictionary_words(lang):
            add(word)
        return words

    def __bool__(self) -> bool:  # an empty glossary is still a glossary
        return True


def resolve(glossary) -> Glossary:
    """Turn the API's ``glossary=`` argument into a ``Glossary`` (``None`` = the default)."""
    if glossary is None:
        return default()
    if isinstance(glossary, Glossary):
        return glossary
    if isinstance(glossary, (str, os.PathLike)):
        return _cached(str(glossary))
    if isinstance(glossary, (list, tuple)):
        result = Glossary()
        for item in glossary:
            if not isinstance(item, (str, os.PathLike)):
                raise GlossaryError(repr(item), None, "a glossary must be given as a file path")
            result = result.merge(_cached(str(item)))
        return result
    raise GlossaryError(
        repr(glossary), None, "expected a path, a list of paths or a Glossary object"
    )


def default() -> Glossary:
    """The shipped default glossary (empty if the file is not installed)."""
    if not DEFAULT_PATH.is_file():
        return Glossary()
    return _cached(str(DEFAULT_PATH))


def _cached(path: str) -> Glossary:
    try:
        stat = os.stat(path)
    except OSError:
        raise GlossaryError(path, None, "file not found or not readable") from None
    return _load_cached(os.path.abspath(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: int, size: int) -> Glossary:
    return _load_file(path)


# -- loading and validation ------------------------------------------------------------
_TOP_KEYS = ("description", "severity", "protected", "forbidden", "preferred", "ignore", "languages")
_LANG_KEYS = ("address", "severity", "protected", "forbidden", "preferred", "dictionary", "ignore")
_FORBIDDEN_KEYS = ("term", "suggest", "note", "severity")
_PREFERRED_KEYS = ("use", "instead_of", "note", "severity")
_PROTECTED_KEYS = ("name", "wrong", "note", "severity")


def _glossary_error(path: str, line: int | None, problem: str, key: str | None) -> GlossaryError:
    return GlossaryError(path, line, problem)


class _Reader(yamlnodes.NodeReader):
    """Walks composed YAML nodes, raising ``GlossaryError`` with the node's line."""

    def __init__(self, path: str) -> None:
        super().__init__(path, _glossary_error)

    def severity(self, node: Node | None, inherited: str) -> str:
        if node is None:
            return inherited
        value = self.text(node, "severity")
        if value not in SEVERITIES:
            self.fail(node, f"severity must be one of {', '.join(SEVERITIES)}, not {value!r}")
        return value


def _load_file(path: str) -> Glossary:
    root = yamlnodes.read(path, _glossary_error)
    if root is None:
        return Glossary(paths=(path,))
    reader = _Reader(path)
    top = reader.mapping(root, "the glossary", _TOP_KEYS)
    if "description" in top:
        reader.text(top["description"][1], "description")
    severity = reader.severity(top.get("severity", (None, None))[1], DEFAULT_SEVERITY)
    forbidden: list[Term] = []
    preferred: list[Term] = []
    protected: list[ProtectedName] = []
    address: list[tuple[str, str, str]] = []
    dictionary: list[tuple[str, str]] = []
    ignore: list[tuple[str | None, str]] = []

    def section(items: dict, lang: str | None, sev: str) -> None:
        if "ignore" in items:
            ignore.extend((lang, text) for text in _texts(reader, items["ignore"][1], "ignore"))
        if "forbidden" in items:
            forbidden.extend(_forbidden(reader, items["forbidden"][1], lang, sev))
        if "preferred" in items:
            preferred.extend(_preferred(reader, items["preferred"][1], lang, sev))
        if "protected" in items:
            protected.extend(_protected(reader, items["protected"][1], lang, sev))

    section(top, None, severity)
    if "languages" in top:
        languages = reader.mapping(top["languages"][1], "languages", None)
        for lang, (key_node, value_node) in languages.items():
            if not LANG_CODE.match(lang):
                reader.fail(key_node, f"{lang!r} is not a language code (two or three lower-case letters, e.g. sv, nb, de)")
            if value_node is None or (isinstance(value_node, ScalarNode) and value_node.value == ""):
                continue
            items = reader.mapping(value_node, f"languages.{lang}", _LANG_KEYS)
            lang_severity = reader.severity(items.get("severity", (None, None))[1], severity)
            section(items, lang, lang_severity)
            if "dictionary" in items:
                for word in _texts(reader, items["dictionary"][1], "dictionary"):
                    dictionary.append((lang, word))
            if "address" in items:
                address.append((lang, _address(reader, items["address"][1], lang), lang_severity))
    return Glossary(
        paths=(path,),
        forbidden=tuple(forbidden),
        preferred=tuple(preferred),
        protected=tuple(protected),
        address=tuple(address),
        dictionary=tuple(dictionary),
        ignore=tuple(ignore),
    )


def _texts(reader: _Reader, node: Node, what: str) -> list[str]:
    """The entries of a plain list of words or phrases (``dictionary:``, ``ignore:``)."""
    return [reader.text(item, f"an entry of {what}") for item in reader.sequence(node, what)]


def _forbidden(reader: _Reader, node: Node, lang: str | None, severity: str) -> list[Term]:
    terms = []
    for item in reader.sequence(node, "forbidden"):
        if isinstance(item, ScalarNode):
            terms.append(Term(reader.text(item, "a forbidden term"), lang, severity, where=reader.where(item)))
            continue
        fields = reader.mapping(item, "a forbidden entry", _FORBIDDEN_KEYS)
        if "term" not in fields:
            reader.fail(item, "a forbidden entry needs 'term:'")
        suggestions = tuple(t for t, _ in reader.texts(fields["suggest"][1], "suggest")) if "suggest" in fields else ()
        note = reader.text(fields["note"][1], "note") if "note" in fields else ""
        for text, text_node in reader.texts(fields["term"][1], "term"):
            terms.append(
                Term(text, lang, reader.severity(fields.get("severity", (None, None))[1], severity),
                     suggestions=suggestions, note=note, where=reader.where(text_node))
            )
    return terms


def _preferred(reader: _Reader, node: Node, lang: str | None, severity: str) -> list[Term]:
    terms = []
    if isinstance(node, MappingNode):  # shorthand  preferred: {återbetalning: [kreditering]}
        for use, (key_node, value_node) in reader.mapping(node, "preferred", None).items():
            use = reader.text(key_node, "a preferred term")
            for text, text_node in reader.texts(value_node, f"the words {use!r} replaces"):
                terms.append(Term(text, lang, severity, preferred=use, suggestions=(use,), where=reader.where(text_node)))
        return terms
    for item in reader.sequence(node, "preferred"):
        fields = reader.mapping(item, "a preferred entry", _PREFERRED_KEYS)
        for needed in ("use", "instead_of"):
            if needed not in fields:
                reader.fail(item, f"a preferred entry needs '{needed}:'")
        use = reader.text(fields["use"][1], "use")
        note = reader.text(fields["note"][1], "note") if "note" in fields else ""
        entry_severity = reader.severity(fields.get("severity", (None, None))[1], severity)
        for text, text_node in reader.texts(fields["instead_of"][1], "instead_of"):
            if text.casefold() == use.casefold():
                reader.fail(text_node, f"{text!r} cannot replace itself")
            terms.append(Term(text, lang, entry_severity, preferred=use, suggestions=(use,), note=note, where=reader.where(text_node)))
    return terms


def _protected(reader: _Reader, node: Node, lang: str | None, severity: str) -> list[ProtectedName]:
    names = []
    for item in reader.sequence(node, "protected"):
        if isinstance(item, ScalarNode):
            names.append(ProtectedName(reader.text(item, "a protected name"), lang, severity, where=reader.where(item)))
            continue
        fields = reader.mapping(item, "a protected entry", _PROTECTED_KEYS)
        if "name" not in fields:
            reader.fail(item, "a protected entry needs 'name:'")
        wrong = tuple(t for t, _ in reader.texts(fields["wrong"][1], "wrong")) if "wrong" in fields else ()
        names.append(
            ProtectedName(
                reader.text(fields["name"][1], "name"),
                lang,
                reader.severity(fields.get("severity", (None, None))[1], severity),
                wrong=wrong,
                note=reader.text(fields["note"][1], "note") if "note" in fields else "",
                where=reader.where(fields["name"][1]),
            )
        )
    return names


def _address(reader: _Reader, node: Node, lang: str) -> str:
    value = reader.text(node, "address")
    forms = address_forms(lang)
    if not forms:
        reader.fail(node, f"no forms of address are known for {lang!r} (add data/{lang}/address.yaml)")
    for form in forms:
        if form.casefold() == value.casefold():
            return form
    reader.fail(node, f"address for {lang!r} must be one of {', '.join(forms)}, not {value!r}")
    raise AssertionError  # unreachable


def address_forms(lang: str) -> dict[str, dict]:
    """``{form: {"words": [...], "case_sensitive": bool, "not_sentence_initial": bool}}``."""
    data = langdata.load(lang, "address") or {}
    return dict(data.get("forms") or {})
