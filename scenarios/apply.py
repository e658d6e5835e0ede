"""Apply a commissioner's steps to a baseline budget, year by year, and say what changed, for whom.

A scenario is the baseline (one area's spend lines for one financial year)
carried to each planned year by a stated rule, with the steps that apply by
then worked through in order. Order matters and follows the way a finance
officer works a budget through:

- Two % changes to the same line compound: -5% then +2% is x0.95 x1.02
  (a 3.1% cut), not a 3% cut; each step works on what the line holds by then.
- A % change to a line holding £0 (Leicestershire's PAVE mental health nurses
  in 2020/21) leaves it at £0.
- A step switched off, or starting in a later year, stays in its place and
  changes nothing in the years before it.

The planned year is the plan's first year: the baseline year itself (a cut
"in 2020/21" changes the 2020/21 budget) or any later year; by default the
year after the baseline's.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from loaders.years import year_start
from scenarios.adjustments import Adjustment, Projection, describe
from scenarios.ledger import Ledger
from scenarios.result import ScenarioError, ScenarioResult, financial_years_from, next_financial_year
from scenarios.roll_forward import FLAT, PERCENT, ROLL_RULES, roll_factors
from scenarios.step_rules import apply_step


def apply_adjustments(
    baseline: pd.DataFrame,
    adjustments: list[Adjustment],
    *,
    baseline_year: str | None = None,
) -> ScenarioResult:
    """The scenario: each step applied in order to the baseline's lines, in each planned year.

    `baseline` is tidy spend for one area and one financial year;
    `baseline_year` is needed only when it has no lines yet.
    """
    baseline_year = _single_year(baseline, baseline_year)
    projection, warnings = _projection(adjustments)
    years = plan_years(baseline_year, projection)
    rule = projection.roll if projection is not None else FLAT
    factors = roll_factors(baseline_year, years, rule, projection.percent_per_year if projection else 0.0)
    # A set % grows the plan itself (steps included, as a budget line "+2% a year" does); flat and
    # deflator rules carry the published lines forward and then the steps apply to them.
    grows_plan = rule == PERCENT
    outcomes = []
    for year, factor in zip(years, factors["factor"]):
        ledger = Ledger(baseline, year, 1.0 if grows_plan else factor)
        for step, adjustment in enumerate(adjustments, start=1):
            before, before_ended = dict(ledger.amounts), set(ledger.ended)
            if _applies(adjustment, year):
                apply_step(ledger, step, adjustment)
            ledger.record(step, describe(adjustment), before, before_ended)
        if grows_plan:
            ledger.grow(factor)
        outcomes.append((year, ledger.outcome(), ledger.warnings))
    lines, trail, steps = outcomes[0][1]
    for year, _, year_warnings in outcomes:
        for warning in year_warnings:
            said = warning if year == years[0] else f"{year}: {warning}"
            if warning not in warnings and said not in warnings:
                warnings.append(said)
    for step, adjustment in enumerate(adjustments, start=1):
        starts = getattr(adjustment, "from_year", None)
        if starts is not None and year_start(starts) > year_start(years[-1]):
            warnings.append(f"Step {step}: starts in {starts}, after the plan's last year ({years[-1]})")
    return ScenarioResult(
        baseline_year=baseline_year,
        plan_year=years[0],
        lines=lines,
        trail=trail,
        steps=steps,
        warnings=warnings,
        projection=projection,
        plan_years=years,
        year_lines=pd.concat([outcome[0] for _, outcome, _ in outcomes], ignore_index=True),
        roll=factors,
        roll_rule=ROLL_RULES[rule],
    )


def plan_years(baseline_year: str, projection: Projection | None) -> list[str]:
    """The planned years: from the chosen first year (the year after the baseline by default)."""
    first = next_financial_year(baseline_year)
    if projection is not None and projection.first_year is not None:
        if year_start(projection.first_year) < year_start(baseline_year):
            raise ScenarioError(f"A plan starts in its baseline year ({baseline_year}) or later, not {projection.first_year}")
        first = projection.first_year
    return financial_years_from(first, projection.years if projection is not None else 1)


def effective_projection(baseline_year: str, projection: Projection | None) -> Projection:
    """The plan's years with every default filled in: one year, the year after the baseline, flat."""
    if projection is None:
        return Projection(1, 0.0, first_year=next_financial_year(baseline_year), roll=FLAT)
    return replace(projection, first_year=plan_years(baseline_year, projection)[0])


def _projection(adjustments: list[Adjustment]) -> tuple[Projection | None, list[str]]:
    """The plan's years (the last projection given), and a warning for each it replaced."""
    projection, warnings = None, []
    for step, adjustment in enumerate(adjustments, start=1):
        if isinstance(adjustment, Projection):
            if projection is not None:
                warnings.append(f"Step {step}: replaces the projection in an earlier step")
            projection = adjustment
    return projection, warnings


def _applies(adjustment: Adjustment, year: str) -> bool:
    if isinstance(adjustment, Projection) or not adjustment.enabled:
        return False
    return adjustment.from_year is None or year_start(adjustment.from_year) <= year_start(year)


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
