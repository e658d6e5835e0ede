"""The one error type every reader raises, so callers can show a single clear line."""
from __future__ import annotations

from dataclasses import dataclass

# Stable codes callers and tests rely on; the wording of a message may change, a code may not.
CODES = {
    "unreadable": "the file cannot be opened or parsed",
    "unsupported_format": "not a format the loader reads",
    "too_large": "the file, or what it expands to, is over the size limit",
    "too_many_cells": "a sheet or the workbook spans more cells than the limit",
    "too_much_memory": "reading the file needed more memory than the limit",
    "took_too_long": "reading the file took longer than the time limit",
    "busy": "every worker is reading another file",
    "no_sheet": "the named sheet is not in the workbook",
    "no_header": "no row names the columns",
    "no_amount_column": "no column holds money",
    "no_service_column": "the lines have no name",
    "no_amounts": "no amounts under the header",
    "bad_amount": "a cell in a money column is not an amount",
    "bad_year": "a year cell or year text is not one financial year",
    "year_unknown": "an amount's financial year is not stated",
    "year_span": "a money column spans several years",
    "year_conflict": "the year given disagrees with the years the file states",
    "duplicate_year": "two columns hold the same year",
    "several_money_columns": "more than one money column without a year",
    "units_unknown": "an amount's unit cannot be known",
    "units_suspected": "a total differs from its rows by a clean factor of 1,000",
    "units_conflict": "the unit given disagrees with the unit the file states",
    "double_count_suspected": "rows that are group totals were counted as lines",
    "layout_mismatch": "a saved Layout does not fit this file",
    "second_table": "another table, with other columns, starts below the first",
    "formula_without_value": "a formula in the table has no saved value, so its figure is unknown",
    "bad_option": "an option given to the loader is not valid",
    "phase_ambiguous": "a money column's header names more than one phase (budget, committed, actual)",
}


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """The 0-based index of column letters ('A' -> 0, 'AB' -> 27)."""
    index = 0
    for letter in letters.strip().upper():
        if not "A" <= letter <= "Z":
            raise ValueError(f"'{letters}' is not a column letter")
        index = index * 26 + ord(letter) - 64
    return index - 1


def cell_name(row: int | None, column: int | None) -> str | None:
    """'F6' for 1-based row 6 and 0-based column 5."""
    if row is None or column is None:
        return None
    return f"{column_letter(column)}{row}"


@dataclass
class LoaderError(Exception):
    """A problem with an input file, located as precisely as we know.

    `row` is the spreadsheet's own 1-based row number and `column` a 0-based
    index (shown as a letter), so the message points at the cell a person
    would open in Excel. `code` is one of CODES: tests and the upload page
    branch on it, never on the wording.
    """

    problem: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    code: str = "unreadable"

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown loader error code {self.code!r}")
        super().__init__(self.problem)

    @property
    def cell(self) -> str | None:
        return cell_name(self.row, self.column)

    @property
    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None and self.column is not None:
            parts.append(f"cell {self.cell}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        elif self.column is not None:
            parts.append(f"column {column_letter(self.column)}")
        return ", ".join(parts)

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.problem}" if location else self.problem
