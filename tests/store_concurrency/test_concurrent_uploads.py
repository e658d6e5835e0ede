"""Two members of staff uploading at the same moment, each 20 files, into SQLite and PostgreSQL: nothing is lost.

Each worker is a separate process (as two Streamlit servers behind a load
balancer would be) running the real upload path: preview_upload on the file's
bytes, then commit_upload. At the end both try the very same file: exactly
one stores it and the other is told which dataset already holds it.
"""
from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import store
from store.engine import database_url
from store.models import Base
from tests.postgres_server import postgres_url
from tests.together import run_together, wait_together

UPLOADS_PER_WORKER = 20
WORKERS = ("j.okafor@leics.pcc.police.uk", "m.hale@leics.pcc.police.uk")
CONCURRENCY_DATABASE = "victims_concurrency_test"


def framework_copy(title: str) -> bytes:
    """Leicestershire's Appendix A as published, under its own title row (so each file's bytes differ)."""
    from tests.uploads.helpers import appendix_rows

    rows = appendix_rows()
    rows[0] = [title] + rows[0][1:]
    book = openpyxl.Workbook()
    book.active.title = "Appendix A"
    for row in rows:
        book.active.append([None if value == "" else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload_files(url: str, worker: str, shared: bytes, start_together, outcomes) -> None:
    # Runs in a child process with its own engine, as a second server would.
    from store import DuplicateFileError, make_engine
    from uploads import commit_upload, preview_upload

    engine = make_engine(url)
    files = [(f"{worker.split('@')[0]}_{n:02d}.xlsx", framework_copy(f"Appendix A, copy {n} for {worker}"))
             for n in range(UPLOADS_PER_WORKER)]
    wait_together(start_together)
    stored = 0
    for file_name, data in files:
        preview = preview_upload(data, file_name, area="Leicestershire")
        commit_upload(engine, preview, uploaded_by=worker, name=f"{worker}: {file_name}")
        stored += 1
    try:
        commit_upload(engine, preview_upload(shared, "shared.xlsx", area="Leicestershire"),
                      uploaded_by=worker, name=f"shared copy by {worker}")
        outcomes.put((worker, stored, "stored shared"))
    except DuplicateFileError as refused:
        outcomes.put((worker, stored, f"refused: {refused}"))
    engine.dispose()


def fresh_postgres_store(url: str) -> str:
    """A database of its own on the server, emptied: other test modules use the main test database."""
    target = make_url(database_url(url)).set(database=CONCURRENCY_DATABASE)
    maintenance = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": CONCURRENCY_DATABASE}).first()
            if exists is None:
                connection.execute(text(f'CREATE DATABASE "{CONCURRENCY_DATABASE}"'))
    finally:
        maintenance.dispose()
    engine = store.make_engine(target.render_as_string(hide_password=False))
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
    return target.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'victims_spend.sqlite'}"
        store.make_engine(url).dispose()
        return url
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set TEST_DATABASE_URL or run scripts/start_test_postgres.sh")
    try:
        return fresh_postgres_store(url)
    except Exception as error:  # noqa: BLE001 - any failure to reach it means skip (a failure in CI)
        pytest.skip(f"PostgreSQL at {url} is not usable: {error}")


def test_two_processes_uploading_twenty_files_each_lose_nothing(store_url):
    # Made once here: openpyxl stamps each file with the time it was saved, so
    # two workers building "the same" file a second apart would hash differently.
    shared = framework_copy("Appendix A, the copy both people upload")
    exit_codes, results = run_together(upload_files, [(store_url, worker, shared) for worker in WORKERS],
                                       timeout=300, collect=len(WORKERS))
    results.sort()
    assert exit_codes == [0, 0]

    engine = store.make_engine(store_url)
    try:
        listing = store.list_datasets(engine)
        per_person = listing["uploaded_by"].value_counts().to_dict()
        # 20 each, plus the shared file once, by whichever of the two got there first.
        assert sorted(per_person.values()) == [UPLOADS_PER_WORKER, UPLOADS_PER_WORKER + 1]
        assert [stored for _, stored, _ in results] == [UPLOADS_PER_WORKER, UPLOADS_PER_WORKER]
        outcomes_text = [outcome for _, _, outcome in results]
        assert sorted(o.split(":")[0] for o in outcomes_text) == ["refused", "stored shared"]
        refusal = next(o for o in outcomes_text if o.startswith("refused"))
        assert "This file is already stored as dataset 'shared copy by" in refusal

        # Every line of every file, and each file's three Grand Totals, are there exactly once.
        spend = store.load_spend(engine)
        uploads = len(WORKERS) * UPLOADS_PER_WORKER + 1
        assert len(spend) == uploads * 121
        assert spend.groupby("dataset_id")["source_row"].size().eq(121).all()
        declared = store.load_declared_totals(engine)
        grand = declared[declared["kind"] == "grand_total"]
        assert len(grand) == uploads * 3
        assert round(spend["amount_gbp"].sum(), 2) == round(grand["declared_gbp"].sum(), 2)
        assert len(store.audit_log(engine)) == uploads
    finally:
        engine.dispose()
