"""The audit log only grows: the database itself refuses to change or remove an entry."""
from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from store import audit_log, delete_dataset, restore_dataset, store_version
from store_testdata import store_framework

ATTEMPTS = {
    "update": "UPDATE audit_log SET detail = 'nothing happened', \"user\" = 'nobody'",
    "delete one": "DELETE FROM audit_log WHERE action = 'delete'",
    "delete all": "DELETE FROM audit_log",
}


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_an_entry_cannot_be_changed_or_removed_through_sql(engine, attempt):
    first = store_framework(engine, user="alice")
    delete_dataset(engine, first, user="carol")
    restore_dataset(engine, first, user="carol")
    before, version = audit_log(engine), store_version(engine)
    assert before["action"].tolist() == ["restore", "delete", "store"]

    with pytest.raises(DBAPIError, match=r"audit_log is append-only: (UPDATE|DELETE) is refused"):
        with engine.begin() as connection:
            connection.execute(text(ATTEMPTS[attempt]))

    pd.testing.assert_frame_equal(audit_log(engine), before, check_exact=True)
    assert store_version(engine) == version


def test_postgresql_refuses_truncate_too(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE FROM is refused above")
    store_framework(engine, user="alice")
    before = audit_log(engine)

    with pytest.raises(DBAPIError, match="audit_log is append-only: TRUNCATE is refused"):
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_log"))

    pd.testing.assert_frame_equal(audit_log(engine), before, check_exact=True)


def test_new_entries_are_still_written(engine):
    first = store_framework(engine, user="alice")
    delete_dataset(engine, first, user="carol")

    entries = audit_log(engine)
    assert entries[["user", "action", "dataset_id"]].values.tolist() == [["carol", "delete", first],
                                                                         ["alice", "store", first]]
