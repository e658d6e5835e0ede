"""A columnar copy of the current spend lines on local disk, so a new server's first page skips SQL.

Reading a national store's 100,000 lines back through SQL takes about a
second, half of a new server's first page. The same lines in an Arrow file
take a few milliseconds. The file is a cache, never the record: it is named
after the store's version (store.audit.version_in), which every write
changes, and it is written from one transaction that read the version and
the lines together, so it can only ever hold what the store held at that
version. Anything wrong with it (missing, unreadable, of another shape)
means the lines are read from the store again and the file rewritten.

Nor is a file believed for being there: its sha256 is recorded in the store
(snapshot_checksums) when it is written, and it is opened only if it is a
regular file (never a FIFO, which would hang the read, nor a symlink or a
folder) and its bytes hash to that record. The bytes are read once, hashed
and parsed from memory, so the file cannot change between the check and the
read. A file edited by hand (amounts multiplied by ten) is rebuilt.

Where it lives: beside a SQLite file (`<file>.snapshots/`), or, for
PostgreSQL, in a folder of the system's temporary directory that only this
user may write to. SPEND_SNAPSHOT_DIR names another folder; SPEND_SNAPSHOT_DIR=off
turns snapshots off.
"""
from __future__ import annotations

import hashlib
import logging
import os
import socket
import stat
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from store.audit import version_in
from store.engine import write_transaction
from store.errors import StoreError
from store.models import SnapshotChecksum, utc_now
from store.spend import SPEND_COLUMNS, read_current_spend

log = logging.getLogger(__name__)

# Every flag that keeps open() from following a symlink or waiting on a FIFO, where the system has it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

# Raised when the frame's shape or encoding changes, so older files are ignored.
SNAPSHOT_FORMAT = 1
SNAPSHOT_SUFFIX = ".arrow"
_VERSION_KEY = b"store_version"
EMPTY_STORE_VERSION = "0-0-"


def current_spend_lines(engine: Engine) -> pd.DataFrame:
    """store.load_spend(engine, current_only=True, text_as_category=True), from the snapshot when one is current."""
    folder = snapshot_folder(engine)
    if folder is None or not _is_ours(folder):
        return read_current_spend(engine)[1]
    with engine.connect() as connection:
        version = version_in(connection)
        recorded = _recorded_checksum(connection, _location(folder, engine))
    if version.startswith(EMPTY_STORE_VERSION):
        # Nothing was ever written through the store: nothing worth a file, and
        # no version that would change if something were written around it.
        return read_current_spend(engine)[1]
    path = folder / _file_name(engine, version)
    if recorded is not None and recorded.file_name == path.name:
        cached = _read(path, version, recorded.sha256)
        if cached is not None:
            return cached
    version, lines = read_current_spend(engine)
    _write(folder, engine, version, lines)
    return lines


def snapshot_folder(engine: Engine) -> Path | None:
    """Where this store's snapshots go, or None when they are off or have nowhere safe to go."""
    chosen = os.environ.get("SPEND_SNAPSHOT_DIR", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite":
        if not database or database == ":memory:" or database.startswith("file:"):
            return None  # a memory database is another database on each connection
        return Path(database).with_name(Path(database).name + ".snapshots")
    return Path(tempfile.gettempdir()) / f"victims-spend-snapshots-{os.getuid()}"


def _file_name(engine: Engine, version: str) -> str:
    return f"{_store_prefix(engine)}{version}{SNAPSHOT_SUFFIX}"


def _store_prefix(engine: Engine) -> str:
    # The URL without its password, the frame's columns and the format all
    # go into the name: a file can only match the store and code that made it.
    store_id = engine.url.render_as_string(hide_password=True)
    digest = hashlib.sha256(
        "\n".join([store_id, str(SNAPSHOT_FORMAT), *SPEND_COLUMNS]).encode("utf-8")
    ).hexdigest()[:16]
    return f"spend-{digest}-"


def _read(path: Path, version: str, sha256: str | None = None) -> pd.DataFrame | None:
    """The file's lines if it is a regular file of this store version whose bytes hash to `sha256`; else None.

    current_spend_lines always gives the checksum the store recorded; without
    one only the version stamp inside the file is checked.
    """
    try:
        data = _regular_file_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("Ignoring the spend snapshot %s, which could not be read: %s", path, error)
        return None
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        log.warning("Ignoring the spend snapshot %s, which could not be read as written: its bytes "
                    "are not the ones the store recorded (sha256 differs)", path)
        return None
    try:
        table = feather.read_table(pa.BufferReader(data))
    except (OSError, pa.ArrowException) as error:
        log.warning("Ignoring the spend snapshot %s, which could not be read: %s", path, error)
        return None
    if (table.schema.metadata or {}).get(_VERSION_KEY) != version.encode() or table.column_names != SPEND_COLUMNS:
        log.warning("Ignoring the spend snapshot %s: it is not of store version %s", path, version)
        return None
    return table.to_pandas()


def _regular_file_bytes(path: Path) -> bytes:
    """The whole file, read only if it is a regular file; OSError for a FIFO, a symlink, a folder or a device."""
    before = os.lstat(path)
    if not stat.S_ISREG(before.st_mode):
        raise OSError(f"not a regular file (mode {stat.filemode(before.st_mode)})")
    descriptor = os.open(path, _OPEN_FLAGS)
    with open(descriptor, "rb", closefd=True) as opened:
        now = os.fstat(opened.fileno())
        # Swapped for something else between the look and the open.
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise OSError("the file changed while it was being opened")
        return opened.read()


def _location(folder: Path, engine: Engine) -> str:
    # Each server keeps its own folder, so each has its own record; the store's
    # prefix tells two stores sharing one folder apart.
    return f"{socket.gethostname()}:{folder.resolve()}:{_store_prefix(engine)}"[:1000]


def _recorded_checksum(connection: Connection, location: str):
    try:
        return connection.execute(
            select(SnapshotChecksum.file_name, SnapshotChecksum.sha256)
            .where(SnapshotChecksum.location == location)
        ).one_or_none()
    except (SQLAlchemyError, StoreError) as error:
        log.warning("Could not read the spend snapshot's checksum, so it is not used: %s", error)
        return None


def _record_checksum(engine: Engine, location: str, file_name: str, sha256: str) -> None:
    values = {"location": location, "file_name": file_name, "sha256": sha256, "written_at": utc_now()}
    dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(engine.dialect.name)
    with write_transaction(engine) as connection:
        if dialect is None:  # a database we have not met: no upsert, but one transaction
            connection.execute(delete(SnapshotChecksum).where(SnapshotChecksum.location == location))
            connection.execute(insert(SnapshotChecksum).values(**values))
            return
        # An upsert, so two processes writing the same snapshot at once both succeed.
        statement = dialect.insert(SnapshotChecksum).values(**values)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[SnapshotChecksum.location],
            set_={name: statement.excluded[name] for name in ("file_name", "sha256", "written_at")},
        ))


def _write(folder: Path, engine: Engine, version: str, lines: pd.DataFrame) -> None:
    """Record the file's checksum, write it atomically (a reader sees all of it or none), then drop older files."""
    path = folder / _file_name(engine, version)
    try:
        _make_private_folder(folder)
        table = pa.Table.from_pandas(lines, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), _VERSION_KEY: version.encode()})
        sink = pa.BufferOutputStream()
        feather.write_feather(table, sink, compression="uncompressed")
        data = sink.getvalue().to_pybytes()
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=SNAPSHOT_SUFFIX)
        try:
            with open(handle, "wb", closefd=True) as written:
                written.write(data)
            _record_checksum(engine, _location(folder, engine), path.name, hashlib.sha256(data).hexdigest())
            # Replaces whatever has the name, a FIFO or symlink included (a folder cannot be).
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pa.ArrowException, SQLAlchemyError, StoreError) as error:
        # The page still has its lines; only the next new server is slower.
        log.warning("Could not write the spend snapshot %s: %s", path, error)
        return
    for older in folder.glob(f"{_store_prefix(engine)}*{SNAPSHOT_SUFFIX}"):
        if older != path:
            try:
                older.unlink(missing_ok=True)
            except OSError as error:  # a folder of that name, say: harmless, never read
                log.warning("Could not remove the old spend snapshot %s: %s", older, error)


def _make_private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _is_ours(folder):
        raise PermissionError(f"{folder} belongs to another user")


def _is_ours(folder: Path) -> bool:
    """False for another user's folder (in a shared temporary directory its files could say anything)."""
    try:
        return folder.stat().st_uid == os.getuid()
    except FileNotFoundError:
        return True
    except OSError:
        return False
