"""Relations between languages (``data/common/languages.yaml``): equivalent, close, names."""

from __future__ import annotations

from functools import lru_cache

from replycheck import langdata


@lru_cache(maxsize=1)
def _relations() -> tuple[tuple[frozenset, ...], tuple[frozenset, ...], dict[str, str]]:
    data = langdata.load("common", "languages")
    return (
        tuple(frozenset(g) for g in data["equivalent"]),
        tuple(frozenset(g) for g in data["close"]),
        dict(data["names"]),
    )


def same_language(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are the same language for the customer (nb and nn are)."""
    return a == b or any(a in group and b in group for group in _relations()[0])


def other_standards(code: str) -> frozenset[str]:
    """The other written standards of ``code``'s language (Nynorsk for Bokmål), if any."""
    return frozenset(c for group in _relations()[0] if code in group for c in group) - {code}


def close_languages(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are easily confused (Swedish, Danish, Norwegian…)."""
    return a == b or any(a in group and b in group for group in _relations()[1])


def family(code: str) -> str:
    """A stable key shared by close relatives (the first group naming ``code``)."""
    for group in _relations()[1]:
        if code in group:
            return min(group)
    return code


def name(code: str) -> str:
    """The language's English name (the code itself when unknown)."""
    return _relations()[2].get(code, code)
