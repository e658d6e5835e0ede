"""The published Leicestershire Appendix A rewritten in the layouts other offices use.

Each builder takes the published rows (title rows, sections, repeated headers,
subtotals, Grand Total) and writes them in one variant, returning the path and
the 1-based row at which the published header row now sits, so tests can check
that source_row still points at the right spreadsheet row.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parents[2]
APPENDIX_CSV = REPO / "tests" / "data" / "leicestershire_appendix_a.csv"
APPENDIX_XLSX = REPO / "data" / "leicestershire_commissioning_framework_2018-21.xlsx"
YEAR_COLUMNS = (4, 5, 6)


def published_rows() -> list[list[str]]:
    with APPENDIX_CSV.open(encoding="utf-8", newline="") as handle:
        return [list(row) for row in csv.reader(handle)]


def header_index(rows: list[list[str]]) -> int:
    return next(i for i, row in enumerate(rows) if row and row[0] == "Service Name")


def as_number(text: str) -> int | str:
    cleaned = text.replace(",", "")
    return int(cleaned) if cleaned.isdigit() else text


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook of the given sheets; a blank ("") cell is written empty, as Excel leaves it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([None if value == "" else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    path.write_bytes(xlsx_bytes(sheets))
    return path


def numeric_rows(rows: list[list[str]]) -> list[list]:
    header_at = header_index(rows)
    converted = []
    for i, row in enumerate(rows):
        if i > header_at and row[0] != "Service Name":
            row = [as_number(v) if c in YEAR_COLUMNS else v for c, v in enumerate(row)]
        converted.append(row)
    return converted


def pound_text_rows(rows: list[list[str]]) -> list[list]:
    """Amounts typed as text, '£573,925', as when a sheet is pasted from a Word table."""
    header_at = header_index(rows)
    return [
        [f"£{v}" if c in YEAR_COLUMNS and i > header_at and v and v[0].isdigit() else v for c, v in enumerate(row)]
        for i, row in enumerate(rows)
    ]


def without_titles(rows: list[list[str]]) -> list[list[str]]:
    return rows[header_index(rows):]


NOTES_SHEET = [
    ["About this workbook"],
    ["Figures are the PCC's commissioning budget; see decision record EXE0003/20."],
    ["Source: OPCC for Leicestershire"],
]


def build_layout(layout: str, tmp_path: Path) -> tuple[Path, int]:
    """(file, 1-based header row) for one named layout of the published table."""
    rows = published_rows()
    header_row = header_index(rows) + 1
    if layout == "published xlsx":
        return APPENDIX_XLSX, header_row
    if layout == "published csv":
        return APPENDIX_CSV, header_row
    if layout == "header on row 1":
        bare = without_titles(rows)
        return write_xlsx(tmp_path / "bare.xlsx", {"Budget": numeric_rows(bare)}), 1
    if layout == "amounts as £ text":
        return write_xlsx(tmp_path / "text_amounts.xlsx", {"Appendix A": pound_text_rows(rows)}), header_row
    if layout == "notes sheet first":
        path = write_xlsx(tmp_path / "with_notes.xlsx", {"Notes": NOTES_SHEET, "Appendix A": numeric_rows(rows)})
        return path, header_row
    if layout == "cp1252 csv":
        path = tmp_path / "windows.csv"
        # Excel's "CSV" save writes the Windows code page; characters outside it become "?".
        with path.open("w", encoding="cp1252", errors="replace", newline="") as handle:
            csv.writer(handle).writerows(pound_text_rows(rows))
        return path, header_row
    if layout == "tab separated":
        path = tmp_path / "appendix.txt"
        path.write_text("\n".join("\t".join(row) for row in rows), encoding="utf-8")
        return path, header_row
    if layout == "xls":
        import xlwt

        book = xlwt.Workbook()
        sheet = book.add_sheet("Appendix A")
        for r, row in enumerate(numeric_rows(rows)):
            for c, value in enumerate(row):
                if value != "":
                    sheet.write(r, c, value)
        path = tmp_path / "appendix.xls"
        book.save(str(path))
        return path, header_row
    if layout == "ods":
        import pandas as pd

        path = tmp_path / "appendix.ods"
        frame = pd.DataFrame(numeric_rows(rows)).replace("", None)
        frame.to_excel(path, engine="odf", sheet_name="Appendix A", header=False, index=False)
        return path, header_row
    raise ValueError(layout)


LAYOUTS = [
    "published xlsx",
    "published csv",
    "header on row 1",
    "amounts as £ text",
    "notes sheet first",
    "cp1252 csv",
    "tab separated",
    "xls",
    "ods",
]
