"""Open the database: a SQLite file by default, PostgreSQL when DATABASE_URL says so.

Several people use the dashboard at once, so SQLite is set up for concurrent
readers and queued writers rather than failing with "database is locked".
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event

from store.models import Base

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "victims_spend.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Marks a connection whose transaction will write; see _begin_sqlite_transaction.
_WRITE_OPTION = "victims_store_write"


def database_url(url: str | None = None) -> str:
    """The URL to use: the one given, else env DATABASE_URL, else the SQLite file."""
    chosen = url or os.environ.get("DATABASE_URL")
    if not chosen:
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    return _with_psycopg_driver(chosen)


def _with_psycopg_driver(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy would pick
    # psycopg2 for them, but psycopg 3 is the driver we install.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str | None = None) -> Engine:
    """An engine on the chosen database, with every table created if missing."""
    resolved = database_url(url)
    if resolved.startswith("sqlite"):
        engine = _sqlite_engine(resolved)
    else:
        engine = create_engine(resolved, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    return engine


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url)
    database = engine.url.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    # Take transactions out of the sqlite3 module's hands (it would BEGIN
    # lazily, only before the first write); _begin_sqlite_transaction does it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers carry on while one writer writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    # SQLite ignores foreign keys, and so ON DELETE CASCADE, unless asked per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    # A deferred transaction that reads and then writes fails at once with
    # "database is locked" if another writer got in between, whatever the
    # busy timeout; BEGIN IMMEDIATE takes the write lock up front, so
    # writers wait their turn instead.
    if connection.get_execution_options().get(_WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction that commits on success and rolls back on any error."""
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE_OPTION: True})
        with connection.begin():
            yield connection
