"""Storing, replacing and deleting an uploaded framework, as a commissioning officer would."""
from __future__ import annotations

import pandas as pd
import pytest

import store.datasets
from loaders.schema import TIDY_COLUMNS, validate_tidy
from store import (
    DatasetNotFoundError,
    DuplicateFileError,
    StoreError,
    audit_log,
    dataset_history,
    delete_dataset,
    is_empty,
    list_datasets,
    list_deleted_datasets,
    load_declared_totals,
    load_spend,
    original_file,
    replace_dataset,
    store_version,
)
from store_testdata import (
    SOURCE_FILE,
    declared_totals,
    row_counts,
    seed_bytes,
    store_framework,
    tidy_lines,
)


def test_spend_lines_come_back_as_they_went_in(engine):
    dataset_id = store_framework(engine)

    spend = load_spend(engine)

    expected = validate_tidy(tidy_lines()).sort_values("source_row", kind="stable")
    pd.testing.assert_frame_equal(
        spend[TIDY_COLUMNS], expected.reset_index(drop=True), check_exact=True
    )
    assert (spend["dataset_id"] == dataset_id).all()
    assert set(spend["dataset_kind"]) == {"framework"}
    assert spend.loc[spend["service"] == "MARAC IDVA", "amount_gbp"].item() == 2_488.25
    victims_2020_21 = spend.query("strategic_area == 'Victims' and financial_year == '2020/21'")
    assert victims_2020_21["amount_gbp"].sum() == 1_025_249


def test_the_dataset_row_describes_the_upload(engine):
    assert is_empty(engine)
    dataset_id = store_framework(engine, user="alice")

    listed = list_datasets(engine).set_index("id").loc[dataset_id]

    assert not is_empty(engine)
    assert "original_bytes" not in list_datasets(engine).columns
    assert listed["financial_years"] == "2018/19, 2019/20, 2020/21"
    assert listed["row_count"] == len(tidy_lines())
    assert listed["total_gbp"] == pytest.approx(tidy_lines()["amount_gbp"].sum(), abs=0.001)
    assert listed["uploaded_by"] == "alice"
    assert listed["uploaded_at"].tzname() == "UTC"
    assert (listed["version"], listed["is_current"], listed["lineage_id"]) == (1, True, dataset_id)
    assert original_file(engine, dataset_id) == (SOURCE_FILE, seed_bytes())


def test_declared_totals_are_kept_with_their_rows(engine):
    store_framework(engine)

    totals = load_declared_totals(engine)

    grand_2020_21 = totals.query("kind == 'grand_total' and financial_year == '2020/21'")
    assert grand_2020_21["declared_gbp"].item() == 4_395_961
    assert grand_2020_21["strategic_area"].isna().all()
    assert list(totals["source_row"]) == [16, 16, 16, 67, 67, 67]
    assert totals["covers_to_row"].tolist() == [13, 13, 13, 66, 66, 66]


def test_the_same_file_twice_is_refused_naming_the_dataset_that_holds_it(engine):
    first_id = store_framework(engine, user="alice", name="Leicestershire framework")
    before = row_counts(engine)

    with pytest.raises(DuplicateFileError) as refused:
        store_framework(engine, user="bob", name="Leicestershire framework again")

    message = str(refused.value)
    assert message.startswith(
        f"This file is already stored as dataset 'Leicestershire framework' (id {first_id}), "
        "uploaded by alice on "
    )
    assert refused.value.existing_dataset_id == first_id
    assert row_counts(engine) == before


def test_replacing_keeps_the_old_version_but_shows_the_new(engine):
    first_id = store_framework(engine)
    corrected = tidy_lines(victim_first_2020_21=560_000)

    second_id = replace_dataset(
        engine, first_id, corrected, declared_totals(),
        name="Leicestershire framework (corrected)", area="Leicestershire", kind="framework",
        original_filename="corrected.docx", original_bytes=b"corrected", uploaded_by="bob",
    )

    history = dataset_history(engine, lineage_id=first_id)
    assert history["id"].tolist() == [first_id, second_id]
    assert history["version"].tolist() == [1, 2]
    assert history["is_current"].tolist() == [False, True]
    assert history["supersedes_id"].iloc[1] == first_id
    victim_first = load_spend(engine).query("service == 'Victim First' and financial_year == '2020/21'")
    assert victim_first["amount_gbp"].tolist() == [560_000]
    assert len(load_spend(engine, current_only=False)) == 2 * len(corrected)
    assert len(load_spend(engine, dataset_ids=[first_id])) == len(corrected)
    assert list_datasets(engine, current_only=True)["id"].tolist() == [second_id]
    assert audit_log(engine)["action"].tolist() == ["replace", "store"]


def test_an_old_version_cannot_be_replaced_again(engine):
    first_id = store_framework(engine)
    second_id = store_framework(engine, original_bytes=b"v2", replaces=first_id)

    with pytest.raises(StoreError, match=rf"replace .* \(id {second_id}\) instead"):
        store_framework(engine, original_bytes=b"v3", replaces=first_id)


def test_deleting_a_dataset_leaves_its_lines_and_totals_out_of_every_read_but_keeps_them(engine):
    kept_id = store_framework(engine, original_bytes=b"another PCC file")
    doomed_id = store_framework(engine)
    stored = row_counts(engine)

    delete_dataset(engine, doomed_id, user="carol")

    assert list_datasets(engine)["id"].tolist() == [kept_id]
    assert set(load_spend(engine, current_only=False)["dataset_id"]) == {kept_id}
    assert len(load_spend(engine)) == len(tidy_lines())
    assert load_spend(engine, dataset_ids=[doomed_id]).empty
    assert set(load_declared_totals(engine, current_only=False)["dataset_id"]) == {kept_id}
    assert len(load_declared_totals(engine)) == len(declared_totals())
    with pytest.raises(DatasetNotFoundError):
        original_file(engine, doomed_id)
    with pytest.raises(DatasetNotFoundError):
        delete_dataset(engine, doomed_id, user="carol")  # already gone from every read
    deletion = audit_log(engine).iloc[0]
    assert (deletion["action"], deletion["user"], deletion["dataset_id"]) == ("delete", "carol", doomed_id)
    # Nothing is lost: every row is still in the store, for an admin's undo.
    assert row_counts(engine) == {**stored, "audit_log": stored["audit_log"] + 1}
    [deleted] = list_deleted_datasets(engine).itertuples()
    assert (deleted.id, deleted.deleted_by, deleted.row_count) == (doomed_id, "carol", len(tidy_lines()))


def test_deleting_a_correction_brings_back_the_version_it_replaced(engine):
    first_id = store_framework(engine)
    second_id = store_framework(engine, original_bytes=b"v2", replaces=first_id)

    delete_dataset(engine, second_id, user="carol")

    assert list_datasets(engine, current_only=True)["id"].tolist() == [first_id]


def test_a_failure_half_way_through_leaves_the_store_as_it_was(engine, monkeypatch):
    existing_id = store_framework(engine)
    before, version_before = row_counts(engine), store_version(engine)
    write_some_lines = store.datasets._insert_spend_lines

    def disk_fills_up(connection, dataset_id, lines):
        write_some_lines(connection, dataset_id, lines.head(3))
        raise OSError("No space left on device")

    monkeypatch.setattr(store.datasets, "_insert_spend_lines", disk_fills_up)
    with pytest.raises(OSError):
        store_framework(engine, original_bytes=b"a new file")
    with pytest.raises(OSError):
        store_framework(engine, original_bytes=b"a correction", replaces=existing_id)

    assert row_counts(engine) == before
    assert store_version(engine) == version_before
    assert list_datasets(engine)["is_current"].tolist() == [True]


def test_a_row_the_database_rejects_leaves_the_store_as_it_was(engine):
    store_framework(engine)
    before, version_before = row_counts(engine), store_version(engine)
    unlabelled = declared_totals()
    unlabelled.loc[5, "label"] = None

    with pytest.raises(StoreError, match="Could not store"):
        store_framework(engine, original_bytes=b"a new file", declared_totals=unlabelled)

    assert row_counts(engine) == before
    assert store_version(engine) == version_before


def test_spend_lines_outside_the_tidy_schema_are_refused(engine):
    bad_year = tidy_lines().assign(financial_year="2018-19")

    with pytest.raises(StoreError, match="tidy schema"):
        store_framework(engine, tidy=bad_year)

    assert is_empty(engine)


def test_every_write_changes_the_store_version(engine):
    versions = [store_version(engine)]
    first_id = store_framework(engine)
    versions.append(store_version(engine))
    store_framework(engine, original_bytes=b"v2", replaces=first_id)
    versions.append(store_version(engine))
    delete_dataset(engine, first_id, user="carol")
    versions.append(store_version(engine))

    assert len(set(versions)) == len(versions)


def test_an_empty_store_reads_as_empty_frames_of_the_right_shape(engine):
    spend = load_spend(engine)

    assert spend.empty
    assert spend.columns.tolist() == TIDY_COLUMNS + ["dataset_id", "dataset_name", "dataset_kind"]
    assert spend[TIDY_COLUMNS].dtypes.equals(validate_tidy(tidy_lines()).dtypes)
    assert load_declared_totals(engine).empty
    assert list_datasets(engine).empty
