"""Open the database: a SQLite file by default, PostgreSQL when DATABASE_URL says so.

Several people use the dashboard at once, so SQLite is set up for concurrent
readers and queued writers rather than failing with "database is locked".
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from store import faults
from store.errors import StoreError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "victims_spend.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# A dead or unreachable PostgreSQL host fails within this, rather than hanging a page for minutes.
POSTGRES_CONNECT_TIMEOUT_S = 5
# No page waits longer than this for one statement; writing a national dataset takes about a second.
DEFAULT_STATEMENT_TIMEOUT_S = 30

# Marks a connection whose transaction will write; see _begin_sqlite_transaction.
_WRITE_OPTION = "victims_store_write"
# Any fixed number will do, so long as every process uses the same one: it
# names the PostgreSQL advisory lock that lets one process migrate at a time.
_MIGRATION_LOCK_KEY = 0x76696374_6D696772  # "victmigr"


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
    """An engine on the chosen database, its schema brought up to date first.

    A new database is built by the migrations in store/migrations, one made
    before them by create_all is adopted, an older one is upgraded; one
    already up to date costs a single query (store/migrate.py).
    """
    # Here, not at the top: store.migrate builds on this module.
    from store.migrate import upgrade_to_head

    engine = open_engine(url)
    try:
        upgrade_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def open_engine(url: str | None = None) -> Engine:
    """An engine on the chosen database as it is, without touching its schema.

    Its errors that an operator can fix (an unreachable host, a read-only data
    folder, a missing table, a locked file) are raised as store.faults.StoreFault.
    """
    resolved = database_url(url)
    if resolved.startswith("sqlite"):
        return _sqlite_engine(resolved)
    if resolved.startswith("postgresql"):
        return _postgresql_engine(resolved)
    return create_engine(resolved, pool_pre_ping=True)


def statement_timeout_s() -> float:
    """STORE_STATEMENT_TIMEOUT_S from the environment, else DEFAULT_STATEMENT_TIMEOUT_S; 0 means none."""
    chosen = os.environ.get("STORE_STATEMENT_TIMEOUT_S", "").strip()
    try:
        return float(chosen) if chosen else DEFAULT_STATEMENT_TIMEOUT_S
    except ValueError:
        raise StoreError(f"STORE_STATEMENT_TIMEOUT_S must be a number of seconds, not '{chosen}'") from None


def _postgresql_engine(url: str) -> Engine:
    timeout_s = statement_timeout_s()
    # Sent with the connection, so it holds for every statement, migrations' too; after any
    # options the URL gives (connect_args would otherwise replace them).
    options = " ".join(filter(None, [make_url(url).query.get("options"),
                                     f"-c statement_timeout={round(timeout_s * 1000)}"]))
    engine = create_engine(url, pool_pre_ping=True, connect_args={
        "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S, "options": options,
    })
    faults.watch(engine, busy_timeout_s=0, statement_timeout_s=timeout_s)
    return engine


@contextmanager
def operator_faults(engine: Engine) -> Iterator[None]:
    """Raise a StoreFault for an operator-fixable error met inside, even one straight from the driver.

    The engine turns the errors SQLAlchemy sees into StoreFaults itself, but
    store.spend reads the lines through the driver's own cursor for speed, and
    its errors never pass SQLAlchemy.
    """
    try:
        yield
    except StoreError:
        raise
    except Exception as error:
        fault = faults.explain(getattr(error, "orig", None) or error, engine.url,
                               busy_timeout_s=SQLITE_BUSY_TIMEOUT_MS / 1000,
                               statement_timeout_s=statement_timeout_s())
        if fault is None:
            raise
        raise fault from error


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url)
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise faults.StoreFault("data_folder_read_only",
                                    f"Cannot make the data directory {folder} ({error.strerror}): create it "
                                    "and make it writable by the dashboard's user, or set DATABASE_URL") from None
        fault = faults.read_only_folder(Path(database))
        if fault is not None:
            raise fault
    faults.watch(engine, busy_timeout_s=SQLITE_BUSY_TIMEOUT_MS / 1000)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    # Take transactions out of the sqlite3 module's hands (it would BEGIN
    # lazily, only before the first write); _begin_sqlite_transaction does it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # First, so that every pragma below waits for a lock rather than failing on one.
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    # SQLite ignores foreign keys, and so ON DELETE CASCADE, unless asked per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor) -> None:
    # WAL lets readers carry on while one writer writes. It is kept in the file, so it is only
    # switched on once. Switching needs the file to itself, and SQLite skips the busy timeout
    # where waiting could deadlock (this connection reading while another waits to write):
    # a process starting beside a writer got "database is locked" at once. So wait here.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


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


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction that no other process's migration can run beside.

    SQLite's BEGIN IMMEDIATE already admits one writer at a time. Foreign keys
    are off while it runs: a migration that rebuilds a table (Alembic's batch
    mode) drops the old one, and with them on that drop would cascade to every
    spend line. They are checked before the commit instead. PostgreSQL takes a
    transaction-scoped advisory lock, released by the commit or rollback.
    """
    if engine.dialect.name != "sqlite":
        with write_transaction(engine) as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": _MIGRATION_LOCK_KEY})
            yield connection
        return
    with engine.connect() as connection:
        # Outside any transaction, where SQLite honours this pragma.
        raw = connection.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            connection.execution_options(**{_WRITE_OPTION: True})
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise StoreError(
                        f"A migration left {len(broken)} rows pointing at rows that are gone "
                        f"(first: {tuple(broken[0])}); nothing was changed"
                    )
        finally:
            if not connection.invalidated:
                raw.execute("PRAGMA foreign_keys=ON")
