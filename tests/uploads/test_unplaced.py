"""A column left out of an upload is named, with what it holds and what leaving it out does."""
from __future__ import annotations

from loaders import load_bytes
from tests.uploads.helpers import appendix_rows, area_of_work_rows, row_of, xlsx_bytes
from uploads import preview_upload
from uploads.unplaced import unplaced_columns


def test_area_of_work_and_lead_organisation_are_read_as_strategic_area_and_provider():
    preview = preview_upload(xlsx_bytes(area_of_work_rows()), "framework.xlsx", area="Leicestershire")
    assert preview.unplaced == []
    victims = preview.tidy[preview.tidy["strategic_area"] == "Victims"]
    # What Appendix A prints as its Victims Subtotal for 2020/21.
    rows = appendix_rows()
    assert victims.loc[victims["financial_year"] == "2020/21", "amount_gbp"].sum() == rows[
        row_of(rows, "Victims Subtotal")][6] == 1_395_707


def test_area_of_work_left_unused_says_every_line_will_be_unassigned():
    preview = preview_upload(xlsx_bytes(area_of_work_rows()), "framework.xlsx", area="Leicestershire",
                             column_fields={0: "ignore"})
    (column,) = preview.unplaced
    assert (column.letter, column.header, column.looks_like) == ("A", "Area of work", "strategic_area")
    assert column.samples == ("Victims", "Vulnerable", "Prevention")
    assert column.consequence == "every line will be Unassigned"
    assert set(preview.tidy["strategic_area"]) == {"Unassigned"}
    assert preview.unplaced_lookalikes == [column]
    assert column.message in [warning.message for warning in preview.warnings]


def test_lead_organisation_left_unused_says_every_provider_will_be_blank():
    data = xlsx_bytes(area_of_work_rows())
    result = load_bytes(data, "framework.xlsx", area="Leicestershire", column_fields={2: "ignore"})
    rows = area_of_work_rows()
    (column,) = unplaced_columns(result, lambda: rows)
    assert (column.header, column.looks_like) == ("Lead organisation", "provider")
    assert column.samples == ("Catch 22", "24-7 Locks", "FreeVA")
    assert column.consequence == "every line's provider will be blank"


def test_a_column_of_notes_is_named_with_its_values_but_not_asked_about():
    rows = area_of_work_rows()
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Area of work")
    rows[header][3] = "Notes"  # Provision's words, under a heading the loader does not read
    preview = preview_upload(xlsx_bytes(rows), "framework.xlsx", area="Leicestershire")
    (column,) = preview.unplaced
    assert column.looks_like is None and column.consequence == "its values will not be stored"
    assert column.message.startswith("Column D 'Notes' is not used (it holds 'Generic victim support service")
    assert preview.unplaced_lookalikes == []
