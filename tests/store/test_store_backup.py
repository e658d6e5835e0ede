"""Backups: a store holding Leicestershire's real figures comes back row for row, and a wrong file changes nothing."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from store import delete_dataset, save_scenario, set_alias
from store.backup import backup, restore
from store.engine import REPO_ROOT
from store.errors import StoreError
from tests.store.store_testdata import engine_url, store_framework, tidy_lines

BASELINE = {"area": "Leicestershire", "financial_year": "2020/21"}


def every_row(engine) -> dict[str, list[tuple]]:
    """Each table's rows, in primary-key order (alembic_version by its one column)."""
    tables = {}
    with engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            key = inspect(connection).get_pk_constraint(table)["constrained_columns"] or \
                [column["name"] for column in inspect(connection).get_columns(table)]
            order = ", ".join(f'"{column}"' for column in key)
            tables[table] = [tuple(row) for row in connection.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}'))]
    return tables


def filled(engine) -> int:
    """The framework, a corrected second version of it (Victim First 2020/21 at £560,000), an alias and a scenario."""
    first = store_framework(engine)
    store_framework(engine, original_bytes=b"EXE0003/20 Appendix A, revised", replaces=first,
                    tidy=tidy_lines(victim_first_2020_21=560_000))
    set_alias(engine, "UAVA", "United Against Violence and Abuse (UAVA)", user="alice")
    save_scenario(engine, name="Victims uplift", author="alice", baseline=BASELINE,
                  adjustments=[{"kind": "grow_area", "strategic_area": "Victims", "percent": 5}])
    return first


def needs_pg_tools(engine) -> None:
    if engine.dialect.name == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")


def test_a_restored_backup_gives_back_every_table_row_for_row(engine, tmp_path):
    needs_pg_tools(engine)
    first = filled(engine)
    before = every_row(engine)
    assert len(before["spend_lines"]) == 2 * 12

    saved = backup(engine_url(engine), folder=tmp_path / "backups")
    delete_dataset(engine, first, user="bob")
    set_alias(engine, "Catch22", "Catch 22", user="bob")
    store_framework(engine, original_bytes=b"another file", name="Another")
    assert every_row(engine) != before

    restore(saved, engine_url(engine))

    engine.dispose()  # a pool opened before the restore may hold PostgreSQL's old table oids
    assert every_row(engine) == before


def test_a_backup_is_one_timestamped_file_in_the_folder(engine, tmp_path):
    needs_pg_tools(engine)
    filled(engine)

    saved = backup(engine_url(engine), folder=tmp_path / "backups")

    assert [path.name for path in (tmp_path / "backups").iterdir()] == [saved.name]
    assert saved.name.startswith("victims_spend-20")
    assert saved.read_bytes().startswith(b"SQLite format 3\x00" if engine.dialect.name == "sqlite" else b"PGDMP")


def not_a_backup(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.bak"
    if kind == "text":
        path.write_text("EXE0003/20 Appendix A\n", encoding="utf-8")
    elif kind == "other_sqlite":
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE contacts (name TEXT)")
        other.commit()
        other.close()
    elif kind == "truncated_sqlite":
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    elif kind == "fake_pg_dump":
        path.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 100)
    return path


@pytest.mark.parametrize("kind", ["text", "other_sqlite", "truncated_sqlite", "fake_pg_dump"])
def test_a_file_that_is_not_a_backup_is_refused_and_the_store_is_unchanged(engine, tmp_path, kind):
    needs_pg_tools(engine)
    filled(engine)
    before = every_row(engine)

    with pytest.raises(StoreError) as refusal:
        restore(not_a_backup(tmp_path, kind), engine_url(engine))

    message = str(refusal.value)
    assert "\n" not in message and f"{kind}.bak" in message
    assert every_row(engine) == before


def test_a_backup_of_the_other_kind_of_store_is_refused_by_name(engine, tmp_path):
    needs_pg_tools(engine)
    filled(engine)
    before = every_row(engine)
    wrong = tmp_path / "wrong.bak"
    wrong.write_bytes(b"PGDMP" + b"\x00" * 100 if engine.dialect.name == "sqlite" else b"SQLite format 3\x00" + b"\x00" * 100)

    with pytest.raises(StoreError, match="PostgreSQL backup" if engine.dialect.name == "sqlite" else "SQLite backup"):
        restore(wrong, engine_url(engine))

    assert every_row(engine) == before


def run_cli(*arguments: str, database: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run([sys.executable, "-m", "store.backup", *arguments], cwd=REPO_ROOT, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_command_line_prints_the_backup_last_and_restores_it(tmp_path):
    from store import make_engine

    database = tmp_path / "victims_spend.sqlite"
    engine = make_engine(f"sqlite:///{database}")
    try:
        first = filled(engine)
        before = every_row(engine)

        made = run_cli("backup", "--folder", str(tmp_path / "backups"), database=database)
        assert made.returncode == 0, made.stderr
        saved = Path(made.stdout.strip().splitlines()[-1])
        assert saved.parent == tmp_path / "backups" and saved.is_file()

        delete_dataset(engine, first, user="bob")
        refused = run_cli("restore", str(not_a_backup(tmp_path, "text")), database=database)
        assert refused.returncode == 2
        assert refused.stderr.strip().splitlines() == [
            f"error: {tmp_path / 'text.bak'} is not a backup of a SQLite store: it does not start with SQLite's header"
        ]

        restored = run_cli("restore", str(saved), database=database)
        assert restored.returncode == 0, restored.stderr
        assert every_row(engine) == before
    finally:
        engine.dispose()
