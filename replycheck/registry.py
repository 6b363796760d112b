"""How checks declare themselves: their codes and severities, what they need, their data.

A check is a pure function ``(Context) -> Iterable[Finding]``. It declares itself with::

    @register(codes={"hygiene/placeholder": "error"}, data=("common/hygiene",))
    def placeholder(ctx):
        '''Unfilled template placeholders such as {{first_name}}. ...'''

``codes`` maps every code the check may emit to its default severity (a code ending in
``*`` covers codes built at run time, such as ``grammar/lt-*`` from LanguageTool rule ids).
``needs`` names inputs and engines (see ``NEEDS``); ``data`` names the data files the
reply's language must have (``"negation"`` is ``data/<lang>/negation.yaml``,
``"common/tone"`` is ``data/common/tone.yaml``). A check whose need or data is missing is
recorded as skipped with the reason; one that raises is recorded as failed. Its docstring is
its user documentation (``replycheck explain CODE``).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from replycheck.model import CATEGORIES, SEVERITIES

NEEDS: Mapping[str, str] = {
    "customer": "the customer's message",
    "source": "the source draft",
    "glossary": "a glossary",
    "languagetool": "LanguageTool's matches for the reply's language",
    "speller": "a spelling checker for the reply's language (LanguageTool or Hunspell)",
    "known_language": "an identified reply language",
    "lexicon": "a morphological lexicon for the reply's language (data/<lang>/lexicon.tsv.gz)",
}


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check and its declaration."""

    name: str
    category: str
    func: Callable
    codes: tuple[tuple[str, str], ...]  # (code, default severity)
    needs: tuple[str, ...]
    data: tuple[str, ...]
    doc: str

    @property
    def location(self) -> str:
        """``module.function`` where the check is written."""
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def declares(self, code: str) -> bool:
        """True when ``code`` is one of this check's codes (or matches a ``prefix*`` code)."""
        return any(code == c or (c.endswith("*") and code.startswith(c[:-1])) for c, _ in self.codes)

    def severity(self, code: str) -> str | None:
        """The declared default severity of ``code`` (``None`` when undeclared)."""
        for declared, severity in self.codes:
            if code == declared or (declared.endswith("*") and code.startswith(declared[:-1])):
                return severity
        return None


REGISTRY: dict[str, CheckSpec] = {}


def register(*, codes: Mapping[str, str], needs: Iterable[str] = (), data: Iterable[str] = (), name: str | None = None):
    """Decorator registering ``func`` as a check emitting ``codes`` (code -> default severity)."""
    needs, data = tuple(needs), tuple(data)
    if not codes:
        raise ValueError("a check must declare at least one code")
    categories = {code.split("/", 1)[0] for code in codes}
    if len(categories) != 1 or not categories <= set(CATEGORIES) or not all("/" in c for c in codes):
        raise ValueError(f"codes {sorted(codes)} must be '<category>/<name>' of one category in {CATEGORIES}")
    for severity in codes.values():
        if severity not in SEVERITIES:
            raise ValueError(f"severity {severity!r} is not one of {SEVERITIES}")
    for need in needs:
        if need not in NEEDS:
            raise ValueError(f"unknown need {need!r}; choose from {tuple(NEEDS)}")
    category = categories.pop()

    def decorate(func: Callable) -> Callable:
        check_name = name or f"{category}.{func.__name__}"
        if check_name in REGISTRY and REGISTRY[check_name].func.__module__ != func.__module__:
            raise ValueError(f"two checks are called {check_name!r}")
        REGISTRY[check_name] = CheckSpec(
            name=check_name,
            category=category,
            func=func,
            codes=tuple(sorted(codes.items())),
            needs=needs,
            data=data,
            doc=inspect.cleandoc(func.__doc__ or ""),
        )
        return func

    return decorate


def all_checks() -> list[CheckSpec]:
    """Every registered check, in a stable order."""
    import replycheck.checks  # noqa: F401  (importing registers the checks)

    return [REGISTRY[name] for name in sorted(REGISTRY)]


def all_codes() -> dict[str, CheckSpec]:
    """Every declared code and the check that emits it."""
    return {code: spec for spec in all_checks() for code, _ in spec.codes}


def checks_for(code: str) -> list[CheckSpec]:
    """The checks that emit ``code``; a category name gives all of that category's checks.

    An unknown code gives an empty list.
    """
    specs = all_checks()
    if "/" not in code:
        return [spec for spec in specs if spec.category == code]
    return [spec for spec in specs if spec.declares(code) or spec.name == code]
