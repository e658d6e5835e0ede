"""Pages and ui/charts.py draw what analysis/ computes: no grouping, pivoting or summing of their own.

Read from the source, as `grep` would: a figure computed in a page is a figure
a reader cannot find in analysis/, nor test without Streamlit. The scenarios,
manage-data and upload pages are being reworked elsewhere and are not read yet.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOT_YET = {"scenario_planner.py", "manage_data.py", "upload.py"}
SOURCES = sorted(path for path in (REPO / "pages").glob("*.py") if path.name not in NOT_YET) + [REPO / "ui" / "charts.py"]
COMPUTING = re.compile(r"\b(groupby|pivot|pivot_table|unstack|crosstab)\b|\.sum\(")


@pytest.mark.parametrize("path", SOURCES, ids=[str(path.relative_to(REPO)) for path in SOURCES])
def test_no_grouping_or_summing_outside_analysis(path):
    found = [f"{path.name}:{number}: {line.strip()}"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if COMPUTING.search(line)]
    assert found == []


def test_the_pages_read_here_are_the_explore_and_data_pages():
    assert {path.name for path in SOURCES} >= {
        "overview.py", "commissioning.py", "geography.py", "strategic_areas.py", "compare_areas.py", "data.py",
        "providers.py", "trends.py", "charts.py",
    }
