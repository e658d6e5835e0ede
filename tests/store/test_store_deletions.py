"""Deleting versions in any order and undoing them in any order loses nothing and always leaves one current version.

The lineage is Leicestershire's Appendix A stored three times, each version
with its own Victim First budget for 2020/21 (row 6): £558,322 as published,
then two corrections. Beside it sits an unrelated dataset that must never move.
"""
from __future__ import annotations

from itertools import permutations

import pandas as pd
import pytest
from sqlalchemy import func, select

from loaders.schema import TIDY_COLUMNS, validate_tidy
from store import (
    DatasetNotFoundError,
    DuplicateFileError,
    StoreError,
    audit_log,
    current_spend_lines,
    dataset_history,
    delete_dataset,
    list_datasets,
    list_deleted_datasets,
    load_declared_totals,
    load_spend,
    restore_dataset,
)
from store.models import Dataset
from store_testdata import row_counts, store_framework, tidy_lines

VICTIM_FIRST_2020_21 = {1: 558_322.0, 2: 560_000.0, 3: 600_000.0}
DELETE_ORDERS = list(permutations((1, 2, 3)))
# Paired so that the six cases between them undo in every one of the six orders too.
UNDO_ORDERS = DELETE_ORDERS[3:] + DELETE_ORDERS[:3]


def store_three_versions(engine) -> dict[int, int]:
    """Version number -> dataset id, version 3 current; plus the unrelated dataset."""
    ids = {1: store_framework(engine, original_bytes=b"Appendix A, as published")}
    for version in (2, 3):
        ids[version] = store_framework(
            engine, tidy=tidy_lines(victim_first_2020_21=VICTIM_FIRST_2020_21[version]),
            original_bytes=f"Appendix A, correction {version - 1}".encode(), replaces=ids[version - 1],
            name=f"Leicestershire commissioning framework 2018-21 (correction {version - 1})",
        )
    return ids


def assert_one_current_version_with_its_own_figures(engine, ids: dict[int, int], deleted: set[int],
                                                    other_id: int) -> None:
    lineage = ids[1]
    left = sorted(set(ids) - deleted)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Dataset.version, Dataset.is_current, Dataset.deleted_at).where(Dataset.lineage_id == lineage)
        ).all()
    # Every version is still a row in the store; only the undeleted newest is current.
    assert sorted(row.version for row in rows) == [1, 2, 3]
    assert sorted(row.version for row in rows if row.is_current) == left[-1:]
    assert {row.version for row in rows if row.deleted_at is not None} == deleted

    listed = list_datasets(engine)
    assert sorted(listed["id"]) == sorted([other_id] + [ids[version] for version in left])
    assert dataset_history(engine, lineage)["version"].tolist() == left
    assert sorted(list_deleted_datasets(engine)["id"]) == sorted(ids[version] for version in deleted)

    spend = load_spend(engine)
    assert set(spend["dataset_id"]) == {other_id} | {ids[version] for version in left[-1:]}
    shown = spend[spend["dataset_id"] != other_id]
    if left:
        expected = validate_tidy(tidy_lines(victim_first_2020_21=VICTIM_FIRST_2020_21[left[-1]]))
        pd.testing.assert_frame_equal(
            shown[TIDY_COLUMNS].reset_index(drop=True),
            expected.sort_values("source_row", kind="stable").reset_index(drop=True), check_exact=True,
        )
        victim_first = shown.query("service == 'Victim First' and financial_year == '2020/21'")
        assert victim_first["amount_gbp"].tolist() == [VICTIM_FIRST_2020_21[left[-1]]]
    else:
        assert shown.empty
    assert set(load_spend(engine, current_only=False)["dataset_id"]) == (
        {other_id} | {ids[version] for version in left})
    assert set(load_declared_totals(engine)["dataset_id"]) == set(spend["dataset_id"])
    # The unrelated dataset keeps its real lines throughout.
    assert spend[spend["dataset_id"] == other_id]["amount_gbp"].sum() == pytest.approx(
        tidy_lines()["amount_gbp"].sum(), abs=0.001)


@pytest.mark.parametrize("delete_order, undo_order", list(zip(DELETE_ORDERS, UNDO_ORDERS)),
                         ids=lambda order: "-".join(map(str, order)))
def test_every_delete_order_then_undo_keeps_one_current_version_with_its_real_lines(engine, delete_order,
                                                                                    undo_order):
    other_id = store_framework(engine, name="Leicestershire emergent issues 2020-21",
                               original_bytes=b"EXE0003/20 Table 1")
    ids = store_three_versions(engine)
    stored = row_counts(engine)
    deleted: set[int] = set()

    for version in delete_order:
        delete_dataset(engine, ids[version], user="admin.one")
        deleted.add(version)
        assert_one_current_version_with_its_own_figures(engine, ids, deleted, other_id)
    for version in undo_order:
        restore_dataset(engine, ids[version], user="admin.two")
        deleted.discard(version)
        assert_one_current_version_with_its_own_figures(engine, ids, deleted, other_id)

    # Six audited changes, and not a row of data lost or added.
    assert row_counts(engine) == {**stored, "audit_log": stored["audit_log"] + 6}
    actions = audit_log(engine).head(6)
    assert actions["action"].tolist() == ["restore"] * 3 + ["delete"] * 3
    assert actions["user"].tolist() == ["admin.two"] * 3 + ["admin.one"] * 3
    assert actions["dataset_id"].tolist() == [ids[v] for v in reversed(undo_order)] + [
        ids[v] for v in reversed(delete_order)]
    # The snapshot the dashboard opens with agrees with the store after all of it.
    pd.testing.assert_frame_equal(current_spend_lines(engine),
                                  load_spend(engine, text_as_category=True), check_exact=True)


@pytest.mark.parametrize("deleted_versions", [(3,), (2,), (1,), (3, 2), (2, 1), (3, 1)],
                         ids=lambda versions: "-".join(map(str, versions)))
def test_deleting_some_versions_leaves_the_newest_one_left_current(engine, deleted_versions):
    other_id = store_framework(engine, name="Leicestershire emergent issues 2020-21",
                               original_bytes=b"EXE0003/20 Table 1")
    ids = store_three_versions(engine)
    for version in deleted_versions:
        delete_dataset(engine, ids[version], user="admin.one")

    assert_one_current_version_with_its_own_figures(engine, ids, set(deleted_versions), other_id)


def test_deleting_the_current_version_says_which_is_current_again_and_undo_says_it_is_back(engine):
    ids = store_three_versions(engine)

    delete_dataset(engine, ids[3], user="admin.one")
    restore_dataset(engine, ids[3], user="admin.two")

    undo, deletion = audit_log(engine).head(2).itertuples()
    assert deletion.detail == (f"Deleted 'Leicestershire commissioning framework 2018-21 (correction 2)' version 3 "
                               f"({len(tidy_lines())} spend lines); dataset id {ids[2]} (version 2) is current again")
    assert undo.detail == ("Undid the deletion of 'Leicestershire commissioning framework 2018-21 (correction 2)' "
                           f"version 3 ({len(tidy_lines())} spend lines), deleted by admin.one; it is the current version")


def test_a_deleted_file_may_be_uploaded_again_and_then_its_old_deletion_cannot_be_undone(engine):
    first = store_framework(engine)
    delete_dataset(engine, first, user="admin.one")

    again = store_framework(engine, user="bob")  # the very same bytes
    before = row_counts(engine)
    with pytest.raises(DuplicateFileError, match=rf"Cannot undo the deletion of .* \(id {first}\): This file is "
                                                 rf"already stored as dataset .* \(id {again}\)") as refused:
        restore_dataset(engine, first, user="admin.two")

    assert refused.value.existing_dataset_id == again
    assert row_counts(engine) == before
    assert list_datasets(engine)["id"].tolist() == [again]
    assert list_deleted_datasets(engine)["id"].tolist() == [first]
    # Once the new upload is deleted, the old one comes back.
    delete_dataset(engine, again, user="admin.one")
    restore_dataset(engine, first, user="admin.two")
    assert list_datasets(engine)["id"].tolist() == [first]
    assert len(load_spend(engine)) == len(tidy_lines())


def test_undoing_what_is_not_deleted_or_not_there_changes_nothing(engine):
    first = store_framework(engine)
    before = row_counts(engine)

    with pytest.raises(StoreError, match=rf"\(id {first}\) is not deleted"):
        restore_dataset(engine, first, user="admin.two")
    with pytest.raises(DatasetNotFoundError):
        restore_dataset(engine, first + 100, user="admin.two")

    assert row_counts(engine) == before


def test_a_deleted_version_cannot_be_replaced(engine):
    first = store_framework(engine)
    delete_dataset(engine, first, user="admin.one")

    with pytest.raises(DatasetNotFoundError, match=f"no dataset with id {first} to replace"):
        store_framework(engine, original_bytes=b"a correction", replaces=first)

    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Dataset)).scalar_one() == 1
