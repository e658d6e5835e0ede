"""A plan's steps as data: which kinds there are, and reading and writing a list of them.

The kinds live in scenarios/steps.py, their wording in scenarios/wording.py;
this module is the one place that knows them all, so a saved scenario
(`adjustments_to_data`) reopens (`adjustments_from_data`) exactly as built.
"""
from __future__ import annotations

from typing import Any, Union

from scenarios.fields import CHANGE_BY, AdjustmentError
from scenarios.lines import LineRef
from scenarios.steps import (
    GROUP_FIELDS,
    MAX_PROJECTION_YEARS,
    AddService,
    ChangeGroup,
    ChangeLine,
    EndService,
    InflationUplift,
    Projection,
    Share,
    SplitSum,
)
from scenarios.wording import describe

__all__ = [
    "ADJUSTMENT_KINDS", "CHANGE_BY", "GROUP_FIELDS", "MAX_PROJECTION_YEARS", "AddService", "Adjustment",
    "AdjustmentError", "ChangeGroup", "ChangeLine", "EndService", "InflationUplift", "LineRef", "Projection",
    "Share", "SplitSum", "adjustment_from_dict", "adjustments_from_data", "adjustments_to_data", "describe",
]

Adjustment = Union[ChangeGroup, ChangeLine, EndService, AddService, InflationUplift, SplitSum, Projection]

ADJUSTMENT_KINDS: dict[str, type] = {
    kind.kind: kind
    for kind in (ChangeGroup, ChangeLine, EndService, AddService, InflationUplift, SplitSum, Projection)
}


def adjustment_from_dict(data: dict[str, Any]) -> Adjustment:
    """Rebuild an adjustment from its saved form; raises AdjustmentError if it makes no sense."""
    if not isinstance(data, dict):
        raise AdjustmentError("An adjustment must be a JSON object")
    kind = ADJUSTMENT_KINDS.get(data.get("kind"))
    if kind is None:
        raise AdjustmentError(f"Unknown kind of adjustment '{data.get('kind')}'")
    return kind.from_dict(data)


def adjustments_to_data(adjustments: list[Adjustment]) -> list[dict[str, Any]]:
    return [adjustment.to_dict() for adjustment in adjustments]


def adjustments_from_data(data: list[dict[str, Any]]) -> list[Adjustment]:
    if not isinstance(data, list):
        raise AdjustmentError("Adjustments must be a JSON list")
    return [adjustment_from_dict(item) for item in data]
