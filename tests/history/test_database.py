"""Opening the history database: URLs, migrations to Alembic's head, what reaches the disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from replycheck.errors import ConfigError, ReplycheckError
from replycheck.history import HistoryError, HistorySettings, default_url, open_store
from replycheck.history.database import alembic_config
from replycheck.history.tables import metadata

from samples import CUSTOMER, PLACEHOLDER

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"alembic_version", "batches", "replies", "findings", "finding_marks", "comments"}


def _revision(store) -> str | None:
    with store._engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_a_fresh_database_reaches_head(store):
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head == "0001" and _revision(store) == head
    with store._engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == TABLES
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []  # tables.py = migrations


def test_opening_an_existing_database_again_keeps_it(store_url, fast_checker):
    with open_store(store_url) as first:
        reply_id = first.save(fast_checker.check(PLACEHOLDER, CUSTOMER), agent="erik")
    with open_store(store_url) as second, open_store(store_url) as third:
        assert _revision(second) == "0001"
        assert [r.id for r in second.replies()] == [reply_id] == [r.id for r in third.replies()]


def test_the_default_database_lives_in_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("REPLYCHECK_HISTORY_URL", raising=False)
    monkeypatch.setenv("REPLYCHECK_CACHE_DIR", str(tmp_path / "cache" / "new"))
    assert default_url() == f"sqlite:///{tmp_path}/cache/new/history.sqlite3"
    with open_store() as store:
        assert store.batches() == []
    assert (tmp_path / "cache" / "new" / "history.sqlite3").is_file()
    monkeypatch.setenv("REPLYCHECK_HISTORY_URL", "postgresql+psycopg://team@db.example/replycheck")
    assert default_url() == "postgresql+psycopg://team@db.example/replycheck"


@pytest.mark.parametrize("url, message", [
    ("not a url", "not a database URL"),
    ("nosuchdb://host/x", "no dialect"),
    ("sqlite:////proc/no/such/folder/history.sqlite3", "cannot create its folder"),
    ("postgresql+psycopg://team:secret@127.0.0.1:1/replycheck", "127.0.0.1"),
])
def test_a_bad_or_unreachable_database_is_one_clear_error(url, message):
    with pytest.raises(HistoryError, match=message) as raised:
        open_store(url)
    assert isinstance(raised.value, ReplycheckError)
    assert "secret" not in str(raised.value)


def test_settings_come_from_the_environment(monkeypatch):
    for name in ("REPLYCHECK_HISTORY", "REPLYCHECK_HISTORY_REDACT", "REPLYCHECK_HISTORY_REDACT_DRAFTS"):
        monkeypatch.delenv(name, raising=False)
    settings = HistorySettings.from_env()
    assert (settings.enabled, settings.redact("batch"), settings.redact("draft")) == (True, False, True)
    monkeypatch.setenv("REPLYCHECK_HISTORY", "off")
    monkeypatch.setenv("REPLYCHECK_HISTORY_REDACT", "on")
    monkeypatch.setenv("REPLYCHECK_HISTORY_REDACT_DRAFTS", "off")
    settings = HistorySettings.from_env()
    assert (settings.enabled, settings.redact("batch"), settings.redact("draft")) == (False, True, False)
    monkeypatch.setenv("REPLYCHECK_HISTORY", "maybe")
    with pytest.raises(ConfigError, match="REPLYCHECK_HISTORY must be on or off"):
        HistorySettings.from_env()


def test_a_redacted_reply_leaves_no_text_in_the_sqlite_file(tmp_path, fast_checker):
    report = fast_checker.check(PLACEHOLDER, CUSTOMER)
    words = ["beställning", "väntat", "skickar", "order_number", "Unfilled", "hälsningar"]
    redacted, kept = tmp_path / "redacted", tmp_path / "kept"
    for folder, redact in ((redacted, True), (kept, False)):
        with open_store(f"sqlite:///{folder / 'history.sqlite3'}") as store:
            store.save(report, agent="erik", customer=CUSTOMER, redact=redact, external_id="T-9")
    redacted_bytes = b"".join(p.read_bytes() for p in redacted.iterdir())
    kept_bytes = b"".join(p.read_bytes() for p in kept.iterdir())
    for word in words:
        assert word.encode() in kept_bytes or word.encode("unicode_escape") in kept_bytes  # the control has them
        assert word.encode() not in redacted_bytes
        assert word.encode("unicode_escape") not in redacted_bytes
    assert b"hygiene/placeholder" in redacted_bytes and b"T-9" in redacted_bytes


def test_the_migrations_ship_with_the_package(tmp_path):
    """Copy what a wheel holds (modules + pyproject's package-data) and migrate from the copy."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["replycheck"]
    source, site = ROOT / "replycheck", tmp_path / "site"
    shipped = set(source.rglob("*.py")) | {path for pattern in patterns for path in source.glob(pattern)}
    for path in shipped:
        relative = path.relative_to(source)
        if path.is_file() and "__pycache__" not in relative.parts:
            (site / "replycheck" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, site / "replycheck" / relative)
    assert (site / "replycheck/history/migrations/script.py.mako").is_file()
    code = (
        "import sys, replycheck; from replycheck.history import open_store\n"
        "assert replycheck.__file__.startswith(sys.argv[1]), replycheck.__file__\n"
        "from replycheck.history.database import MIGRATIONS\n"
        "assert str(MIGRATIONS).startswith(sys.argv[1]), MIGRATIONS\n"
        "with open_store(sys.argv[2]) as store: print(store.batches())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    done = subprocess.run([sys.executable, "-c", code, str(site), f"sqlite:///{tmp_path / 'h.sqlite3'}"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
