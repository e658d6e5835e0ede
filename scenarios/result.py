"""What applying a plan gives back: the planned lines, the trail of changes, and the years they cover.

Kept apart from the arithmetic so the views, the comparison and the export
can read a result without knowing how it was worked out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from loaders.schema import TIDY_COLUMNS
from loaders.years import format_year, year_start
from scenarios.adjustments import Projection

STATUS_UNCHANGED = "Unchanged"
STATUS_CHANGED = "Changed"
STATUS_ENDED = "Ended"
STATUS_NEW = "New"

ADDED_SOURCE = "Added in scenario"

LINE_COLUMNS = TIDY_COLUMNS + ["line_id", "baseline_gbp", "rolled_gbp", "status", "changed_by"]
TRAIL_COLUMNS = [
    "step", "adjustment", "line_id", "strategic_area", "service", "provider", "geography",
    "before_gbp", "after_gbp", "change_gbp",
]
STEP_COLUMNS = ["step", "adjustment", "change_gbp", "lines_changed"]


class ScenarioError(ValueError):
    """A baseline the planner cannot start from (several areas or years, no year at all)."""


@dataclass
class ScenarioResult:
    """What the adjustments did: the planned lines, the trail of every change, and what did not apply.

    `lines` has the tidy columns (financial_year is the planned year,
    amount_gbp the planned spend) plus line_id, baseline_gbp (as published),
    rolled_gbp (carried forward to the planned year), status and changed_by
    (the step numbers that touched the line). `trail` has one row per line
    per step that changed it. `year_lines` holds the same lines for every
    planned year, `roll` each year's factor on the baseline and its basis.
    """

    baseline_year: str
    plan_year: str
    lines: pd.DataFrame
    trail: pd.DataFrame
    steps: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    projection: Projection | None = None
    plan_years: list[str] = field(default_factory=list)
    year_lines: pd.DataFrame | None = None
    roll: pd.DataFrame | None = None
    roll_rule: str = ""

    @property
    def baseline_total(self) -> float:
        return math.fsum(self.lines["baseline_gbp"])

    @property
    def scenario_total(self) -> float:
        return math.fsum(self.lines["amount_gbp"])

    @property
    def rolled_total(self) -> float:
        """The baseline carried forward to the planned year, before any step (the baseline itself if flat)."""
        return math.fsum(self.lines["rolled_gbp"])

    @property
    def change_total(self) -> float:
        return self.scenario_total - self.baseline_total


def next_financial_year(financial_year: str) -> str:
    """"2020/21" -> "2021/22", "1999/00" -> "2000/01"."""
    return format_year(year_start(financial_year) + 1)


def financial_years_from(first_year: str, count: int) -> list[str]:
    years = [first_year]
    while len(years) < count:
        years.append(next_financial_year(years[-1]))
    return years
