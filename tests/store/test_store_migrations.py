"""The schema comes from Alembic revisions: new stores are built by them, old ones adopted.

Pre-migration stores are built here from the DDL the old create_all printed
(legacy_schema_*.sql beside this file) and filled with the real Leicestershire
figures, the way the old save_dataset stored them.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, event, func, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

import store
from store import latest_layout, make_engine, replace_dataset
from store.engine import open_engine
from store.errors import StoreError
from store.migrate import (
    BASELINE_REVISION,
    HEAD_REVISION,
    VERSION_TABLE,
    alembic_config,
    current_revisions,
    downgrade,
    upgrade,
)
from store.models import Base, Dataset
from store_testdata import (
    SHEET,
    SOURCE_FILE,
    declared_totals,
    engine_url,
    row_counts,
    seed_bytes,
    store_framework,
    tidy_lines,
)
from tests.postgres_server import postgres_url
from tests.together import run_together, wait_together
from tests.store.postgres_databases import empty_database, ensure_database

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
MIGRATION_DATABASE = "victims_test_migrations"
# The tables the old create_all made; revision 0004 added sign_in_attempts, 0005 snapshot_checksums, 0007 upload_drafts.
LEGACY_TABLES = {"datasets", "spend_lines", "declared_totals", "provider_aliases", "audit_log", "scenarios"}
STORE_TABLES = LEGACY_TABLES | {"sign_in_attempts", "snapshot_checksums", "upload_drafts", "scenario_versions"}

# A Layout as the loader writes it for Appendix A; to the store it is any JSON object.
APPENDIX_A_LAYOUT = {
    "sheet": SHEET,
    "header_rows": [4],
    "columns": [
        {"index": 0, "header": "Strategic area", "role": "strategic_area"},
        {"index": 1, "header": "Service", "role": "service"},
        {"index": 2, "header": "Provider", "role": "provider"},
        {"index": 3, "header": "Provision", "role": "provision"},
        {"index": 4, "header": "Commissioning type", "role": "commissioning_type"},
        {"index": 5, "header": "Funding partners", "role": "funding_partners"},
        {"index": 6, "header": "Geography", "role": "geography"},
        {"index": 7, "header": "2018/19 £", "role": "amount", "financial_year": "2018/19"},
        {"index": 8, "header": "2019/20 £", "role": "amount", "financial_year": "2019/20"},
        {"index": 9, "header": "2020/21 £", "role": "amount", "financial_year": "2020/21"},
    ],
    "year_source": "column_headers",
    "unit": "GBP",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    """The URL of a database with nothing in it: a new SQLite file, or an emptied PostgreSQL one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'victims_spend.sqlite'}"
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL: set TEST_DATABASE_URL or run scripts/start_test_postgres.sh")
    try:
        url = ensure_database(url, MIGRATION_DATABASE)
        empty_database(url)
    except Exception as error:  # noqa: BLE001 - any failure to reach it means skip (a failure in CI)
        pytest.skip(f"PostgreSQL at {url} is not usable: {error}")
    return url


@pytest.fixture
def opened():
    """Opens engines on a URL without migrating, and disposes of them after the test."""
    engines = []

    def open_(url: str):
        engines.append(open_engine(url))
        return engines[-1]

    yield open_
    for engine in engines:
        engine.dispose()


def build_legacy_store(engine, *, without: tuple[str, ...] = ()) -> dict[str, int]:
    """The pre-migration schema with one real dataset in it, stored as the old code stored it."""
    ddl = (HERE / f"legacy_schema_{engine.dialect.name}.sql").read_text()
    ddl = "\n".join(line for line in ddl.splitlines() if not line.startswith("--"))
    statements = [statement.strip() for statement in ddl.split(";") if statement.strip()]
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
        for table in without:
            connection.exec_driver_sql(f"DROP TABLE {table}")
    tables = MetaData()
    tables.reflect(engine)
    lines, totals = tidy_lines(), declared_totals()
    datasets = tables.tables["datasets"]
    with engine.begin() as connection:
        dataset_id = connection.execute(datasets.insert().values(
            name="Leicestershire commissioning framework 2018-21", area="Leicestershire",
            kind="framework", financial_years="2018/19, 2019/20, 2020/21",
            uploaded_at=datetime(2020, 11, 5, 9, 30, tzinfo=timezone.utc), uploaded_by="alice",
            original_filename=SOURCE_FILE, sha256="0" * 64, original_bytes=seed_bytes(),
            row_count=len(lines), total_gbp=round(float(lines["amount_gbp"].sum()), 2),
            citation="Leicestershire OPCC decision EXE0003/20, revised Appendix A",
            sheet=SHEET, header_row=4, version=1, is_current=True,
        )).inserted_primary_key[0]
        connection.execute(datasets.update().values(lineage_id=dataset_id))
        connection.execute(tables.tables["spend_lines"].insert(),
                           lines.assign(dataset_id=dataset_id).to_dict("records"))
        connection.execute(tables.tables["declared_totals"].insert(), [
            {key: (None if value != value else value) for key, value in row.items()}  # NaN -> NULL
            for row in totals.assign(dataset_id=dataset_id).to_dict("records")
        ])
        connection.execute(tables.tables["audit_log"].insert().values(
            at=datetime(2020, 11, 5, 9, 30, tzinfo=timezone.utc), user="alice", action="store",
            dataset_id=dataset_id, detail="Stored 'Leicestershire commissioning framework 2018-21'",
        ))
    return row_counts(engine)


def datasets_columns(engine) -> dict[str, dict]:
    return {column["name"]: column for column in inspect(engine).get_columns("datasets")}


def schema_of(engine) -> dict:
    """Everything the database says about the store's tables, in a form two databases can be compared by."""
    inspector = inspect(engine)
    schema = {}
    for table in sorted(set(inspector.get_table_names()) - {VERSION_TABLE}):
        schema[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"], c.get("default"))
                        for c in inspector.get_columns(table)],
            "primary_key": inspector.get_pk_constraint(table),
            "foreign_keys": sorted((fk["name"], tuple(fk["constrained_columns"]), fk["referred_table"],
                                    tuple(fk["referred_columns"]), tuple(sorted(fk["options"].items())))
                                   for fk in inspector.get_foreign_keys(table)),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in inspector.get_indexes(table)),
            "checks": sorted((c["name"], " ".join(c["sqltext"].split()))
                             for c in inspector.get_check_constraints(table)),
        }
    return schema


def spend_total(engine) -> float:
    with engine.connect() as connection:
        return round(connection.execute(text("SELECT SUM(amount_gbp) FROM spend_lines")).scalar_one(), 2)


# --- a new store --------------------------------------------------------------------------------

def test_a_new_database_is_built_by_the_migrations_up_to_head_with_layout_json(empty_url):
    engine = make_engine(empty_url)
    try:
        assert current_revisions(engine) == {HEAD_REVISION}
        assert set(inspect(engine).get_table_names()) == STORE_TABLES | {VERSION_TABLE}
        layout_column = datasets_columns(engine)["layout_json"]
        assert layout_column["nullable"] is True
        assert "TEXT" in str(layout_column["type"]).upper()
        assert store.is_empty(engine)
    finally:
        engine.dispose()


def test_the_models_and_the_migrated_schema_agree(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    assert differences == []


def test_revision_0001_builds_exactly_the_schema_the_old_create_all_made(empty_url, tmp_path, opened):
    legacy = opened(empty_url)
    build_legacy_store(legacy)
    legacy_schema = schema_of(legacy)
    # A second, empty database of the same kind, taken only to the baseline.
    if legacy.dialect.name == "sqlite":
        baseline_url = f"sqlite:///{tmp_path / 'baseline.sqlite'}"
    else:
        baseline_url = ensure_database(empty_url, MIGRATION_DATABASE + "_baseline")
        empty_database(baseline_url)
    baseline = opened(baseline_url)
    upgrade(baseline, BASELINE_REVISION)

    assert current_revisions(baseline) == {BASELINE_REVISION}
    assert set(legacy_schema) == LEGACY_TABLES
    assert schema_of(baseline) == legacy_schema


def test_head_revision_is_the_one_head_of_a_single_line_of_revisions():
    scripts = ScriptDirectory.from_config(alembic_config())
    revisions = list(scripts.walk_revisions())  # newest first

    assert scripts.get_heads() == [HEAD_REVISION], "set store.migrate.HEAD_REVISION to the newest revision"
    assert scripts.get_bases() == [BASELINE_REVISION]
    assert all(newer.down_revision == older.revision for newer, older in zip(revisions, revisions[1:]))


# --- an old store -------------------------------------------------------------------------------

def test_a_store_made_by_the_old_create_all_is_stamped_and_upgraded_with_its_rows_kept(empty_url, opened):
    before = build_legacy_store(opened(empty_url))
    assert before == {"datasets": 1, "spend_lines": 12, "declared_totals": 6, "audit_log": 1}

    engine = make_engine(empty_url)
    try:
        assert current_revisions(engine) == {HEAD_REVISION}
        assert row_counts(engine) == before
        assert spend_total(engine) == round(float(tidy_lines()["amount_gbp"].sum()), 2)
        assert "layout_json" in datasets_columns(engine)
        [old] = store.list_datasets(engine).itertuples()
        assert (old.area, old.version, old.is_current) == ("Leicestershire", 1, True)
        assert store.original_file(engine, old.id) == (SOURCE_FILE, seed_bytes())
        assert latest_layout(engine, "Leicestershire") is None

        # The adopted store takes new versions, each with its layout.
        newer = store_framework(engine, original_bytes=b"corrected Appendix A", replaces=old.id,
                                layout=APPENDIX_A_LAYOUT)
        assert latest_layout(engine, "Leicestershire") == APPENDIX_A_LAYOUT
        assert store.dataset_history(engine, old.id)["id"].tolist() == [old.id, newer]
    finally:
        engine.dispose()


def test_an_old_store_from_before_scenarios_gets_the_table_it_lacks(empty_url, opened):
    before = build_legacy_store(opened(empty_url), without=("scenarios",))

    engine = make_engine(empty_url)
    try:
        assert current_revisions(engine) == {HEAD_REVISION}
        assert set(inspect(engine).get_table_names()) == STORE_TABLES | {VERSION_TABLE}
        assert row_counts(engine) == before
        store.save_scenario(engine, name="Plan", author="alice", baseline={"financial_year": "2020/21"},
                            adjustments=[], notes="")
        assert len(store.list_scenarios(engine)) == 1
    finally:
        engine.dispose()


def test_a_migration_that_fails_part_way_leaves_the_store_as_it_was(empty_url, opened):
    legacy = opened(empty_url)
    before = build_legacy_store(legacy)
    # Someone added the column by hand: stamping works, then revision 0002 fails.
    with legacy.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE datasets ADD COLUMN layout_json TEXT")

    with pytest.raises(SQLAlchemyError, match="layout_json"):
        make_engine(empty_url)

    assert VERSION_TABLE not in inspect(legacy).get_table_names()
    assert row_counts(legacy) == before


# --- downgrade ----------------------------------------------------------------------------------

def test_downgrading_0002_removes_layout_json_and_keeps_every_row(empty_url):
    engine = make_engine(empty_url)
    try:
        store_framework(engine, layout=APPENDIX_A_LAYOUT)
        before, total = row_counts(engine), spend_total(engine)

        downgrade(engine, BASELINE_REVISION)

        assert current_revisions(engine) == {BASELINE_REVISION}
        assert "layout_json" not in datasets_columns(engine)
        assert row_counts(engine) == before
        assert spend_total(engine) == total
        # Dropped in place, not by rebuilding the table: the CHECK constraints are still there.
        checks = {c["name"] for c in inspect(engine).get_check_constraints("datasets")}
        assert checks == {"ck_datasets_kind", "ck_datasets_version"}

        engine.dispose()
        engine = make_engine(empty_url)  # back up on the next start
        assert current_revisions(engine) == {HEAD_REVISION}
        assert row_counts(engine) == before
        assert latest_layout(engine, "Leicestershire") is None  # the downgrade dropped it
    finally:
        engine.dispose()


def test_the_alembic_command_downgrades_and_upgrades_with_alembic_ini(tmp_path):
    url = f"sqlite:///{tmp_path / 'victims_spend.sqlite'}"
    engine = make_engine(url)
    store_framework(engine, layout=APPENDIX_A_LAYOUT)
    before = row_counts(engine)
    engine.dispose()
    alembic = [str(Path(sys.executable).with_name("alembic")), "-c", str(REPO_ROOT / "alembic.ini"),
               "-x", f"url={url}"]
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}

    def run(*arguments: str) -> str:
        done = subprocess.run([*alembic, *arguments], cwd=tmp_path, env=environment,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("downgrade", "0001")
    assert run("current").split() == ["0001"]
    engine = open_engine(url)
    try:
        assert "layout_json" not in datasets_columns(engine)
        assert row_counts(engine) == before
    finally:
        engine.dispose()
    run("upgrade", "head")
    assert run("current").split() == [HEAD_REVISION, "(head)"]


# --- on every start -----------------------------------------------------------------------------

def test_an_up_to_date_store_costs_one_query(engine):
    url = engine_url(engine)
    engine.dispose()
    again = open_engine(url)
    statements = []
    event.listen(again, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_rest: statements.append(statement))
    try:
        store.migrate.upgrade_to_head(again)
    finally:
        again.dispose()

    # (SQLite's BEGIN is how every transaction there starts; see store/engine.py.)
    assert [s for s in statements if s != "BEGIN"] == [f"SELECT version_num FROM {VERSION_TABLE}"]


def test_an_up_to_date_store_opens_without_loading_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'victims_spend.sqlite'}"
    make_engine(url).dispose()
    check = ("import sys, store; store.make_engine(sys.argv[1]).dispose(); "
             "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))")
    done = subprocess.run([sys.executable, "-c", check, url], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_store_at_a_revision_this_code_does_not_have_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'victims_spend.sqlite'}"
    make_engine(url).dispose()
    engine = open_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '0099'"))
    try:
        with pytest.raises(StoreError, match="migration 0099, which this version of the code does not have"):
            store.migrate.upgrade_to_head(engine)
        assert current_revisions(engine) == {"0099"}
    finally:
        engine.dispose()


def open_store_together(url: str, start_together, outcomes) -> None:
    # Runs in a child process: everything imported before the barrier, so the
    # processes reach make_engine within moments of each other.
    wait_together(start_together)
    try:
        engine = make_engine(url)
        outcomes.put(("ok", row_counts(engine)["datasets"]))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - reported to the test
        outcomes.put(("failed", repr(error)))


@pytest.mark.parametrize("state", ["new", "made by the old create_all"])
def test_processes_starting_together_all_find_the_store_migrated(empty_url, state, opened):
    if state != "new":
        build_legacy_store(opened(empty_url))
    processes = 3
    exit_codes, results = run_together(open_store_together, [(empty_url,)] * processes,
                                       timeout=120, collect=processes)

    expected_datasets = 0 if state == "new" else 1
    assert results == [("ok", expected_datasets)] * processes
    assert exit_codes == [0] * processes
    engine = opened(empty_url)
    with engine.connect() as connection:
        assert connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all() == [
            HEAD_REVISION]
    assert "layout_json" in datasets_columns(engine)


# --- layouts ------------------------------------------------------------------------------------

def test_a_layout_saved_with_a_dataset_comes_back_from_latest_layout(engine):
    store_framework(engine, layout=APPENDIX_A_LAYOUT)

    assert latest_layout(engine, "Leicestershire") == APPENDIX_A_LAYOUT
    assert latest_layout(engine, "  leicestershire ") == APPENDIX_A_LAYOUT
    assert latest_layout(engine, "LEICESTERSHIRE") == APPENDIX_A_LAYOUT
    assert latest_layout(engine, "Derbyshire") is None


def test_the_layout_is_kept_as_json_text(engine):
    dataset_id = store_framework(engine, layout=APPENDIX_A_LAYOUT)
    with engine.connect() as connection:
        stored = connection.execute(select(Dataset.layout_json).where(Dataset.id == dataset_id)).scalar_one()

    assert json.loads(stored) == APPENDIX_A_LAYOUT
    assert "2018/19 £" in stored  # written as it is, not as \\u escapes


def test_the_layout_may_be_given_as_json_text(engine):
    store_framework(engine, layout=json.dumps(APPENDIX_A_LAYOUT))

    assert latest_layout(engine, "Leicestershire") == APPENDIX_A_LAYOUT


def test_a_dataset_stored_without_a_layout_has_none(engine):
    store_framework(engine)

    assert latest_layout(engine, "Leicestershire") is None


def test_the_most_recent_current_dataset_of_the_area_gives_the_layout(engine):
    store_framework(engine, layout=APPENDIX_A_LAYOUT)
    emergent = {**APPENDIX_A_LAYOUT, "sheet": "Table 1", "header_rows": [2]}
    store_framework(engine, name="Leicestershire emergent issues 2020-21", original_bytes=b"EXE0003/20 Table 1",
                    area="leicestershire ", layout=emergent)

    assert latest_layout(engine, "Leicestershire") == emergent


def test_each_version_keeps_its_own_layout(engine):
    first = store_framework(engine, layout=APPENDIX_A_LAYOUT)
    corrected_layout = {**APPENDIX_A_LAYOUT, "header_rows": [4, 5]}
    second = replace_dataset(
        engine, first, tidy_lines(victim_first_2020_21=560_000), declared_totals(),
        name="Leicestershire commissioning framework 2018-21 (corrected)", area="Leicestershire",
        kind="framework", original_filename=SOURCE_FILE, original_bytes=b"corrected Appendix A",
        uploaded_by="bob", sheet=SHEET, header_row=5, layout=corrected_layout,
    )

    assert latest_layout(engine, "Leicestershire") == corrected_layout
    with engine.connect() as connection:
        stored = dict(connection.execute(select(Dataset.id, Dataset.layout_json)).all())
    assert json.loads(stored[first]) == APPENDIX_A_LAYOUT
    assert json.loads(stored[second]) == corrected_layout

    # Deleting the correction makes the first version current again, with its layout.
    store.delete_dataset(engine, second, user="bob")
    assert latest_layout(engine, "Leicestershire") == APPENDIX_A_LAYOUT


@pytest.mark.parametrize("layout, reason", [
    (["sheet", "Appendix A"], "must be a dict or JSON text"),
    ({"unit": "GBP", "scale": float("nan")}, "cannot be stored as JSON"),
    ({"read_at": datetime(2020, 11, 5)}, "cannot be stored as JSON"),
    ("[1, 2]", "must be a JSON object"),
    ("{sheet: Appendix A}", "not valid JSON"),
])
def test_a_layout_that_is_not_a_json_object_is_refused_and_nothing_stored(engine, layout, reason):
    with pytest.raises(StoreError, match=reason):
        store_framework(engine, layout=layout)

    assert row_counts(engine) == {"datasets": 0, "spend_lines": 0, "declared_totals": 0, "audit_log": 0}
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Dataset)).scalar_one() == 0


# --- revision 0005: soft delete, the append-only audit log, snapshot checksums ------------------

def table_rows(engine, table: str, skip: tuple[str, ...] = ()) -> list[tuple]:
    columns = [c["name"] for c in inspect(engine).get_columns(table) if c["name"] not in skip]
    quoted = ", ".join(f'"{column}"' for column in columns)
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(f"SELECT {quoted} FROM {table} ORDER BY id"))]


def test_a_store_at_0004_with_data_upgrades_to_0005_keeping_every_row(empty_url, opened):
    old = opened(empty_url)
    build_legacy_store(old)
    upgrade(old, "0004")
    # As the old hard delete left a dataset whose later versions were deleted: no current version.
    tables = MetaData()
    tables.reflect(old)
    lines = tidy_lines(victim_first_2020_21=560_000)
    with old.begin() as connection:
        orphan = connection.execute(tables.tables["datasets"].insert().values(
            name="Leicestershire framework, first of three versions", area="Leicestershire", kind="framework",
            financial_years="2018/19, 2019/20, 2020/21", uploaded_at=datetime(2021, 2, 1, tzinfo=timezone.utc),
            uploaded_by="bob", original_filename="framework_v1.xlsx", sha256="1" * 64,
            original_bytes=b"version 1", row_count=len(lines), total_gbp=round(float(lines["amount_gbp"].sum()), 2),
            version=1, is_current=False,
        )).inserted_primary_key[0]
        connection.execute(tables.tables["datasets"].update().where(tables.tables["datasets"].c.id == orphan)
                           .values(lineage_id=orphan))
        connection.execute(tables.tables["spend_lines"].insert(), lines.assign(dataset_id=orphan).to_dict("records"))
    before = row_counts(old)
    kept = {table: table_rows(old, table, skip=("is_current",) if table == "datasets" else ())
            for table in ("datasets", "spend_lines", "declared_totals", "audit_log", "provider_aliases")}

    engine = make_engine(empty_url)
    try:
        assert current_revisions(engine) == {HEAD_REVISION}
        assert row_counts(engine) == {**before, "audit_log": before["audit_log"] + 1}
        for table, rows in kept.items():
            now = table_rows(engine, table, skip=("is_current", "deleted_at", "deleted_by", "restored_from_id", "notes"))
            assert now[:len(rows)] == rows, table
        assert store.list_datasets(engine, current_only=True)["name"].tolist() == [
            "Leicestershire commissioning framework 2018-21", "Leicestershire framework, first of three versions"]
        repair = store.audit_log(engine).iloc[0]
        assert (repair["user"], repair["action"], repair["dataset_id"]) == ("migration 0005", "repair", orphan)
        assert store.list_deleted_datasets(engine).empty
        spend = store.load_spend(engine)
        assert spend.groupby("dataset_id")["amount_gbp"].sum().round(2).tolist() == [
            round(float(tidy_lines()["amount_gbp"].sum()), 2), round(float(lines["amount_gbp"].sum()), 2)]
        with pytest.raises(SQLAlchemyError, match="append-only"):
            with engine.begin() as connection:
                connection.execute(text("DELETE FROM audit_log"))
    finally:
        engine.dispose()


def test_downgrading_0005_removes_only_the_deleted_datasets_and_the_audit_guard(empty_url):
    engine = make_engine(empty_url)
    try:
        first = store_framework(engine)
        correction = store_framework(engine, original_bytes=b"a correction", replaces=first)
        other = store_framework(engine, name="Leicestershire emergent issues 2020-21", original_bytes=b"Table 1")
        store.delete_dataset(engine, correction, user="admin.one")
        store.delete_dataset(engine, other, user="admin.one")
        again = store_framework(engine, name="Leicestershire emergent issues 2020-21", original_bytes=b"Table 1")
        audit_entries = row_counts(engine)["audit_log"]

        downgrade(engine, "0004")

        assert current_revisions(engine) == {"0004"}
        assert {"deleted_at", "deleted_by"}.isdisjoint(datasets_columns(engine))
        assert "snapshot_checksums" not in inspect(engine).get_table_names()
        assert ("uq_datasets_sha256", ("sha256",)) in {
            (u["name"], tuple(u["column_names"])) for u in inspect(engine).get_unique_constraints("datasets")}
        with engine.connect() as connection:
            datasets = connection.execute(text("SELECT id, is_current FROM datasets ORDER BY id")).all()
            lines = connection.execute(text("SELECT dataset_id, COUNT(*) FROM spend_lines GROUP BY dataset_id "
                                            "ORDER BY dataset_id")).all()
        assert [tuple(row) for row in datasets] == [(first, True), (again, True)]
        assert [tuple(row) for row in lines] == [(first, len(tidy_lines())), (again, len(tidy_lines()))]
        assert row_counts(engine)["audit_log"] == audit_entries
        with engine.connect() as connection, connection.begin() as transaction:
            connection.execute(text("UPDATE audit_log SET detail = detail"))  # no trigger at 0004
            transaction.rollback()

        engine.dispose()
        engine = make_engine(empty_url)
        assert current_revisions(engine) == {HEAD_REVISION}
        assert store.list_datasets(engine)["id"].tolist() == [first, again]
    finally:
        engine.dispose()


def test_a_store_at_0008_upgrades_to_0009_each_scenario_a_draft_keeping_its_first_version(empty_url, opened):
    old = opened(empty_url)
    build_legacy_store(old)
    upgrade(old, "0008")
    tables = MetaData()
    tables.reflect(old)
    saved_at = datetime(2021, 3, 1, 9, 30, tzinfo=timezone.utc)
    baseline = {"dataset_id": 1, "dataset_name": "Leicestershire", "area": "Leicestershire", "financial_year": "2020/21"}
    with old.begin() as connection:
        scenario_id = connection.execute(tables.tables["scenarios"].insert().values(
            name="Victims -5%", author="alice@opcc.example", created_at=saved_at, updated_at=saved_at,
            baseline=json.dumps(baseline), adjustments="[]", notes="For the March panel",
        )).inserted_primary_key[0]

    engine = make_engine(empty_url)
    try:
        assert current_revisions(engine) == {HEAD_REVISION}
        # Nothing is published that its author did not publish.
        assert store.list_scenarios(engine, published_only=True).empty
        assert store.list_scenarios(engine)["status"].tolist() == ["draft"]
        versions = store.scenario_versions(engine, scenario_id)
        assert versions[["version", "saved_by", "name"]].values.tolist() == [[1, "alice@opcc.example", "Victims -5%"]]
        assert versions["saved_at"].iloc[0] == saved_at
        assert store.get_scenario_version(engine, scenario_id, 1)["baseline"] == baseline

        downgrade(engine, "0008")
        assert "scenario_versions" not in inspect(engine).get_table_names()
        assert {c["name"] for c in inspect(engine).get_columns("scenarios")} >= {"name", "author", "notes"}
        assert "status" not in {c["name"] for c in inspect(engine).get_columns("scenarios")}
        with engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM scenarios")).scalars().all() == ["Victims -5%"]
    finally:
        engine.dispose()
