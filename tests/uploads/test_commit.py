"""Storing a confirmed upload: exactly the CLI's rows, the uploader's name, versions, and refusals that change nothing."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import store
from loaders import TIDY_COLUMNS, LoaderError
from store import DuplicateFileError
from uploads import UploadError, commit_upload, default_dataset_name, preview_upload, read_store_context
from tests.uploads.helpers import (
    APPENDIX,
    DATA,
    REPO,
    YEAR_COLUMN,
    appendix_rows,
    bare_appendix_rows,
    row_of,
    spend_frame,
    sqlite_file_digest,
    store_fingerprint,
    xlsx_bytes,
)

MANIFEST = json.loads((DATA / "bundled.json").read_text(encoding="utf-8"))
STAFF = "j.okafor@leics.pcc.police.uk"


def cli_rows(entry: dict, tmp_path) -> pd.DataFrame:
    """What `python -m loaders FILE --area A [--year Y] --output tidy.csv` writes."""
    output = tmp_path / "cli.csv"
    command = [sys.executable, "-m", "loaders", str(DATA / entry["file"]), "--area", entry["area"],
               "--output", str(output)]
    if entry.get("year"):
        command += ["--year", entry["year"]]
    subprocess.run(command, check=True, cwd=REPO, capture_output=True)
    return pd.read_csv(output, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("entry", MANIFEST, ids=[entry["file"] for entry in MANIFEST])
def test_each_bundled_file_uploaded_lands_exactly_the_cli_rows(entry, engine, tmp_path):
    data = (DATA / entry["file"]).read_bytes()
    preview = preview_upload(data, entry["file"], area=entry["area"], year=entry.get("year"))
    dataset_id = commit_upload(engine, preview, uploaded_by=STAFF, name=entry["name"], kind=entry["kind"])

    stored = spend_frame(engine, dataset_id).reset_index(drop=True)
    expected = cli_rows(entry, tmp_path)
    assert list(expected.columns) == TIDY_COLUMNS
    text_columns = [column for column in TIDY_COLUMNS if column not in ("amount_gbp", "source_row")]
    pd.testing.assert_frame_equal(stored[text_columns].astype(str), expected[text_columns])
    assert stored["source_row"].tolist() == expected["source_row"].astype(int).tolist()
    assert stored["amount_gbp"].round(2).tolist() == expected["amount_gbp"].astype(float).round(2).tolist()
    listed = store.list_datasets(engine).set_index("id").loc[dataset_id]
    assert (listed["uploaded_by"], listed["original_filename"], listed["row_count"]) == (
        STAFF, entry["file"], len(expected))
    assert store.original_file(engine, dataset_id) == (entry["file"], data)


def test_uploader_and_layout_are_recorded_with_the_dataset(engine):
    preview = preview_upload(APPENDIX.read_bytes(), APPENDIX.name, area="Leicestershire")
    dataset_id = commit_upload(engine, preview, uploaded_by=STAFF)
    listed = store.list_datasets(engine).set_index("id").loc[dataset_id]
    assert listed["name"] == "Leicestershire: leicestershire commissioning framework 2018-21 (2018/19–2020/21)"
    assert listed["name"] == default_dataset_name(preview)
    assert (listed["sheet"], listed["header_row"], listed["total_gbp"]) == (
        "Appendix A", 4, 4_283_405 + 4_316_550 + 4_395_961)
    audit = store.audit_log(engine, dataset_id)
    assert audit["user"].tolist() == [STAFF]


def test_replacing_keeps_the_old_version_and_shows_the_new(bundled_engine):
    old = store.list_datasets(bundled_engine)
    framework_id = int(old.loc[old["name"].str.startswith("Leicestershire PCC Commissioning"), "id"].iloc[0])
    rows = appendix_rows()
    rows[row_of(rows, "Victim First")][YEAR_COLUMN["2020/21"]] = 560_000  # a revised commitment
    rows[row_of(rows, "Victims Subtotal")][YEAR_COLUMN["2020/21"]] = 1_397_385
    rows[row_of(rows, "Grand Total")][YEAR_COLUMN["2020/21"]] = 4_397_639
    preview = preview_upload(xlsx_bytes(rows), "framework_revised.xlsx", area="Leicestershire",
                             context=read_store_context(bundled_engine))
    assert preview.mismatches == 0
    assert framework_id in preview.overlapping["id"].tolist()

    new_id = commit_upload(bundled_engine, preview, uploaded_by=STAFF, replaces=framework_id)
    history = store.dataset_history(bundled_engine, framework_id)
    assert history["id"].tolist() == [framework_id, new_id]
    assert history["is_current"].tolist() == [False, True]
    current = store.load_spend(bundled_engine)
    leics = current[(current["area"] == "Leicestershire") & (current["dataset_id"].isin([framework_id, new_id]))]
    assert set(leics["dataset_id"]) == {new_id}
    assert leics.loc[leics["financial_year"] == "2020/21", "amount_gbp"].sum() == 4_397_639


def test_keep_both_stores_a_second_current_dataset(bundled_engine):
    before = len(store.list_datasets(bundled_engine, current_only=True))
    rows = appendix_rows()
    rows[0][0] = "Police and Crime Commissioner for Leicestershire (draft)"  # a different file, same figures
    preview = preview_upload(xlsx_bytes(rows), "framework_draft.xlsx", area="Leicestershire",
                             context=read_store_context(bundled_engine))
    commit_upload(bundled_engine, preview, uploaded_by=STAFF)
    assert len(store.list_datasets(bundled_engine, current_only=True)) == before + 1


def test_the_same_file_twice_is_refused_naming_the_holder(bundled_engine):
    before = store_fingerprint(bundled_engine)
    preview = preview_upload(APPENDIX.read_bytes(), "renamed_copy.xlsx", area="Leicestershire")
    with pytest.raises(DuplicateFileError) as refused:
        commit_upload(bundled_engine, preview, uploaded_by=STAFF)
    assert str(refused.value).startswith(
        "This file is already stored as dataset 'Leicestershire PCC Commissioning Framework 2018/19–2020/21' (id 1)"
    )
    assert store_fingerprint(bundled_engine) == before


def test_bad_cell_at_row_17_is_refused_and_the_store_is_unchanged(bundled_engine):
    rows = bare_appendix_rows()
    rutland = row_of(rows, "Sub-misuse add on for Rutland")
    assert rutland + 1 == 17
    rows[rutland][YEAR_COLUMN["2019/20"]] = "1,485 (TBC)"
    before, before_bytes = store_fingerprint(bundled_engine), sqlite_file_digest(bundled_engine)
    with pytest.raises(LoaderError) as refused:
        preview = preview_upload(xlsx_bytes(rows, "Budget"), "framework_2021.xlsx", area="Leicestershire",
                                 context=read_store_context(bundled_engine))
        commit_upload(bundled_engine, preview, uploaded_by=STAFF)
    assert str(refused.value) == (
        "framework_2021.xlsx, sheet 'Budget', cell F17: '1,485 (TBC)' is not an amount of money"
    )
    assert refused.value.row == 17
    assert store_fingerprint(bundled_engine) == before
    assert sqlite_file_digest(bundled_engine) == before_bytes


def test_nobody_signed_in_cannot_store(engine):
    preview = preview_upload(APPENDIX.read_bytes(), APPENDIX.name, area="Leicestershire")
    with pytest.raises(UploadError, match="signed-in member of staff"):
        commit_upload(engine, preview, uploaded_by="  ")
    with pytest.raises(UploadError, match="not a kind of dataset"):
        commit_upload(engine, preview, uploaded_by=STAFF, kind="budget")
    assert store.is_empty(engine)


def test_the_layout_is_stored_with_the_dataset_and_read_back_for_the_area(tmp_path):
    """The next upload from the same area starts from the Layout this one was read by."""
    import store
    from uploads import commit_upload, preview_upload

    engine = store.make_engine(f"sqlite:///{tmp_path / 'layouts.sqlite'}")
    path = REPO / "data" / "leicestershire_commissioning_framework_2018-21.xlsx"
    preview = preview_upload(path.read_bytes(), path.name, area="Leicestershire")
    commit_upload(engine, preview, uploaded_by="j.okafor@leics.pcc.police.uk")
    saved = store.latest_layout(engine, " leicestershire ")
    assert saved == preview.result.layout.to_dict()
    again = preview_upload(path.read_bytes(), "next_year.xlsx", area="Leicestershire", saved_layout=saved)
    assert again.result.layout.sheets[0].role_column("provider").reason.startswith("saved Layout")
    assert round(again.tidy["amount_gbp"].sum()) == 4_283_405 + 4_316_550 + 4_395_961
