"""The area box is pre-filled from a title that names a police force area."""
from __future__ import annotations

from pathlib import Path

import json

import pytest

from loaders.readers import workbook_from_rows
from tests.uploads.helpers import appendix_rows
from uploads import read_upload
from uploads.area_guess import area_from_title

DATA = Path(__file__).resolve().parents[2] / "data"
MANIFEST = json.loads((DATA / "bundled.json").read_text(encoding="utf-8"))


def test_appendix_a_is_leicestershires_by_its_title():
    # Row 1 of the published table: 'Police and Crime Commissioner for Leicestershire'.
    assert area_from_title(workbook_from_rows("appendix.xlsx", {"Appendix A": appendix_rows()})) == "Leicestershire"


@pytest.mark.parametrize("file_name", sorted(path.name for path in DATA.glob("*.xlsx")))
def test_a_bundled_file_is_never_given_another_area_than_its_own(file_name):
    guess = area_from_title(read_upload((DATA / file_name).read_bytes(), file_name))
    areas = {entry["area"] for entry in MANIFEST if entry["file"] == file_name}
    assert guess is None or guess in areas


def test_a_table_with_no_title_or_two_areas_named_gets_no_guess():
    rows = appendix_rows()
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Service Name")
    assert area_from_title(workbook_from_rows("bare.xlsx", {"Sheet1": rows[header:]})) is None
    two = [["Collaboration between Leicestershire and Derbyshire PCCs"], *rows[header:]]
    assert area_from_title(workbook_from_rows("two.xlsx", {"Sheet1": two})) is None
