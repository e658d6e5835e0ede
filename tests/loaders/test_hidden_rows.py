"""Rows hidden in the workbook are left out and listed, never read silently; the user can ask for them."""
from __future__ import annotations

import openpyxl

from loaders import load_file
from loaders.layout import explain
from tests.loaders.layouts import numeric_rows, published_rows


def appendix_with_chisva_hidden(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Appendix A"
    rows = numeric_rows(published_rows())
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    chisva = next(number for number, row in enumerate(rows, start=1) if row[0] == "CHISVA")
    sheet.row_dimensions[chisva].hidden = True
    path = tmp_path / "appendix_chisva_hidden.xlsx"
    book.save(path)
    return path, chisva


def test_a_hidden_line_is_left_out_listed_and_its_subtotal_shows_the_gap(tmp_path):
    path, chisva = appendix_with_chisva_hidden(tmp_path)
    result = load_file(path, area="Leicestershire")
    assert "CHISVA" not in set(result.tidy["service"])
    assert result.sheet_layout.hidden_rows == (chisva,)
    assert f"  rows hidden in the workbook, not read: {chisva}" in explain(result.layout)
    victims = result.reconciliation[result.reconciliation["label"] == "Victims Subtotal"]
    # CHISVA's published £50,000 a year is missing from the rows, and the report says so.
    assert victims["difference_gbp"].tolist() == [-50_000.0, -50_000.0, -50_000.0]


def test_hidden_rows_are_read_when_asked(tmp_path):
    path, _ = appendix_with_chisva_hidden(tmp_path)
    result = load_file(path, area="Leicestershire", read_hidden_rows=True)
    assert "CHISVA" in set(result.tidy["service"])
    assert result.reconciliation["matches"].all()
    assert result.sheet_layout.hidden_rows == ()
