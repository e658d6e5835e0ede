"""A plan's steps as data: which kinds there are, and reading and writing a list of them.

The kinds live in scenarios/filtered_steps.py (aimed at any filter of the
tidy table), scenarios/steps.py (naming lines; ChangeGroup and ChangeLine are
the earlier, narrower changes, still read and applied) and
scenarios/plan_years.py, their wording in scenarios/wording.py;
this module is the one place that knows them all, so a saved scenario
(`adjustments_to_data`) reopens (`adjustments_from_data`) exactly as built.
"""
from __future__ import annotations

from typing import Any, Union

from scenarios.fields import CHANGE_BY, AdjustmentError
from scenarios.lines import LineRef
from scenarios.filtered_steps import Change, InflationUplift, Move, SetTo
from scenarios.plan_years import MAX_PROJECTION_YEARS, Projection
from scenarios.steps import GROUP_FIELDS, AddService, ChangeGroup, ChangeLine, EndService, Share, SplitSum
from scenarios.targets import TARGET_FIELDS, Target
from scenarios.wording import describe

__all__ = [
    "ADJUSTMENT_KINDS", "CHANGE_BY", "GROUP_FIELDS", "MAX_PROJECTION_YEARS", "TARGET_FIELDS", "AddService",
    "Adjustment", "AdjustmentError", "Change", "ChangeGroup", "ChangeLine", "EndService", "InflationUplift",
    "LineRef", "Move", "Projection", "SetTo", "Share", "SplitSum", "Target", "adjustment_from_dict",
    "adjustments_from_data", "adjustments_to_data", "as_change", "describe",
]

Adjustment = Union[
    Change, SetTo, Move, InflationUplift, EndService, AddService, SplitSum, ChangeGroup, ChangeLine, Projection
]

ADJUSTMENT_KINDS: dict[str, type] = {
    kind.kind: kind
    for kind in (Change, SetTo, Move, InflationUplift, EndService, AddService, SplitSum, ChangeGroup, ChangeLine,
                 Projection)
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


def as_change(adjustment: Adjustment) -> Adjustment:
    """An earlier, narrower change (one column's value, or one line) as the general Change it is."""
    if isinstance(adjustment, ChangeGroup):
        target = Target.of(**{adjustment.field: adjustment.value})
    elif isinstance(adjustment, ChangeLine):
        line = adjustment.line
        target = Target.of(**{field: value for field, value in (
            ("service", line.service), ("provider", line.provider), ("geography", line.geography)) if value})
    else:
        return adjustment
    return Change(target, adjustment.by, adjustment.change, enabled=adjustment.enabled, note=adjustment.note,
                  from_year=adjustment.from_year)
