"""LibreOffice, headless, as the finance officer's spreadsheet: it opens a workbook, recalculates every formula, saves it.

By default LibreOffice trusts the values a file says its formulas last had
(XlsxWriter writes 0 for each), so a profile is written that tells it to
recalculate on load, as Excel does with a file it did not save itself.
"""
from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="libreoffice is not installed (apt-get install libreoffice-calc-nogui); .ci/run installs it",
)

_ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def recalculated(data: bytes, folder: Path, name: str = "scenario"):
    """The workbook's values as LibreOffice computes them (openpyxl, data_only)."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_ALWAYS_RECALCULATE)
    source = folder / f"{name}.xlsx"
    source.write_bytes(data)
    out = folder / f"{name}-recalculated"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return load_workbook(out / f"{name}.xlsx", data_only=True)


def with_cells_changed(data: bytes, changes: dict[tuple[str, str], float]) -> bytes:
    """The workbook with some cells typed over, as a finance officer would (formulas kept, values dropped)."""
    book = load_workbook(BytesIO(data))
    for (sheet, address), value in changes.items():
        book[sheet][address] = value
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
