"""Raw cell grids from any file a PCC office might send: xlsx, xlsm, ods, xls, csv.

Every reader returns the same thing, a list of rows per sheet with row 0 being
the sheet's row 1, so row numbers in messages match what a person sees in Excel.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from loaders.errors import LoaderError
from loaders.limits import MAX_CELLS, check_text_cells, check_xls, check_zip_archive

SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".ods", ".xls"}
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}
SUPPORTED_EXTENSIONS = SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS

ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office encrypts a password-protected xlsx inside an OLE container under this stream name.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass
class Workbook:
    """Sheets read on first use; a notes sheet that is never chosen costs little."""

    file_name: str
    sheet_names: list[str]
    _reader: object = None
    _grids: dict[str, list[list]] = field(default_factory=dict)
    # Parsed columns, kept so read does not parse again what detect already looked at.
    memo: dict = field(default_factory=dict)
    merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = field(default_factory=dict)

    hidden: object = None  # sheet name -> 0-based indexes of hidden columns, where the format says

    hidden_row_numbers: dict = field(default_factory=dict)  # sheet name -> 1-based rows hidden in the workbook

    unsaved_formula_cells: dict = field(default_factory=dict)  # sheet name -> cells ("F6") of uncalculated formulas

    def unsaved_formulas(self, sheet: str) -> list[str]:
        return list(self.unsaved_formula_cells.get(sheet, ()))

    def hidden_rows(self, sheet: str) -> set[int]:
        return set(self.hidden_row_numbers.get(sheet, ()))

    def hidden_columns(self, sheet: str) -> set[int]:
        return set(self.hidden(sheet)) if self.hidden is not None else set()

    def rows(self, sheet: str) -> list[list]:
        if sheet not in self._grids:
            self._grids[sheet] = self._reader(sheet)
        return self._grids[sheet]


def workbook_from_rows(file_name: str, sheets: dict[str, list[list]]) -> Workbook:
    """Cell grids already in memory (tests, generated layouts) as a Workbook."""
    grids = {name: [list(row) for row in rows] for name, rows in sheets.items()}
    return Workbook(file_name=file_name, sheet_names=list(grids), _reader=grids.__getitem__)


def read_workbook(data: bytes, file_name: str, max_cells: int = MAX_CELLS) -> Workbook:
    """In this process: for a file from anyone else, loaders.worker.open_workbook reads it under limits."""
    extension = Path(file_name).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise LoaderError(
            f"'{extension or 'no extension'}' files are not supported; use xlsx, xlsm, xls, ods or csv",
            file=file_name, code="unsupported_format",
        )
    if not data:
        raise LoaderError("the file is empty", file=file_name)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise LoaderError(
                "the workbook is password-protected; save an unprotected copy and upload that",
                file=file_name,
            )
        check_xls(data, file_name, max_cells)
        return _calamine_workbook(data, file_name, max_cells)
    if data.startswith(ZIP_MAGIC):
        # Measured from the archive's own structure first (loaders/limits.py): a
        # bomb must be refused before calamine allocates its grid.
        notes = check_zip_archive(data, file_name, max_cells)
        book = _calamine_workbook(data, file_name, max_cells)
        book.hidden_row_numbers = notes.hidden_rows
        book.unsaved_formula_cells = notes.unsaved_formulas
        if extension in (".xlsx", ".xlsm"):
            from loaders.hidden import hidden_columns_reader

            book.hidden = hidden_columns_reader(data)
        return book
    if extension in SPREADSHEET_EXTENSIONS:
        kind = "text" if _looks_like_text(data) else "something else"
        raise LoaderError(
            f"this is not a real {extension} workbook (it holds {kind}); was the file renamed?",
            file=file_name, code="unsupported_format",
        )
    return _csv_workbook(data, file_name, max_cells)


_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])


def _looks_like_text(data: bytes) -> bool:
    """Binary files are full of control bytes; a text file has at most a stray one (dropped as its cells are read)."""
    sample = data[:4096]
    return len(sample) - len(sample.translate(None, _CONTROL_BYTES)) <= len(sample) // 100


def _calamine_workbook(data: bytes, file_name: str, max_cells: int) -> Workbook:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [
            meta.name
            for meta in book.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
    except python_calamine.PasswordError:
        raise LoaderError("the workbook is password-protected; save an unprotected copy", file=file_name)
    except Exception as error:  # calamine raises several types for damaged files
        raise LoaderError(f"the workbook cannot be read ({_plain(error)})", file=file_name)

    def read_sheet(sheet: str) -> list[list]:
        try:
            sheet_reader = book.get_sheet_by_name(sheet)
            cells = sheet_reader.total_height * sheet_reader.total_width
            if cells > max_cells:
                raise LoaderError(
                    f"the sheet has {cells:,} cells, over the limit of {max_cells:,}",
                    file=file_name, sheet=sheet, code="too_many_cells",
                )
            # Values only: calamine returns cached formula results and never runs macros.
            return sheet_reader.to_python(skip_empty_area=False)
        except LoaderError:
            raise
        except Exception as error:
            raise LoaderError(f"the sheet cannot be read ({_plain(error)})", file=file_name, sheet=sheet)

    return Workbook(file_name=file_name, sheet_names=names, _reader=read_sheet)


def _plain(error: Exception) -> str:
    return " ".join(str(error).split())[:160] or type(error).__name__


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then the Windows code page Excel saves CSV in."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def csv_delimiter(text: str) -> str:
    """A tab if the first 50 lines hold more tabs than commas, else a comma."""
    sample = "\n".join(first_lines(text, 50))
    return "\t" if sample.count("\t") > sample.count(",") else ","


def first_lines(text: str, count: int) -> list[str]:
    """text.splitlines()[:count], without splitting all of a 10 MB file for its first lines."""
    size = 8192
    while True:
        lines = text[:size].splitlines()
        # One line more than wanted: the first `count` are whole (a cut only shortens the last).
        if len(lines) > count or size >= len(text):
            return text.splitlines()[:count] if size >= len(text) else lines[:count]
        size *= 4


def _csv_workbook(data: bytes, file_name: str, max_cells: int) -> Workbook:
    if data.startswith(UTF16_BOMS):
        # Excel's "Unicode Text" (tab-separated UTF-16): every other byte is a NUL, so read it first.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise LoaderError(f"the file starts as UTF-16 text but byte {error.start:,} is not", file=file_name)
        data = text.encode("utf-8")
    elif not _looks_like_text(data):
        raise LoaderError("this is not a text CSV file (it holds binary data)", file=file_name)
    text = decode_text(data)
    if not text.strip():
        raise LoaderError("the file is empty", file=file_name)
    delimiter = csv_delimiter(text)
    check_text_cells(data, file_name, delimiter.encode(), max_cells)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise LoaderError(f"the CSV cannot be read ({_plain(error)})", file=file_name)
    sheet = Path(file_name).stem
    return Workbook(file_name=file_name, sheet_names=[sheet], _reader=lambda _sheet: rows)
