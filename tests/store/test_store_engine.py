"""Where the store lives and how SQLite is set up for several users at once."""
from __future__ import annotations

import pytest

from store import make_engine
from store.engine import DEFAULT_SQLITE_PATH, REPO_ROOT, database_url


def test_without_a_url_the_store_is_a_sqlite_file_in_the_repo_data_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert database_url() == f"sqlite:///{REPO_ROOT / 'data' / 'victims_spend.sqlite'}"
    assert DEFAULT_SQLITE_PATH.parent == REPO_ROOT / "data"


def test_database_url_in_the_environment_is_used(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db.internal:5432/victims")

    assert database_url() == "postgresql+psycopg://app:secret@db.internal:5432/victims"
    assert database_url("sqlite:////tmp/other.sqlite") == "sqlite:////tmp/other.sqlite"


@pytest.mark.parametrize(
    "given, used",
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_postgres_urls_are_given_the_psycopg_3_driver(given, used):
    assert database_url(given) == used


def test_every_sqlite_connection_gets_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'store.sqlite'}")
    try:
        with engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 30_000
    finally:
        engine.dispose()
