"""Each shape, given a year or a unit the file contradicts, is refused at the cell that says otherwise.

A wrong --year or --units is the commonest way a right file becomes a wrong figure:
every amount put in another year, or scaled by a thousand with its totals, so that
nothing fails to add up. The loader refuses (exit 2, a code, the cell), and doing
what its message says loads the file as it loads without the wrong choice.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.loaders.layouts import REPO

SHAPES = REPO / "tests" / "data" / "shapes"
EXPECTED = {case["file"]: case for case in json.loads((SHAPES / "expected.json").read_text(encoding="utf-8"))}

# (file, shape, the wrong choice, the code, where the file says otherwise: a cell, or the sheet)
WRONG = [
    ("wide_title_units_gbp000.xlsx", "wide", ["--year", "2030/31"], "year_conflict", "cell E5"),
    ("long_financial_year_column.csv", "long", ["--year", "2030/31"], "year_conflict", "cell A1"),
    ("transposed_with_total.xlsx", "transposed", ["--year", "2030/31"], "year_conflict", "cell A4"),
    ("sheet_per_year_in_sheet_name.xlsx", "sheet per year", ["--year", "2030/31"], "year_conflict", "sheet name"),
    ("wide_title_units_gbp000.xlsx", "wide", ["--units", "£"], "units_conflict", "cell A3"),
    ("sheet_name_units_gbpm.xlsx", "wide, unit in the sheet name", ["--units", "£000"], "units_conflict", "sheet name"),
    ("transposed_with_total.xlsx", "transposed", ["--units", "£000"], "units_conflict", "cell A2"),
]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *args], capture_output=True, text=True, cwd=REPO)


@pytest.mark.parametrize("file_name, shape, wrong, code, where", WRONG,
                         ids=[f"{shape}: {' '.join(wrong)}" for _, shape, wrong, _, _ in WRONG])
def test_a_choice_the_file_contradicts_is_refused_and_the_advice_loads_it(file_name, shape, wrong, code, where):
    case = EXPECTED[file_name]
    path = str(SHAPES / file_name)
    refused = run(path, *case.get("cli_args", []), *wrong)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith(f"error [{code}]: {file_name}"), refused.stderr
    assert where in refused.stderr and refused.stderr.count("\n") == 1
    leave_out = f"leave out {wrong[0]}"
    assert leave_out in refused.stderr
    loaded = run(path, *case.get("cli_args", []))
    assert loaded.returncode == 0, loaded.stderr
    assert f"{case['lines']} amount" in loaded.stdout
