"""A spreadsheet program other than our own code reads the Excel download as we meant it.

The download's XLSX is written by analysis/xlsx.py, not openpyxl, so an
independent reader has to agree: LibreOffice (Debian's libreoffice-calc-nogui,
installed by .ci/run) opens the file and saves each sheet as CSV, and every
cell must come back as the escaped table holds it, amounts as numbers.
"""
from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

from analysis.export import escaped, readable, to_xlsx_bytes
from tests.analysis.test_xlsx import AWKWARD, HOSTILE

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="libreoffice is not installed (apt-get install libreoffice-calc-nogui); .ci/run installs it",
)
# Comma-separated, double quotes, UTF-8 (76), every sheet to its own file (the final -1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _as_libreoffice_sees_it(data: bytes, folder) -> dict[str, pd.DataFrame]:
    workbook = folder / "lines.xlsx"
    workbook.write_bytes(data)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
         "--convert-to", CSV_FILTER, "--outdir", str(folder), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )
    return {path.stem.removeprefix("lines-"): pd.read_csv(path, dtype=str, keep_default_na=False, header=None)
            for path in folder.glob("lines-*.csv")}


def test_libreoffice_reads_every_cell_of_the_download(bundled, tmp_path):
    table = readable(bundled)
    # Uploaded files are free text: formulas in waiting and text an XML writer could get wrong.
    awkward = [text for text in AWKWARD if len(text) < 1_000 and "\n" not in text]
    odd = table.iloc[: len(HOSTILE) + len(awkward)].copy()
    odd["Provider"] = HOSTILE + awkward
    table = pd.concat([table, odd], ignore_index=True)
    notes = ["Figures from PCC decision records; £ and ‘curly quotes’ kept."]

    sheets = _as_libreoffice_sees_it(to_xlsx_bytes(table, notes=notes), tmp_path)

    assert set(sheets) == {"Spend lines", "About"}
    read = sheets["Spend lines"]
    expected = escaped(table)
    assert read.iloc[0].tolist() == list(expected.columns)
    body = read.iloc[1:].reset_index(drop=True)
    body.columns = list(expected.columns)
    assert len(body) == len(expected)
    for column in expected.columns:
        if pd.api.types.is_numeric_dtype(expected[column]):
            # The £ format shows pounds; the value underneath is the amount.
            shown = pd.to_numeric(body[column].str.replace("[£,]", "", regex=True), errors="coerce")
            assert (shown.round(2).fillna(-1) == expected[column].round(2).fillna(-1)).all(), column
        else:
            # A bare carriage return comes back as a line feed: XML reads it so, as it did in
            # openpyxl's files. The apostrophe before it, which keeps it from being a formula, stays.
            written = expected[column].map(lambda value: "" if pd.isna(value) else str(value).replace("\r", "\n"))
            assert body[column].tolist() == written.tolist(), column
    assert "'=HYPERLINK" in body["Provider"].iloc[-len(odd):].iloc[0]
    assert sheets["About"].iloc[:, 0].str.contains("‘curly quotes’").any()
