"""The downloads' own XLSX writer gives the workbook openpyxl gave, cell for cell, on real lines."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from python_calamine import CalamineWorkbook

from analysis.export import GBP_NUMBER_FORMAT, escape_formula, escaped, readable, to_xlsx_bytes

HOSTILE = ["=HYPERLINK(\"http://x\",\"Catch 22\")", "+44 116 222 2222", "-Catch 22", "@SUM(A1)",
           "\tCatch 22", "\rCatch 22"]
# Text an XML writer could get wrong, and text openpyxl treats specially.
AWKWARD = ["Fish & Chips <Ltd>", "  padded  ", "   ", "", "#N/A", "line\nbreak", "\"quoted\" 'text'",
           "x" * 40_000, "£ – ‘curly’ ☃"]


def reference_xlsx_bytes(frame, *, sheet_name="Spend lines", notes=()):
    """to_xlsx_bytes as first written, through openpyxl."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    safe = escaped(frame)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    sheet.append(list(safe.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for record in safe.itertuples(index=False):
        sheet.append([None if pd.isna(value) else value for value in record])
    for index, column in enumerate(safe.columns, start=1):
        letter = get_column_letter(index)
        if column in ("Amount (£)", "amount_gbp"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = GBP_NUMBER_FORMAT
        longest = max([len(str(column)), *(len(str(v)) for v in safe[column].head(500))])
        sheet.column_dimensions[letter].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = "A2"
    if notes:
        notes_sheet = workbook.create_sheet("About")
        for note in notes:
            notes_sheet.append([escape_formula(note)])
        notes_sheet.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def awkward_lines(bundled):
    """Every bundled line, with formulas, blanks, missing amounts and awkward text typed into some."""
    lines = bundled.copy()
    odd = HOSTILE + AWKWARD
    lines.loc[lines.index[: len(odd)], "provider"] = odd
    lines.loc[lines.index[-len(odd):], "service"] = odd
    lines.loc[lines.index[len(odd): len(odd) + 2], "provision"] = None
    lines.loc[lines.index[len(odd) + 2], "amount_gbp"] = float("nan")
    lines.loc[lines.index[len(odd) + 3], "amount_gbp"] = 0.1 + 0.2  # needs 17 digits to round-trip
    return lines


def assert_same_workbook(got: bytes, expected: bytes) -> None:
    ours, theirs = load_workbook(io.BytesIO(got)), load_workbook(io.BytesIO(expected))
    assert ours.sheetnames == theirs.sheetnames
    for name in theirs.sheetnames:
        mine, reference = ours[name], theirs[name]
        assert (mine.max_row, mine.max_column) == (reference.max_row, reference.max_column), name
        assert mine.freeze_panes == reference.freeze_panes, name
        for letter, dimension in reference.column_dimensions.items():
            assert mine.column_dimensions[letter].width == dimension.width, (name, letter)
        for mine_row, reference_row in zip(mine.iter_rows(), reference.iter_rows(), strict=True):
            for a, b in zip(mine_row, reference_row, strict=True):
                where = (name, b.coordinate)
                assert (a.value, a.data_type, a.number_format) == (b.value, b.data_type, b.number_format), where
                assert (a.font.b, a.alignment.wrap_text, a.alignment.vertical) == \
                       (b.font.b, b.alignment.wrap_text, b.alignment.vertical), where


def test_the_same_workbook_as_openpyxl_wrote(awkward_lines):
    table = readable(awkward_lines)
    notes = ["Victims' services spend", "=cmd|' /C calc'!A0", "Source: <a & b>"]

    got = to_xlsx_bytes(table, notes=notes)

    assert_same_workbook(got, reference_xlsx_bytes(table, notes=notes))
    # Another reader takes it too, as Excel must: calamine, which the loaders use.
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(got)).get_sheet_by_name("Spend lines").to_python()
    assert len(sheet) == len(table) + 1
    assert sheet[1][table.columns.get_loc("Provider")] == "'" + HOSTILE[0]


def test_the_same_workbook_for_plain_columns_and_no_notes(leicestershire):
    frame = leicestershire[["service", "amount_gbp", "source_row"]].head(40)

    assert_same_workbook(to_xlsx_bytes(frame, sheet_name="A sheet name longer than thirty-one characters"),
                         reference_xlsx_bytes(frame, sheet_name="A sheet name longer than thirty-one characters"))


def test_text_a_worksheet_cannot_hold_is_refused_as_openpyxl_refused_it(leicestershire):
    frame = readable(leicestershire.head(3)).assign(Provider=["ok", "bell \x07", "ok"])

    for write in (to_xlsx_bytes, reference_xlsx_bytes):
        with pytest.raises(IllegalCharacterError):
            write(frame)
