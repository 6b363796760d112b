"""Language knowledge as data: ``replycheck/data/<lang>/<name>.yaml``.

Adding a language means adding a folder of YAML files; no Python changes.
``data/common/`` holds language-independent patterns.

Every file is checked against the schema of its kind (``replycheck/schemas.py``) when it is
first loaded; an invalid file raises ``DataError`` naming the file, the line and the key.
Every function takes ``data_dir=`` to read another data folder (tests use a temporary one).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from replycheck import datafiles
from replycheck.errors import DataError
from replycheck.schemas import schema_for

DATA_DIR = Path(__file__).parent / "data"


def path(lang: str, name: str, *, data_dir: Path | None = None) -> Path:
    """Where ``data/<lang>/<name>.yaml`` is (whether or not it exists)."""
    return Path(data_dir or DATA_DIR) / lang / f"{name}.yaml"


def has(lang: str, name: str, *, data_dir: Path | None = None) -> bool:
    """True when ``data/<lang>/<name>.yaml`` exists."""
    return bool(lang) and path(lang, name, data_dir=data_dir).is_file()


def missing(lang: str, *names: str, data_dir: Path | None = None) -> str | None:
    """Why a check needing these data files cannot run in ``lang``, or ``None`` if it can.

    ``missing("pt", "negation", "clauses")`` -> ``"no data/pt/negation.yaml, data/pt/clauses.yaml"``.
    """
    absent = [f"data/{lang}/{name}.yaml" for name in names if not has(lang, name, data_dir=data_dir)]
    return "no " + ", ".join(absent) if absent else None


def load(lang: str, name: str, *, data_dir: Path | None = None):
    """Return the parsed ``data/<lang>/<name>.yaml``, or ``None`` if there is none.

    Raises ``DataError`` when the file does not match the schema of its kind.
    """
    return _load(lang, name, None if data_dir is None else str(data_dir))


@lru_cache(maxsize=None)
def _load(lang: str, name: str, data_dir: str | None):
    file = path(lang, name, data_dir=Path(data_dir) if data_dir else None)
    if not file.is_file():
        return None
    schema = schema_for(lang, name)
    if schema is None:
        raise DataError(
            str(file), None, f"no schema is declared for {'common/' if lang == 'common' else ''}{name} "
            "files; declare one in replycheck/schemas.py"
        )
    return datafiles.read(str(file), schema)


def kinds(lang: str, *, data_dir: Path | None = None) -> tuple[str, ...]:
    """The data file kinds ``lang`` (or ``common``) has, e.g. ``("calendar", "email", …)``."""
    folder = Path(data_dir or DATA_DIR) / lang
    return tuple(sorted(p.stem for p in folder.glob("*.yaml"))) if folder.is_dir() else ()


def languages(*, data_dir: Path | None = None) -> tuple[str, ...]:
    """Every language code that has a data folder."""
    return _languages(None if data_dir is None else str(data_dir))


@lru_cache(maxsize=None)
def _languages(data_dir: str | None) -> tuple[str, ...]:
    root = Path(data_dir or DATA_DIR)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "common"))


def languages_with(name: str, *, data_dir: Path | None = None) -> tuple[str, ...]:
    """Languages that have a ``<name>.yaml`` data file."""
    return _languages_with(name, None if data_dir is None else str(data_dir))


@lru_cache(maxsize=None)
def _languages_with(name: str, data_dir: str | None) -> tuple[str, ...]:
    folder = Path(data_dir) if data_dir else None
    return tuple(lang for lang in _languages(data_dir) if has(lang, name, data_dir=folder))


def load_all(name: str, *, data_dir: Path | None = None) -> dict:
    """``{lang: data}`` for every language that has ``<name>.yaml``."""
    return {lang: load(lang, name, data_dir=data_dir) for lang in languages_with(name, data_dir=data_dir)}


def check_all(*, data_dir: Path | None = None) -> list[str]:
    """Load and check every data file; return their paths. The first invalid one raises."""
    checked = []
    for lang in ("common", *languages(data_dir=data_dir)):
        for name in kinds(lang, data_dir=data_dir):
            load(lang, name, data_dir=data_dir)
            checked.append(str(path(lang, name, data_dir=data_dir)))
    return checked
