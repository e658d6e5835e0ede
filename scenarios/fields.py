"""Reading a step's saved fields and checking its numbers: one error type, one message per mistake."""
from __future__ import annotations

import math
from typing import Any

from loaders.years import year_start

CHANGE_BY = ("percent", "gbp")


class AdjustmentError(ValueError):
    """A saved or entered adjustment that cannot be understood (bad kind, field or number)."""


def check_change(by: str, change: float) -> None:
    if by not in CHANGE_BY:
        raise AdjustmentError(f"A change is by 'percent' or 'gbp', not '{by}'")
    if not finite(change):
        raise AdjustmentError("A change must be a number")
    if by == "percent" and change < -100:
        raise AdjustmentError("A cut cannot be more than 100%")


def finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AdjustmentError(f"'{key}' must be text")
    return value.strip()


def number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if not finite(value):
        raise AdjustmentError(f"'{key}' must be a number")
    return float(value)


def mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise AdjustmentError(f"'{key}' must be an object")
    return value


def check_year(financial_year: str) -> None:
    try:
        year_start(financial_year)
    except ValueError as problem:
        raise AdjustmentError(f"'{financial_year}' is not a financial year like 2020/21") from problem
