"""How checks declare themselves: name, category, what they need, and their documentation.

A check is a pure function ``(Context) -> Iterable[Finding]``. Register it with::

    @register("hygiene", needs=("customer",))
    def placeholders(ctx):
        '''Unfilled template placeholders such as {{first_name}}. ...'''
        yield Finding("hygiene/placeholder", "error", start, end, message, suggestions)

A check whose need is missing is skipped with a reason; one that raises is recorded in
the report's errors, never crashing the report.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable

NEEDS = ("customer", "source", "glossary", "languagetool")


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check."""

    name: str
    category: str
    func: Callable
    needs: tuple[str, ...]
    doc: str


REGISTRY: dict[str, CheckSpec] = {}


def register(category: str, *, needs: Iterable[str] = (), name: str | None = None):
    """Decorator registering ``func`` as a check of ``category``."""
    needs = tuple(needs)
    for need in needs:
        if need not in NEEDS:
            raise ValueError(f"unknown need {need!r}; choose from {NEEDS}")

    def decorate(func: Callable) -> Callable:
        check_name = name or f"{category}.{func.__name__}"
        REGISTRY[check_name] = CheckSpec(
            name=check_name,
            category=category,
            func=func,
            needs=needs,
            doc=inspect.cleandoc(func.__doc__ or ""),
        )
        return func

    return decorate


def all_checks() -> list[CheckSpec]:
    """Every registered check, in a stable order."""
    import replycheck.checks  # noqa: F401  (importing registers the checks)

    return [REGISTRY[name] for name in sorted(REGISTRY)]
