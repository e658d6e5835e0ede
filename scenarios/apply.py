"""Apply a commissioner's adjustments to a baseline budget and say what changed, for whom.

A scenario is the baseline (one area's spend lines for one financial year)
with the adjustments applied in order. Order matters and follows the way a
finance officer works a budget through:

- Two % changes to the same line compound: -5% then +2% is x0.95 x1.02
  (a 3.1% cut), not a 3% cut; each step works on what the line holds by then.
- A % change to a line holding £0 (Leicestershire's PAVE mental health nurses
  in 2020/21) leaves it at £0; a £ change to a group is shared in proportion
  to what each line holds, or equally if they all hold nothing.
- Ended lines stay in the frame at £0 marked "Ended", so the changed-lines
  table can show what stopped; later changes pass them by.
- Spend never goes below £0: a cut bigger than the line stops at £0, with a
  warning.
- Money keeps every fraction of a penny; rounding happens only on display.

The result is the planned year: the financial year after the baseline's.
"""
from __future__ import annotations

import pandas as pd

from scenarios.adjustments import Adjustment, Projection, describe
from scenarios.ledger import Ledger
from scenarios.result import ScenarioError, ScenarioResult, next_financial_year
from scenarios.step_rules import apply_step


def apply_adjustments(
    baseline: pd.DataFrame,
    adjustments: list[Adjustment],
    *,
    baseline_year: str | None = None,
) -> ScenarioResult:
    """The scenario: each adjustment applied in order to the baseline's lines.

    `baseline` is tidy spend for one area and one financial year;
    `baseline_year` is needed only when it has no lines yet.
    """
    baseline_year = _single_year(baseline, baseline_year)
    plan_year = next_financial_year(baseline_year)
    ledger = Ledger(baseline, plan_year)
    projection: Projection | None = None
    for step, adjustment in enumerate(adjustments, start=1):
        before = dict(ledger.amounts)
        before_ended = set(ledger.ended)
        if isinstance(adjustment, Projection):
            if projection is not None:
                ledger.warn(step, "replaces the projection in an earlier step")
            projection = adjustment
        else:
            apply_step(ledger, step, adjustment)
        ledger.record(step, describe(adjustment), before, before_ended)
    return ledger.result(baseline_year, adjustments, projection)


def _single_year(baseline: pd.DataFrame, baseline_year: str | None) -> str:
    areas = baseline["area"].unique()
    years = baseline["financial_year"].unique()
    if len(areas) > 1:
        raise ScenarioError(f"A scenario starts from one area's budget, not {len(areas)} areas")
    if len(years) > 1:
        raise ScenarioError(f"A scenario starts from one financial year, not {', '.join(sorted(years))}")
    if len(years) == 1:
        if baseline_year is not None and baseline_year != years[0]:
            raise ScenarioError(f"The baseline lines are for {years[0]}, not {baseline_year}")
        return str(years[0])
    if baseline_year is None:
        raise ScenarioError("An empty baseline needs its financial year")
    return baseline_year
