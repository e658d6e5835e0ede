"""A page on a store that cannot be used shows the store's sentence saying what to do, not a traceback."""
from __future__ import annotations

import socket
import sqlite3
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import make_engine
from tests.store.store_testdata import store_framework
from ui.plain_text import escape_markdown

OVERVIEW = str(Path(__file__).resolve().parents[2] / "pages" / "overview.py")


def run_overview() -> AppTest:
    return AppTest.from_file(OVERVIEW, default_timeout=60).run()


def test_a_dropped_table_is_named_on_the_page(tmp_path, monkeypatch):
    database = tmp_path / "victims_spend.sqlite"
    engine = make_engine(f"sqlite:///{database}")
    store_framework(engine)
    engine.dispose()
    raw = sqlite3.connect(database)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("DROP TABLE spend_lines")
    raw.commit()
    raw.close()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")

    at = run_overview()

    assert not at.exception
    assert [error.value for error in at.error] == [escape_markdown(
        f"The store's table 'spend_lines' is missing from {database}: restore the latest backup "
        "(make restore FILE=backups/...), or set DATABASE_URL to the store's own database"
    )]


def test_a_database_host_that_never_answers_is_a_sentence_on_the_page_within_10_seconds(monkeypatch):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgresql://victims:secret@127.0.0.1:{port}/victims")
    try:
        started = time.monotonic()
        at = run_overview()
        elapsed = time.monotonic() - started
    finally:
        listener.close()

    assert not at.exception
    assert elapsed < 10
    (shown,) = [error.value for error in at.error]
    assert shown.startswith(f"Cannot connect to the PostgreSQL database at 127.0.0.1:{port}")
    assert "DATABASE\\_URL is right" in shown and "secret" not in shown
