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
from array import array
import struct
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import numpy as np

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
# A row or cell opening tag, as calamine reads them (prefixed or not), and its r="B7" attribute.
# (<row-x is taken for a row too, as the scan has always done: it can only widen the extent.)
_POSITION_TAG = re.compile(rb'<(?:\w+:)?(row\b|c(?![\w:.-]))([^>]*)>')
_REFERENCE_ATTRIBUTE = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]{0,3})\$?(\d{0,7})["']""")
_RANGE = re.compile(r"^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


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
            file=file_name, code="too_large",
        )


def _refuse_cells(extents: list[Extent], file_name: str, max_cells: int) -> None:
    largest = max(extents, key=lambda extent: extent.cells, default=None)
    if largest is not None and largest.cells > max_cells:
        raise LoaderError(
            f"the sheet would expand to {largest.cells:,} cells ({largest.describe()}), "
            f"over the limit of {max_cells:,}; {_TIDY_UP}",
            file=file_name, code="too_many_cells",
            sheet=largest.sheet,
        )
    total = sum(extent.cells for extent in extents)
    if total > max_cells:
        raise LoaderError(
            f"the workbook's {len(extents)} sheets would expand to {total:,} cells in all, "
            f"over the limit of {max_cells:,}; {_TIDY_UP}",
            file=file_name, code="too_many_cells",
        )


# --- xlsx, xlsm, ods: zip archives ------------------------------------------------------------


@dataclass
class SheetNotes:
    """What the scan notes of each xlsx sheet on the way, which calamine does not say.

    The scan reads every byte of every sheet once already, so these cost no second read.
    """

    hidden_rows: dict[str, set[int]] = field(default_factory=dict)  # sheet -> 1-based rows
    unsaved_formulas: dict[str, list[str]] = field(default_factory=dict)  # sheet -> cells, e.g. "F6"


def check_zip_archive(data: bytes, file_name: str, max_cells: int = MAX_CELLS) -> SheetNotes:
    """Refuse a broken archive, a zip bomb, or a sheet that spans too many cells."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise LoaderError("the workbook is damaged or incomplete (not a readable zip archive)", file=file_name)
    archive.filename = file_name  # named in any refusal below
    with archive:
        members = archive.infolist()
        declared = sum(member.file_size for member in members)
        if declared > MAX_UNCOMPRESSED_BYTES:
            _refuse_expansion(declared, file_name)
        names = {member.filename for member in members}
        notes = SheetNotes()
        try:
            if "content.xml" in names and "xl/workbook.xml" not in names:
                extents = _ods_extents(archive, file_name, max_cells)
            else:
                extents = _xlsx_extents(archive, names, notes)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
            # A bad CRC or a member cut short: the archive lies about its own contents.
            raise LoaderError("the workbook is damaged or incomplete (a part of the archive is broken)",
                              file=file_name)
    _refuse_cells(extents, file_name, max_cells)
    return notes


def _refuse_expansion(size: int, file_name: str) -> None:
    raise LoaderError(
        f"the workbook would expand to {size / 1e6:,.0f} MB, over the "
        f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB limit",
        file=file_name, code="too_large",
    )


def _xlsx_sheet_names(archive: zipfile.ZipFile, names: set[str],
                      sheets_per_part: dict[str, int] | None = None) -> dict[str, str]:
    """Worksheet part path -> the (first) sheet name a person sees on its tab.

    Two tabs may point at one part, and a reader builds a grid for each: so
    `sheets_per_part` is filled in with how many tabs read each part.
    """
    sheets_per_part = {} if sheets_per_part is None else sheets_per_part
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
    by_part: dict[str, str] = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            relation_id = next((value for key, value in element.attrib.items() if key.endswith("}id")), None)
            if relation_id in targets:
                part = targets[relation_id]
                by_part.setdefault(part, element.get("name", ""))
                sheets_per_part[part] = sheets_per_part.get(part, 0) + 1
    return by_part


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        data = member.read(MAX_UNCOMPRESSED_BYTES + 1)
    if len(data) > MAX_UNCOMPRESSED_BYTES:
        _refuse_expansion(len(data), archive.filename or "")
    return data


def _xlsx_extents(archive: zipfile.ZipFile, names: set[str], notes: SheetNotes | None = None) -> list[Extent]:
    """Each worksheet's extent from its <dimension> claim and from the cells it really holds.

    Every member is decompressed once, in chunks, so a header that understates
    a member's size is caught by the running total (or by zipfile's CRC check).
    """
    sheets_per_part: dict[str, int] = {}
    sheet_names = _xlsx_sheet_names(archive, names, sheets_per_part)
    extents = []
    expanded = 0
    shared = _SharedText()
    for member in archive.infolist():
        is_sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        is_shared = member.filename.lower() == _SHARED_STRINGS_PART
        extent = Extent(sheet=sheet_names.get(member.filename, member.filename)) if is_sheet else None
        state = _SheetScan() if is_sheet else None
        with archive.open(member) as stream:
            carried = b""
            while chunk := stream.read(_CHUNK):
                expanded += len(chunk)
                if expanded > MAX_UNCOMPRESSED_BYTES:
                    _refuse_expansion(expanded, archive.filename or "")
                if is_shared:
                    shared.measure_strings(chunk)
                if state is not None:
                    # Scan up to the last complete tag; the rest waits for the next chunk.
                    window = carried + chunk
                    cut = window.rfind(b">") + 1
                    state.scan(window[:cut])
                    shared.count_uses(member.filename, window[:cut])
                    carried = window[cut:]
        if extent is not None:
            extent.rows, extent.columns, extent.claimed = state.extent()
            extents.append(extent)
            # Every further tab reading this part is another grid of the same size.
            extents.extend([extent] * (sheets_per_part.get(member.filename, 1) - 1))
            if notes is not None and state.hidden_rows:
                notes.hidden_rows[extent.sheet] = state.hidden_rows
            if notes is not None and state.unsaved_formulas:
                notes.unsaved_formulas[extent.sheet] = state.unsaved_formulas
    shared.refuse_expansion(archive, sheet_names)
    return extents


_SHARED_STRINGS_PART = "xl/sharedstrings.xml"
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", re.S)
_SHARED_CELL = re.compile(rb"""<(?:\w+:)?c\b[^>]*\bt=["']s["'][^>]*>\s*<(?:\w+:)?v>\s*(\d{1,10})\s*<""")


class _SharedText:
    """How much text the cells that point into the shared strings would make between them.

    A reader gives every cell its own copy of the string it points at: one
    30,000-character string used by 300,000 cells is 9 GB, from a file of a
    few hundred KB. Cells are counted as the sheets go by; only when the
    count times the longest string could pass the limit are the cells'
    own strings added up, in a second pass.
    """

    def __init__(self) -> None:
        self.lengths = array("L")
        self.uses: dict[str, int] = {}
        self._tail = b""

    def measure_strings(self, chunk: bytes) -> None:
        joined = self._tail + chunk
        end = 0
        for item in _SHARED_ITEM.finditer(joined):
            self.lengths.append(len(item.group(1)))
            end = item.end()
        self._tail = joined[end:]

    def count_uses(self, part: str, window: bytes) -> None:
        count = window.count(b't="s"') + window.count(b"t='s'")
        if count:
            self.uses[part] = self.uses.get(part, 0) + count

    def refuse_expansion(self, archive: zipfile.ZipFile, sheet_names: dict[str, str]) -> None:
        if not self.lengths or not self.uses:
            return
        longest = max(self.lengths)
        if sum(self.uses.values()) * longest <= MAX_UNCOMPRESSED_BYTES:
            return
        for part in self.uses:
            total = self._text_of(archive, part)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise LoaderError(
                    f"its cells repeat the workbook's shared text until it makes {total / 1e6:,.0f} MB, "
                    f"over the {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB limit; {_TIDY_UP}",
                    file=archive.filename or "", sheet=sheet_names.get(part, part), code="too_large",
                )

    def _text_of(self, archive: zipfile.ZipFile, part: str) -> int:
        total, tail = 0, b""
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                joined = tail + chunk
                closed = joined.rfind(b"c>")  # the end of the last closed cell: </c> or </x:c>
                cut = closed + 2 if closed >= 0 else 0
                total += self._length_of_cells(joined, cut)
                if total > MAX_UNCOMPRESSED_BYTES:
                    return total
                tail = joined[cut:]
        return total + self._length_of_cells(tail, len(tail))

    def _length_of_cells(self, window: bytes, end: int) -> int:
        """The shared text of the cells in window[:end] that point into the shared strings."""
        known = len(self.lengths)
        return sum(self.lengths[position] for position in map(int, _SHARED_CELL.findall(window, 0, end))
                   if position < known)


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
# A cell holding a formula: its reference and its inside, up to its closing tag.
_FORMULA_CELL = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\br=["']([A-Z]{1,3}\d{1,7})["'][^>]*(?<!/)>((?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?f\b.*?)</(?:\w+:)?c>""", re.S)
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_MAX_CELL_TAIL = 65_536
_OPENING_TAIL = 512  # longer than any cell's opening tag
_HIDDEN_ATTRIBUTE = re.compile(rb"""\bhidden=["'](?:1|true)["']""")
_ROW_NUMBER = re.compile(rb"""\br=["'](\d{1,7})["']""")


class _SheetScan:
    """Running maxima over a worksheet's XML: claimed dimension, row and column references.

    Nearly every file is written the way Excel, LibreOffice and openpyxl write
    it: unprefixed tags, each row and cell with its r="..." first. Those chunks
    are measured with numpy over the raw bytes (_plain_references), a few
    milliseconds a megabyte. Any chunk that departs from that form gets the
    general scan, which reads every reference wherever it sits.
    """

    def __init__(self) -> None:
        self.claimed_rows = self.claimed_columns = 0
        self.claimed_text: str | None = None
        self.seen_dimension = False
        self.max_row = self.max_column = 0
        self.cells = 0
        self._row = self._column = 0  # where the last cell was put, for one written without a reference
        self.hidden_rows: set[int] = set()
        self.unsaved_formulas: list[str] = []  # cells whose formula has no saved value, e.g. "F6"
        self._cell_tail = b""

    def scan(self, window: bytes) -> None:
        if not self.seen_dimension:
            found = _DIMENSION.search(window)
            if found:
                self.seen_dimension = True
                self._claim(found.group(1).decode("ascii", "replace"))
            elif _SHEET_DATA.search(window):
                self.seen_dimension = True  # the dimension comes before sheetData or not at all
        if not self._scan_plain(window):
            self._find_unsaved_formulas(window, b"<f" in window)
            if b"hidden" in window:
                self._find_hidden_rows(window)
            self._scan_generally(window)

    def _find_hidden_rows(self, window: bytes) -> None:
        for tag in _ROW_TAG.findall(window):
            if _HIDDEN_ATTRIBUTE.search(tag):
                number = _ROW_NUMBER.search(tag)
                if number:
                    self.hidden_rows.add(int(number.group(1)))

    def _find_unsaved_formulas(self, window: bytes, formulas: bool) -> None:
        """A formula written by a program and never calculated has no <v>: calamine reads it as blank.

        A cell may begin in one chunk and close in the next, so what follows the last closed cell
        is carried over to be read with the next chunk.
        """
        tail = self._cell_tail
        if not formulas and b"<f" not in tail:
            # Only a cell's opening tag can be cut off here; a formula right after it comes next chunk.
            self._cell_tail = window[-_OPENING_TAIL:]
            return
        joined = tail + window
        closed = joined.rfind(b"</c>")
        if closed < 0:
            self._cell_tail = joined[-_MAX_CELL_TAIL:]
            return
        for cell in _FORMULA_CELL.finditer(joined, 0, closed + 4):
            value = _CELL_VALUE.search(cell.group(2))
            if (value is None or not value.group(1).strip()) and len(self.unsaved_formulas) < 100:
                self.unsaved_formulas.append(cell.group(1).decode("ascii", "replace"))
        self._cell_tail = joined[closed + 4:][-_MAX_CELL_TAIL:]

    def _scan_plain(self, window: bytes) -> bool:
        """Measure a chunk written in the plain form with array operations; False if it is not plain."""
        measured = _plain_references(window)
        if measured is None:
            return False
        cells, last_row, last_column, formulas, hidden = measured
        self._find_unsaved_formulas(window, formulas)
        if hidden:
            self._find_hidden_rows(window)
        self.cells += cells
        self.max_row = max(self.max_row, last_row)
        self.max_column = max(self.max_column, last_column)
        # Where a later cell without a reference would go, at the furthest it could be.
        self._row, self._column = max(self._row, last_row), self.max_column
        return True

    def _scan_generally(self, window: bytes) -> None:
        """Follow the cells in order, as a reader places them: one without a reference goes after the last.

        A row without r="..." follows the row before it, and a cell without one
        the cell before it, so 'row 1048576, then rows with no number' or 'XFD1,
        then cells with no reference' reach past where any reference points.
        """
        row, column = self._row, self._column
        for kind, attributes in _POSITION_TAG.findall(window):
            reference = _REFERENCE_ATTRIBUTE.search(attributes)
            if kind != b"c":
                row = int(reference.group(2)) if reference and reference.group(2) else row + 1
                column = 0
                self.max_row = max(self.max_row, row)
                continue
            row = max(row, 1)  # a cell outside any row is put in the first
            letters = reference.group(1) if reference else b""
            column = column_number(letters.upper().decode("ascii")) if letters else column + 1
            if reference and reference.group(2):
                row = int(reference.group(2))
            self.cells += 1
            self.max_row, self.max_column = max(self.max_row, row), max(self.max_column, column)
        self._row, self._column = row, column

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


# Bytes that continue an XML name: a '<c' followed by one of these is another tag (<col, <cfRule).
_NAME_BYTE = np.zeros(256, dtype=bool)
for _byte in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:.-":
    _NAME_BYTE[_byte] = True
_NAME_BYTE[128:] = True  # a byte of a non-ASCII name character
_WORD_BYTE = np.zeros(256, dtype=bool)  # what \\w means to a bytes pattern
for _byte in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_":
    _WORD_BYTE[_byte] = True
_REFERENCE_SPAN = 12  # up to three letters, seven digits and the closing quote, with room to spare


def _plain_references(window: bytes) -> tuple[int, int, int, bool, bool] | None:
    """(cells, last row, last column, whether a formula <f> is there, whether 'hidden=' is) of a chunk whose
    every cell starts <c r="..." and row <row r="..."; None when any does not, or a reference is longer
    than a sheet allows."""
    buffer = np.frombuffer(window + b"\0" * (_REFERENCE_SPAN + 8), dtype=np.uint8)
    # calamine reads any prefixed <x:c> as a cell: a ':c' ending a name sends the chunk the general way.
    # (A prefixed <x:row> goes the same way, so that its number is measured as the general scan does.)
    colons = np.flatnonzero(buffer[: len(window)] == ord(":"))
    if ((buffer[colons + 1] == ord("c")) & ~_NAME_BYTE[buffer[colons + 2]]).any() or _spells(
            buffer, colons + 1, b"row").any():
        return None
    tags = np.flatnonzero(buffer[: len(window)] == ord("<"))
    after = buffer[tags + 1]
    cells = tags[(after == ord("c")) & ~_NAME_BYTE[buffer[tags + 2]]]
    # Any tag the general scan would take for a row (<row, <row-x, <row.x) must be a plain <row r="...">.
    rows = tags[_spells(buffer, tags + 1, b"row")]
    if not (_starts_with(buffer, cells + 2, b' r="') and _starts_with(buffer, rows + 4, b' r="')):
        return None
    cell_references = _references(buffer, cells + 6, letters=True)
    row_references = _references(buffer, rows + 8, letters=False)
    if cell_references is None or row_references is None:
        return None
    last_column, last_cell_row = cell_references
    formula_tags = tags[after == ord("f")]
    formulas = bool((~_NAME_BYTE[buffer[formula_tags + 2]]).any())
    hidden = bool(_spells(buffer, np.flatnonzero(buffer[: len(window)] == ord("h")), b"hidden=").any())
    return len(cells), max(last_cell_row, row_references[1]), last_column, formulas, hidden


def _spells(buffer: np.ndarray, positions: np.ndarray, word: bytes) -> np.ndarray:
    """Where `word` starts at each position and ends at a word boundary (as the regular expression's \\b)."""
    found = np.ones(len(positions), dtype=bool)
    for offset, byte in enumerate(word):
        found &= buffer[positions + offset] == byte
    return found & ~_WORD_BYTE[buffer[positions + len(word)]]


def _starts_with(buffer: np.ndarray, positions: np.ndarray, expected: bytes) -> bool:
    return all(bool((buffer[positions + offset] == byte).all()) for offset, byte in enumerate(expected))


def _references(buffer: np.ndarray, starts: np.ndarray, *, letters: bool) -> tuple[int, int] | None:
    """The largest column and row among references such as B7" (or 7" for a row), read side by side.

    None when any reference is malformed or longer than a sheet allows (more
    than three letters or seven digits): the general scan reads those.
    """
    count = len(starts)
    if not count:
        return 0, 0
    span = np.arange(_REFERENCE_SPAN)
    grid = buffer[starts[:, None] + span]
    is_digit = (grid >= ord("0")) & (grid <= ord("9"))
    if letters:
        letter_count = np.argmin((grid >= ord("A")) & (grid <= ord("Z")), axis=1)
        if ((letter_count < 1) | (letter_count > 3)).any():
            return None
    else:
        letter_count = np.zeros(count, dtype=np.intp)
    end = np.argmax(~is_digit & (span >= letter_count[:, None]), axis=1)  # first byte after the digits
    digit_count = end - letter_count
    if ((digit_count < 1) | (digit_count > 7)).any() or (grid[np.arange(count), end] != ord('"')).any():
        return None
    # Written without leading zeros, the longest reference is the largest; among those, compare the digits.
    last_column = _largest(grid, letter_count, np.zeros(count, dtype=np.intp), 26, ord("A") - 1) if letters else 0
    return last_column, _largest(grid, digit_count, letter_count, 10, ord("0"))


def _largest(grid: np.ndarray, lengths: np.ndarray, offsets: np.ndarray, base: int, zero: int) -> int:
    """The largest number written in `base` at grid[i, offsets[i]:offsets[i] + lengths[i]]."""
    longest = int(lengths.max())
    chosen = np.flatnonzero(lengths == longest)
    characters = grid[chosen[:, None], offsets[chosen][:, None] + np.arange(longest)].astype(np.int64) - zero
    # A leading zero ("A007") makes a long reference smaller; values are compared, not lengths alone.
    largest = int((characters @ (base ** np.arange(longest - 1, -1, -1, dtype=np.int64))).max())
    if base == 10 and longest > 1 and (characters[:, 0] == 0).any():
        shorter = lengths < longest
        if shorter.any():
            largest = max(largest, _largest(grid[shorter], lengths[shorter], offsets[shorter], base, zero))
    return largest


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_REPEAT_LIMIT = 1 << 40  # beyond any sheet; keeps a hostile repeat count from overflowing sums


def _ods_extents(archive: zipfile.ZipFile, file_name: str, max_cells: int) -> list[Extent]:
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
                    _refuse_cells(extents, file_name, max_cells)
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


def check_xls(data: bytes, file_name: str, max_cells: int = MAX_CELLS) -> None:
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
    _refuse_cells(_biff_extents(stream), file_name, max_cells)


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


def check_text_cells(data: bytes, file_name: str, delimiter: bytes, max_cells: int = MAX_CELLS) -> None:
    """A CSV's cell count is bounded by its delimiters and line breaks, countable without parsing."""
    cells = data.count(delimiter) + data.count(b"\n") + 1
    if cells > max_cells:
        raise LoaderError(
            f"the file would expand to about {cells:,} cells, over the limit of {max_cells:,}; {_TIDY_UP}",
            file=file_name, code="too_many_cells",
        )
