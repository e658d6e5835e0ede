"""Next year's framework adds a year without losing one, and any earlier version can be made current again.

Leicestershire's Appendix A (2018/19–2020/21) is replaced by the same lines
moved on a year (2019/20–2021/22): 2018/19 stays unless staff choose to drop
it, each kept line still naming the file and row it was read from.
"""
from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

import store
from store import (
    DuplicateFileError,
    StoreError,
    audit_log,
    dataset_history,
    load_declared_totals,
    load_spend,
    restore_version,
)
from store.migrate import current_revisions, downgrade
from store_testdata import SOURCE_FILE, declared_totals, store_framework, tidy_lines

NEXT_FILE = "leicestershire_framework_2019-22.xlsx"
APPENDIX_2018_19 = 573_925 + 50_000 + 396_002  # the three Victims lines the test data holds for 2018/19


def moved_on_a_year(victim_first_2021_22: float = 575_000) -> pd.DataFrame:
    """2019/20 and 2020/21 as before, 2020/21's lines again for 2021/22 (Victim First's revised), no 2018/19."""
    lines = tidy_lines()
    lines = lines[lines["financial_year"] != "2018/19"]
    next_year = lines[lines["financial_year"] == "2020/21"].assign(financial_year="2021/22")
    next_year.loc[next_year["service"] == "Victim First", "amount_gbp"] = victim_first_2021_22
    moved = pd.concat([lines, next_year], ignore_index=True)
    return moved.assign(source_file=NEXT_FILE, source_sheet="Sheet1")


def next_year_totals() -> pd.DataFrame:
    totals = declared_totals()
    return totals[totals["financial_year"] != "2018/19"].assign(source_file=NEXT_FILE)


def replace_with_next_year(engine, first: int, keep_years=("2018/19",)) -> int:
    return store_framework(engine, tidy=moved_on_a_year(), declared_totals=next_year_totals(),
                           original_bytes=b"Appendix A moved on a year", original_filename=NEXT_FILE,
                           replaces=first, keep_years=keep_years, user="bob")


def test_next_years_framework_keeps_2018_19_with_its_own_source(engine):
    first = store_framework(engine)

    second = replace_with_next_year(engine, first)

    current = load_spend(engine)
    assert set(current["dataset_id"]) == {second}
    by_year = current.groupby("financial_year")["amount_gbp"].sum()
    assert by_year["2018/19"] == APPENDIX_2018_19
    assert sorted(by_year.index) == ["2018/19", "2019/20", "2020/21", "2021/22"]
    kept = current[current["financial_year"] == "2018/19"]
    assert set(kept["source_file"]) == {SOURCE_FILE} and set(kept["source_sheet"]) == {"Appendix A"}
    assert kept.loc[kept["service"] == "Victim First", "source_row"].tolist() == [6]
    assert set(current.loc[current["financial_year"] != "2018/19", "source_file"]) == {NEXT_FILE}
    # The kept year's printed totals come too, so its lines can still be checked against them.
    totals = load_declared_totals(engine)
    assert sorted(set(totals["financial_year"])) == ["2018/19", "2019/20", "2020/21"]
    listed = store.list_datasets(engine).set_index("id").loc[second]
    assert listed["financial_years"] == "2018/19, 2019/20, 2020/21, 2021/22"
    assert listed["row_count"] == len(current)
    assert listed["total_gbp"] == pytest.approx(current["amount_gbp"].sum())
    replaced = audit_log(engine).iloc[0]
    assert replaced["action"] == "replace" and "kept 2018/19 from version 1 (3 spend lines totalling £1,019,927.00" \
        in replaced["detail"]
    # The version replaced is untouched.
    assert len(load_spend(engine, dataset_ids=[first])) == len(tidy_lines())


def test_staff_may_choose_to_drop_the_year_the_new_file_lacks(engine):
    first = store_framework(engine)

    replace_with_next_year(engine, first, keep_years=())

    assert sorted(set(load_spend(engine)["financial_year"])) == ["2019/20", "2020/21", "2021/22"]


def test_a_year_the_new_file_has_or_the_old_lacks_cannot_be_kept_and_nothing_is_stored(engine):
    first = store_framework(engine)
    with pytest.raises(StoreError, match="The new file has figures for 2020/21"):
        replace_with_next_year(engine, first, keep_years=("2018/19", "2020/21"))
    with pytest.raises(StoreError, match="has no figures for 2017/18 to keep"):
        replace_with_next_year(engine, first, keep_years=("2017/18",))
    assert dataset_history(engine, first)["id"].tolist() == [first]


def test_an_earlier_version_is_made_current_again_with_its_figures(engine):
    first = store_framework(engine)
    second = replace_with_next_year(engine, first, keep_years=())
    before = load_spend(engine, dataset_ids=[first])

    restored = restore_version(engine, first, user="carol")

    current = load_spend(engine)
    assert set(current["dataset_id"]) == {restored}
    columns = ["financial_year", "service", "amount_gbp", "source_file", "source_sheet", "source_row"]
    assert current[columns].reset_index(drop=True).equals(before[columns].reset_index(drop=True))
    assert current.groupby("financial_year")["amount_gbp"].sum()["2018/19"] == APPENDIX_2018_19
    assert len(load_declared_totals(engine)) == len(declared_totals())
    history = dataset_history(engine, first)
    assert history["version"].tolist() == [1, 2, 3]
    assert history["is_current"].tolist() == [False, False, True]
    assert history["restored_from_id"].tolist()[-1] == first
    assert history["uploaded_by"].tolist()[-1] == "carol"
    assert store.original_file(engine, restored) == store.original_file(engine, first)
    entry = audit_log(engine).iloc[0]
    assert (entry["action"], entry["user"], entry["dataset_id"]) == ("restore_version", "carol", restored)
    assert entry["detail"].startswith("Made version 1 of 'Leicestershire commissioning framework 2018-21'")
    # Restoring is undone by restoring again.
    again = restore_version(engine, second, user="carol")
    assert sorted(set(load_spend(engine)["financial_year"])) == ["2019/20", "2020/21", "2021/22"]
    assert dataset_history(engine, first)["id"].tolist() == [first, second, restored, again]


def test_the_current_version_cannot_be_restored(engine):
    first = store_framework(engine)
    with pytest.raises(StoreError, match="is already current"):
        restore_version(engine, first, user="carol")


def test_the_file_of_an_earlier_version_uploaded_again_is_refused_as_restorable(engine):
    first = store_framework(engine, original_bytes=b"Appendix A as published")
    second = replace_with_next_year(engine, first)

    with pytest.raises(DuplicateFileError) as refused:
        store_framework(engine, original_bytes=b"Appendix A as published", replaces=second)

    assert refused.value.restorable and refused.value.existing_dataset_id == first
    assert refused.value.existing_version == 1
    assert str(refused.value).startswith("This file is version 1 of 'Leicestershire commissioning framework 2018-21'")
    with pytest.raises(DuplicateFileError) as current:
        store_framework(engine, original_bytes=b"Appendix A moved on a year")
    assert not current.value.restorable and current.value.existing_dataset_id == second


def test_a_deleted_version_is_not_restored(engine):
    first = store_framework(engine)
    replace_with_next_year(engine, first)
    store.delete_dataset(engine, first, user="admin")
    with pytest.raises(store.DatasetNotFoundError):
        restore_version(engine, first, user="carol")


def test_undoing_a_deleted_version_that_a_restore_copied_is_allowed(engine):
    first = store_framework(engine)
    second = replace_with_next_year(engine, first)
    restored = restore_version(engine, first, user="carol")
    store.delete_dataset(engine, first, user="admin")

    store.restore_dataset(engine, first, user="admin")

    assert dataset_history(engine, first)["id"].tolist() == [first, second, restored]
    assert set(load_spend(engine)["dataset_id"]) == {restored}


def test_downgrading_0006_sets_aside_restored_copies_sharing_a_file(engine):
    first = store_framework(engine)
    second = replace_with_next_year(engine, first)
    restored = restore_version(engine, first, user="carol")

    downgrade(engine, "0005")

    assert current_revisions(engine) == {"0005"}
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, is_current, deleted_by FROM datasets ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [(first, False, None), (second, True, None),
                                            (restored, False, "migration 0006 downgrade")]
