"""Test databases on the PostgreSQL server: made if missing, emptied before use."""
from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store.engine import database_url
from store.migrate import VERSION_TABLE
from store.models import Base


def ensure_database(url: str, name: str | None = None) -> str:
    """The URL of database `name` (default: the one in `url`) on that server, created if missing."""
    target = make_url(database_url(url))
    if name is not None:
        target = target.set(database=name)
    maintenance = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            known = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if known is None:
                connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        maintenance.dispose()
    return target.render_as_string(hide_password=False)


def empty_database(url: str) -> None:
    """Drop the store's tables, alembic_version too, so the next make_engine starts from nothing."""
    names = ", ".join(f'"{name}"' for name in [*Base.metadata.tables, VERSION_TABLE])
    engine = create_engine(database_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP TABLE IF EXISTS {names} CASCADE"))
    finally:
        engine.dispose()
