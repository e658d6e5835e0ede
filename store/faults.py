"""Database faults an operator can put right, each told in one sentence that says what to do.

A page that meets a dead database host, a read-only data folder, a dropped
table or a file another program has locked would otherwise show a driver's
traceback. Every engine from store.engine hands its errors here first
(SQLAlchemy's handle_error event); the ones below become a StoreFault, with
a stable code for tests and the sentence for the page. Anything else is left
as it was, for the code that already expects it.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL, ExceptionContext

from store.errors import StoreError

# migrate.current_revisions reads it and takes "no such table" to mean a new store.
_VERSION_TABLE = "alembic_version"


class StoreFault(StoreError):
    """The database cannot be used until the operator acts; `code` names which fault it is."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def watch(engine: Engine, *, busy_timeout_s: float, statement_timeout_s: float | None = None) -> None:
    """Turn this engine's operator-fixable errors into StoreFaults."""

    def handle_error(context: ExceptionContext) -> None:
        if context.is_pre_ping:  # the pool's own test of an idle connection; it reconnects by itself
            return
        fault = explain(context.original_exception, engine.url, busy_timeout_s=busy_timeout_s,
                        statement_timeout_s=statement_timeout_s, connecting=context.connection is None)
        if fault is not None:
            raise fault from context.original_exception

    event.listen(engine, "handle_error", handle_error)


def explain(error: BaseException, url: URL, *, busy_timeout_s: float, statement_timeout_s: float | None = None,
            connecting: bool = False) -> StoreFault | None:
    """The StoreFault for a driver's error, or None when it is not one the operator can fix."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_fault(str(error), Path(url.database or ""), busy_timeout_s)
    if url.get_backend_name() == "postgresql":
        return _postgresql_fault(error, url, statement_timeout_s, connecting)
    return None


def read_only_folder(database: Path) -> StoreFault | None:
    """A fault if the SQLite file, or the folder SQLite must write its journal beside it in, is read-only."""
    folder = database.parent
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return StoreFault("data_folder_read_only",
                          f"The data directory {folder} is read-only: make it writable by the dashboard's "
                          "user, or set DATABASE_URL to another database")
    if database.is_file() and not os.access(database, os.W_OK):
        return StoreFault("data_folder_read_only",
                          f"The database file {database} is read-only: make it writable by the dashboard's "
                          "user, or set DATABASE_URL to another database")
    return None


def missing_table(table: str, where: str) -> StoreFault:
    return StoreFault("table_missing",
                      f"The store's table '{table}' is missing from {where}: restore the latest backup "
                      "(make restore FILE=backups/...), or set DATABASE_URL to the store's own database")


def _sqlite_fault(message: str, database: Path, busy_timeout_s: float) -> StoreFault | None:
    if message.startswith("no such table: "):
        table = message.removeprefix("no such table: ").strip()
        return None if table == _VERSION_TABLE else missing_table(table, str(database))
    if "database is locked" in message or "database table is locked" in message:
        return StoreFault("database_locked",
                          f"The database file {database} has been locked by another program for over "
                          f"{busy_timeout_s:g} s: close whatever holds it (a database browser, a copy or "
                          "backup in progress, a stuck dashboard process), then reload the page")
    if "readonly database" in message or "unable to open database file" in message:
        return read_only_folder(database) or StoreFault(
            "data_folder_read_only",
            f"SQLite cannot write the database file {database} ({message}): check that the dashboard's "
            "user may write to it and to its folder, and that the disk is mounted read-write, "
            "or set DATABASE_URL to another database")
    if "disk is full" in message or "disk I/O error" in message:
        return StoreFault("disk_full",
                          f"The disk holding {database} is full or failing ({message}): free space there, "
                          "or move the store (set DATABASE_URL), then try again")
    return None


def _postgresql_fault(error: BaseException, url: URL, statement_timeout_s: float | None,
                      connecting: bool) -> StoreFault | None:
    import psycopg  # only a PostgreSQL store needs it

    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if isinstance(error, psycopg.errors.QueryCanceled):
        limit = f"{statement_timeout_s:g} s" if statement_timeout_s else "its time limit"
        return StoreFault("statement_timeout",
                          f"The database at {where} took longer than {limit} to answer and the query was "
                          "stopped: try again; if it keeps happening, the server is overloaded or a lock "
                          "is held (set STORE_STATEMENT_TIMEOUT_S to allow longer)")
    if isinstance(error, psycopg.errors.UndefinedTable):
        table = str(error).split('"')[1] if str(error).count('"') >= 2 else "?"
        return None if table == _VERSION_TABLE else missing_table(table, f"the database {url.database} at {where}")
    if connecting and isinstance(error, psycopg.OperationalError):
        reason = " ".join(str(error).split()) or type(error).__name__
        return StoreFault("database_unreachable",
                          f"Cannot connect to the PostgreSQL database at {where} ({reason}): check that the "
                          "server is running and reachable from this machine and that DATABASE_URL is right")
    return None
