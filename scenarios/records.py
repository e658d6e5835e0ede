"""A scenario as decisions rather than results, and the plain record the store keeps of it.

A saved scenario keeps its baseline reference (which dataset, area and year),
the funding envelope and the adjustments as data, so reopening it re-applies
the adjustments to the stored lines: a corrected figure in the dataset flows
through, and anyone can see how each number was reached.

The record's `baseline` holds {"dataset_id", "dataset_name", "area",
"financial_year", "funding": [...]}: the funding envelope sits with the
baseline because, like it, it is what the plan starts from, not a change to
spend. Its `adjustments` is the ordered list of adjustments. Reading and
writing records is the ui layer's job (ui/scenarios/storage.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import pandas as pd

from scenarios.adjustments import Adjustment, AdjustmentError, adjustments_from_data, adjustments_to_data
from scenarios.apply import apply_adjustments
from scenarios.baselines import BASELINE_COLUMNS, BaselineRef
from scenarios.funding import FundingSource, sources_from_data, sources_to_data
from scenarios.result import ScenarioResult


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


def saved_from_record(record: dict[str, Any]) -> SavedScenario:
    """A stored scenario with who saved it and when, beside the plan it holds."""
    return SavedScenario(
        id=record["id"],
        author=record["author"],
        created_at=record["created_at"],
        updated_at=record["updated_at"],
        plan=plan_from_record(record),
    )


def copy_of(plan: ScenarioPlan, new_name: str | None = None) -> ScenarioPlan:
    """The same decisions under a new name, to try a variation on."""
    return replace(plan, name=new_name or f"Copy of {plan.name}")


def plan_result(baseline: pd.DataFrame, plan: ScenarioPlan) -> ScenarioResult:
    return apply_adjustments(baseline, list(plan.adjustments), baseline_year=plan.baseline.financial_year)
