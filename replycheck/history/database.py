"""Opening the history database: the engine for a URL, and its schema brought to Alembic's head."""

from __future__ import annotations

from pathlib import Path

from replycheck.errors import HistoryError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def shown(url) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001  (not a URL at all: show what was given)
        return str(url)


def reason(error: BaseException) -> str:
    """The database's own one-line reason for ``error`` (without SQLAlchemy's links and SQL)."""
    original = getattr(error, "orig", None) or error
    text = " ".join(str(original).split())
    return text[:300] or type(original).__name__


def connect(url: str):
    """A SQLAlchemy engine for ``url``; an SQLite file's folder is created. Raises HistoryError."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise HistoryError(f"history database {url!r}: not a database URL (e.g. sqlite:///path/history.sqlite3 "
                           "or postgresql+psycopg://user@host/db)") from None
    options: dict = {"pool_pre_ping": True}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise HistoryError(f"history database {shown(url)}: cannot create its folder "
                                   f"({error.strerror or error})") from None
        options["connect_args"] = {"timeout": 30}
    elif backend == "postgresql":
        options["connect_args"] = {"connect_timeout": 10}
    try:
        engine = create_engine(parsed, **options)
    except NoSuchModuleError:
        raise HistoryError(f"history database {shown(url)}: SQLAlchemy has no dialect {parsed.drivername!r}") from None
    except ImportError as error:
        extra = " (pip install 'replycheck[postgresql]')" if backend == "postgresql" else ""
        raise HistoryError(f"history database {shown(url)}: its driver is not installed: {error.name or error}{extra}") from None
    if backend == "sqlite":
        @event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    return engine


def alembic_config():
    """An Alembic ``Config`` for the migrations inside this package (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    return config


def migrate(engine, revision: str = "head") -> None:
    """Bring the database's schema to ``revision`` (nothing to do when it is there already)."""
    from alembic import command
    from sqlalchemy.exc import SQLAlchemyError

    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as error:
        raise HistoryError(f"history database {shown(engine.url)}: {reason(error)}") from None
