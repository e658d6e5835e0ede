"""How Alembic reaches the store's database.

store.migrate hands over a connection already inside the migration lock
(config.attributes["connection"]). Run from the `alembic` command instead
(alembic.ini at the top of the repository), it opens the database make_engine
would (DATABASE_URL, else the SQLite file; `-x url=...` overrides both) and
takes the same lock itself.
"""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from store.engine import database_url, migration_transaction, open_engine
from store.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return database_url(context.get_x_argument(as_dictionary=True).get("url"))


def _configure(**options) -> None:
    context.configure(
        target_metadata=target_metadata,
        # Revisions are written for both SQLite and PostgreSQL by hand; on SQLite
        # prefer in-place ALTERs, and batch mode only where one is impossible.
        render_as_batch=False,
        compare_type=True,
        **options,
    )


def run_migrations_offline() -> None:
    """`alembic upgrade --sql`: print the SQL instead of running it."""
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = open_engine(_url())
    try:
        with migration_transaction(engine) as connection:
            _run(connection)
    finally:
        engine.dispose()


def _run(connection) -> None:
    # The connection is already in its transaction, which its owner commits.
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
