"""Tables turned on their side: one row per financial year, one column per line.

Summary tables in annual reports often run the years down the page
("2018/19 | 1,234 | 567 | Total"). Each column header names a line; a Total
column is the year's declared total, checked against the lines, never a line.
"""
from __future__ import annotations

from dataclasses import dataclass

from loaders.amounts import AmountError, parse_amount
from loaders.cells import is_filled, tidy_text
from loaders.errors import LoaderError, cell_name, column_letter
from loaders.headers import has_derived_words
from loaders.layout import ColumnRole, SheetLayout, Unit, YearSource
from loaders.rows import footnote_marks, is_total_label
from loaders.sheet_units import refuse_units_conflict
from loaders.units import UNIT_LABELS, unit_in_text
from loaders.years import NotAFinancialYear, year_in_header

SEARCH_ROWS = 60


@dataclass(frozen=True)
class TransposedHeader:
    row_index: int  # 0-based header row
    year_column: int
    line_columns: tuple[int, ...]


def is_year_cell(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        year = year_in_header(value)
    except NotAFinancialYear:
        return False
    return year is not None and len(value.split()) <= 3


def _numeric(value: object, footnotes: frozenset[str] = frozenset()) -> bool:
    try:
        return parse_amount(value, footnotes) is not None
    except AmountError:
        return False


def find_transposed(rows: list[list]) -> TransposedHeader | None:
    """A header row of line names over rows that each start with a financial year, all else figures."""
    marks = None  # worked out only once a table of year rows is in view: a long sheet rarely has one
    for row_index, row in enumerate(rows[:SEARCH_ROWS]):
        texts = [(i, v) for i, v in enumerate(row) if isinstance(v, str) and v.strip()]
        if len(texts) < 2 or any(is_year_cell(v) for _, v in texts[1:]):
            continue
        below = rows[row_index + 1: row_index + 1 + SEARCH_ROWS]
        for year_column in {texts[0][0], 0}:
            year_rows = [r for r in below if year_column < len(r) and is_year_cell(r[year_column])]
            if len(year_rows) < 2:
                continue
            line_columns = tuple(i for i, _ in texts if i != year_column)
            if not line_columns:
                continue
            if marks is None:
                marks = footnote_marks(rows)
            # Every line column holds figures in the year rows; a long table would hold words somewhere.
            if all(all(not is_filled(r[i]) or _numeric(r[i], marks) for r in year_rows if i < len(r))
                   and any(i < len(r) and _numeric(r[i], marks) for r in year_rows) for i in line_columns):
                return TransposedHeader(row_index, year_column, line_columns)
    return None


def detect_transposed(book, sheet: str, header: TransposedHeader, *, given_year, given_factor,
                      title_rows) -> SheetLayout:
    rows = book.rows(sheet)
    file_name = book.file_name
    if given_year:
        raise LoaderError(
            f"--year {given_year} was given, but column {column_letter(header.year_column)} states each row's year; "
            "leave out --year",
            file=file_name, sheet=sheet, row=header.row_index + 1, column=header.year_column, code="year_conflict",
        )
    head = rows[header.row_index]
    columns = [ColumnRole(index=header.year_column, header=tidy_text(head[header.year_column]) or "(blank)",
                          role="financial_year", reason="each row is one financial year")]
    marks = footnote_marks(rows)
    only_one = len(header.line_columns) == 1
    for index in header.line_columns:
        text = tidy_text(head[index])
        if text[-1:].isdigit() and text[-1] in marks and not text[-2:-1].isdigit():
            text = text[:-1]  # "Total funding to victim's services1": the 1 is footnote 1's mark
        if is_total_label(text) and not only_one:
            columns.append(ColumnRole(index=index, header=text, role="ignored",
                                      reason="the year's declared total, checked against the lines"))
        elif has_derived_words(text):
            columns.append(ColumnRole(index=index, header=text, role="ignored", reason="derived (change or share)"))
        else:
            factor = unit_in_text(text)
            unit = Unit(factor, UNIT_LABELS[factor], "header", cell_name(header.row_index + 1, index)) \
                if factor is not None and given_factor is None else None
            columns.append(ColumnRole(index=index, header=text, role="amount",
                                      reason="a line: its header names the service", unit=unit))
    unit = Unit()
    if given_factor is not None:
        stated = [(unit_in_text(text), "title row", cell_name(r + 1, c)) for r, c, text in title_rows
                  if unit_in_text(text)]
        stated += [(unit_in_text(sheet), "sheet name", None)] if unit_in_text(sheet) else []
        stated += [(unit_in_text(tidy_text(head[i])), "header", cell_name(header.row_index + 1, i))
                   for i in header.line_columns if unit_in_text(tidy_text(head[i]))]
        refuse_units_conflict(given_factor, stated, file_name, sheet)
        unit = Unit(given_factor, UNIT_LABELS[given_factor], "given")
    else:
        stated = [(unit_in_text(text), cell_name(r + 1, c)) for r, c, text in title_rows if unit_in_text(text)]
        sheet_factor = unit_in_text(sheet)
        if stated:
            unit = Unit(stated[0][0], UNIT_LABELS[stated[0][0]], "title row", stated[0][1])
        elif sheet_factor:
            unit = Unit(sheet_factor, UNIT_LABELS[sheet_factor], "sheet name")
    skipped, totals = [], []
    for offset, row in enumerate(rows[header.row_index + 1:]):
        source_row = header.row_index + 2 + offset
        year_cell = row[header.year_column] if header.year_column < len(row) else None
        figures = [i for i in header.line_columns if i < len(row) and is_filled(row[i])]
        if not is_year_cell(year_cell):
            if figures and not is_total_label(tidy_text(year_cell)):
                raise LoaderError(
                    f"this row holds figures but no financial year in column {column_letter(header.year_column)}",
                    file=file_name, sheet=sheet, row=source_row, column=header.year_column, code="year_unknown",
                )
            if any(is_filled(v) for v in row):
                (totals if figures else skipped).append(source_row)
    return SheetLayout(sheet=sheet, shape="transposed", header_rows=(header.row_index + 1,),
                       columns=tuple(columns), years=YearSource("rows", column=header.year_column), unit=unit,
                       total_rows=tuple(totals), skipped_rows=tuple(skipped))
