"""Bombs and runaway files are refused from their structure alone, before calamine builds a grid."""
from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
import python_calamine

from loaders import LoaderError, load_bytes
from loaders.limits import MAX_CELLS, MAX_UNCOMPRESSED_BYTES
from tests.uploads.helpers import APPENDIX, appendix_rows, xlsx_bytes

BUNDLED = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def calamine_never_called(monkeypatch):
    """Fail the test if a refused file reaches the parser."""
    def refuse(*args, **kwargs):
        raise AssertionError("the file reached calamine before being refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)


def rezipped(data: bytes, edit) -> bytes:
    """The archive with each member's bytes passed through edit(name, content)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, edit(member.filename, source.read(member)))
    return out.getvalue()


def on_sheet(edit):
    return lambda name, content: edit(content) if name.startswith("xl/worksheets/") else content


def refusal(data: bytes, file_name: str) -> str:
    with pytest.raises(LoaderError) as refused:
        load_bytes(data, file_name, area="Leicestershire")
    return str(refused.value)


def test_sheet_whose_dimension_claims_the_whole_grid(calamine_never_called):
    data = rezipped(APPENDIX.read_bytes(), on_sheet(
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)))
    assert refusal(data, "claims.xlsx") == (
        "claims.xlsx, sheet 'Appendix A': the sheet would expand to 17,179,869,184 cells "
        "(its dimension claims A1:XFD1048576), over the limit of 1,000,000; delete the unused rows "
        "and columns, or split the file, and upload it again"
    )


def test_one_far_away_cell_is_measured_even_when_the_dimension_is_modest(calamine_never_called):
    far_cell = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    data = rezipped(APPENDIX.read_bytes(), on_sheet(lambda xml: xml.replace(b"</sheetData>", far_cell)))
    assert "the sheet would expand to 17,179,869,184 cells (A1:XFD1048576)" in refusal(data, "far.xlsx")


@pytest.mark.parametrize("far_cell", [
    b'<row r="5"><c r="XFD1048576"><v>1</v></c></row>',  # a reference past its own row's number
    b'<row r="1048576"><c\tr="XFD1048576"><v>1</v></c></row>',  # a tab before r=
    b'<row r="1048576"><c t="n" r="XFD1048576"><v>1</v></c></row>',  # r= not the first attribute
    b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",  # single quotes
    b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',  # a namespace prefix
], ids=["row-past-its-row", "tab", "r-not-first", "single-quotes", "prefixed"])
def test_a_far_cell_in_any_written_form_is_measured(far_cell, calamine_never_called):
    data = rezipped(APPENDIX.read_bytes(), on_sheet(lambda xml: xml.replace(b"</sheetData>", far_cell + b"</sheetData>")))
    assert "the sheet would expand to 17,179,869,184 cells (A1:XFD1048576)" in refusal(data, "far.xlsx")


@pytest.mark.parametrize("far_row", [b'<x:row r="1048576"/>', b'<row-x r="1048576"/>'], ids=["prefixed", "row-x"])
def test_a_far_row_in_an_unusual_spelling_widens_the_extent_as_the_general_scan_does(far_row, calamine_never_called):
    data = rezipped(APPENDIX.read_bytes(), on_sheet(lambda xml: xml.replace(b"</sheetData>", far_row + b"</sheetData>")))
    assert "the sheet would expand to 8,388,608 cells (A1:H1048576)" in refusal(data, "far.xlsx")


def test_cells_written_without_references_are_counted(calamine_never_called):
    row_of_empty_cells = b'<row r="40">' + b"<c/>" * (MAX_CELLS + 1) + b"</row>"
    data = rezipped(APPENDIX.read_bytes(), on_sheet(
        lambda xml: xml.replace(b"</sheetData>", row_of_empty_cells + b"</sheetData>")))
    assert "over the limit of 1,000,000" in refusal(data, "unreferenced.xlsx")


@pytest.mark.parametrize("workbook", sorted(BUNDLED.glob("*.xlsx")) + [APPENDIX], ids=lambda path: path.name)
def test_quick_scan_measures_real_sheets_as_the_general_scan_does(workbook):
    from loaders.limits import _SheetScan

    archive = zipfile.ZipFile(workbook)
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            xml = archive.read(name)
            quick, general = _SheetScan(), _SheetScan()
            quick.scan(xml)
            general._scan_generally(xml)
            assert quick.max_row == general.max_row > 0
            assert quick.max_column == general.max_column > 0
            assert quick.cells == general.cells > 0


REFERENCE = st.tuples(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3),
                      st.text(alphabet="0123456789", min_size=1, max_size=7))


@settings(max_examples=200, deadline=None)
@example(rows=[("1", [("A", "0000009"), ("B", "100")])])  # the longest reference is not the largest
@example(rows=[("5", [("AB", "7")]), ("900", [])])  # a row's own number beyond its cells
@given(rows=st.lists(st.tuples(st.text(alphabet="0123456789", min_size=1, max_size=7), st.lists(REFERENCE, max_size=5)),
                     min_size=1, max_size=12))
def test_quick_scan_agrees_with_the_general_scan_on_any_references(rows):
    """Leading zeros, long letters, rows past their cells: the array reading must give the regex's answer."""
    from loaders.limits import _SheetScan

    xml = b"<worksheet><sheetData>" + b"".join(
        f'<row r="{number}">'.encode() + b"".join(f'<c r="{letters}{digits}"><v>1</v></c>'.encode()
                                                  for letters, digits in cells) + b"</row>"
        for number, cells in rows
    ) + b"</sheetData></worksheet>"
    quick, general = _SheetScan(), _SheetScan()
    quick.scan(xml)
    general._scan_generally(xml)
    assert (quick.max_row, quick.max_column, quick.cells) == (general.max_row, general.max_column, general.cells)


def test_many_sheets_together_over_the_limit(calamine_never_called):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    rows = appendix_rows()
    for copy in range(4):
        sheet = book.create_sheet(f"Copy {copy + 1}")
        for row in rows:
            sheet.append([None if value == "" else value for value in row])
        sheet.cell(row=100_000, column=1, value="end")  # 100,000 rows x 8 columns: each under the limit
    buffer = io.BytesIO()
    book.save(buffer)
    message = refusal(buffer.getvalue(), "copies.xlsx")
    assert message.startswith("copies.xlsx: the workbook's 4 sheets would expand to 3,200,000 cells in all")


def test_archive_expanding_past_200_mb(calamine_never_called):
    padding = b"<!-- -->" * (MAX_UNCOMPRESSED_BYTES // 8 + 1)
    data = rezipped(APPENDIX.read_bytes(), lambda name, content: content + padding if name == "docProps/app.xml" else content)
    assert len(data) < 5 * 1024 * 1024
    assert re.fullmatch(r"bomb\.xlsx: the workbook would expand to 2\d\d MB, over the 200 MB limit", refusal(data, "bomb.xlsx"))


def test_archive_that_understates_a_member_size_is_refused(calamine_never_called):
    data = bytearray(APPENDIX.read_bytes())
    # Halve the uncompressed size recorded for every member in the central directory.
    position = data.find(b"PK\x01\x02")
    while position != -1:
        size = struct.unpack_from("<I", data, position + 24)[0]
        struct.pack_into("<I", data, position + 24, size // 2)
        position = data.find(b"PK\x01\x02", position + 4)
    assert refusal(bytes(data), "lying.xlsx") == (
        "lying.xlsx: the workbook is damaged or incomplete (a part of the archive is broken)")


def ods_bytes(extra_rows: str) -> bytes:
    frame = pd.DataFrame([["Service", "2020/21 budget (£)"], ["Victim First", 558_322]])
    buffer = io.BytesIO()
    frame.to_excel(buffer, engine="odf", sheet_name="Appendix A", header=False, index=False)
    return rezipped(buffer.getvalue(), lambda name, content: content.replace(
        b"</table:table>", extra_rows.encode() + b"</table:table>") if name == "content.xml" else content)


def test_ods_row_repeated_two_million_times(calamine_never_called):
    repeated = ('<table:table-row table:number-rows-repeated="2000000"><table:table-cell '
                'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>')
    assert refusal(ods_bytes(repeated), "repeat.ods").startswith(
        "repeat.ods, sheet 'Appendix A': the sheet would expand to 4,000,004 cells (A1:B2000002)")


def test_ods_empty_rest_of_sheet_as_libreoffice_writes_it_is_accepted():
    # LibreOffice closes every sheet with its empty remainder as one huge repeated row.
    empty_rest = ('<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
                  'table:number-columns-repeated="1024"/></table:table-row>')
    result = load_bytes(ods_bytes(empty_rest), "libreoffice.ods", area="Leicestershire")
    assert result.tidy["amount_gbp"].tolist() == [558_322]


def test_xls_with_a_cell_in_its_last_row_and_column(calamine_never_called):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Appendix A")
    for r, row in enumerate(appendix_rows()):
        for c, value in enumerate(row):
            if value != "":
                sheet.write(r, c, value)
    sheet.write(65535, 255, "end")
    buffer = io.BytesIO()
    book.save(buffer)
    assert refusal(buffer.getvalue(), "wide.xls").startswith(
        "wide.xls, sheet 'Appendix A': the sheet would expand to 16,777,216 cells (A1:IV65536)")


def test_csv_of_a_million_empty_cells(calamine_never_called):
    data = "Service,2020/21 budget (£)\nVictim First,558322\n".encode() + b"," * MAX_CELLS
    assert refusal(data, "commas.csv").startswith("commas.csv: the file would expand to about 1,000,005 cells")


def test_a_large_real_shaped_sheet_under_the_limits_loads():
    rows = appendix_rows()
    header = rows[3]
    lines = [row for row in rows[4:] if isinstance(row[5], int) and "total" not in row[0].lower()]
    # 100,000 cells: the published lines repeated, as a national file would be.
    table = [header] + [lines[i % len(lines)] for i in range(12_000)]
    result = load_bytes(xlsx_bytes(table), "national.xlsx", area="England and Wales")
    amounts = [value for row in table[1:] for value in row[4:7] if value != ""]
    assert len(result.tidy) == len(amounts)
    assert result.tidy["amount_gbp"].sum() == sum(amounts)
