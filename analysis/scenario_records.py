"""Saving and reopening scenarios in the store, as decisions rather than results.

A saved scenario keeps its baseline reference (which dataset, area and year),
the funding envelope and the adjustments as data, so reopening it re-applies
the adjustments to the stored lines: a corrected figure in the dataset flows
through, and anyone can see how each number was reached.

The store's `baseline` JSON holds {"dataset_id", "dataset_name", "area",
"financial_year", "funding": [...]}: the funding envelope sits with the
baseline because, like it, it is what the plan starts from, not a change to
spend. The `adjustments` JSON is the ordered list of adjustments.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine

import store
from analysis.scenario_adjustments import Adjustment, AdjustmentError, adjustments_from_data, adjustments_to_data
from analysis.scenario_funding import FundingSource, sources_from_data, sources_to_data
from analysis.scenarios import ScenarioError, ScenarioResult, apply_adjustments, baseline_lines
from analysis.text_columns import plain_text

BASELINE_COLUMNS = ["dataset_id", "dataset_name", "area", "financial_year"]


@dataclass(frozen=True)
class BaselineRef:
    """Which published budget a scenario starts from."""

    dataset_id: int
    dataset_name: str
    area: str
    financial_year: str

    def label(self) -> str:
        return f"{self.area} {self.financial_year} ({self.dataset_name})"


@dataclass(frozen=True)
class ScenarioPlan:
    """Everything a commissioner decides in a scenario: nothing here is a computed figure."""

    name: str
    baseline: BaselineRef
    adjustments: tuple[Adjustment, ...] = ()
    funding: tuple[FundingSource, ...] = ()
    notes: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "adjustments", tuple(self.adjustments))
        object.__setattr__(self, "funding", tuple(self.funding))


@dataclass(frozen=True)
class SavedScenario:
    id: int
    author: str
    created_at: datetime
    updated_at: datetime
    plan: ScenarioPlan = field(repr=False)


def plan_to_record(plan: ScenarioPlan) -> dict[str, Any]:
    """The keyword arguments store.save_scenario takes for this plan (bar author and id)."""
    baseline = {
        "dataset_id": plan.baseline.dataset_id,
        "dataset_name": plan.baseline.dataset_name,
        "area": plan.baseline.area,
        "financial_year": plan.baseline.financial_year,
        "funding": sources_to_data(list(plan.funding)),
    }
    return {
        "name": plan.name,
        "baseline": baseline,
        "adjustments": adjustments_to_data(list(plan.adjustments)),
        "notes": plan.notes,
    }


def plan_from_record(record: dict[str, Any]) -> ScenarioPlan:
    """Rebuild a plan from what store.get_scenario returns; AdjustmentError if it is malformed."""
    baseline = record.get("baseline")
    if not isinstance(baseline, dict) or any(key not in baseline for key in BASELINE_COLUMNS):
        raise AdjustmentError("The saved scenario has no usable baseline")
    return ScenarioPlan(
        name=str(record.get("name", "")),
        baseline=BaselineRef(
            dataset_id=int(baseline["dataset_id"]),
            dataset_name=str(baseline["dataset_name"]),
            area=str(baseline["area"]),
            financial_year=str(baseline["financial_year"]),
        ),
        adjustments=tuple(adjustments_from_data(record.get("adjustments", []))),
        funding=tuple(sources_from_data(baseline.get("funding"))),
        notes=str(record.get("notes") or ""),
    )


def save_plan(engine: Engine, plan: ScenarioPlan, *, author: str, scenario_id: int | None = None) -> int:
    """Save a new scenario, or overwrite `scenario_id`; returns its id."""
    return store.save_scenario(engine, author=author, scenario_id=scenario_id, **plan_to_record(plan))


def open_scenario(engine: Engine, scenario_id: int) -> SavedScenario:
    record = store.get_scenario(engine, scenario_id)
    return SavedScenario(
        id=record["id"],
        author=record["author"],
        created_at=record["created_at"],
        updated_at=record["updated_at"],
        plan=plan_from_record(record),
    )


def duplicate_scenario(engine: Engine, scenario_id: int, *, author: str, new_name: str | None = None) -> int:
    """A copy to try a variation on; the copy is the duplicator's, with its own dates."""
    original = open_scenario(engine, scenario_id).plan
    return save_plan(engine, replace(original, name=new_name or f"Copy of {original.name}"), author=author)


def baseline_options(spend: pd.DataFrame) -> pd.DataFrame:
    """Each dataset, area and financial year a scenario can start from, latest year first.

    Years sort as text because "2020/21" does; the latest is the default
    baseline, being the budget a commissioner plans next year's from.
    """
    if spend.empty:
        return pd.DataFrame(columns=BASELINE_COLUMNS + ["total_gbp", "lines"])
    options = plain_text(
        spend.groupby(BASELINE_COLUMNS, sort=False)
        .agg(total_gbp=("amount_gbp", "sum"), lines=("amount_gbp", "size"))
        .reset_index()
    )
    return options.sort_values(
        ["dataset_name", "area", "financial_year"], ascending=[True, True, False], kind="stable"
    ).reset_index(drop=True)


def baseline_frame(spend: pd.DataFrame, baseline: BaselineRef) -> pd.DataFrame:
    """The baseline's lines from a store spend frame (one with dataset_id)."""
    chosen = plain_text(spend[spend["dataset_id"] == baseline.dataset_id])
    return baseline_lines(chosen, area=baseline.area, financial_year=baseline.financial_year)


def load_baseline(engine: Engine, baseline: BaselineRef) -> pd.DataFrame:
    """The baseline's lines straight from the store, even from a since-replaced version.

    A scenario saved against last year's upload still opens as it was built;
    if the dataset has been deleted there is nothing to start from.
    """
    spend = store.load_spend(engine, dataset_ids=[baseline.dataset_id])
    if spend.empty:
        raise ScenarioError(
            f"The dataset this scenario starts from ({baseline.dataset_name}) is no longer in the store"
        )
    return baseline_frame(spend, baseline)


def plan_result(baseline: pd.DataFrame, plan: ScenarioPlan) -> ScenarioResult:
    return apply_adjustments(baseline, list(plan.adjustments), baseline_year=plan.baseline.financial_year)
