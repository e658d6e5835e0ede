"""A small XLSX writer for the downloads: text, numbers, a bold header, one money format.

openpyxl makes a Python object per cell and writes it through ElementTree:
25 s for a national store's 1.7 million cells. This writes the same cells as
openpyxl would (tests/analysis/test_xlsx.py compares the two), once per
distinct value rather than once per cell, in about 2 s.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# openpyxl's limits: longer text is cut, these characters are refused, and
# these exact texts are error values, not text.
MAX_TEXT = 32767
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
HEADER_STYLE, MONEY_STYLE = 1, 2  # indices into cellXfs in _styles()


@dataclass(frozen=True)
class Sheet:
    """One worksheet: the frame's lines under a header row of its column names (if header)."""

    name: str
    frame: pd.DataFrame
    widths: Sequence[float] = ()
    header: bool = True
    money_columns: frozenset[str] = field(default_factory=frozenset)


def workbook_bytes(sheets: Sequence[Sheet], money_format: str) -> bytes:
    """The .xlsx file of these sheets; cells of the money columns take money_format."""
    buffer = io.BytesIO()
    # Level 1: half a second less for a national store, for a file a fifth larger (10 MB).
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _content_types(len(sheets)))
        package.writestr("_rels/.rels", DECLARATION + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
                         f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
                         "</Relationships>")
        package.writestr("xl/workbook.xml", _workbook(sheets))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_relationships(len(sheets)))
        package.writestr("xl/styles.xml", _styles(money_format))
        for number, sheet in enumerate(sheets, start=1):
            package.writestr(f"xl/worksheets/sheet{number}.xml", _worksheet(sheet))
    return buffer.getvalue()


def _worksheet(sheet: Sheet) -> str:
    letters = [_column_letter(index) for index in range(1, len(sheet.frame.columns) + 1)]
    columns = [_cells(sheet.frame[column], MONEY_STYLE if column in sheet.money_columns else 0)
               for column in sheet.frame.columns]
    rows = []
    if sheet.header:
        heading = [_cell(str(column), HEADER_STYLE) for column in sheet.frame.columns]
        rows.append(_row(1, letters, heading))
    first = 2 if sheet.header else 1
    rows.extend(_row(number, letters, cells) for number, cells in enumerate(zip(*columns), start=first))
    view = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/>') if sheet.header else ""
    widths = "".join(f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
                     for index, width in enumerate(sheet.widths, start=1))
    return (DECLARATION + f'<worksheet xmlns="{MAIN}">'
            f'<sheetViews><sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{widths}</cols>" if widths else "")
            + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>")


def _row(number: int, letters: Sequence[str], cells: Sequence[str]) -> str:
    # Each cell is its XML after the reference; None is a cell left out.
    return (f'<row r="{number}">'
            + "".join(f'<c r="{letter}{number}"{cell}' for letter, cell in zip(letters, cells) if cell is not None)
            + "</row>")


def _cells(values: pd.Series, style: int) -> list[str | None]:
    """Each value's cell XML (after its reference), worked out once per distinct value."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return [_cell(value, style) for value in values.tolist()]
    # Not numbers: factorize would take 1 and True for the same value.
    codes, distinct = pd.factorize(values)
    cells = np.array([_cell(value, style) for value in distinct] + [_cell(None, style)], dtype=object)
    return cells.take(codes).tolist()  # a missing value's code, -1, takes the last


def _cell(value: object, style: int) -> str | None:
    styled = f' s="{style}"' if style else ""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return f"{styled}/>" if style else None
    if isinstance(value, (bool, np.bool_)):
        return f'{styled} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f'{styled} t="n"><v>{"" if np.isinf(value) else "%.16g" % value}</v></c>'
    if not isinstance(value, str):
        raise TypeError(f"Cannot write {value!r} to a spreadsheet")
    text = _check_text(value)
    if text in ERROR_CODES:
        return f'{styled} t="e"><v>{text}</v></c>'
    if text == "":
        return f'{styled} t="inlineStr"/>'
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f'{styled} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _check_text(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils.exceptions import IllegalCharacterError

    text = text[:MAX_TEXT]
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
    return text


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _content_types(sheet_count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
                     f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     for n in range(1, sheet_count + 1))
    return (DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' + sheets + "</Types>")


def _workbook(sheets: Sequence[Sheet]) -> str:
    entries = "".join(f'<sheet name={quoteattr(sheet.name[:31])} sheetId="{n}" r:id="rId{n}"/>'
                      for n, sheet in enumerate(sheets, start=1))
    return DECLARATION + f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{entries}</sheets></workbook>'


def _workbook_relationships(sheet_count: int) -> str:
    sheets = "".join(f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                     for n in range(1, sheet_count + 1))
    styles = f'<Relationship Id="rId{sheet_count + 1}" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    return DECLARATION + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{sheets}{styles}</Relationships>'


def _styles(money_format: str) -> str:
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
    return (DECLARATION + f'<styleSheet xmlns="{MAIN}">'
            f'<numFmts count="1"><numFmt numFmtId="164" formatCode={quoteattr(money_format)}/></numFmts>'
            f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
            '<alignment vertical="top" wrapText="1"/></xf>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>")
