"""A formula written by a program and never calculated has no saved value: refused at its cell, never read as blank."""
from __future__ import annotations

import openpyxl
import pytest

from loaders import LoaderError, load_file
from tests.loaders.layouts import numeric_rows, published_rows


def appendix_with_formula_totals(tmp_path, *, calculated: bool):
    """Appendix A with the Victims Subtotal written as =SUM(...) by openpyxl, which saves no value."""
    rows = numeric_rows(published_rows())
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Appendix A"
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    subtotal = next(number for number, row in enumerate(rows, start=1) if row[0] == "Victims Subtotal")
    first_line = next(number for number, row in enumerate(rows, start=1) if row[0] == "Victim First")
    if not calculated:
        sheet.cell(row=subtotal, column=5).value = f"=SUM(E{first_line}:E{subtotal - 1})"
    path = tmp_path / "appendix_formulas.xlsx"
    book.save(path)
    return path, subtotal


def test_an_uncalculated_formula_in_the_table_is_refused_at_its_cell(tmp_path):
    path, subtotal = appendix_with_formula_totals(tmp_path, calculated=False)
    with pytest.raises(LoaderError) as refused:
        load_file(path, area="Leicestershire")
    assert (refused.value.code, refused.value.cell) == ("formula_without_value", f"E{subtotal}")


def test_the_same_table_with_saved_values_loads(tmp_path):
    path, _ = appendix_with_formula_totals(tmp_path, calculated=True)
    result = load_file(path, area="Leicestershire")
    assert result.reconciliation["matches"].all()


@pytest.mark.parametrize("chunk", [7, 64, 10_000])
def test_the_scan_finds_them_however_the_xml_is_cut_into_chunks(chunk):
    from loaders.limits import _SheetScan

    xml = (b'<sheetData><row r="5"><c r="A5" t="inlineStr"><is><t>Victims Subtotal</t></is></c>'
           b'<c r="E5"><f>SUM(E2:E4)</f><v /></c><c r="F5"><f>SUM(F2:F4)</f><v>1379712</v></c>'
           b'<c r="G5"><f>SUM(G2:G4)</f></c></row></sheetData>')
    scan, carried = _SheetScan(), b""
    for start in range(0, len(xml), chunk):
        window = carried + xml[start:start + chunk]
        cut = window.rfind(b">") + 1
        scan.scan(window[:cut])
        carried = window[cut:]
    assert scan.unsaved_formulas == ["E5", "G5"]
