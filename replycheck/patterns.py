"""Shared shapes of non-prose text: links, e-mail addresses, template placeholders, order and
case numbers, markup, numbers. The shapes are data, in ``data/common/patterns.yaml``; every
check that needs one takes it from here instead of keeping its own copy.

The patterns are compiled with the ``regex`` package (the one module that imports it), which
reads Python's ``re`` syntax and adds Unicode classes: ``\\p{Lu}`` is an upper-case letter of
any alphabet, so ``[ENDEREÇO DO CLIENTE]`` and ``[ИМЯ КЛИЕНТА]`` are placeholders as much
as ``[CUSTOMER NAME]``. Compiled patterns have ``re``'s methods (``finditer(text, pos,
endpos)``, ``search``, ``match.span()``).

    >>> PLACEHOLDER.search("Olá [NOME DO CLIENTE],").group()
    '[NOME DO CLIENTE]'
"""

from __future__ import annotations

from functools import lru_cache

import regex

from replycheck import langdata

KINDS = ("url", "email", "placeholder", "order_id", "markup", "number")


def compile_pattern(source: str, flags: int = 0) -> regex.Pattern:
    """Compile a pattern of the shared syntax (``re`` plus ``\\p{…}`` Unicode classes).

    Raises ``ValueError`` when it is not a valid pattern.
    """
    try:
        return regex.compile(source, flags | regex.VERSION0)
    except regex.error as error:
        raise ValueError(str(error)) from None


@lru_cache(maxsize=None)
def alternatives(kind: str) -> tuple[regex.Pattern, ...]:
    """Each pattern of ``kind`` compiled on its own (to collect every match of each)."""
    return tuple(compile_pattern(p) for p in _sources(kind))


@lru_cache(maxsize=None)
def pattern(kind: str) -> regex.Pattern:
    """All patterns of ``kind`` as one alternation (the first alternative that matches wins)."""
    return compile_pattern("|".join(f"(?:{p})" for p in _sources(kind)))


def _sources(kind: str) -> list[str]:
    if kind not in KINDS:
        raise KeyError(f"no pattern kind {kind!r}; known: {', '.join(KINDS)}")
    return list((langdata.load("common", "patterns") or {}).get(kind, []))


def __getattr__(name: str) -> regex.Pattern:  # URL, EMAIL, PLACEHOLDER… compiled on first use
    if name.isupper() and name.lower() in KINDS:
        return pattern(name.lower())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


URL: regex.Pattern
EMAIL: regex.Pattern
PLACEHOLDER: regex.Pattern
ORDER_ID: regex.Pattern
MARKUP: regex.Pattern
NUMBER: regex.Pattern
