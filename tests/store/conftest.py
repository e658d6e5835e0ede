"""A fresh store per test: on SQLite always, on PostgreSQL when one is reachable."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store import make_engine
from store.engine import database_url
from store.models import Base
from tests.postgres_server import postgres_url


def _ensure_postgres_database(url: str) -> None:
    target = make_url(database_url(url))
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


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        store_engine = make_engine(f"sqlite:///{tmp_path / 'victims_spend.sqlite'}")
    else:
        url = postgres_url()
        if url is None:
            pytest.skip("no PostgreSQL: set TEST_DATABASE_URL or run scripts/start_test_postgres.sh")
        try:
            _ensure_postgres_database(url)
            store_engine = make_engine(url)
        except Exception as error:  # noqa: BLE001 - any failure to reach it means skip
            pytest.skip(f"PostgreSQL at {url} is not usable: {error}")
        Base.metadata.drop_all(store_engine)
        Base.metadata.create_all(store_engine)
    yield store_engine
    store_engine.dispose()
