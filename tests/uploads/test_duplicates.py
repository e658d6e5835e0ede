"""An upload already in the store is named as it arrives: the same bytes, or the same lines in another format."""
from __future__ import annotations

import csv
import hashlib
import io

import store
from tests.uploads.helpers import APPENDIX, appendix_rows, spend_frame
from uploads import preview_upload, read_store_context
from uploads.duplicates import SAME_FILE, SAME_LINES, content_key, same_file, same_lines

FRAMEWORK = "Leicestershire PCC Commissioning Framework 2018/19–2020/21"


def appendix_as_csv() -> bytes:
    """Appendix A saved as CSV from the workbook: the same table, title rows and all."""
    text = io.StringIO()
    csv.writer(text).writerows(appendix_rows())
    return text.getvalue().encode("utf-8")


def test_the_stored_workbook_uploaded_again_is_the_same_file(bundled_engine):
    context = read_store_context(bundled_engine)
    duplicate = same_file(hashlib.sha256(APPENDIX.read_bytes()).hexdigest(), context.stored_files)
    assert (duplicate.how, duplicate.dataset_id, duplicate.version, duplicate.restorable) == (SAME_FILE, 1, 1, False)
    assert duplicate.message == (f"This file is already stored, as version 1 of '{FRAMEWORK}' (dataset 1, from "
                                 "leicestershire_commissioning_framework_2018-21.xlsx); storing it again would "
                                 "count its figures twice.")


def test_a_csv_of_the_stored_workbook_holds_the_same_lines(bundled_engine):
    context = read_store_context(bundled_engine)
    preview = preview_upload(appendix_as_csv(), "appendix_a.csv", area="Leicestershire", context=context)
    assert same_file(preview.sha256, context.stored_files) is None

    duplicate = same_lines(preview.tidy, context.stored_files)

    assert (duplicate.how, duplicate.dataset_id, duplicate.version) == (SAME_LINES, 1, 1)
    assert duplicate.message.startswith(f"This file holds exactly the same lines as version 1 of '{FRAMEWORK}'")


def test_one_changed_penny_is_not_the_same_lines(bundled_engine):
    lines = store.load_spend(bundled_engine, dataset_ids=[1])
    assert content_key(lines) == content_key(lines.iloc[::-1])  # the order of the lines does not matter
    changed = lines.assign(amount_gbp=lines["amount_gbp"].where(lines.index != 0, lines["amount_gbp"] + 0.01))
    assert same_lines(changed, read_store_context(bundled_engine).stored_files) is None


def test_an_earlier_versions_file_is_offered_for_restoring(bundled_engine):
    original = APPENDIX.read_bytes()
    lines = spend_frame(bundled_engine, 1)
    replacement = store.save_dataset(
        bundled_engine, lines.assign(amount_gbp=lines["amount_gbp"] + 1), None, name=FRAMEWORK,
        area="Leicestershire", kind="framework", original_filename="corrected.xlsx", original_bytes=b"corrected",
        uploaded_by="staff", replaces=1)
    context = read_store_context(bundled_engine)

    duplicate = same_file(hashlib.sha256(original).hexdigest(), context.stored_files)

    assert (duplicate.dataset_id, duplicate.version, duplicate.restorable, duplicate.current_version) == (1, 1, True, 2)
    assert "since replaced by version 2. To bring those figures back, make version 1 current again" in duplicate.message
    assert same_lines(lines, context.stored_files).dataset_id == 1
    assert replacement != 1
