"""Refusing hostile or runaway files before any reader builds a grid from them.

A spreadsheet's size on disk says little about its size in memory: a 40 KB
xlsx can hold one cell at A1 and another at XFD1048576, and the reader would
then build a grid of seventeen billion cells. So each format is measured from
its raw structure first (the zip directory, each sheet's claimed and actual
extent, the records of an old .xls, the delimiters of a CSV) and refused with
one sentence naming the sheet, before calamine or the csv module parses it.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from loaders.errors import LoaderError, column_letter

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_CELLS = 1_000_000

_CHUNK = 1024 * 1024
_TIDY_UP = "delete the unused rows and columns, or split the file, and upload it again"

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]+)"')
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br\s*=\s*["\'](\d+)["\']')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br\s*=\s*["\']([A-Z]+)(\d+)["\']')
_ANY_CELL_TAG = re.compile(rb'<(?:\w+:)?c(?![\w:.-])')
_RANGE = re.compile(r"^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")
# The plain form every common writer uses: <row r="7" ...> and <c r="B7" ...>.
_PLAIN_ROW_REF = re.compile(rb'<row r="(\d+)"')
_PLAIN_CELL_COLUMN = re.compile(rb'<c r="([A-Z]+)')
_PLAIN_CELL_ROW = re.compile(rb'<c r="[A-Z]+(\d+)"')
# A cell tag in any other form: no attributes, other spacing or quotes, r= not first.
# (Rows need no such check: only cells place values, rows' numbers only widen the extent.)
_IRREGULAR_CELL = re.compile(rb'<c(?![\w:.-])(?! r=")')


@dataclass
class Extent:
    """How far a sheet's cells reach: the grid a reader would allocate for it."""

    sheet: str
    rows: int = 0
    columns: int = 0
    claimed: str | None = None  # what the file itself says, when that is the larger figure

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    def describe(self) -> str:
        return self.claimed or f"A1:{column_letter(self.columns - 1)}{self.rows}"


def column_letters(number: int) -> str:
    """Spreadsheet letters for a 1-based column number (0 -> '')."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _beyond(current: str, alphabet: str) -> bytes:
    """A pattern for a reference part beyond `current`: longer, or as long and greater.

    For row numbers and column letters written without leading zeros, order by
    (length, text) is numeric order, so 'greater' can be spelt out digit by digit.
    """
    size = len(current)
    first, last = alphabet[0], alphabet[-1]
    options = [f"[{alphabet}]{{{size + 1},}}"]
    for position, character in enumerate(current):
        if character < last:
            higher = chr(ord(character) + 1)
            options.append(f"{current[:position]}[{higher}-{last}][{alphabet}]{{{size - position - 1}}}")
    return f"(?:{'|'.join(options)})".encode()


def column_number(letters: str) -> int:
    """1-based column number for spreadsheet letters (A -> 1, XFD -> 16384)."""
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - 64)
    return number


def check_upload_size(size: int, file_name: str) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise LoaderError(
            f"the file is {size / 1024 / 1024:,.1f} MB, over the {MAX_UPLOAD_BYTES // 1024 // 1024} MB upload limit",
            file=file_name,
        )


def _refuse_cells(extents: list[Extent], file_name: str) -> None:
    largest = max(extents, key=lambda extent: extent.cells, default=None)
    if largest is not None and largest.cells > MAX_CELLS:
        raise LoaderError(
            f"the sheet would expand to {largest.cells:,} cells ({largest.describe()}), "
            f"over the limit of {MAX_CELLS:,}; {_TIDY_UP}",
            file=file_name,
            sheet=largest.sheet,
        )
    total = sum(extent.cells for extent in extents)
    if total > MAX_CELLS:
        raise LoaderError(
            f"the workbook's {len(extents)} sheets would expand to {total:,} cells in all, "
            f"over the limit of {MAX_CELLS:,}; {_TIDY_UP}",
            file=file_name,
        )


# --- xlsx, xlsm, ods: zip archives ------------------------------------------------------------


def check_zip_archive(data: bytes, file_name: str) -> None:
    """Refuse a broken archive, a zip bomb, or a sheet that spans too many cells."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise LoaderError("the workbook is damaged or incomplete (not a readable zip archive)", file=file_name)
    with archive:
        members = archive.infolist()
        declared = sum(member.file_size for member in members)
        if declared > MAX_UNCOMPRESSED_BYTES:
            _refuse_expansion(declared, file_name)
        names = {member.filename for member in members}
        try:
            if "content.xml" in names and "xl/workbook.xml" not in names:
                extents = _ods_extents(archive, file_name)
            else:
                extents = _xlsx_extents(archive, names)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
            # A bad CRC or a member cut short: the archive lies about its own contents.
            raise LoaderError("the workbook is damaged or incomplete (a part of the archive is broken)",
                              file=file_name)
    _refuse_cells(extents, file_name)


def _refuse_expansion(size: int, file_name: str) -> None:
    raise LoaderError(
        f"the workbook would expand to {size / 1e6:,.0f} MB, over the "
        f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB limit",
        file=file_name,
    )


def _xlsx_sheet_names(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Worksheet part path -> the sheet name a person sees on its tab."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    try:
        workbook = safe_xml.fromstring(_read_small(archive, "xl/workbook.xml"))
        relations = safe_xml.fromstring(_read_small(archive, "xl/_rels/workbook.xml.rels"))
    except (ParseError, DefusedXmlException):
        return {}
    targets = {}
    for relation in relations:
        target = relation.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[relation.get("Id")] = target
    by_part = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            relation_id = next((value for key, value in element.attrib.items() if key.endswith("}id")), None)
            if relation_id in targets:
                by_part[targets[relation_id]] = element.get("name", "")
    return by_part


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        data = member.read(MAX_UNCOMPRESSED_BYTES + 1)
    if len(data) > MAX_UNCOMPRESSED_BYTES:
        _refuse_expansion(len(data), archive.filename or "")
    return data


def _xlsx_extents(archive: zipfile.ZipFile, names: set[str]) -> list[Extent]:
    """Each worksheet's extent from its <dimension> claim and from the cells it really holds.

    Every member is decompressed once, in chunks, so a header that understates
    a member's size is caught by the running total (or by zipfile's CRC check).
    """
    sheet_names = _xlsx_sheet_names(archive, names)
    extents = []
    expanded = 0
    for member in archive.infolist():
        is_sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        extent = Extent(sheet=sheet_names.get(member.filename, member.filename)) if is_sheet else None
        state = _SheetScan() if is_sheet else None
        with archive.open(member) as stream:
            carried = b""
            while chunk := stream.read(_CHUNK):
                expanded += len(chunk)
                if expanded > MAX_UNCOMPRESSED_BYTES:
                    _refuse_expansion(expanded, archive.filename or "")
                if state is not None:
                    # Scan up to the last complete tag; the rest waits for the next chunk.
                    window = carried + chunk
                    cut = window.rfind(b">") + 1
                    state.scan(window[:cut])
                    carried = window[cut:]
        if extent is not None:
            extent.rows, extent.columns, extent.claimed = state.extent()
            extents.append(extent)
    return extents


class _SheetScan:
    """Running maxima over a worksheet's XML: claimed dimension, row and column references.

    Nearly every file is written the way Excel, LibreOffice and openpyxl write
    it: unprefixed tags, each row and cell with its r="..." first. For those,
    a chunk is measured with a few passes that stay in C and build no lists
    per cell: rows' references are collected, and cells are only searched for
    a reference beyond the largest row and column seen so far (a regular
    expression built from that maximum). Any chunk that departs from that form
    gets the general scan, which reads every reference wherever it sits.
    """

    def __init__(self) -> None:
        self.claimed_rows = self.claimed_columns = 0
        self.claimed_text: str | None = None
        self.seen_dimension = False
        self.max_row = self.max_column = 0
        self.cells = 0

    def scan(self, window: bytes) -> None:
        if not self.seen_dimension:
            found = _DIMENSION.search(window)
            if found:
                self.seen_dimension = True
                self._claim(found.group(1).decode("ascii", "replace"))
            elif _SHEET_DATA.search(window):
                self.seen_dimension = True  # the dimension comes before sheetData or not at all
        # calamine reads any prefixed <x:c> as a cell, so any prefix sends the chunk the general way.
        if b":c" in window or _IRREGULAR_CELL.search(window):
            self._scan_generally(window)
        else:
            self._scan_plain(window)

    def _scan_plain(self, window: bytes) -> None:
        rows = _PLAIN_ROW_REF.findall(window)
        if rows:
            self.max_row = max(self.max_row, max(map(int, rows)))
        self.cells += window.count(b'<c r="')
        # One pass asks "does any cell reach past what we know?"; only then is each reference read.
        beyond = re.compile(
            b'<c r="(?:' + _beyond(column_letters(self.max_column), "A-Z")
            + b'|[A-Z]+' + _beyond(str(self.max_row) if self.max_row else "", "0-9") + b'")'
        )
        if beyond.search(window):
            widest = max(set(_PLAIN_CELL_COLUMN.findall(window)), key=lambda letters: (len(letters), letters))
            self.max_column = max(self.max_column, column_number(widest.decode()))
            self.max_row = max(self.max_row, max(map(int, _PLAIN_CELL_ROW.findall(window))))

    def _scan_generally(self, window: bytes) -> None:
        # findall keeps the work in C: a million-cell sheet scans in well under a second.
        rows = _ROW_REF.findall(window)
        if rows:
            self.max_row = max(self.max_row, max(map(int, rows)))
        references = _CELL_REF.findall(window)
        if references:
            columns = {letters for letters, _ in references}
            widest = max(columns, key=lambda letters: (len(letters), letters))
            self.max_column = max(self.max_column, column_number(widest.decode()))
            self.max_row = max(self.max_row, max(int(row) for _, row in references))
        # A cell written without a reference still counts.
        self.cells += len(_ANY_CELL_TAG.findall(window))

    def _claim(self, reference: str) -> None:
        match = _RANGE.match(reference.strip().upper())
        if not match:
            return
        first_column, first_row, last_column, last_row = match.groups()
        last_column, last_row = last_column or first_column, last_row or first_row
        self.claimed_rows = int(last_row) - int(first_row) + 1
        self.claimed_columns = column_number(last_column) - column_number(first_column) + 1
        self.claimed_text = f"its dimension claims {reference.strip()}"

    def extent(self) -> tuple[int, int, str | None]:
        claimed = self.claimed_rows * self.claimed_columns
        actual_rows, actual_columns = self.max_row, self.max_column
        if self.cells > actual_rows * actual_columns:
            # Cells written without references: the count itself bounds the grid.
            actual_rows, actual_columns = self.cells, 1
        if claimed > actual_rows * actual_columns:
            return self.claimed_rows, self.claimed_columns, self.claimed_text
        return actual_rows, actual_columns, None


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_REPEAT_LIMIT = 1 << 40  # beyond any sheet; keeps a hostile repeat count from overflowing sums


def _ods_extents(archive: zipfile.ZipFile, file_name: str) -> list[Extent]:
    """Each table's extent, counting repeats, up to its last non-empty cell.

    LibreOffice writes the empty rest of every sheet as one row repeated a
    million times; that costs nothing, so only cells with content (and the
    empty space before them) count towards the grid a reader builds.
    """
    member = archive.getinfo("content.xml")
    if member.file_size > MAX_UNCOMPRESSED_BYTES:
        _refuse_expansion(member.file_size, file_name)
    extents: list[Extent] = []
    extent: Extent | None = None
    row = column = 0
    row_repeat = 1
    row_has_content = False
    row_width = 0
    with archive.open(member) as stream:
        try:
            for event, element in safe_xml.iterparse(stream, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == f"{_ODS_TABLE}table":
                        extent = Extent(sheet=element.get(f"{_ODS_TABLE}name", f"Sheet{len(extents) + 1}"))
                        row = 0
                    elif tag == f"{_ODS_TABLE}table-row":
                        row_repeat = _repeat(element.get(f"{_ODS_TABLE}number-rows-repeated"))
                        column, row_has_content, row_width = 0, False, 0
                    continue
                if tag in (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell"):
                    repeat = _repeat(element.get(f"{_ODS_TABLE}number-columns-repeated"))
                    column += repeat
                    if element.get(f"{_ODS_OFFICE}value-type") or len(element):
                        row_has_content, row_width = True, column
                    element.clear()
                elif tag == f"{_ODS_TABLE}table-row":
                    if row_has_content and extent is not None:
                        extent.rows = row + row_repeat
                        extent.columns = max(extent.columns, row_width)
                    row += row_repeat
                    element.clear()
                elif tag == f"{_ODS_TABLE}table" and extent is not None:
                    extents.append(extent)
                    element.clear()
                    _refuse_cells(extents, file_name)
        except (ParseError, DefusedXmlException):
            raise LoaderError("the workbook is damaged or incomplete (its content.xml is not readable XML)",
                              file=file_name)
    return extents


def _repeat(value: str | None) -> int:
    try:
        return min(max(int(value), 1), _ODS_REPEAT_LIMIT) if value else 1
    except ValueError:
        return 1


# --- xls: BIFF records inside an OLE container -------------------------------------------------

_BIFF_BOF = 0x0809
_BIFF_EOF = 0x000A
_BIFF_BOUNDSHEET = 0x0085
_BIFF_DIMENSIONS = 0x0200
# Records that carry (row, column) in their first four bytes.
_BIFF_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x0201, 0x00D6}
_BIFF_MULTI_CELL_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column ... last column


def check_xls(data: bytes, file_name: str) -> None:
    """Measure each sheet of an old-style .xls from its BIFF records before calamine reads it."""
    try:
        import olefile
    except ImportError:  # pragma: no cover - olefile is pinned in requirements.txt
        return
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as container:
            stream_name = next(
                (name for name in ("Workbook", "Book") if container.exists(name)), None
            )
            if stream_name is None:
                raise LoaderError("this is not an Excel workbook (the file holds no workbook stream)",
                                  file=file_name)
            if container.get_size(stream_name) > MAX_UNCOMPRESSED_BYTES:
                _refuse_expansion(container.get_size(stream_name), file_name)
            stream = container.openstream(stream_name).read()
    except LoaderError:
        raise
    except Exception:  # olefile raises OSError and several of its own for broken containers
        raise LoaderError("the workbook is damaged or incomplete (not a readable .xls file)", file=file_name)
    _refuse_cells(_biff_extents(stream), file_name)


def _biff_extents(stream: bytes) -> list[Extent]:
    sheet_offsets: dict[int, str] = {}
    extents: list[Extent] = []
    current: tuple[Extent, _SheetScan] | None = None
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4: position + 4 + length]
        if kind == _BIFF_BOUNDSHEET and len(body) >= 8:
            sheet_offsets[struct.unpack_from("<I", body)[0]] = _boundsheet_name(body)
        elif kind == _BIFF_BOF and position in sheet_offsets:
            current = (Extent(sheet=sheet_offsets[position]), _SheetScan())
        elif kind == _BIFF_EOF and current is not None:
            extent, scan = current
            extent.rows, extent.columns, extent.claimed = scan.extent()
            extents.append(extent)
            current = None
        elif current is not None:
            _measure_biff_record(current[1], kind, body)
        position += 4 + length
    return extents


def _boundsheet_name(body: bytes) -> str:
    length = body[6]
    if len(body) > 8 and body[7] & 1:
        return body[8: 8 + 2 * length].decode("utf-16-le", "replace")
    return body[8: 8 + length].decode("latin-1")


def _measure_biff_record(scan: _SheetScan, kind: int, body: bytes) -> None:
    if kind == _BIFF_DIMENSIONS and len(body) >= 12:
        first_row, last_row_plus_one, first_column, last_column_plus_one = struct.unpack_from("<IIHH", body)
        scan.claimed_rows = max(last_row_plus_one - first_row, 0)
        scan.claimed_columns = max(last_column_plus_one - first_column, 0)
        if scan.claimed_rows and scan.claimed_columns:
            scan.claimed_text = (
                f"its dimensions claim {column_letter(first_column)}{first_row + 1}:"
                f"{column_letter(last_column_plus_one - 1)}{last_row_plus_one}"
            )
    elif kind in _BIFF_CELL_RECORDS and len(body) >= 4:
        row, column = struct.unpack_from("<HH", body)
        scan.max_row, scan.max_column = max(scan.max_row, row + 1), max(scan.max_column, column + 1)
    elif kind in _BIFF_MULTI_CELL_RECORDS and len(body) >= 6:
        row = struct.unpack_from("<H", body)[0]
        last_column = struct.unpack_from("<H", body, len(body) - 2)[0]
        scan.max_row, scan.max_column = max(scan.max_row, row + 1), max(scan.max_column, last_column + 1)


# --- csv: text ----------------------------------------------------------------------------------


def check_text_cells(data: bytes, file_name: str, delimiter: bytes) -> None:
    """A CSV's cell count is bounded by its delimiters and line breaks, countable without parsing."""
    cells = data.count(delimiter) + data.count(b"\n") + 1
    if cells > MAX_CELLS:
        raise LoaderError(
            f"the file would expand to about {cells:,} cells, over the limit of {MAX_CELLS:,}; {_TIDY_UP}",
            file=file_name,
        )
