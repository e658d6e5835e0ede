"""Faults an operator must put right come out as one StoreFault saying what to do, never a driver's traceback."""
from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest

import store.engine
from store import load_declared_totals, load_spend, make_engine
from store.engine import operator_faults
from store.faults import StoreFault
from tests.postgres_server import postgres_url
from tests.store.store_testdata import store_framework


@pytest.fixture
def silent_port():
    """A loopback port that takes the TCP connection and then never says a word, as a hung host does."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


@pytest.fixture
def closed_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_a_postgresql_host_that_never_answers_gives_a_clear_fault_within_10_seconds(silent_port):
    started = time.monotonic()

    with pytest.raises(StoreFault) as fault:
        make_engine(f"postgresql://victims:secret@127.0.0.1:{silent_port}/victims")

    assert time.monotonic() - started < 10
    assert fault.value.code == "database_unreachable"
    assert f"127.0.0.1:{silent_port}" in str(fault.value) and "DATABASE_URL" in str(fault.value)
    assert "secret" not in str(fault.value)


def test_a_closed_postgresql_port_gives_the_same_fault_at_once(closed_port):
    started = time.monotonic()

    with pytest.raises(StoreFault) as fault:
        make_engine(f"postgresql://victims@127.0.0.1:{closed_port}/victims")

    assert time.monotonic() - started < 10
    assert fault.value.code == "database_unreachable"


def test_postgresql_connections_carry_a_connect_and_a_statement_timeout(monkeypatch):
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL: set TEST_DATABASE_URL or run scripts/start_test_postgres.sh")
    monkeypatch.setenv("STORE_STATEMENT_TIMEOUT_S", "0.5")
    engine = store.engine.open_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "500ms"
            started = time.monotonic()
            with pytest.raises(StoreFault) as fault:
                connection.exec_driver_sql("SELECT pg_sleep(5)")
        assert time.monotonic() - started < 3
        assert fault.value.code == "statement_timeout"
        assert "0.5 s" in str(fault.value)
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_store(tmp_path):
    database = tmp_path / "data" / "victims_spend.sqlite"
    engine = make_engine(f"sqlite:///{database}")
    store_framework(engine)
    yield engine, database
    engine.dispose()


def test_a_missing_table_names_the_table_and_what_to_do(sqlite_store):
    engine, database = sqlite_store
    raw = sqlite3.connect(database)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("DROP TABLE spend_lines")
    raw.commit()
    raw.close()

    # store.spend reads through the driver's own cursor; operator_faults is how ui.data_access reads.
    with pytest.raises(StoreFault) as fault, operator_faults(engine):
        load_spend(engine)

    assert fault.value.code == "table_missing"
    assert str(fault.value) == (
        f"The store's table 'spend_lines' is missing from {database}: restore the latest backup "
        "(make restore FILE=backups/...), or set DATABASE_URL to the store's own database"
    )


def test_a_missing_table_on_postgresql_too(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("the SQLite case has its own test")
    store_framework(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE declared_totals")

    with pytest.raises(StoreFault) as fault, operator_faults(engine):
        load_declared_totals(engine)

    assert fault.value.code == "table_missing" and "'declared_totals'" in str(fault.value)


def test_a_database_locked_by_another_program_says_so(sqlite_store, monkeypatch):
    engine, database = sqlite_store
    engine.dispose()
    monkeypatch.setattr(store.engine, "SQLITE_BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # as a database browser holding a write does
    try:
        locked = make_engine(f"sqlite:///{database}")
        with pytest.raises(StoreFault) as fault:
            store_framework(locked, original_bytes=b"another file", name="Another")
        locked.dispose()
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert fault.value.code == "database_locked"
    assert f"{database} has been locked by another program" in str(fault.value)
    assert "reload the page" in str(fault.value)


def _in_child_as_nobody(run) -> tuple[str, str]:
    """run() in a forked child that has given up root, as a dashboard's own user would run: (code, message)."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's outcome is read through the pipe
        os.close(reader)
        try:
            os.setgid(65534)
            os.setuid(65534)
            run()
            outcome = "none\nno fault"
        except StoreFault as fault:
            outcome = f"{fault.code}\n{fault}"
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            outcome = f"other\n{type(error).__name__}: {error}"
        os.write(writer, outcome.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        received = pipe.read().decode()
    os.waitpid(child, 0)
    code, message = received.split("\n", 1)
    return code, message


@pytest.fixture
def store_others_can_reach():
    """A store in a folder any user may pass through: pytest's own temporary folders are root's alone."""
    top = Path(tempfile.mkdtemp(prefix="victims-read-only-"))
    top.chmod(0o755)
    database = top / "data" / "victims_spend.sqlite"
    engine = make_engine(f"sqlite:///{database}")
    store_framework(engine)
    engine.dispose()
    yield database
    database.parent.chmod(0o755)
    shutil.rmtree(top)


def test_a_read_only_data_directory_says_which_and_what_to_do(store_others_can_reach):
    database = store_others_can_reach
    folder = database.parent
    for path in (folder, *folder.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    folder.chmod(0o555)
    if os.geteuid() == 0:
        # Root may write anywhere; the dashboard's own user may not.
        code, message = _in_child_as_nobody(lambda: make_engine(f"sqlite:///{database}"))
    else:
        with pytest.raises(StoreFault) as fault:
            make_engine(f"sqlite:///{database}")
        code, message = fault.value.code, str(fault.value)

    assert code == "data_folder_read_only"
    assert message == (f"The data directory {folder} is read-only: make it writable by the dashboard's user, "
                       "or set DATABASE_URL to another database")


def test_options_in_the_url_are_kept_beside_the_statement_timeout(monkeypatch):
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL: set TEST_DATABASE_URL or run scripts/start_test_postgres.sh")
    monkeypatch.setenv("STORE_STATEMENT_TIMEOUT_S", "12")
    separator = "&" if "?" in url else "?"
    engine = store.engine.open_engine(f"{url}{separator}options=-c%20lock_timeout%3D4000")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == "4s"
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "12s"
    finally:
        engine.dispose()
