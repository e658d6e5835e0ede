"""Every file the project hands out, opened and recalculated by LibreOffice: no formula it did not write.

User text (a provider, a service, a scenario's name) that a spreadsheet
would run is the attack: '=HYPERLINK(...)', a DDE string, the same behind a
space, a line feed, a zero-width space or a byte-order mark, or in
full-width characters. LibreOffice opens each export (CSV by its import
filter, which evaluates formulas, as Excel's does), recalculates it and
saves it as xlsx; the formulas in that file must be exactly the ones the
project wrote. A control file written without the escape shows the check
would see a live formula.
"""
from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.export import lines_csv, lines_xlsx
from scenarios.apply import apply_adjustments
from scenarios.export import scenario_workbook
from uploads.template import build_template

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="libreoffice is not installed (apt-get install libreoffice-calc-nogui); .ci/run installs it",
)

PAYLOADS = [
    '=HYPERLINK("http://example.invalid","Victim First")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd",
    "+1+1",
    "-1+1",
    " =1+1",
    "\n=1+1",
    "\u200b=1+1",
    "\ufeff=1+1",
    "＝1+1",
    "\t=1+1",
]


def recalculated(data: bytes, suffix: str, folder: Path) -> Path:
    """The file as LibreOffice saves it after opening and recalculating it."""
    source = folder / f"export{suffix}"
    source.write_bytes(data)
    out = folder / "out"
    command = [SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless"]
    if suffix == ".csv":
        # Comma-separated, double quotes, UTF-8: the way a person double-clicking the download opens it.
        command += ["--infilter=CSV:44,34,76,1"]
    subprocess.run([*command, "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    return out / "export.xlsx"


def formulas(path_or_bytes) -> dict[tuple[str, str], str]:
    source = BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    book = load_workbook(source)
    return {(sheet.title, cell.coordinate): str(cell.value) for sheet in book for row in sheet.iter_rows()
            for cell in row if cell.data_type == "f"}


def hostile_lines(bundled: pd.DataFrame) -> pd.DataFrame:
    """Real bundled lines, their service and provider replaced by the payloads."""
    lines = bundled.head(len(PAYLOADS)).copy().reset_index(drop=True)
    lines["service"] = PAYLOADS
    lines["provider"] = list(reversed(PAYLOADS))
    return lines


def test_the_check_sees_a_live_formula_in_a_file_written_without_the_escape(tmp_path):
    unescaped = "Service,Provider\n=1+1,Catch 22\n".encode()

    assert formulas(recalculated(unescaped, ".csv", tmp_path))


def test_the_csv_download_holds_no_formula_once_libreoffice_opens_it(bundled, tmp_path):
    assert formulas(recalculated(lines_csv(hostile_lines(bundled)), ".csv", tmp_path)) == {}


def test_the_xlsx_download_holds_no_formula_once_libreoffice_opens_it(bundled, tmp_path):
    data = lines_xlsx(hostile_lines(bundled), notes=PAYLOADS)

    assert formulas(data) == {}
    assert formulas(recalculated(data, ".xlsx", tmp_path)) == {}


def test_the_scenario_workbook_keeps_only_its_own_formulas(bundled, tmp_path):
    framework = bundled[bundled["source_file"].str.contains("leicestershire", case=False)]
    lines = framework[framework["financial_year"] == "2020/21"].copy().reset_index(drop=True)
    lines.loc[: len(PAYLOADS) - 1, "service"] = PAYLOADS
    lines.loc[: len(PAYLOADS) - 1, "provider"] = list(reversed(PAYLOADS))
    result = apply_adjustments(lines, [])
    data = scenario_workbook(result, [], name=PAYLOADS[0], baseline_label=PAYLOADS[1])
    written = formulas(data)

    reopened = formulas(recalculated(data, ".xlsx", tmp_path))

    assert written, "the scenario workbook's own totals are formulas"
    assert not any(payload.strip() in formula for formula in written.values() for payload in PAYLOADS[:3])
    assert set(reopened) == set(written)


def test_the_blank_template_holds_no_formula(tmp_path):
    data = build_template()

    assert formulas(data) == {}
    assert formulas(recalculated(data, ".xlsx", tmp_path)) == {}
