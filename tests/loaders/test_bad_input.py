"""Each broken file gets one clear line saying what is wrong and where."""
from __future__ import annotations

import io
import subprocess
import sys

from msoffcrypto.format.ooxml import OOXMLFile
import pytest

from loaders import LoaderError, load_file
from tests.loaders.layouts import (
    APPENDIX_XLSX, REPO, header_index, numeric_rows, published_rows, write_xlsx,
)


def appendix_with(edit) -> list[list]:
    rows = numeric_rows(published_rows())
    edit(rows)
    return rows


def victim_first_row(rows) -> int:
    return next(i for i, row in enumerate(rows) if row[0] == "Victim First")


def bad_amount(rows):
    rows[victim_first_row(rows)][5] = "about 540k"


def duplicate_year(rows):
    rows[header_index(rows)][6] = "2019-20 revised (£)"


def impossible_year(rows):
    rows[header_index(rows)][5] = "2019/21 budget (£)"


def encrypted_copy(tmp_path):
    encrypted = io.BytesIO()
    with APPENDIX_XLSX.open("rb") as plain:
        office = OOXMLFile(plain)
        office.encrypt("panel-secret", encrypted)
    path = tmp_path / "protected.xlsx"
    path.write_bytes(encrypted.getvalue())
    return path


CASES = {
    "empty file": (lambda p: _write(p / "empty.xlsx", b""), "empty.xlsx: the file is empty", "unreadable"),
    "text renamed .xlsx": (
        lambda p: _write(p / "renamed.xlsx", b"Service,2020/21\nVictim First,558322\n"),
        "renamed.xlsx: this is not a real .xlsx workbook (it holds text); was the file renamed?", "unsupported_format",
    ),
    "truncated xlsx": (
        lambda p: _write(p / "truncated.xlsx", APPENDIX_XLSX.read_bytes()[:3000]),
        "truncated.xlsx: the workbook is damaged or incomplete", "unreadable",
    ),
    "password-protected xlsx": (encrypted_copy, "protected.xlsx: the workbook is password-protected", "unreadable"),
    "no recognisable header": (
        lambda p: write_xlsx(p / "minutes.xlsx", {"Minutes": [["Panel minutes"], ["Item", "Discussed"], ["1", "Budget"]]}),
        "minutes.xlsx: no header row found in any sheet", "no_header",
    ),
    "non-numeric amount": (
        lambda p: write_xlsx(p / "bad_amount.xlsx", {"Appendix A": appendix_with(bad_amount)}),
        "bad_amount.xlsx, sheet 'Appendix A', cell F6: 'about 540k' is not an amount of money", "bad_amount",
    ),
    "two columns for one year": (
        lambda p: write_xlsx(p / "two_years.xlsx", {"Appendix A": appendix_with(duplicate_year)}),
        "two_years.xlsx, sheet 'Appendix A', cell G4: two columns hold 2019/20", "duplicate_year",
    ),
    "year column that is not a year": (
        lambda p: write_xlsx(p / "bad_year.xlsx", {"Appendix A": appendix_with(impossible_year)}),
        "bad_year.xlsx, sheet 'Appendix A', cell F4: column F '2019/21 budget (£)': '2019/21 budget (£)' spans more "
        "than one financial year", "year_span",
    ),
    "unsupported extension": (
        lambda p: _write(p / "framework.pdf", b"%PDF-1.4"),
        "framework.pdf: '.pdf' files are not supported", "unsupported_format",
    ),
}


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_file_gets_one_clear_line(case, tmp_path):
    make, expected_start, code = CASES[case]
    path = make(tmp_path)
    with pytest.raises(LoaderError) as raised:
        load_file(path, area="Leicestershire")
    message = str(raised.value)
    assert message.startswith(expected_start), message
    assert raised.value.code == code
    assert "\n" not in message


def test_single_year_table_without_year_needs_one(tmp_path):
    path = REPO / "data" / "leicestershire_emergent_issues_2020-21.xlsx"
    with pytest.raises(LoaderError, match=r"'Approved spend \(£\)' holds amounts but no financial year.*--year 2020/21") \
            as refused:
        load_file(path)
    assert refused.value.code == "year_unknown"
    result = load_file(path, year="2020-21", area="Leicestershire")
    assert set(result.tidy["financial_year"]) == {"2020/21"}
    assert round(result.tidy["amount_gbp"].sum(), 2) == 114_843.25
    assert result.reconciliation["matches"].all()


def test_a_year_that_is_not_one_is_refused():
    path = REPO / "data" / "leicestershire_emergent_issues_2020-21.xlsx"
    with pytest.raises(LoaderError, match="is not a financial year"):
        load_file(path, year="2020")


@pytest.mark.parametrize("case", ["non-numeric amount", "empty file", "password-protected xlsx"])
def test_command_line_prints_one_line_and_exits_2(case, tmp_path):
    make, expected_start, _ = CASES[case]
    path = make(tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "loaders", str(path), "--area", "Leicestershire", "--output", str(tmp_path / "o.csv")],
        capture_output=True, text=True, cwd=REPO,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1
    assert expected_start in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "o.csv").exists()
