"""The blank framework template staff can fill in, so next year's file loads with no mapping step.

Its headers are the loader's own words for each field, the commissioning type
is a dropdown of the categories the dashboard compares, and the year columns
are the next three financial years, which is what a PCC sets budgets for.
"""
from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.schema import COMMISSIONING_TYPES
from loaders.years import format_year

SHEET_NAME = "Framework"
HEADER_ROW = 4
LAST_DATA_ROW = 1000

# (header, loader field, width): the headers are ones loaders.headers recognises outright.
TEXT_COLUMNS = [
    ("Strategic area", "strategic_area", 18),
    ("Service name", "service", 34),
    ("Provider", "provider", 30),
    ("Provision", "provision", 44),
    ("Commissioning type", "commissioning_type", 26),
    ("Funding partners", "funding_partners", 26),
    ("Geographical reach", "geography", 18),
]

# Leicestershire's Victim First line (decision record EXE0003/20, Appendix A): a real row to copy.
EXAMPLE_ROW = {
    "strategic_area": "Victims",
    "service": "Victim First",
    "provider": "Catch 22",
    "provision": "Generic victim support service inclusive of Restorative Justice",
    "commissioning_type": "Procured – sole funded",
    "funding_partners": "",
    "geography": "LLR",
}
EXAMPLE_AMOUNT_GBP = 558_322


def template_years(today: date | None = None) -> list[str]:
    """The three financial years after the one running on `today` (years start on 1 April)."""
    today = today or date.today()
    current_start = today.year if today.month >= 4 else today.year - 1
    return [format_year(current_start + offset) for offset in (1, 2, 3)]


def amount_header(financial_year: str) -> str:
    return f"{financial_year} budget (£)"


def build_template(today: date | None = None) -> bytes:
    today = today or date.today()
    years = template_years(today)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet["A1"] = "Commissioning framework: services for victims of crime"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        "One row per service. Amounts in pounds, one column per financial year; leave a cell blank "
        "where there is no figure. Pick the commissioning type from the list."
    )
    sheet["A3"] = (
        f"Row {HEADER_ROW + 1} is an example from Leicestershire's published framework: "
        "type over it with your own first service."
    )
    headers = [header for header, _, _ in TEXT_COLUMNS] + [amount_header(year) for year in years]
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for offset, header in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=offset, value=header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    example = [EXAMPLE_ROW[field] or None for _, field, _ in TEXT_COLUMNS] + [EXAMPLE_AMOUNT_GBP] * len(years)
    for offset, value in enumerate(example, start=1):
        sheet.cell(row=HEADER_ROW + 1, column=offset, value=value)

    for offset, (_, _, width) in enumerate(TEXT_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=offset).column_letter].width = width
    first_amount = len(TEXT_COLUMNS) + 1
    for offset in range(first_amount, first_amount + len(years)):
        letter = sheet.cell(row=1, column=offset).column_letter
        sheet.column_dimensions[letter].width = 18
        for row in range(HEADER_ROW + 1, LAST_DATA_ROW + 1):
            sheet.cell(row=row, column=offset).number_format = "#,##0.00"

    commissioning_letter = sheet.cell(row=1, column=[f for _, f, _ in TEXT_COLUMNS].index("commissioning_type") + 1).column_letter
    # The categories contain no commas, so they fit an inline list (Excel's limit is 255 characters).
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(COMMISSIONING_TYPES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Commissioning type",
        error="Choose one of the listed commissioning types.",
        promptTitle="Commissioning type",
        prompt="How the service is commissioned; name co-funders in Funding partners.",
        showInputMessage=True,
    )
    choices.add(f"{commissioning_letter}{HEADER_ROW + 1}:{commissioning_letter}{LAST_DATA_ROW}")
    sheet.add_data_validation(choices)

    first_letter = sheet.cell(row=1, column=first_amount).column_letter
    last_letter = sheet.cell(row=1, column=first_amount + len(years) - 1).column_letter
    amounts = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000",
        formula2="1000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Amount",
        error="Amounts are pounds as a number, e.g. 558322 or 2488.25.",
    )
    amounts.add(f"{first_letter}{HEADER_ROW + 1}:{last_letter}{LAST_DATA_ROW}")
    sheet.add_data_validation(amounts)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"

    book.properties.created = book.properties.modified = datetime(today.year, today.month, today.day)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
