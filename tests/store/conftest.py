"""A fresh store per test: on SQLite always, on PostgreSQL when one is reachable.

Both are built the way a real store is, by make_engine running the migrations.
"""
from __future__ import annotations

import pytest

from store import make_engine
from tests.postgres_server import postgres_url
from tests.store.postgres_databases import empty_database, ensure_database


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        store_engine = make_engine(f"sqlite:///{tmp_path / 'victims_spend.sqlite'}")
    else:
        url = postgres_url()
        if url is None:
            pytest.skip("no PostgreSQL: set TEST_DATABASE_URL or run scripts/start_test_postgres.sh")
        try:
            url = ensure_database(url)
            empty_database(url)
            store_engine = make_engine(url)
        except Exception as error:  # noqa: BLE001 - any failure to reach it means skip
            pytest.skip(f"PostgreSQL at {url} is not usable: {error}")
    yield store_engine
    store_engine.dispose()
