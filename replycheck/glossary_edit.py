"""Writing to a team's glossary file: "add to team dictionary" and "never flag this phrase".

The file is edited with ruamel.yaml's round-trip mode, so the team's comments, key order and
layout stay; an entry already there is not added twice. The edited text must load as a
glossary (``Glossary.load``) before it atomically replaces the file (a temporary file in the
same folder, then ``os.replace``). Every failure is a ``GlossaryError`` naming the file.
"""

from __future__ import annotations

import io
import os
import tempfile
import threading
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from replycheck.errors import GlossaryError
from replycheck.glossary import LANG_CODE, Glossary

_LOCK = threading.Lock()


def add_to_dictionary(path: str | os.PathLike, word: str, lang: str) -> None:
    """Add ``word`` to ``languages.<lang>.dictionary``: never flagged as misspelled in ``lang``."""
    word = _entry(path, word, "word")
    if any(ch.isspace() for ch in word):
        raise GlossaryError(str(path), None, f"a dictionary entry is one word, not {word!r}")
    _edit(path, ("languages", _lang(path, lang), "dictionary"), word)


def never_flag(path: str | os.PathLike, phrase: str, lang: str | None = None) -> None:
    """Add ``phrase`` to ``ignore`` (every language) or ``languages.<lang>.ignore``: no finding
    inside it is reported again."""
    phrase = _entry(path, phrase, "phrase")
    keys = ("ignore",) if lang is None else ("languages", _lang(path, lang), "ignore")
    _edit(path, keys, phrase)


def _entry(path, text, what: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise GlossaryError(str(path), None, f"the {what} to add must be non-empty text")
    return " ".join(text.split())


def _lang(path, lang) -> str:
    if not isinstance(lang, str) or not LANG_CODE.match(lang):
        raise GlossaryError(str(path), None, f"{lang!r} is not a language code (two or three lower-case letters)")
    return lang


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments and order are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the team's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _edit(path, keys: tuple[str, ...], entry: str) -> None:
    with _LOCK:  # two clicks on the page at once must not lose one of the entries
        _edit_locked(Path(path), keys, entry)


def _edit_locked(path: Path, keys: tuple[str, ...], entry: str) -> None:
    if path.is_dir():
        raise GlossaryError(str(path), None, "is a folder, not a glossary file")
    try:
        source = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryError(str(path), None, f"cannot read the file ({error})") from None
    if source.strip():
        Glossary.load(path)  # an invalid file is reported as it is, before any edit
    yaml = _yaml()
    try:
        data = yaml.load(source) if source.strip() else None
    except YAMLError as error:
        raise GlossaryError(str(path), None, f"invalid YAML: {error}") from None
    if data is None:
        data = CommentedMap()
    entries = _sequence(path, data, keys)
    if any(str(item).casefold() == entry.casefold() for item in entries):
        return  # already there: nothing to write
    entries.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    _replace(path, out.getvalue())


def _sequence(path, data, keys: tuple[str, ...]) -> CommentedSeq:
    """The list at ``keys`` (created, with the mappings above it, when missing)."""
    node = data
    where = []
    for key in keys[:-1]:
        where.append(key)
        if not isinstance(node, dict):
            raise GlossaryError(str(path), None, f"{'.'.join(where[:-1]) or 'the glossary'} must be a mapping")
        if node.get(key) is None:
            node[key] = CommentedMap()
        node = node[key]
    where.append(keys[-1])
    if not isinstance(node, dict):
        raise GlossaryError(str(path), None, f"{'.'.join(where[:-1])} must be a mapping")
    if node.get(keys[-1]) is None:
        node[keys[-1]] = CommentedSeq()
    found = node[keys[-1]]
    if not isinstance(found, list):
        raise GlossaryError(str(path), None, f"{'.'.join(where)} must be a list")
    return found


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, once it loads as a valid glossary."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise GlossaryError(str(path), None, f"cannot write in {folder} ({error.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Glossary.load(temporary)  # the edited file must be a valid glossary
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except GlossaryError as error:
        raise GlossaryError(str(path), error.line, f"the edit would make the glossary invalid: {error.problem}") from None
    except OSError as error:
        raise GlossaryError(str(path), None, f"cannot write the file ({error.strerror})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
