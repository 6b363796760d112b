"""How replycheck uses LanguageTool per language: ``data/<lang>/languagetool.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from replycheck import langdata

if TYPE_CHECKING:
    from replycheck.engines.languagetool.client import LTMatch

# LanguageTool's own language identifier (CommonWordsDetector) refuses to start unless
# these modules are on the classpath, whatever languages we check.
REQUIRED_MODULES = ("ca", "es", "pt")


@dataclass(frozen=True, slots=True)
class LanguageSettings:
    """How replycheck uses LanguageTool for one language (from its data file)."""

    lang: str
    code: str
    module: str
    disabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    info_rules: tuple[str, ...] = ()
    info_categories: tuple[str, ...] = ()
    info_issue_types: tuple[str, ...] = ()

    def severity(self, match: "LTMatch") -> str:
        """``info`` for the rules, categories and issue types the data file downgrades."""
        if (
            match.rule_id in self.info_rules
            or match.category in self.info_categories
            or match.issue_type in self.info_issue_types
        ):
            return "info"
        return "warning"

    def params(self, text: str) -> dict[str, str]:
        """The ``/v2/check`` form fields that check ``text`` with these settings."""
        params = {"language": self.code, "text": text}
        if self.disabled_rules:
            params["disabledRules"] = ",".join(self.disabled_rules)
        if self.disabled_categories:
            params["disabledCategories"] = ",".join(self.disabled_categories)
        return params


@lru_cache(maxsize=None)
def language_settings(lang: str) -> LanguageSettings | None:
    """The LanguageTool settings for ``lang``, or ``None`` if LanguageTool does not cover it."""
    data = langdata.load(lang, "languagetool")
    if not data or not data.get("code"):
        return None
    return LanguageSettings(
        lang=lang,
        code=str(data["code"]),
        module=str(data.get("module") or lang),
        disabled_rules=tuple(data.get("disabled_rules") or ()),
        disabled_categories=tuple(data.get("disabled_categories") or ()),
        info_rules=tuple(data.get("info_rules") or ()),
        info_categories=tuple(data.get("info_categories") or ()),
        info_issue_types=tuple(data.get("info_issue_types") or ()),
    )


def modules() -> tuple[str, ...]:
    """The LanguageTool language modules the data files ask for (plus the required ones)."""
    found = set()
    for lang in langdata.languages_with("languagetool"):
        settings = language_settings(lang)
        if settings:
            found.add(settings.module)
    return tuple(sorted(found | set(REQUIRED_MODULES)))
