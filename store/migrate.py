"""Bring a database's schema to the one store/models.py describes, with Alembic.

The revisions are in store/migrations/versions; make_engine calls
upgrade_to_head on every start, which does one of:

- nothing, when the database is already at the newest revision: a single
  query, and Alembic is not even imported;
- builds a new, empty database by running every revision;
- adopts a store made before there were migrations (its tables were made by
  create_all, and it has no alembic_version table): completes any table its
  older code did not know, stamps it at the baseline revision, then upgrades;
- upgrades one at an older revision.

Every change runs in one transaction under a lock (engine.migration_transaction),
and the state is read again once the lock is held, so processes starting
together wait for the first and then find nothing left to do. Both databases
roll DDL back, so a migration that fails part way leaves the store as it was.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from store.engine import migration_transaction
from store.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BASELINE_REVISION = "0001"
# The newest revision. Kept here so a store already at it is recognised
# without loading Alembic and the revision files (about 0.15 s on a new
# server); tests/store/test_store_migrations.py checks it against them.
HEAD_REVISION = "0010"
VERSION_TABLE = "alembic_version"
# A table every store made by create_all has had since the first one.
_LEGACY_MARKER_TABLE = "datasets"


def upgrade_to_head(engine: Engine) -> None:
    """Migrate the database to the newest revision, unless it is there already."""
    if current_revisions(engine) == {HEAD_REVISION}:
        return
    with migration_transaction(engine) as connection:
        _upgrade_locked(connection)


def current_revisions(engine: Engine) -> set[str]:
    """The revisions the database says it is at; empty if it has no alembic_version table."""
    with engine.connect() as connection:
        try:
            rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
        except SQLAlchemyError:
            # No such table (a new or a pre-migration store); on PostgreSQL the
            # failed statement spoiled the transaction, which leaving rolls back.
            return set()
    return {row.version_num for row in rows}


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade (or adopt, then upgrade) to `revision`, under the migration lock."""
    with migration_transaction(engine) as connection:
        _upgrade_locked(connection, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo revisions down to `revision` ("base" removes every table), under the migration lock."""
    from alembic import command

    with migration_transaction(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration without an alembic.ini; env.py uses `connection` if given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _upgrade_locked(connection: Connection, revision: str = "head") -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(connection)
    scripts = ScriptDirectory.from_config(config)
    current = set(MigrationContext.configure(connection).get_current_heads())
    unknown = sorted(rev for rev in current if _known(scripts, rev) is None)
    if unknown:
        raise StoreError(
            f"The database is at migration {', '.join(unknown)}, which this version of the "
            "code does not have: it was upgraded by a newer version. Run that version, "
            "or downgrade the database with it first."
        )
    if not current and _LEGACY_MARKER_TABLE in inspect(connection).get_table_names():
        # Made by create_all before there were migrations.
        baseline = scripts.get_revision(BASELINE_REVISION).module
        baseline.create_missing_tables(connection)
        command.stamp(config, BASELINE_REVISION)
    command.upgrade(config, revision)


def _known(scripts, revision: str):
    from alembic.util import CommandError

    try:
        return scripts.get_revision(revision)
    except CommandError:
        return None
