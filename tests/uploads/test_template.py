"""The blank template: recognised headers, a dropdown, the next three years, and a filled copy that needs no mapping."""
from __future__ import annotations

import io
from datetime import date

import openpyxl

from loaders import COMMISSIONING_TYPES, load_bytes
from uploads import build_template, preview_upload, template_years
from uploads.template import HEADER_ROW, TEXT_COLUMNS
from tests.uploads.helpers import APPENDIX


def test_next_three_financial_years_turn_over_on_1_april():
    assert template_years(date(2026, 3, 31)) == ["2026/27", "2027/28", "2028/29"]
    assert template_years(date(2026, 4, 1)) == ["2027/28", "2028/29", "2029/30"]


def test_template_has_recognised_columns_dropdown_and_one_example_row():
    book = openpyxl.load_workbook(io.BytesIO(build_template(date(2026, 11, 23))))
    sheet = book["Framework"]
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    assert headers == [header for header, _, _ in TEXT_COLUMNS] + [
        "2027/28 budget (£)", "2028/29 budget (£)", "2029/30 budget (£)"]
    dropdowns = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(dropdowns) == 1
    assert dropdowns[0].formula1.strip('"').split(",") == COMMISSIONING_TYPES
    assert str(dropdowns[0].sqref) == f"E{HEADER_ROW + 1}:E1000"
    example = [cell.value for cell in sheet[HEADER_ROW + 1]]
    assert example[1:3] == ["Victim First", "Catch 22"]
    assert sheet.cell(row=HEADER_ROW + 2, column=2).value is None


def test_blank_template_loads_its_example_with_every_column_detected():
    result = load_bytes(build_template(date(2026, 11, 23)), "template.xlsx", area="Leicestershire")
    columns = result.sheet_layout.columns
    assert all(column.reason == "by its header" for column in columns)
    assert [column.role for column in columns] == [field for _, field, _ in TEXT_COLUMNS] + ["amount"] * 3
    assert result.tidy["amount_gbp"].tolist() == [558_322] * 3


def test_filled_in_template_loads_without_any_mapping_step():
    """Leicestershire's 2020/21 lines typed into next year's template, as an OPCC officer would."""
    published = load_bytes(APPENDIX.read_bytes(), APPENDIX.name, area="Leicestershire").tidy
    lines = published[published["financial_year"] == "2020/21"].reset_index(drop=True)
    book = openpyxl.load_workbook(io.BytesIO(build_template(date(2026, 11, 23))))
    sheet = book["Framework"]
    for offset, line in enumerate(lines.itertuples()):
        values = [line.strategic_area, line.service, line.provider, line.provision, line.commissioning_type,
                  line.funding_partners, line.geography, line.amount_gbp, line.amount_gbp, None]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=HEADER_ROW + 1 + offset, column=column).value = None if value == "" else value
    buffer = io.BytesIO()
    book.save(buffer)

    preview = preview_upload(buffer.getvalue(), "framework_2027-30.xlsx", area="Leicestershire")
    assert preview.layout.unsure_columns == []
    assert preview.years == ["2027/28", "2028/29"]
    tidy = preview.tidy[preview.tidy["financial_year"] == "2027/28"].reset_index(drop=True)
    assert len(tidy) == len(lines)
    assert tidy["amount_gbp"].sum() == 4_395_961
    for column in ("strategic_area", "service", "provider", "commissioning_type", "funding_partners", "geography"):
        assert tidy[column].tolist() == lines[column].tolist(), column
