"""Alembic's entry point for the history database.

``replycheck.history.migrate`` passes an open connection in ``config.attributes["connection"]``;
run by hand (``alembic -x url=sqlite:///history.sqlite3 upgrade head`` with a config whose
``script_location`` is this folder) it connects to ``sqlalchemy.url`` or ``-x url=...``.
"""

from alembic import context
from sqlalchemy import create_engine

from replycheck.history.tables import metadata

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as opened:
        _run(opened)
    engine.dispose()
