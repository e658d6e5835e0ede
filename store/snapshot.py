"""A columnar copy of the current spend lines on local disk, so a new server's first page skips SQL.

Reading a national store's 100,000 lines back through SQL takes about a
second, half of a new server's first page. The same lines in an Arrow file
take a few milliseconds. The file is a cache, never the record: it is named
after the store's version (store.audit.version_in), which every write
changes, and it is written from one transaction that read the version and
the lines together, so it can only ever hold what the store held at that
version. Anything wrong with it (missing, unreadable, of another shape)
means the lines are read from the store again and the file rewritten.

Where it lives: beside a SQLite file (`<file>.snapshots/`), or, for
PostgreSQL, in a folder of the system's temporary directory that only this
user may write to. SPEND_SNAPSHOT_DIR names another folder; SPEND_SNAPSHOT_DIR=off
turns snapshots off.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
from sqlalchemy import Engine

from store.audit import version_in
from store.spend import SPEND_COLUMNS, read_current_spend

log = logging.getLogger(__name__)

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
    if version.startswith(EMPTY_STORE_VERSION):
        # Nothing was ever written through the store: nothing worth a file, and
        # no version that would change if something were written around it.
        return read_current_spend(engine)[1]
    path = folder / _file_name(engine, version)
    cached = _read(path, version)
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


def _read(path: Path, version: str) -> pd.DataFrame | None:
    try:
        table = feather.read_table(path, memory_map=True)
    except FileNotFoundError:
        return None
    except (OSError, pa.ArrowException) as error:
        log.warning("Ignoring the spend snapshot %s, which could not be read: %s", path, error)
        return None
    if (table.schema.metadata or {}).get(_VERSION_KEY) != version.encode() or table.column_names != SPEND_COLUMNS:
        log.warning("Ignoring the spend snapshot %s: it is not of store version %s", path, version)
        return None
    return table.to_pandas()


def _write(folder: Path, engine: Engine, version: str, lines: pd.DataFrame) -> None:
    """Write atomically (a reader sees the whole file or none), then drop this store's older files."""
    path = folder / _file_name(engine, version)
    try:
        _make_private_folder(folder)
        table = pa.Table.from_pandas(lines, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), _VERSION_KEY: version.encode()})
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=SNAPSHOT_SUFFIX)
        os.close(handle)
        try:
            feather.write_feather(table, temporary, compression="uncompressed")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pa.ArrowException) as error:
        # The page still has its lines; only the next new server is slower.
        log.warning("Could not write the spend snapshot %s: %s", path, error)
        return
    for older in folder.glob(f"{_store_prefix(engine)}*{SNAPSHOT_SUFFIX}"):
        if older != path:
            older.unlink(missing_ok=True)


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
