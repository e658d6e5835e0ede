"""Real published tables in the shapes other offices use: each loads to the pound or is refused at its cell.

The fixtures and their sources are in tests/data/shapes/ and tests/data/README.md;
expected.json holds the totals a user would check, or the code and cell of the refusal.
"""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest

from loaders.__main__ import load_options, parser
from loaders.errors import LoaderError
from loaders.layout import Layout
from loaders.load import load_file
from tests.loaders.layouts import REPO

SHAPES = REPO / "tests" / "data" / "shapes"
EXPECTED = json.loads((SHAPES / "expected.json").read_text(encoding="utf-8"))
LOADS = [case for case in EXPECTED if case["expect"] == "load"]
REFUSALS = [case for case in EXPECTED if case["expect"] == "refuse"]


def options(case: dict) -> dict:
    """The fixture's command-line choices, read as the command line reads them."""
    return load_options(parser().parse_args([str(SHAPES / case["file"])] + case.get("cli_args", [])))


@pytest.mark.parametrize("case", LOADS, ids=[case["file"] for case in LOADS])
def test_each_shape_loads_to_the_pound(case):
    result = load_file(SHAPES / case["file"], **options(case))
    tidy = result.tidy
    totals = tidy.groupby("financial_year")["amount_gbp"].sum().round(2).to_dict()
    assert totals == {year: round(value, 2) for year, value in case["totals"].items()}
    assert len(tidy) == case["lines"]
    if "areas" in case:
        assert tidy["area"].nunique() == case["areas"]
    for service, years in case.get("line_total", {}).items():
        for year, amount in years.items():
            line = tidy[(tidy["service"] == service) & (tidy["financial_year"] == year)]
            assert round(line["amount_gbp"].sum(), 2) == round(amount, 2), (service, year)
    # Every figure names its cell, and that cell is in a money column the Layout lists.
    money = {column.letter for sheet in result.layout.sheets for column in sheet.columns if column.role == "amount"}
    assert set(tidy["source_column"]) <= money
    # The Layout survives JSON and reads the same file to the same frame.
    again = load_file(SHAPES / case["file"], layout=Layout.from_json(result.layout.to_json()), **{
        key: value for key, value in options(case).items() if key != "total_rows"})
    assert again.tidy.equals(tidy)


@pytest.mark.parametrize("case", REFUSALS, ids=[case["file"] for case in REFUSALS])
def test_each_refusal_names_its_code_and_cell(case):
    with pytest.raises(LoaderError) as refused:
        load_file(SHAPES / case["file"], **options(case))
    error = refused.value
    assert error.code == case["code"], str(error)
    cells = case.get("acceptable_cells") or [case["cell"]]
    assert error.cell in cells, str(error)
    assert "\n" not in str(error)


def _suggested_flags(message: str) -> list[list[str]]:
    """Every command-line choice a refusal offers, e.g. '--units £000' or '--column ignored="…"'."""
    found = re.findall(r'(--[a-z-]+)[ =]("[^"]*"|\'[^\']*\'|\d+(?:,\d+)+|[^\s,;)]+)', message)
    return [[flag, shlex.split(value)[0] if value[0] in "\"'" else value.rstrip(".")] for flag, value in found]


@pytest.mark.parametrize("case", REFUSALS, ids=[case["file"] for case in REFUSALS])
def test_the_advice_in_a_refusal_is_a_command_that_works(case, tmp_path):
    """Running the loader with the choice the message names gets past that refusal."""
    path = SHAPES / case["file"]
    first = subprocess.run([sys.executable, "-m", "loaders", str(path), *case.get("cli_args", [])],
                           capture_output=True, text=True, cwd=REPO)
    assert first.returncode == 2 and f"[{case['code']}]" in first.stderr
    advice = re.sub(r"--year \S+ was given", "", first.stderr)
    suggestions = _suggested_flags(advice)
    args = list(case.get("cli_args", []))
    if "leave out --year" in advice:
        suggestions = [["--area", case.get("area", "Unspecified")]] if "--area" not in args else [[]]
    if not suggestions:
        pytest.skip("this refusal asks for the file to be corrected, not for a choice")
    if "leave out --year" in advice:
        args = [a for i, a in enumerate(args) if a != "--year" and (i == 0 or args[i - 1] != "--year")]
    for choice in suggestions[:1]:
        completed = subprocess.run([sys.executable, "-m", "loaders", str(path), *args, *choice],
                                   capture_output=True, text=True, cwd=REPO)
        assert f"[{case['code']}]" not in completed.stderr, completed.stderr
        assert "Traceback" not in completed.stderr
        if completed.returncode == 0 and case["code"] != "units_suspected":
            # Taking the advice loads figures that agree with the file's own totals. (A unit given
            # applies to the whole sheet, its Total too, so a Total printed in another unit than
            # the rows still shows as a mismatch: reported, as every mismatch is.)
            assert "do not match" not in completed.stdout, completed.stdout


def test_explain_writes_the_layout_and_a_saved_layout_reads_next_years_file(tmp_path):
    path = REPO / "data" / "leicestershire_commissioning_framework_2018-21.xlsx"
    layout_path = tmp_path / "leicestershire.json"
    completed = subprocess.run(
        [sys.executable, "-m", "loaders", str(path), "--area", "Leicestershire", "--explain",
         "--write-layout", str(layout_path)], capture_output=True, text=True, cwd=REPO)
    assert completed.returncode == 0, completed.stderr
    assert "column B 'Current delivery organisation': provider" in completed.stdout
    assert "declared totals on rows 16, 31, 54, 66, 67" in completed.stdout
    saved = Layout.from_json(layout_path.read_text(encoding="utf-8"))
    again = subprocess.run([sys.executable, "-m", "loaders", str(path), "--area", "Leicestershire",
                            "--layout", str(layout_path)], capture_output=True, text=True, cwd=REPO)
    assert again.returncode == 0, again.stderr
    assert "All 15 declared totals reconcile." in again.stdout
    assert saved.sheets[0].role_column("provider").header == "Current delivery organisation"


def test_a_saved_layout_that_no_longer_fits_is_refused_with_the_column_named(tmp_path):
    path = REPO / "data" / "leicestershire_commissioning_framework_2018-21.xlsx"
    result = load_file(path, area="Leicestershire")
    data = result.layout.to_dict()
    data["sheets"][0]["columns"][1]["header"] = "Lead organisation"
    with pytest.raises(LoaderError) as refused:
        load_file(path, area="Leicestershire", layout=data)
    assert refused.value.code == "layout_mismatch"
    assert "'Lead organisation'" in refused.value.problem


def test_year_given_against_the_files_own_years_is_refused_naming_both():
    path = REPO / "data" / "leicestershire_commissioning_framework_2018-21.xlsx"
    with pytest.raises(LoaderError) as refused:
        load_file(path, area="Leicestershire", year="2021/22")
    assert refused.value.code == "year_conflict"
    assert "2021/22" in refused.value.problem and "2018/19" in refused.value.problem
