"""A second table below the first, with other years in the same columns, is never read as the first's years."""
from __future__ import annotations

import subprocess
import sys

import pytest

from loaders import LoaderError, load_file
from tests.loaders.layouts import REPO, header_index, numeric_rows, published_rows, write_xlsx


def framework_then_projection(tmp_path):
    """Appendix A, then the same lines set out again under the next three years (as a medium-term plan is)."""
    rows = numeric_rows(published_rows())
    header_at = header_index(rows)
    projection_header = list(rows[header_at])
    projection_header[4:7] = ["2021/22 budget (£)", "2022/23 budget (£)", "2023/24 budget (£)"]
    victims = rows[header_at + 2: header_at + 6]
    sheets = {"Appendix A": rows + [[""] * 8, ["Medium-term plan"], projection_header] + victims}
    return write_xlsx(tmp_path / "framework_and_plan.xlsx", sheets), len(rows) + 3


def test_a_second_table_with_other_years_is_refused_at_its_header(tmp_path):
    path, second_header = framework_then_projection(tmp_path)
    with pytest.raises(LoaderError) as refused:
        load_file(path, area="Leicestershire")
    assert refused.value.code == "second_table"
    assert refused.value.row == second_header
    assert f"--last-row {second_header - 1}" in refused.value.problem


def test_the_advice_reads_the_first_table_alone(tmp_path):
    path, second_header = framework_then_projection(tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "loaders", str(path), "--area", "Leicestershire", "--last-row", str(second_header - 1),
         "--explain"], capture_output=True, text=True, cwd=REPO)
    assert completed.returncode == 0, completed.stderr
    assert f"the table ends on row {second_header - 1}" in completed.stdout
    assert "All 15 declared totals reconcile." in completed.stdout
    result = load_file(path, area="Leicestershire", last_row=second_header - 1)
    totals = result.tidy.groupby("financial_year")["amount_gbp"].sum().to_dict()
    assert totals == {"2018/19": 4_283_405, "2019/20": 4_316_550, "2020/21": 4_395_961}


def test_a_second_table_whose_money_sits_under_the_first_tables_year_is_refused(tmp_path):
    """Durham's funding streams set out under Leicestershire's framework: its 'Allocation (£)' is in 2018/19's column."""
    rows = numeric_rows(published_rows())
    streams = [["Stream", "", "", "", "Allocation (£)"], ["Community Safety Grant", "", "", "", 606_550],
               ["Victims' Services", "", "", "", 525_000], ["Restorative Justice", "", "", "", 140_000]]
    header_at = header_index(rows)
    sheet = rows[:header_at + 8] + [[""] * 8] + streams + rows[header_at + 8:]
    path = write_xlsx(tmp_path / "with_streams.xlsx", {"Appendix A": sheet})
    with pytest.raises(LoaderError) as refused:
        load_file(path, area="Leicestershire")
    assert refused.value.code == "second_table"
    assert refused.value.row == header_at + 10
