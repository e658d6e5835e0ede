"""The spend lines as a panel member downloads them: CSV or XLSX, safe to open in Excel.

A cell that begins with =, +, -, @, a tab or a carriage return is run as a
formula by Excel and LibreOffice ("CSV injection"); uploaded spreadsheets are
free text, so every such text cell is prefixed with an apostrophe, which
Excel shows as text. Amounts stay numbers so they can still be summed.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.text_columns import plain_text
from analysis.xlsx import Sheet, workbook_bytes

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel and LibreOffice read the full-width forms as the ASCII ones, and skip leading spaces,
# line feeds, zero-width characters and a byte-order mark before deciding a cell is a formula.
FULL_WIDTH_TRIGGERS = ("＝", "＋", "－", "＠")
SKIPPED_BEFORE_FORMULA = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff"

# Column name in the frame -> heading a reader sees, in the order shown.
READABLE_COLUMNS = {
    "area": "PCC area",
    "financial_year": "Financial year",
    "strategic_area": "Strategic area",
    "service": "Service",
    "amount_gbp": "Amount (£)",
    "provider": "Provider",
    "commissioning_type": "Commissioning type",
    "funding_partners": "Funding partners",
    "geography": "Geography",
    "provision": "Provision",
    "dataset_name": "Dataset",
    "dataset_kind": "Dataset kind",
    "counts_toward_total": "Counts toward totals",
    "count_note": "Why",
    "source_file": "Source file",
    "source_sheet": "Source sheet",
    "source_row": "Source row",
    "source_column": "Source column",  # with the row, the cell a person opens: F6
}

GBP_NUMBER_FORMAT = '"£"#,##0.00'


def escape_formula(value: object) -> object:
    """The value, with a leading apostrophe if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value and (
            value.startswith(FORMULA_TRIGGERS)
            or value.lstrip(SKIPPED_BEFORE_FORMULA).startswith(FORMULA_TRIGGERS + FULL_WIDTH_TRIGGERS)):
        return "'" + value
    return value


def readable(rows: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The lines (or the given columns of them) with reader-facing headings, in READABLE_COLUMNS order."""
    wanted = set(columns or READABLE_COLUMNS)
    chosen = [c for c in READABLE_COLUMNS if c in wanted and c in rows.columns]
    frame = pd.DataFrame({READABLE_COLUMNS[c]: plain_text(rows[c]) for c in chosen}, index=rows.index)
    if "Counts toward totals" in frame:
        frame["Counts toward totals"] = frame["Counts toward totals"].map({True: "Yes", False: "No"})
    return frame.reset_index(drop=True)


def escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell made safe to open in a spreadsheet; numbers untouched."""
    safe = frame.copy()
    safe.columns = [escape_formula(str(column)) for column in safe.columns]
    for column in safe.columns:
        values = safe[column]
        if not pd.api.types.is_numeric_dtype(values):
            # escape_formula once per distinct value, not once per cell: a
            # national store's 1.7 million cells hold a few thousand values.
            codes, distinct = pd.factorize(values)
            safe_distinct = np.array([escape_formula(value) for value in distinct], dtype=object)
            cells = safe_distinct.take(codes) if len(distinct) else np.empty(len(codes), dtype=object)
            missing = codes < 0  # left as they are (NaN or None)
            if missing.any():
                cells[missing] = values.to_numpy(dtype=object)[missing]
            safe[column] = pd.Series(cells, index=values.index, dtype=object)
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # UTF-8 with a byte-order mark: without it Excel reads "£" as "Â£". CRLF
    # line ends (RFC 4180) make the writer quote a cell holding a bare CR,
    # which would otherwise split the row in two.
    return escaped(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, *, sheet_name: str = "Spend lines", notes: Sequence[str] = ()) -> bytes:
    """One sheet of the lines (amounts formatted as £), and the notes, if any, on a second sheet."""
    safe = escaped(frame)
    widths = [min(60, max(10, max([len(str(column)), *(len(str(v)) for v in safe[column].head(500))]) + 2))
              for column in safe.columns]
    sheets = [Sheet(sheet_name, safe, widths, money_columns=frozenset({"Amount (£)", "amount_gbp"}))]
    if notes:
        about = pd.DataFrame({"Note": [escape_formula(note) for note in notes]}, dtype=object)
        sheets.append(Sheet("About", about, [120], header=False))
    return workbook_bytes(sheets, GBP_NUMBER_FORMAT)


# For deferred downloads (st.download_button(data=partial(lines_csv, rows))):
# until the next run the callable holds the lines, so better the compact lines
# (text as category codes, 9 MB for a national store) than their table (46 MB).
def lines_csv(rows: pd.DataFrame) -> bytes:
    """to_csv_bytes(readable(rows))."""
    return to_csv_bytes(readable(rows))


def lines_xlsx(rows: pd.DataFrame, notes: Sequence[str] = ()) -> bytes:
    """to_xlsx_bytes(readable(rows), notes=notes)."""
    return to_xlsx_bytes(readable(rows), notes=notes)
