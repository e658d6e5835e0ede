"""The scenario workbook's cell formats and its one way of writing user text.

Kept apart from the sheets so every sheet writes text the same safe way:
a service, a provider or a scenario's name goes through
analysis.export.escape_formula and is written as a string cell, so
'=HYPERLINK(...)' stays words in the commissioner's Excel, while the
project's own totals are written as formulas.
"""
from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from analysis.export import escape_formula

POUNDS = '"£"#,##0.00;-"£"#,##0.00'
PERCENT = "0.00%;-0.00%"

# Rows above each sheet's table (0-based for XlsxWriter): a title, a line saying what it is, a blank row.
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
# An input cell looks like one: the pale yellow finance teams use for "type here".
INPUT_COLOUR = "#FFF2CC"


@dataclass(frozen=True)
class Formats:
    """The few formats the workbook uses, made once per workbook."""

    title: object
    bold: object
    header: object
    wrap: object
    pounds: object
    pounds_bold: object
    percent: object
    percent_bold: object
    input_pounds: object
    input_percent: object
    input_number: object


def formats(workbook: Workbook) -> Formats:
    add = workbook.add_format
    return Formats(
        title=add({"bold": True, "font_size": 14}),
        bold=add({"bold": True}),
        header=add({"bold": True, "bg_color": "#DDDDDD", "text_wrap": True, "valign": "top"}),
        wrap=add({"text_wrap": True, "valign": "top"}),
        pounds=add({"num_format": POUNDS}),
        pounds_bold=add({"num_format": POUNDS, "bold": True}),
        percent=add({"num_format": PERCENT}),
        percent_bold=add({"num_format": PERCENT, "bold": True}),
        input_pounds=add({"num_format": POUNDS, "bg_color": INPUT_COLOUR, "border": 1}),
        input_percent=add({"num_format": PERCENT, "bg_color": INPUT_COLOUR, "border": 1}),
        input_number=add({"num_format": "0.####", "bg_color": INPUT_COLOUR, "border": 1}),
    )


def text(sheet: Worksheet, row: int, column: int, value: object, cell_format=None) -> None:
    """User text as a text cell, escaped: never a formula, whatever it begins with."""
    sheet.write_string(row, column, str(escape_formula("" if value is None else str(value))), cell_format)


def title(sheet: Worksheet, look: Formats, heading: str, subtitle: str) -> None:
    text(sheet, 0, 0, heading, look.title)
    text(sheet, 1, 0, subtitle)


def headers(sheet: Worksheet, look: Formats, names: list[str], row: int = HEADER_ROW) -> None:
    for column, name in enumerate(names):
        if name:
            sheet.write_string(row, column, name, look.header)


def widths(sheet: Worksheet, sizes: list[float]) -> None:
    for column, size in enumerate(sizes):
        sheet.set_column(column, column, size)


def cell(row: int, column: int, *, absolute: bool = False) -> str:
    """"H5" for row 4, column 7 (0-based), or "$H$5"."""
    return xl_rowcol_to_cell(row, column, row_abs=absolute, col_abs=absolute)


def column_range(column: int, first_row: int, last_row: int) -> str:
    """"$H$5:$H$48": a column's lines, fixed so a formula copied down still points at them."""
    letter = xl_col_to_name(column)
    return f"${letter}${first_row + 1}:${letter}${max(first_row, last_row) + 1}"


def sum_of(column: int, first_row: int, last_row: int) -> str:
    # An empty range would make SUM(I5:I4), which Excel reads backwards as I4:I5.
    if last_row < first_row:
        return "=0"
    letter = xl_col_to_name(column)
    return f"=SUM({letter}{first_row + 1}:{letter}{last_row + 1})"


def quoted_sheet(name: str) -> str:
    """A sheet name as a formula refers to it: 'Step by step'!A1."""
    return f"'{name}'" if not name.isalnum() else name
