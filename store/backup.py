"""Back the store up to one file, and put such a file back, whole or not at all.

SQLite is copied with its online backup API, which reads one consistent
state while the dashboard goes on reading and writing; PostgreSQL with
pg_dump's custom format. A restore checks the file first (SQLite's header or
pg_dump's PGDMP, then that it holds the store's tables), so a wrong file is
refused with the store as it was, and then replaces the store in one step:
SQLite through the backup API into the live file, which other connections see
as one write; PostgreSQL in pg_restore's single transaction.

    .venv/bin/python -m store.backup backup [--folder backups]   # prints the file's path last
    .venv/bin/python -m store.backup restore FILE
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from store.engine import REPO_ROOT, SQLITE_BUSY_TIMEOUT_MS, database_url, make_engine
from store.errors import StoreError

BACKUP_FOLDER = REPO_ROOT / "backups"
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Every store since the first has had these; a file without them is some other database.
STORE_TABLES = ("datasets", "spend_lines", "declared_totals", "provider_aliases", "audit_log")
# pg_dump and pg_restore of a national store take seconds; a hung server must not hang the operator for ever.
PG_TOOL_TIMEOUT_S = 600


def backup(url: str | None = None, folder: Path = BACKUP_FOLDER) -> Path:
    """Write the store named by `url` (default DATABASE_URL, else the SQLite file) to a new file in `folder`."""
    resolved = make_url(database_url(url))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    if resolved.get_backend_name() == "sqlite":
        return _backup_sqlite(_sqlite_file(resolved), folder / f"victims_spend-{stamp}.sqlite")
    if resolved.get_backend_name() == "postgresql":
        return _backup_postgresql(resolved, folder / f"victims_spend-{stamp}.pgdump")
    raise StoreError(f"Backups are made of SQLite and PostgreSQL stores, not {resolved.get_backend_name()}")


def restore(path: Path | str, url: str | None = None) -> None:
    """Replace the store named by `url` with the backup at `path`; refuse, changing nothing, a file that is not one."""
    path = Path(path)
    resolved = make_url(database_url(url))
    head = _first_bytes(path)
    if resolved.get_backend_name() == "sqlite":
        if head.startswith(PG_DUMP_MAGIC):
            raise StoreError(f"{path} is a PostgreSQL backup (pg_dump), but the store is SQLite: "
                             "set DATABASE_URL to the PostgreSQL database to restore it there")
        if not head.startswith(SQLITE_HEADER):
            raise StoreError(f"{path} is not a backup of a SQLite store: it does not start with SQLite's header")
        _restore_sqlite(path, _sqlite_file(resolved))
    elif resolved.get_backend_name() == "postgresql":
        if head.startswith(SQLITE_HEADER):
            raise StoreError(f"{path} is a SQLite backup, but DATABASE_URL names a PostgreSQL store: "
                             "unset DATABASE_URL to restore it into the SQLite file")
        if not head.startswith(PG_DUMP_MAGIC):
            raise StoreError(f"{path} is not a backup of a PostgreSQL store: it is not a pg_dump custom-format file")
        _restore_postgresql(path, resolved)
    else:
        raise StoreError(f"Backups are restored into SQLite and PostgreSQL stores, not {resolved.get_backend_name()}")
    # A backup made before the newest migration is brought up to it now, not when a page first fails on it.
    make_engine(url).dispose()


def _first_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise StoreError(f"There is no backup file {path}") from None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a backup file") from None


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise StoreError("Only a SQLite store kept in a file can be backed up or restored")
    return Path(url.database)


# --- SQLite --------------------------------------------------------------------------------------

def _backup_sqlite(database: Path, target: Path) -> Path:
    if not database.is_file():
        raise StoreError(f"There is no SQLite store at {database} to back up")
    # Written under another name and renamed, so a file in backups/ is always a whole backup.
    partial = target.with_name(f".partial-{target.name}")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            # A single file: a backup must not need a -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    os.replace(partial, target)
    return target


def _restore_sqlite(backup_file: Path, database: Path) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    # Checked in a private copy, so neither a bad file nor a check that writes (a hot journal
    # rolled back) touches the backup or the store.
    handle, checked = tempfile.mkstemp(dir=database.parent, prefix=".restoring-", suffix=".sqlite")
    os.close(handle)
    try:
        shutil.copyfile(backup_file, checked)
        staged = sqlite3.connect(checked)
        try:
            _check_sqlite_backup(staged, backup_file)
            live = sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
            try:
                # One write to the live file: connections open on it see the old store or the restored one.
                staged.backup(live)
            except sqlite3.DatabaseError as error:
                raise StoreError(f"Could not restore {backup_file} into {database}: {error}; "
                                 "the store was left as it was") from None
            finally:
                live.close()
        finally:
            staged.close()
    finally:
        Path(checked).unlink(missing_ok=True)


def _check_sqlite_backup(connection: sqlite3.Connection, backup_file: Path) -> None:
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{backup_file} is not a usable SQLite backup: {error}") from None
    if verdict != "ok":
        raise StoreError(f"{backup_file} is a damaged SQLite file (integrity check: {verdict}); "
                         "the store was left as it was")
    missing = [table for table in STORE_TABLES if table not in tables]
    if missing:
        raise StoreError(f"{backup_file} is a SQLite database but not a backup of this store: "
                         f"it has no {', '.join(missing)} table{'s' if len(missing) > 1 else ''}")


# --- PostgreSQL ----------------------------------------------------------------------------------

def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(f"{name} is not installed: install PostgreSQL's client programs "
                         "(Debian: apt-get install postgresql-client) to back up or restore a PostgreSQL store")
    return found


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The connection string for pg_dump and pg_restore, and their environment.

    The password goes in PGPASSWORD, not on the command line, where any user
    of the machine could read it in the process list.
    """
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _run(command: list[str], environment: dict[str, str], what: str) -> str:
    try:
        finished = subprocess.run(command, env=environment, capture_output=True, text=True,
                                  timeout=PG_TOOL_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise StoreError(f"{what} took longer than {PG_TOOL_TIMEOUT_S} s and was stopped") from None
    if finished.returncode != 0:
        message = finished.stderr.strip().splitlines()
        raise StoreError(f"{what} failed: {message[-1] if message else f'exit code {finished.returncode}'}")
    return finished.stdout


def _backup_postgresql(url: URL, target: Path) -> Path:
    connection, environment = _libpq(url)
    partial = target.with_name(f".partial-{target.name}")
    try:
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              f"--file={partial}", f"--dbname={connection}"], environment, "pg_dump")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return target


def _restore_postgresql(backup_file: Path, url: URL) -> None:
    connection, environment = _libpq(url)
    listing = _run([_pg_tool("pg_restore"), "--list", str(backup_file)], environment,
                   f"Reading {backup_file} with pg_restore")
    # Lines such as "215; 1259 16390 TABLE public datasets postgres".
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE public (\w+)", listing, flags=re.MULTILINE))
    missing = [table for table in STORE_TABLES if table not in tables]
    if missing:
        raise StoreError(f"{backup_file} is a PostgreSQL backup but not of this store: "
                         f"it has no {', '.join(missing)} table{'s' if len(missing) > 1 else ''}")
    # One transaction: a restore that fails part way leaves the store as it was.
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--no-owner",
          "--no-privileges", f"--dbname={connection}", str(backup_file)], environment, "pg_restore")


# --- command line ----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.backup", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("backup", help="write the store to a new file and print its path")
    made.add_argument("--folder", type=Path, default=BACKUP_FOLDER)
    put_back = commands.add_parser("restore", help="replace the store with a backup file")
    put_back.add_argument("file", type=Path)
    options = parser.parse_args(argv)
    try:
        if options.command == "backup":
            print(backup(folder=options.folder))
        else:
            restore(options.file)
            print(f"Restored {options.file} into {make_url(database_url()).render_as_string(hide_password=True)}")
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
