"""Language knowledge as data: ``replycheck/data/<lang>/<name>.yaml``.

Adding a language means adding a folder of YAML files; no Python changes.
``data/common/`` holds language-independent patterns.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def load(lang: str, name: str):
    """Return the parsed ``data/<lang>/<name>.yaml``, or ``None`` if there is none."""
    path = DATA_DIR / lang / f"{name}.yaml"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=None)
def languages() -> tuple[str, ...]:
    """Every language code that has a data folder."""
    return tuple(
        sorted(p.name for p in DATA_DIR.iterdir() if p.is_dir() and p.name != "common")
    )


@lru_cache(maxsize=None)
def languages_with(name: str) -> tuple[str, ...]:
    """Languages that have a ``<name>.yaml`` data file."""
    return tuple(lang for lang in languages() if (DATA_DIR / lang / f"{name}.yaml").is_file())


def load_all(name: str) -> dict:
    """``{lang: data}`` for every language that has ``<name>.yaml``."""
    return {lang: load(lang, name) for lang in languages_with(name)}
