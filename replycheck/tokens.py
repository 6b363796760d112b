"""Words of a text: the one ``Token`` type and the one tokenizer (no engines, no language data).

Offsets are half-open ``[start, end)`` code-point offsets into the text exactly as given, so
``text[tok.start:tok.end] == tok.text`` always holds (astral characters count as one).

Two word shapes, chosen with ``joined``:

* ``joined=False`` (the default), letters only: "n'a" gives "n" and "a", "e-post" gives "e"
  and "post". The clause and number helpers want this: their cue words are plain words.
* ``joined=True``, letters with inner hyphens, apostrophes and colons: "e-post", "n'a",
  "Telia:s" stay one word. The phrase matcher and the glossary terms want this, so that a
  term such as "e-post" matches as written.

Lemmas come from an engine (``replycheck.engines.lemmas.Lemmatizer.tokens`` fills them in);
this module leaves ``Token.lemma`` as ``None``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

# Letters only (no digits, no underscore).
LETTERS = re.compile(r"[^\W\d_]+")
# Letters with inner hyphens, apostrophes and colons ("e-post", "n'a", "Telia:s").
WORD = re.compile(r"[^\W\d_]+(?:[-'’:][^\W\d_]+)*")


class SpanLike(Protocol):
    start: int
    end: int


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents (``Ursäkt`` -> ``ursakt``; ``’`` -> ``'``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


# Words repeat a lot; folding each distinct word once is enough.
fold_word = lru_cache(maxsize=65536)(fold)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text.

    ``low`` is ``text.lower()``; ``folded`` is ``fold(text)`` (case and accents dropped);
    ``lemma`` is the lower-case lemma with accents kept (see ``Lemmatizer.lemma``), or
    ``None`` when the tokens were not lemmatised.
    """

    start: int
    end: int
    text: str
    low: str
    folded: str
    lemma: str | None = None


def bounds(text: str, span: SpanLike | tuple[int, int] | None) -> tuple[int, int]:
    """``(start, end)`` of ``span`` (a ``Span``, a ``(start, end)`` pair, or ``None`` for all
    of ``text``), clamped to the text."""
    if span is None:
        start, end = 0, len(text)
    elif isinstance(span, tuple):
        start, end = span
    else:
        start, end = span.start, span.end
    start = max(0, min(start, len(text)))
    return start, max(start, min(end, len(text)))


def tokens(text: str, span: SpanLike | tuple[int, int] | None = None, *, joined: bool = False) -> list[Token]:
    """The words of ``text[span]`` (all of ``text`` when ``span`` is ``None``), offsets into
    ``text``. ``joined`` keeps inner hyphens, apostrophes and colons inside a word."""
    return list(_tokens(text, *bounds(text, span), joined))


@lru_cache(maxsize=4096)  # a reply's sentences are read by many checks: split each once
def _tokens(text: str, start: int, end: int, joined: bool) -> tuple[Token, ...]:
    pattern = WORD if joined else LETTERS
    return tuple(
        Token(m.start(), m.end(), m.group(), m.group().lower(), fold_word(m.group()))
        for m in pattern.finditer(text, start, end)
    )
