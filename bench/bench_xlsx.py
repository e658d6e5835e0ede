"""Should the Excel download be written by XlsxWriter instead of analysis/xlsx.py? Both, in one run.

The Data page's download of the national store (the bench's 43-area
workbook, loaded by our loader) is written by the project's own writer and
by XlsxWriter (constant-memory mode, the same bold header, £ format and
column widths, from the same escaped table), alternately, best of three.
The figures go in bench/RESULTS.md; XlsxWriter replaces ours only if it is
no slower.
"""
from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import xlsxwriter  # noqa: E402

from analysis.export import escaped, readable, to_xlsx_bytes  # noqa: E402
from benchmarking import best_of_alternating, machine_line  # noqa: E402
from loaders import load_file  # noqa: E402
from make_national_workbook import write_workbook  # noqa: E402

MONEY = '"£"#,##0.00'


def with_xlsxwriter(table: pd.DataFrame) -> bytes:
    """The same sheet as to_xlsx_bytes writes, through XlsxWriter."""
    safe = escaped(table)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Spend lines")
    bold, money = book.add_format({"bold": True}), book.add_format({"num_format": MONEY})
    for index, column in enumerate(safe.columns):
        width = min(60, max(10, max([len(str(column)), *(len(str(v)) for v in safe[column].head(500))]) + 2))
        sheet.set_column(index, index, width, money if column == "Amount (£)" else None)
    sheet.write_row(0, 0, list(safe.columns), bold)
    for row_number, row in enumerate(safe.itertuples(index=False, name=None), start=1):
        for column_number, value in enumerate(row):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if isinstance(value, str):
                sheet.write_string(row_number, column_number, value)
            else:
                sheet.write_number(row_number, column_number, float(value))
    book.close()
    return buffer.getvalue()


def main() -> int:
    print(machine_line())
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "national.xlsx"
        write_workbook(workbook)
        lines = load_file(workbook, area=None).tidy
    table = readable(lines)
    print(f"national download: {len(table):,} lines x {len(table.columns)} columns = {table.size:,} cells")
    timings = best_of_alternating(3, {"analysis/xlsx.py": lambda: to_xlsx_bytes(table),
                                      "XlsxWriter 3.3.1": lambda: with_xlsxwriter(table)})
    ours = timings["analysis/xlsx.py"][0]
    for name, (seconds, data) in timings.items():
        print(f"{name:18} {seconds:6.2f} s  {len(data) / 1e6:6.1f} MB  {seconds / ours:4.2f}x ours")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
